"""No full card number is ever saved from free text; the clerk is told why the text changed."""

import json
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path
from typing import Annotated

import pytest

from counter_app.domain.card_numbers import is_luhn_valid, mask_for
from counter_app.domain.validation import InputError
from counter_app.services import intake
from counter_app.services.cases import change_status, change_status_noting, get_case
from counter_app.services.complaints import resolve_complaint
from counter_app.services.inputs import ServiceInput, parse, parse_noting, text
from counter_app.services.intake import NewCase
from counter_app.services.returns import complete_return
from db.store.models import Product, ProductBarcode

# Test card numbers of the card schemes, as a clerk might type them.
VISA = "4111 1111 1111 1111"
MASTERCARD = "5555-5555-5555-4444"
AMEX = "378282246310005"
DISCOVER = "6011 1111 1111 1117"
EVERY_CARD = (VISA, MASTERCARD, AMEX, DISCOVER)
WARNING = "Never write down a customer's card number."


def _forms(number: str) -> set[str]:
    """The ways a card number could appear if it leaked: as typed, bare, spaced, dashed."""
    bare = number.replace(" ", "").replace("-", "")
    return {number, bare, " ".join([bare[:4], bare[4:8], bare[8:12], bare[12:]])}


def _notice(label: str, last_four: str) -> str:
    return (
        f"{label}: a card number was typed; only its last four digits ({last_four}) were kept. "
        f"{WARNING}"
    )


class _Scanned(ServiceInput):
    """An identifier next to free text, as a service input would declare them."""

    code: Annotated[str, text(field="code", label="Gift card code", max_length=32, free_text=False)]
    note: Annotated[str, text(field="note", label="Note", max_length=200, required=False)] = ""


# --------------------------------------------------------------------------- parsing


def test_parse_noting_masks_free_text_and_numbers_the_notices_by_line(seeded):
    request = seeded.return_request(summary=f"Refund to card {VISA} please")
    request["lines"].append(
        {
            "direction": "in",
            "description": "Spare lid",
            "quantity": 1,
            "condition": "opened",
            "reason": f"Paid with {MASTERCARD}, and {AMEX} for the rest",
        }
    )

    checked, notices = parse_noting(NewCase, request)

    assert checked.summary == f"Refund to card {mask_for('1111')} please"
    assert checked.lines[0].reason == "Changed mind"
    assert (
        checked.lines[1].reason
        == f"Paid with {mask_for('4444')}, and {mask_for('0005')} for the rest"
    )
    assert notices == (
        _notice("Summary", "1111"),
        "Line 2: Reason: 2 card numbers were typed; only their last four digits (4444, 0005) "
        f"were kept. {WARNING}",
    )


def test_parse_noting_reports_nested_complaint_fields_by_their_label(seeded):
    request = seeded.complaint_request()
    request["complaint"]["description"] = f"Charged twice on {DISCOVER}."

    checked, notices = parse_noting(NewCase, request)

    assert checked.complaint is not None
    assert checked.complaint.description == f"Charged twice on {mask_for('1117')}."
    assert notices == (_notice("Description", "1117"),)


def test_parse_noting_has_no_notices_when_nothing_was_masked(seeded):
    checked, notices = parse_noting(NewCase, seeded.return_request())
    assert notices == ()
    assert checked.summary == "Changed mind"


def test_parse_masks_too_and_drops_the_notices(seeded):
    checked = parse(NewCase, seeded.return_request(summary=f"card {VISA}"))
    assert checked.summary == f"card {mask_for('1111')}"
    # Nothing left behind for the next parse_noting on this thread.
    _, notices = parse_noting(NewCase, seeded.return_request())
    assert notices == ()


def test_a_refused_request_masks_nothing_into_the_error(seeded):
    request = seeded.return_request(summary=f"card {VISA}", receipt_number=None, lines=[])
    with pytest.raises(InputError, match="at least one item") as refusal:
        parse_noting(NewCase, request)
    assert all(form not in str(refusal.value) for form in _forms(VISA))


def test_identifier_fields_are_never_masked():
    code = "4111111111111111"  # a 16-digit, Luhn-valid code printed on a gift card
    checked, notices = parse_noting(_Scanned, {"code": code, "note": f"card {code}"})
    assert checked.code == code
    assert checked.note == f"card {mask_for('1111')}"
    assert notices == (_notice("Note", "1111"),)


def _visa_ending(last_four: str) -> str:
    """A Luhn-valid 16-digit number ending in ``last_four``."""
    for check in "0123456789":
        number = f"41111111111{check}{last_four}"
        if is_luhn_valid(number):
            return number
    raise AssertionError("one of ten check digits always fits")


