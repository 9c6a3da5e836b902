"""A receipt printed while the counter speaks German: its own words German, the data untouched."""

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from counter_app import i18n
from counter_app.devices.escpos_printer import receipt_ticket
from counter_app.documents.receipt import render_receipt
from counter_app.services.case_documents import receipt_data

# A few of the documents' words as the German catalog has them.
GERMAN_PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: de\\n"

msgid "Return receipt"
msgstr "Kassenbon Rückgabe"

msgid "Case"
msgstr "Vorgang"

msgid "Served by"
msgstr "Bedient von"

msgid "ITEMS RETURNED"
msgstr "ZURÜCKGEGEBENE ARTIKEL"

msgid "Reason: {reason}"
msgstr "Grund: {reason}"

msgid "REFUND TOTAL"
msgstr "ERSTATTUNG GESAMT"

msgid "card"
msgstr "Karte"

msgid "Refunded to {tender} ending {last4}"
msgstr "Erstattung ({tender}, Endziffern {last4})"

msgid "WHAT HAPPENS NEXT"
msgstr "WIE ES WEITERGEHT"

msgid "Thank you for shopping with us."
msgstr "Vielen Dank für Ihren Einkauf."
"""


@pytest.fixture
def german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """German in force, from a catalog compiled into ``tmp_path``; English again afterwards."""
    folder = tmp_path / "locale" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalog = read_po(io.StringIO(GERMAN_PO), locale="de")
    with (folder / f"{i18n.DOMAIN}.mo").open("wb") as mo:
        write_mo(mo, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    assert i18n.use_language("de")
    try:
        yield
    finally:
        i18n.use_language("en")


def card_refund_return(demo) -> tuple[str, str, str, str]:
    """A demo return refunded to a card: number, last four, customer's reason, clerk."""
    number, last4, reason, clerk = demo.sql(
        "SELECT c.number, p.card_last4, l.reason, s.name FROM service_case c "
        "JOIN payment p ON p.case_id = c.id JOIN caseline l ON l.case_id = c.id "
        "JOIN staff s ON s.id = c.staff_id "
        "WHERE c.case_type = 'return' AND p.kind = 'refund' AND p.tender = 'card' "
        "ORDER BY c.number LIMIT 1"
    )[0]
    return number, last4, reason, clerk


def test_a_receipt_in_german_says_its_own_words_in_german(demo, pdf_file, german) -> None:
    number, last4, reason, clerk = card_refund_return(demo)

    data = receipt_data(database=demo.database, case_ref=number)
    text = pdf_file("beleg", render_receipt(data, paper="roll80")).text()

    assert "KASSENBON RÜCKGABE" in text
    assert "RETURN RECEIPT" not in text
    assert "Bedient von" in text
    assert "ZURÜCKGEGEBENE ARTIKEL" in text
    assert f"Grund: {reason}" in text  # the customer's reason itself is data, kept as typed
    assert "ERSTATTUNG GESAMT" in text
    assert f"Erstattung (Karte, Endziffern {last4})" in text
    assert "WIE ES WEITERGEHT" in text
    assert "Vielen Dank für Ihren Einkauf." in text
    assert number in text
    assert clerk in text
    # The text printer lays out the same receipt with the same words.
    ticket = receipt_ticket(data, 48)
    printed = [line for line, _style in ticket.lines + ticket.after_barcode]
    assert ("KASSENBON RÜCKGABE", "bold") in ticket.lines
    assert any(f"Erstattung (Karte, Endziffern {last4})" in line for line in printed)


def test_after_german_the_receipt_speaks_english_again(demo, pdf_file, german) -> None:
    number, last4, _reason, _clerk = card_refund_return(demo)
    i18n.use_language("en")

    data = receipt_data(database=demo.database, case_ref=number)
    text = pdf_file("receipt", render_receipt(data, paper="roll80")).text()

    assert "RETURN RECEIPT" in text
    assert f"Refunded to card ending {last4}" in text
    assert "KASSENBON" not in text
