"""The day close (Z report): figures frozen, counted cash against expected, sent to head office.

A day with one cash and one card refund is written through the real returns
service, then closed; the close is checked against the daily summary, the
audit trail and the outbox, and every refusal is checked to write nothing.
"""

import json
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from counter_app.documents.formats import Formats
from counter_app.documents.summary_report import (
    coverage_sentence,
    render_summary_report,
)
from counter_app.domain.validation import InputError
from counter_app.services import intake, returns
from counter_app.services.audit import verify_audit_chain
from counter_app.services.day_close import (
    SNAPSHOT_VERSION,
    DayClosedError,
    close_day,
    closed_days,
    day_close,
    is_day_closed,
    refuse_if_closed,
)
from counter_app.services.errors import PermissionDeniedError
from counter_app.services.store_setup import load_store
from counter_app.services.summary import daily_summary
from db.store.models import Sale, SaleLine

Seeded = Any  # the ``seeded`` fixture of tests/services/conftest.py
DAY = date(2026, 6, 14)  # Dublin is UTC+1 in June
CASE_AT = datetime(2026, 6, 14, 12, 0, tzinfo=UTC)  # 13:00 in the store
CLOSE_AT = datetime(2026, 6, 14, 17, 5, tzinfo=UTC)  # 18:05 in the store
KETTLE_BARCODE, KETTLE_PRICE = "2000000000015", 2999
TOASTER_BARCODE, TOASTER_PRICE = "2000000000022", 4599
TRACKED = ("dayclose", "auditevent", "outbox")


def _sale(seeded: Seeded, product: str, price: int, tender: str, number: str) -> str:
    """A receipt of one item, paid by ``tender``, as head office would sync it."""
    with seeded.database.write() as session:
        sale = Sale(
            store_id=seeded.store.id,
            receipt_number=number,
            sold_at=CASE_AT - timedelta(days=3),
            total_cents=price,
            tender=tender,
            card_last4="4242" if tender == "card" else None,
        )
        session.add(sale)
        session.flush()
        session.add(
            SaleLine(
                sale_id=sale.id,
                line_no=1,
                product_id=seeded.product_ids[product],
                quantity=1,
                unit_price_cents=price,
            )
        )
    return number


def _refunds(seeded: Seeded) -> dict[str, int]:
    """A cash refund (kettle) and a card refund (toaster) on :data:`DAY`; cents by tender."""
    paid: dict[str, int] = {}
    for product, barcode, price, tender in (
        ("kettle", KETTLE_BARCODE, KETTLE_PRICE, "cash"),
        ("toaster", TOASTER_BARCODE, TOASTER_PRICE, "card"),
    ):
        request: dict[str, Any] = {
            "receipt_number": _sale(seeded, product, price, tender, f"R-CLOSE-{tender.upper()}"),
            "lines": [{"barcode": barcode, "quantity": 1, "condition": "unopened"}],
        }
        if tender == "card":
            request["card_reference"] = "AUTH-9"
        done = returns.complete_return(
            database=seeded.database, staff=seeded.clerk, request=request, now=CASE_AT
        )
        for payment in done.payments:
            paid[payment.tender] = paid.get(payment.tender, 0) + payment.amount_cents
    return paid


def _counts(seeded: Seeded) -> dict[str, int]:
    return {table: seeded.count(table) for table in TRACKED}


def _rows(seeded: Seeded) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = seeded.sql("SELECT * FROM dayclose ORDER BY business_date")
    return rows


