"""Text a spreadsheet shows as text, never runs as a formula (OWASP "CSV injection")."""

# A cell starting with one of these is a formula (or becomes one) to Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """``value`` with a leading ``'`` when it would start a formula, else unchanged.

    The apostrophe is what a spreadsheet itself puts before text typed to look
    like a formula, so the reader still sees the words as they were written.
    """
    return "'" + value if value.startswith(FORMULA_STARTS) else value