def test_each_thread_collects_only_its_own_notices():
    threads = 8
    last_fours = [f"{n:04d}" for n in range(10, 50)]
    started_together = threading.Barrier(threads, timeout=10)

    def parse_batch(batch: list[str]) -> list[tuple[str, tuple[str, ...]]]:
        started_together.wait()
        results = []
        for last_four in batch:
            request = {"code": "X1", "note": f"card {_visa_ending(last_four)}"}
            results.append((last_four, parse_noting(_Scanned, request)[1]))
        return results

    with ThreadPoolExecutor(max_workers=threads) as pool:
        batches = list(pool.map(parse_batch, [last_fours[i::threads] for i in range(threads)]))

    results = [result for batch in batches for result in batch]
    assert sorted(last_four for last_four, _ in results) == last_fours
    for last_four, notices in results:
        assert notices == (_notice("Note", last_four),)


# --------------------------------------------------------------------------- what reaches the file


def _every_text_value(path: Path) -> list[tuple[str, str, str]]:
    """(table, column, value) for every text or blob value in every table of the file."""
    found: list[tuple[str, str, str]] = []
    with closing(sqlite3.connect(path)) as raw:
        tables = [
            row[0]
            for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1")
        ]
        for table in tables:
            columns = [row[1] for row in raw.execute(f'PRAGMA table_info("{table}")')]
            for row in raw.execute(f'SELECT * FROM "{table}"'):  # noqa: S608
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, bytes):
                        value = value.decode("utf-8", errors="replace")
                    if isinstance(value, str):
                        found.append((table, column, value))
    assert {"service_case", "caseline", "customer", "auditevent", "outbox", "case_search"} <= set(
        tables
    )
    return found


def _assert_no_card_number_anywhere(seeded, numbers: tuple[str, ...], kept: str) -> None:
    """No form of any of ``numbers`` in any table, nor in the bytes of the file and its WAL.

    ``kept`` (a mask such as ``[•••• 1111]``) must be found, so the scan is known to
    read the rows that were written.
    """
    values = _every_text_value(seeded.path)
    assert any(kept in value for _, _, value in values)
    for table, column, value in values:
        for number in numbers:
            for form in _forms(number):
                assert form not in value, f"{table}.{column} holds a card number: {value!r}"
    seeded.database.dispose()  # checkpoints the WAL into the file
    files = [seeded.path, *seeded.path.parent.glob(seeded.path.name + "-*")]
    assert kept.encode("utf-8") in seeded.path.read_bytes()
    for file in files:
        content = file.read_bytes()
        for number in numbers:
            for form in _forms(number):
                assert form.encode("utf-8") not in content, f"{file.name} holds {form}"
                assert form.encode("utf-16-le") not in content, f"{file.name} holds {form}"


def _open_with_card_numbers(seeded):
    request = seeded.return_request(
        summary=f"Customer read out {VISA} for the refund",
        customer={"name": f"Pat Byrne {AMEX}", "consent": True},
    )
    request["lines"][0]["reason"] = f"Changed mind; paid with {VISA}"
    request["lines"][0]["description"] = f"Kettle, card {MASTERCARD}"
    return intake.open_case(
        database=seeded.database, staff=seeded.clerk, request=request, now=seeded.now
    )


def test_open_case_saves_only_the_last_four_anywhere_in_the_file(seeded):
    opened = _open_with_card_numbers(seeded)

    case = get_case(database=seeded.database, case_ref=opened.id)
    assert case.summary == f"Customer read out {mask_for('1111')} for the refund"
    assert case.lines[0].reason == f"Changed mind; paid with {mask_for('1111')}"
    assert case.lines[0].description == f"Kettle, card {mask_for('4444')}"
    [(name,)] = seeded.sql("SELECT name FROM customer")
    assert name == f"Pat Byrne {mask_for('0005')}"

    payloads = {
        kind: json.loads(payload)
        for kind, payload in seeded.sql("SELECT kind, payload FROM outbox")
    }
    snapshot = payloads["case.opened"]["data"]
    assert snapshot["summary"] == case.summary
    assert snapshot["lines"][0]["reason"] == case.lines[0].reason
    assert payloads["customer.added"]["data"]["name"] == name
    [(details,)] = seeded.sql("SELECT details FROM auditevent WHERE action = 'case.opened'")
    assert json.loads(details)["number"] == opened.number

    # The masked last four is searchable; the card number is not there to find.
    [(notes,)] = seeded.sql("SELECT notes FROM case_search")
    assert mask_for("1111") in notes

    _assert_no_card_number_anywhere(seeded, (VISA, MASTERCARD, AMEX), kept=mask_for("1111"))


def test_change_status_masks_the_note_and_says_so_in_the_audit_trail(seeded):
    opened = intake.open_case(
        database=seeded.database,
        staff=seeded.clerk,
        request=seeded.return_request(),
        now=seeded.now,
    )
    change_status(
        database=seeded.database,
        staff=seeded.clerk,
        case_ref=opened.id,
        target="resolved",
        note=f"Refunded to {DISCOVER}",
        now=seeded.now,
    )
    change_status(
        database=seeded.database,
        staff=seeded.manager,
        case_ref=opened.number,
        target="in_progress",
        note=VISA,
        now=seeded.now,
    )

    rows = seeded.sql(
        "SELECT a.action, a.details, o.payload FROM auditevent a "
        "JOIN outbox o ON o.entity_id = a.entity_id AND o.kind = a.action "
        "WHERE a.action IN ('case.status_changed', 'case.reopened') ORDER BY a.seq"
    )
    assert [action for action, *_ in rows] == ["case.status_changed", "case.reopened"]
    details = [json.loads(row[1]) for row in rows]
    assert details[0]["note"] == f"Refunded to {mask_for('1117')}"
    assert details[1]["note"] == mask_for("1111")  # a reopen needs a reason; this one is kept
    assert all(entry["card_number_masked"] is True for entry in details)
    assert [json.loads(row[2])["data"] for row in rows] == details

    _assert_no_card_number_anywhere(seeded, (DISCOVER, VISA), kept=mask_for("1117"))


