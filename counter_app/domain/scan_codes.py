"""What a scanned code is: a receipt, an item, a case, a voucher or a staff badge.

A keyboard-wedge scanner types what the barcode holds and presses Enter; the
counter then has to know where that text belongs without asking the clerk.
The formats are told apart by their shape alone, so this is pure and cheap:

- RECEIPT: ``R-20261120-0001`` (``R``, the sale's date, a sequence of 4 to 6
  digits), as sales receipts are numbered (see ``counter_app.services.demo``).
- CASE: ``S012-20261123-0042``, a case number (``CaseNumber.parse``). A
  receipt number has the same shape as a case of a store coded ``R``;
  the receipt wins, since store codes look like ``S012``.
- VOUCHER: ``SC-7K2QM-94XDA``, a store-credit code: ``SC`` then ten
  characters of Crockford's alphabet (no I, L, O, U; a scanned or typed O
  reads as 0, I and L as 1), dashes optional. This restates
  ``counter_app.services.store_credit.normalise_code``, which the domain may
  not import; the rule is the same.
- PRODUCT: a GTIN-8, -12, -13 or -14 whose check digit is right, including
  the in-store 20-29 EAN-13 codes; checked with biip, which also strips a
  symbology identifier (``]E0``) and reads the GTIN out of a GS1 element
  string (AI 01) such as fresh-food labels carry.
- STAFF_BADGE: ``STAFF-`` followed by 1 to 58 letters or digits, so the whole
  code fits ``Staff.badge_code`` (64 characters). Badges are printed with
  this prefix so a badge can never be taken for an item or a receipt.
- UNKNOWN: anything else, with a reason a clerk can act on.

What scanners add is forgiven: surrounding whitespace, a trailing CR or LF,
lower case (caps lock on the PC flips the letters a wedge scanner types).
"""

import re
from dataclasses import dataclass
from enum import StrEnum

from counter_app.domain.case_number import CaseNumber, CaseNumberError
from counter_app.i18n import say, say_later

VOUCHER_PREFIX = "SC"
VOUCHER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
VOUCHER_GROUP = 5
STAFF_BADGE_PREFIX = "STAFF-"
STAFF_BADGE_MAX_LENGTH = 64
GTIN_LENGTHS = frozenset({8, 12, 13, 14})

_RECEIPT = re.compile(r"^R-\d{8}-\d{4,6}$", re.ASCII)
_VOUCHER = re.compile(r"^SC-?([0-9A-Z]{5})-?([0-9A-Z]{5})$", re.ASCII)
_STAFF_BADGE = re.compile(
    rf"^{STAFF_BADGE_PREFIX}[A-Z0-9]{{1,{STAFF_BADGE_MAX_LENGTH - len(STAFF_BADGE_PREFIX)}}}$",
    re.ASCII,
)
# The shape of a case number; CaseNumber.parse then checks the date in it.
_CASE_SHAPE = re.compile(r"^[A-Z0-9]{1,16}-\d{8}-\d{4,6}$", re.ASCII)
_DIGITS = re.compile(r"^\d+$", re.ASCII)
# A symbology identifier some scanners are set to send first: "]", a letter, a modifier.
_SYMBOLOGY_ID = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
# Crockford: O reads as 0, I and L as 1 (U has no reading and is refused).
_CROCKFORD_READINGS = str.maketrans("OIL", "011")

# Reasons kept in English here and said in the clerk's language when a scan is classified.
CHECK_DIGIT_WRONG = say_later("check digit wrong: scan again")
NOT_KNOWN = say_later(
    "This code is not a receipt, an item, a case, a voucher or a staff badge; "
    "scan again or type it in."
)