def test_close_with_counted_cash_equal_to_expected(seeded: Seeded) -> None:
    paid = _refunds(seeded)
    assert paid == {"cash": KETTLE_PRICE, "card": TOASTER_PRICE}
    before = _counts(seeded)

    closed = close_day(
        database=seeded.database,
        staff=seeded.manager,
        day=DAY,
        counted_cash="29.99",
        note="Drawer counted twice.",
        now=CLOSE_AT,
    )

    assert (closed.expected_cash_cents, closed.counted_cash_cents, closed.difference_cents) == (
        KETTLE_PRICE,
        KETTLE_PRICE,
        0,
    )
    assert closed.day == DAY
    assert closed.closed_at == CLOSE_AT
    assert closed.closed_by == seeded.manager.staff_id
    assert closed.closed_by_name == seeded.manager.name
    assert closed.note == "Drawer counted twice."
    assert closed.totals["refunds_by_tender"]["cash"] == KETTLE_PRICE
    assert closed.totals["refunds_by_tender"]["card"] == TOASTER_PRICE
    assert closed.totals["cash_out_cents"] == KETTLE_PRICE
    assert closed.totals["cases_by_type"]["return"] == 2

    # The close, its audit event and its outbox row were written together.
    assert _counts(seeded) == {
        "dayclose": before["dayclose"] + 1,
        "auditevent": before["auditevent"] + 1,
        "outbox": before["outbox"] + 1,
    }
    stored = seeded.sql(
        "SELECT business_date, expected_cash_cents, counted_cash_cents, difference_cents "
        "FROM dayclose"
    )
    assert stored == [("2026-06-14", KETTLE_PRICE, KETTLE_PRICE, 0)]
    event = seeded.sql(
        "SELECT entity, entity_id, staff_id, details FROM auditevent WHERE action = 'day.closed'"
    )
    assert len(event) == 1
    assert event[0][:2] == ("day_close", str(closed.id))
    assert json.loads(event[0][3])["difference_cents"] == 0
    outbox = seeded.sql("SELECT entity_id, payload FROM outbox WHERE kind = 'day.closed'")
    assert len(outbox) == 1
    assert outbox[0][0] == str(closed.id)
    payload = json.loads(outbox[0][1])
    assert payload["data"]["totals"] == dict(closed.totals)
    assert payload["data"]["business_date"] == "2026-06-14"
    assert payload["data"]["counted_cash_cents"] == KETTLE_PRICE
    assert (
        payload["audit"]["seq"]
        == seeded.sql("SELECT seq FROM auditevent WHERE action = 'day.closed'")[0][0]
    )

    report = verify_audit_chain(database=seeded.database)
    assert report.intact, report.broken
    assert report.events_checked == before["auditevent"] + 1

    # Read back, the close is the one just made.
    assert day_close(database=seeded.database, day=DAY) == closed
    assert closed_days(database=seeded.database, first_day=DAY, last_day=DAY) == [closed]
    assert day_close(database=seeded.database, day=DAY - timedelta(days=1)) is None


def test_close_with_a_shortfall_keeps_a_negative_difference(seeded: Seeded) -> None:
    _refunds(seeded)
    closed = close_day(
        database=seeded.database,
        staff=seeded.manager,
        day=DAY,
        counted_cash="25,00",
        now=CLOSE_AT,
    )
    assert closed.expected_cash_cents == KETTLE_PRICE
    assert closed.counted_cash_cents == 2500
    assert closed.difference_cents == 2500 - KETTLE_PRICE < 0
    assert seeded.sql("SELECT difference_cents FROM dayclose") == [(2500 - KETTLE_PRICE,)]


def test_whole_number_is_whole_units(seeded: Seeded) -> None:
    closed = close_day(
        database=seeded.database, staff=seeded.manager, day=DAY, counted_cash=12, now=CLOSE_AT
    )
    assert (closed.expected_cash_cents, closed.counted_cash_cents) == (0, 1200)
    assert closed.difference_cents == 1200


def test_snapshot_equals_the_daily_summary(seeded: Seeded) -> None:
    _refunds(seeded)
    closed = close_day(
        database=seeded.database, staff=seeded.manager, day=DAY, counted_cash="0", now=CLOSE_AT
    )
    summary = daily_summary(database=seeded.database, first_day=DAY)
    totals = closed.totals
    assert totals["version"] == SNAPSHOT_VERSION
    assert totals["business_date"] == DAY.isoformat()
    assert (totals["timezone"], totals["currency"]) == (summary.timezone, summary.currency)
    assert totals["cases"] == summary.cases == 2
    assert totals["cases_by_type"] == dict(summary.cases_by_type)
    assert totals["cases_by_status"] == dict(summary.cases_by_status)
    assert totals["refunds_by_tender"] == dict(summary.refunds_by_tender)
    assert totals["refunds_cents"] == summary.refunds_cents == KETTLE_PRICE + TOASTER_PRICE
    assert totals["cash_out_cents"] == summary.cash_out_cents == closed.expected_cash_cents
    assert totals["money_by_case_type"]["return"] == {
        "refunds_cents": summary.returns.refunds_cents,
        "charges_cents": summary.returns.charges_cents,
    }
    assert totals["money_by_case_type"]["exchange"] == {
        "refunds_cents": summary.exchanges.refunds_cents,
        "charges_cents": summary.exchanges.charges_cents,
    }
    assert totals["money_by_case_type"]["complaint"] == {
        "refunds_cents": summary.complaints_money.refunds_cents,
        "charges_cents": summary.complaints_money.charges_cents,
    }
    assert totals["credit_issued"] == {
        "count": summary.credit_issued.count,
        "cents": summary.credit_issued.cents,
    }
    assert totals["credit_redeemed"] == {
        "count": summary.credit_redeemed.count,
        "cents": summary.credit_redeemed.cents,
    }
    assert totals["restocking_fees_cents"] == summary.restocking_fees_cents
    assert totals["overrides"] == {
        "count": len(summary.overrides),
        "cents": summary.overrides_cents,
    }
    assert totals["open_cases"] == summary.open_cases.total
    assert totals["cases_by_hour"] == list(summary.cases_by_hour)
    assert sum(totals["cases_by_hour"]) == summary.cases
    assert totals["arrivals_by_hour"] == list(summary.arrivals_by_hour)
    # The stored text is the same snapshot, with the note beside it.
    stored = json.loads(seeded.sql("SELECT totals FROM dayclose")[0][0])
    assert stored == {**totals, "note": ""}