def test_change_status_without_a_card_number_records_no_masking(seeded):
    opened = intake.open_case(
        database=seeded.database,
        staff=seeded.clerk,
        request=seeded.return_request(),
        now=seeded.now,
    )
    change_status(
        database=seeded.database,
        staff=seeded.clerk,
        case_ref=opened.id,
        target="resolved",
        note="Refunded to card ending 1111, ref 20260614-0042",
        now=seeded.now,
    )
    [(details,)] = seeded.sql("SELECT details FROM auditevent WHERE action = 'case.status_changed'")
    assert json.loads(details) == {
        "number": opened.number,
        "from": "open",
        "to": "resolved",
        "note": "Refunded to card ending 1111, ref 20260614-0042",
    }


# --------------------------------------------------------------------------- identifiers in intake

LUHN_VALID_EAN = "2000000000107"  # a valid EAN-13 that also passes Luhn, as one in ten do


def test_a_luhn_valid_barcode_is_scanned_as_it_is(seeded):
    # A scanned code is an identifier, not free text: intake declares it with free_text=False.
    with seeded.database.write() as session:
        product = Product(
            sku="SKU-GRINDER",
            name="Coffee Grinder",
            category="Home & Kitchen",
            price_cents=3999,
            tax_rate_bp=2300,
            updated_at=seeded.now,
        )
        session.add(product)
        session.add(ProductBarcode(barcode=LUHN_VALID_EAN, product_id=product.id))
    request = seeded.return_request(receipt_number=None)
    request["lines"][0]["barcode"] = LUHN_VALID_EAN
    opened = intake.open_case(
        database=seeded.database, staff=seeded.clerk, request=request, now=seeded.now
    )
    assert get_case(database=seeded.database, case_ref=opened.id).lines[0].description == (
        "Coffee Grinder"
    )

    complaint = seeded.complaint_request()
    complaint["complaint"]["product_barcode"] = LUHN_VALID_EAN
    checked, notices = parse_noting(NewCase, complaint)
    assert checked.complaint is not None
    assert checked.complaint.product_barcode == LUHN_VALID_EAN
    assert notices == ()
    intake.open_case(database=seeded.database, staff=seeded.clerk, request=checked, now=seeded.now)
    assert seeded.sql("SELECT count(*) FROM complaintdetail WHERE product_id IS NOT NULL") == [(1,)]


def test_the_clerk_is_told_when_a_status_note_was_masked(seeded):
    opened = intake.open_case(
        database=seeded.database,
        staff=seeded.clerk,
        request=seeded.complaint_request(),
        now=seeded.now,
    )
    changed = change_status_noting(
        database=seeded.database,
        staff=seeded.clerk,
        case_ref=opened.id,
        target="resolved",
        note=f"Customer read out {VISA}",
        now=seeded.now,
    )
    assert changed.status.value == "resolved"
    assert changed.notices == (_notice("Note", "1111"),)
    quiet = change_status_noting(
        database=seeded.database,
        staff=seeded.clerk,
        case_ref=opened.id,
        target="closed",
        note="All done",
        now=seeded.now,
    )
    assert quiet.notices == ()


def test_the_clerk_is_told_when_a_complaint_note_was_masked(seeded):
    opened = intake.open_case(
        database=seeded.database,
        staff=seeded.clerk,
        request=seeded.complaint_request(),
        now=seeded.now,
    )
    outcome = resolve_complaint(
        database=seeded.database,
        staff=seeded.clerk,
        case_ref=opened.id,
        request={"accommodation": "apology", "note": f"Card {MASTERCARD} was charged twice"},
        now=seeded.now,
    )
    assert outcome.notices == (_notice("Note", "4444"),)
    _assert_no_card_number_anywhere(seeded, (MASTERCARD,), kept=mask_for("4444"))


def test_the_clerk_is_told_when_a_return_reason_was_masked(seeded):
    done = complete_return(
        database=seeded.database,
        staff=seeded.clerk,
        request={
            "receipt_number": "R-20260612-0001",
            "lines": [
                {
                    "barcode": "2000000000015",
                    "quantity": 1,
                    "condition": "unopened",
                    "reason": f"Wants it back on {AMEX}",
                }
            ],
        },
        now=seeded.now,
    )
    assert done.notices == ("Line 1: " + _notice("Reason", "0005"),)
    _assert_no_card_number_anywhere(seeded, (AMEX,), kept=mask_for("0005"))