class ScanKind(StrEnum):
    """Which kind of thing a scanned code names; screens route the scan by it."""

    RECEIPT = "receipt"
    PRODUCT = "product"
    CASE = "case"
    VOUCHER = "voucher"
    STAFF_BADGE = "staff_badge"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Scan:
    """One scanned code, classified.

    Attributes:
        kind: what the code names.
        code: the code in the form the store keeps it (upper case, dashes
            where printed, a GTIN's digits as printed); empty when UNKNOWN.
        raw: the text exactly as the scanner typed it, for the audit or a message.
        reason: for UNKNOWN only, a plain sentence saying what to do.
        gtin14: for PRODUCT only, the GTIN padded to 14 digits, so a catalog
            that keeps a UPC-A as 12 or 13 digits can still be matched.
    """

    kind: ScanKind
    code: str
    raw: str
    reason: str = ""
    gtin14: str | None = None


def voucher_code(text: str) -> str | None:
    """A voucher code in its printed form (``SC-XXXXX-XXXXX``), or None if it is not one."""
    match = _VOUCHER.match(text.strip().upper())
    if match is None:
        return None
    characters = (match[1] + match[2]).translate(_CROCKFORD_READINGS)
    if any(character not in VOUCHER_ALPHABET for character in characters):
        return None
    return f"{VOUCHER_PREFIX}-{characters[:VOUCHER_GROUP]}-{characters[VOUCHER_GROUP:]}"


def _unknown(raw: str, reason: str | None = None) -> Scan:
    """An UNKNOWN scan, with ``reason`` (already said) or the general one."""
    return Scan(ScanKind.UNKNOWN, "", raw, say(NOT_KNOWN) if reason is None else reason)


def _product(raw: str, cleaned: str) -> Scan:
    """A GTIN (plain digits, or the (01) of a GS1 element string), or UNKNOWN with the reason."""
    # biip loads with the first product scanned: a tenth of a second the start need not wait.
    from biip import ParseError, parse
    from biip.gtin import Gtin

    if not cleaned.isascii():
        # Full-width digits from an input method are a person typing, not a scanner.
        return _unknown(raw)
    if _DIGITS.match(cleaned) and len(cleaned) in GTIN_LENGTHS:
        try:
            gtin = Gtin.parse(cleaned)
        except ParseError:
            # Right length, all digits: only the check digit can be wrong.
            return _unknown(raw, say(CHECK_DIGIT_WRONG))
        return Scan(ScanKind.PRODUCT, cleaned, raw, gtin14=gtin.as_gtin_14())
    try:
        result = parse(cleaned)
    except (ParseError, IndexError):
        # biip reads a lone "]" as the start of a symbology identifier and indexes past its
        # end (IndexError); whatever it cannot read is a code the counter does not know.
        return _unknown(raw)
    # Only a GS1 element string's (01) is taken: biip would also expand 6 or 7 digits
    # as a UPC-E, which would turn any short number into an item.
    if result.gs1_message is not None:
        for element in result.gs1_message.element_strings:
            if element.ai.ai == "01":
                if element.gtin is None:
                    return _unknown(raw, say(CHECK_DIGIT_WRONG))
                return Scan(ScanKind.PRODUCT, element.value, raw, gtin14=element.gtin.as_gtin_14())
    return _unknown(raw)


def classify_scan(text: str) -> Scan:
    """Say what a scanned (or pasted) code is, in the form the store keeps it.

    Never raises: a code the counter does not know is an UNKNOWN scan with a
    reason, since a scan can land at any moment on any screen.
    """
    cleaned = text.strip()
    symbology = _SYMBOLOGY_ID.match(cleaned)
    if symbology is not None:
        cleaned = cleaned[symbology.end() :].strip()
    if not cleaned:
        return _unknown(text, say("Nothing was scanned; scan again."))
    upper = cleaned.upper()
    if _STAFF_BADGE.match(upper):
        return Scan(ScanKind.STAFF_BADGE, upper, text)
    voucher = voucher_code(upper)
    if voucher is not None:
        return Scan(ScanKind.VOUCHER, voucher, text)
    if _RECEIPT.match(upper):
        return Scan(ScanKind.RECEIPT, upper, text)
    if _CASE_SHAPE.match(upper):
        try:
            return Scan(ScanKind.CASE, str(CaseNumber.parse(upper)), text)
        except CaseNumberError as error:
            return _unknown(
                text, say("{problem} Scan again or type the case number.").format(problem=error)
            )
    return _product(text, cleaned)