def test_a_clerk_is_refused_and_nothing_is_written(seeded: Seeded) -> None:
    _refunds(seeded)
    before = seeded.snapshot() | _counts(seeded)
    with pytest.raises(PermissionDeniedError, match="Only a manager can close the day"):
        close_day(
            database=seeded.database,
            staff=seeded.clerk,
            day=DAY,
            counted_cash="29.99",
            now=CLOSE_AT,
        )
    assert seeded.snapshot() | _counts(seeded) == before
    assert day_close(database=seeded.database, day=DAY) is None


def test_a_second_close_is_refused_and_changes_nothing(seeded: Seeded) -> None:
    _refunds(seeded)
    first = close_day(
        database=seeded.database, staff=seeded.manager, day=DAY, counted_cash="29.99", now=CLOSE_AT
    )
    rows, counts = _rows(seeded), _counts(seeded)
    with pytest.raises(DayClosedError) as refused:
        close_day(
            database=seeded.database,
            staff=seeded.manager,
            day=DAY,
            counted_cash="10.00",
            now=CLOSE_AT + timedelta(minutes=20),
        )
    message = str(refused.value)
    assert "Today was already closed at 18:05 by Maeve Manager" in message
    assert refused.value.closed == first
    assert (_rows(seeded), _counts(seeded)) == (rows, counts)

    # Looked at the next morning, the refusal names the day and the moment.
    with pytest.raises(
        DayClosedError, match="14 Jun 2026 was already closed on 14 Jun 2026, 18:05"
    ):
        close_day(
            database=seeded.database,
            staff=seeded.manager,
            day=DAY,
            counted_cash="10.00",
            now=CLOSE_AT + timedelta(hours=16),
        )
    assert (_rows(seeded), _counts(seeded)) == (rows, counts)


def test_a_drawer_that_gained_cash_is_counted_below_zero(seeded: Seeded) -> None:
    """On a day the drawer gained cash (exchanges paid in cash), the count is below zero."""
    closed = close_day(
        database=seeded.database,
        staff=seeded.manager,
        day=DAY,
        counted_cash="-5.00",
        now=CLOSE_AT,
    )
    assert closed.counted_cash_cents == -500
    assert closed.difference_cents == -500 - closed.expected_cash_cents


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("abc", "Counted cash must be an amount, like 19.99."),
        ("5-", "Counted cash must be an amount, like 19.99."),
        ("99999999", "Counted cash cannot be more than 1,000,000."),
        ("1e400", "Counted cash"),
        ("12.345", "Counted cash can have at most 2 decimals."),
        ("", "Counted cash must be an amount, like 19.99."),
        (29.99, "Counted cash must be typed as an amount, like 19.99."),
    ],
)
def test_bad_counted_cash_is_refused_naming_the_field(
    seeded: Seeded, typed: Any, words: str
) -> None:
    before = _counts(seeded)
    with pytest.raises(InputError) as refused:
        close_day(
            database=seeded.database,
            staff=seeded.manager,
            day=DAY,
            counted_cash=typed,
            now=CLOSE_AT,
        )
    assert [problem.field for problem in refused.value.problems] == ["counted_cash"]
    assert words in str(refused.value)
    assert _counts(seeded) == before


def test_a_future_day_is_refused_and_today_and_past_days_close(seeded: Seeded) -> None:
    before = _counts(seeded)
    with pytest.raises(InputError) as refused:
        close_day(
            database=seeded.database,
            staff=seeded.manager,
            day=DAY + timedelta(days=1),
            counted_cash="0",
            now=CLOSE_AT,
        )
    assert [problem.field for problem in refused.value.problems] == ["day"]
    assert "15 Jun 2026 is still to come; only today or an earlier day" in str(refused.value)
    assert _counts(seeded) == before

    # Just after local midnight (23:30 UTC is 00:30 in Dublin) the 15th is today.
    after_midnight = datetime(2026, 6, 14, 23, 30, tzinfo=UTC)
    late = close_day(
        database=seeded.database,
        staff=seeded.manager,
        day=DAY + timedelta(days=1),
        counted_cash="0",
        now=after_midnight,
    )
    earlier = close_day(
        database=seeded.database,
        staff=seeded.manager,
        day=DAY - timedelta(days=2),
        counted_cash="0",
        now=after_midnight,
    )
    listed = closed_days(
        database=seeded.database, first_day=DAY - timedelta(days=7), last_day=DAY + timedelta(1)
    )
    assert listed == [earlier, late]


def test_bad_note_and_bad_ranges_are_refused(seeded: Seeded) -> None:
    with pytest.raises(InputError) as refused:
        close_day(
            database=seeded.database,
            staff=seeded.manager,
            day=DAY,
            counted_cash="0",
            note="x" * 501,
            now=CLOSE_AT,
        )
    assert [problem.field for problem in refused.value.problems] == ["note"]
    with pytest.raises(InputError, match="swap them"):
        closed_days(database=seeded.database, first_day=DAY, last_day=DAY - timedelta(days=1))
    with pytest.raises(InputError) as not_a_date:
        day_close(database=seeded.database, day="2026-06-14")  # type: ignore[arg-type]
    assert [problem.field for problem in not_a_date.value.problems] == ["day"]
    assert seeded.count("dayclose") == 0


def test_the_guard_refuses_only_moments_inside_the_closed_day(seeded: Seeded) -> None:
    close_day(
        database=seeded.database, staff=seeded.manager, day=DAY, counted_cash="0", now=CLOSE_AT
    )
    with seeded.database.read() as session:
        store = load_store(session)
        assert is_day_closed(session, store.id, DAY)
        assert not is_day_closed(session, store.id, DAY + timedelta(days=1))
        refuse_if_closed(session, store, datetime(2026, 6, 14, 23, 30, tzinfo=UTC))  # the 15th
        refuse_if_closed(session, store, CLOSE_AT + timedelta(minutes=30))  # after the close
        with pytest.raises(DayClosedError) as refused:
            refuse_if_closed(session, store, CLOSE_AT - timedelta(minutes=30))  # inside the day
    assert str(refused.value).startswith(
        "14 Jun 2026 was closed at 18:05 by Maeve Manager; nothing more can be recorded"
    )


def test_after_the_close_the_counter_goes_on_and_it_counts_toward_the_next_day(
    seeded: Seeded, tmp_path: Path
) -> None:
    _refunds(seeded)
    closed = close_day(
        database=seeded.database, staff=seeded.manager, day=DAY, counted_cash="0", now=CLOSE_AT
    )
    request: dict[str, Any] = {
        "receipt_number": _sale(seeded, "kettle", KETTLE_PRICE, "cash", "R-LATE"),
        "lines": [{"barcode": KETTLE_BARCODE, "quantity": 1, "condition": "unopened"}],
    }

    # Dated inside the closed day (a clock set back): refused, and nothing is written.
    before = seeded.snapshot()
    with pytest.raises(DayClosedError, match="was closed at 18:05 by Maeve Manager"):
        returns.complete_return(
            database=seeded.database,
            staff=seeded.clerk,
            request=request,
            now=CLOSE_AT - timedelta(minutes=5),
        )
    with pytest.raises(DayClosedError):
        intake.open_case(
            database=seeded.database,
            staff=seeded.clerk,
            request=seeded.complaint_request(),
            now=CLOSE_AT - timedelta(minutes=5),
        )
    assert seeded.snapshot() == before

    # A customer after the close (18:45 in the store) is served.
    late = CLOSE_AT + timedelta(minutes=40)
    done = returns.complete_return(
        database=seeded.database, staff=seeded.clerk, request=request, now=late
    )
    assert [payment.amount_cents for payment in done.payments] == [KETTLE_PRICE]

    # The closed day's figures stay what was frozen; the late return is the next day's.
    closed_figures = daily_summary(database=seeded.database, first_day=DAY)
    assert closed_figures.cases == closed.totals["cases"]
    assert closed_figures.refunds_cents == closed.totals["refunds_cents"]
    assert closed_figures.cash_out_cents == closed.expected_cash_cents
    next_day = daily_summary(database=seeded.database, first_day=DAY + timedelta(days=1))
    assert next_day.cases_by_type["return"] == 1
    assert next_day.refunds_by_tender["cash"] == KETTLE_PRICE
    assert next_day.cash_out_cents == KETTLE_PRICE
    # Late that evening local time, the hour is still the 14th's 18:00.
    assert next_day.cases_by_hour[18] == 1
    # Both say why they start or stop mid-evening, on screen and in the PDF.
    with seeded.database.read() as session:
        locale = load_store(session).locale
    formats = Formats(closed_figures.currency, locale)
    assert coverage_sentence(closed_figures, formats) == (
        "Counted until the close at 18:05; what came later counts toward the next day."
    )
    assert coverage_sentence(next_day, formats) == (
        "Counted from 18:05 on 14 Jun 2026, when that day was closed."
    )
    pdf = tmp_path / "next-day.pdf"
    pdf.write_bytes(render_summary_report(next_day, store_name="Test", locale=locale))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Counted from 18:05 on 14 Jun 2026, when that day was closed." in " ".join(text.split())
