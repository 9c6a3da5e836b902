"""The exports for accounting and the store manager, read back and checked against the database.

A few real cases are written through the services (returns with refunds, an
exchange with a charge, complaints, one of them typed to look like a formula
and one customer named like a phone number), then the CSV is read back with
the csv module and the XLSX with openpyxl, and every row is compared with what
a plain sqlite3 connection finds, and with the daily summary's own figures.
"""

import csv
import io
import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from sqlalchemy import event

from counter_app.domain.spreadsheet_cells import safe_cell
from counter_app.domain.validation import InputError
from counter_app.services import complaints, exchanges, intake, returns
from counter_app.services.errors import ApprovalRequiredError
from counter_app.services.exports import (
    CASES_CSV_HEADER,
    SUMMARY_CSV_HEADER,
    cases_csv,
    cases_rows,
    cases_xlsx,
    summary_csv,
)
from counter_app.services.summary import daily_summary

# The seeded store of conftest.py: its receipt, barcodes, manager's PIN and the cases' time.
RECEIPT = "R-20260612-0001"
KETTLE_BARCODE, TOASTER_BARCODE = "2000000000015", "2000000000022"
MANAGER_PIN = "2468"
CASE_NOW = datetime(2026, 6, 14, 12, 0, tzinfo=UTC)
DUBLIN = ZoneInfo("Europe/Dublin")
DAY = date(2026, 6, 14)
NEXT_DAY = date(2026, 6, 15)
EVIL_SUMMARY = '=HYPERLINK("http://evil.example/x","Click me")'
EVIL_CUSTOMER = "+1 evil"
CATEGORY = "Delivery"  # categories come from the policy, so none starts a formula


def _approval(seeded: Any, reason: str) -> dict[str, Any]:
    return {"manager_id": str(seeded.manager.staff_id), "pin": MANAGER_PIN, "reason": reason}


def _exchange(seeded: Any, request: dict[str, Any], now: datetime) -> Any:
    try:
        return exchanges.complete_exchange(
            database=seeded.database, staff=seeded.clerk, request=request, now=now
        )
    except ApprovalRequiredError:
        request["approval"] = _approval(seeded, "Exchange left to a manager")
        return exchanges.complete_exchange(
            database=seeded.database, staff=seeded.clerk, request=request, now=now
        )


@pytest.fixture
def cases_day(seeded: Any) -> Any:
    """Cases on 14 June (store time) and one on 15 June, written through the services."""
    db, clerk = seeded.database, seeded.clerk
    returns.complete_return(
        database=db,
        staff=clerk,
        request={
            "receipt_number": RECEIPT,
            "lines": [{"barcode": KETTLE_BARCODE, "quantity": 1, "condition": "unopened"}],
            "card_reference": "AUTH-1",
            "summary": "Changed mind",
            "customer": {"name": EVIL_CUSTOMER, "phone": "+353 87 123 4567", "consent": True},
        },
        now=CASE_NOW,
    )
    _exchange(
        seeded,
        {
            "receipt_number": RECEIPT,
            "lines_in": [{"barcode": KETTLE_BARCODE, "quantity": 1, "condition": "opened"}],
            "lines_out": [{"barcode": TOASTER_BARCODE, "quantity": 1}],
            "payment": {"tender": "cash"},
            "card_reference": "AUTH-2",
        },
        CASE_NOW + timedelta(minutes=10),
    )
    evil = intake.open_case(
        database=db,
        staff=clerk,
        request=seeded.complaint_request(
            summary=EVIL_SUMMARY,
            complaint={
                "category": CATEGORY,
                "severity": "high",
                "description": "Arrived broken.",
            },
        ),
        now=CASE_NOW + timedelta(minutes=20),
    )
    complaints.resolve_complaint(
        database=db,
        staff=clerk,
        case_ref=evil.id,
        request={"accommodation": "refund", "amount": "15", "refund_tender": "cash"},
        now=CASE_NOW + timedelta(minutes=30),
    )
    intake.open_case(
        database=db,
        staff=clerk,
        request=seeded.complaint_request(summary="Still open"),
        now=CASE_NOW + timedelta(minutes=40),
    )
    # 23:30 UTC on 14 June is 00:30 on 15 June in Dublin: the next store day.
    intake.open_case(
        database=db,
        staff=clerk,
        request=seeded.complaint_request(summary="After midnight"),
        now=datetime(2026, 6, 14, 23, 30, tzinfo=UTC),
    )
    return seeded


def _euros(cents: int) -> str:
    return str((Decimal(cents) / 100).quantize(Decimal("0.01")))


def _utc(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text).replace(tzinfo=UTC)


def _day_bounds(first: date, last: date) -> tuple[str, str]:
    start = datetime(first.year, first.month, first.day, tzinfo=DUBLIN).astimezone(UTC)
    after = last + timedelta(days=1)
    end = datetime(after.year, after.month, after.day, tzinfo=DUBLIN).astimezone(UTC)
    return start.replace(tzinfo=None).isoformat(" "), end.replace(tzinfo=None).isoformat(" ")


def expected_cases(seeded: Any, first: date, last: date) -> list[dict[str, Any]]:
    """The cases of the days as plain sqlite3 sees them, money summed here in Python."""
    start, end = _day_bounds(first, last)
    cases = seeded.sql(
        "SELECT c.id, c.number, c.case_type, c.status, c.created_at, c.resolved_at, s.name, "
        "cu.name, c.summary, d.category, d.severity FROM service_case c "
        "JOIN staff s ON s.id = c.staff_id LEFT JOIN customer cu ON cu.id = c.customer_id "
        "LEFT JOIN complaintdetail d ON d.case_id = c.id "
        "WHERE c.created_at >= ? AND c.created_at < ? ORDER BY c.created_at, c.number",
        (start, end),
    )
    money: dict[str, dict[str, int]] = defaultdict(lambda: {"refund": 0, "charge": 0})
    tenders: dict[str, set[str]] = defaultdict(set)
    for case_id, kind, tender, cents in seeded.sql(
        "SELECT case_id, kind, tender, amount_cents FROM payment"
    ):
        money[case_id][kind] += cents
        tenders[case_id].add(tender)
    return [
        {
            "id": uuid.UUID(case_id),
            "number": number,
            "case_type": case_type,
            "status": status,
            "opened_at": _utc(created).astimezone(DUBLIN),
            "resolved_at": None if resolved is None else _utc(resolved).astimezone(DUBLIN),
            "staff": staff,
            "customer": customer,
            "summary": summary,
            "refunds_cents": money[case_id]["refund"],
            "charges_cents": money[case_id]["charge"],
            "tenders": tuple(sorted(tenders[case_id])),
            "complaint_category": category,
            "complaint_severity": severity,
        }
        for (
            case_id,
            number,
            case_type,
            status,
            created,
            resolved,
            staff,
            customer,
            summary,
            category,
            severity,
        ) in cases
    ]


def test_safe_cell_defuses_every_formula_start() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert safe_cell(f"{start}SUM(A1)") == f"'{start}SUM(A1)"
    assert safe_cell("Kettle = broken") == "Kettle = broken"
    assert safe_cell("") == ""
    assert safe_cell("'=already quoted") == "'=already quoted"


def test_case_rows_match_the_database(cases_day: Any) -> None:
    rows = cases_rows(database=cases_day.database, first_day=DAY, last_day=DAY)
    expected = expected_cases(cases_day, DAY, DAY)
    assert [row.__dict__ for row in rows] == expected
    assert len(rows) == 4
    by_type = {row.case_type for row in rows}
    assert by_type == {"return", "exchange", "complaint"}
    assert any(row.refunds_cents and row.case_type == "return" for row in rows)
    assert any(row.charges_cents and row.case_type == "exchange" for row in rows)
    evil = next(row for row in rows if row.summary == EVIL_SUMMARY)
    assert (evil.refunds_cents, evil.tenders, evil.complaint_category) == (
        1500,
        ("cash",),
        CATEGORY,
    )
    assert evil.opened_at.utcoffset() == timedelta(hours=1)


def test_case_rows_agree_with_the_daily_summary(cases_day: Any) -> None:
    for first, last in ((DAY, DAY), (NEXT_DAY, NEXT_DAY), (DAY, NEXT_DAY)):
        rows = cases_rows(database=cases_day.database, first_day=first, last_day=last)
        summary = daily_summary(database=cases_day.database, first_day=first, last_day=last)
        assert len(rows) == summary.cases
        for case_type, count in summary.cases_by_type.items():
            assert sum(row.case_type == case_type for row in rows) == count
        assert sum(row.refunds_cents for row in rows) == summary.refunds_cents
        charges = summary.returns.charges_cents + summary.exchanges.charges_cents
        assert (
            sum(row.charges_cents for row in rows)
            == charges + summary.complaints_money.charges_cents
        )
    next_day = cases_rows(database=cases_day.database, first_day=NEXT_DAY)
    assert [row.summary for row in next_day] == ["After midnight"]


def test_case_rows_are_one_statement_whatever_the_number_of_cases(cases_day: Any) -> None:
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    engine = cases_day.database.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        cases_rows(database=cases_day.database, first_day=NEXT_DAY)
        one_case = len([s for s in statements if "service_case" in s])
        statements.clear()
        cases_rows(database=cases_day.database, first_day=DAY, last_day=NEXT_DAY)
        five_cases = len([s for s in statements if "service_case" in s])
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert one_case == five_cases == 1


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def _local_text(moment: datetime | None) -> str:
    return "" if moment is None else moment.strftime("%Y-%m-%d %H:%M:%S")


def test_cases_csv_reads_back_as_the_database_holds_it(cases_day: Any) -> None:
    content = cases_csv(database=cases_day.database, first_day=DAY, last_day=DAY)
    header, *rows = _csv_rows(content)
    assert tuple(header) == CASES_CSV_HEADER
    expected = expected_cases(cases_day, DAY, DAY)
    assert len(rows) == len(expected)
    for row, case in zip(rows, expected, strict=True):
        assert row == [
            case["number"],
            case["case_type"],
            case["status"],
            _local_text(case["opened_at"]),
            _local_text(case["resolved_at"]),
            case["staff"],
            safe_cell(case["customer"] or ""),
            safe_cell(case["summary"]),
            str(case["refunds_cents"]),
            _euros(case["refunds_cents"]),
            str(case["charges_cents"]),
            _euros(case["charges_cents"]),
            ",".join(case["tenders"]),
            safe_cell(case["complaint_category"] or ""),
            case["complaint_severity"] or "",
        ]
    cells = [cell for row in rows for cell in row]
    assert "'" + EVIL_SUMMARY in cells
    assert "'" + EVIL_CUSTOMER in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "+353 87 123 4567" not in content.decode("utf-8-sig")


def test_cases_xlsx_reads_back_as_the_database_holds_it(cases_day: Any) -> None:
    content = cases_xlsx(database=cases_day.database, first_day=DAY, last_day=DAY)
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet = workbook.active
    assert sheet is not None
    assert sheet.freeze_panes == "A2"
    header = next(sheet.iter_rows(max_row=1))
    assert [cell.value for cell in header][:3] == ["Case number", "Type", "Status"]
    assert all(cell.font.bold for cell in header)
    assert all(sheet.column_dimensions[letter].width > 8 for letter in "ABCDEFGHIJKLM")
    expected = expected_cases(cases_day, DAY, DAY)
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == len(expected)
    for row, case in zip(rows, expected, strict=True):
        values = [cell.value for cell in row]
        assert values[:3] == [case["number"], case["case_type"], case["status"]]
        assert values[3] == case["opened_at"].replace(tzinfo=None, microsecond=0)
        resolved = case["resolved_at"]
        assert values[4] == (None if resolved is None else resolved.replace(tzinfo=None))
        assert row[3].is_date
        assert row[3].number_format == "yyyy-mm-dd hh:mm"
        assert values[5:8] == [
            case["staff"],
            safe_cell(case["customer"]) if case["customer"] else None,
            safe_cell(case["summary"]) or None,
        ]
        for cell, cents in ((row[8], case["refunds_cents"]), (row[9], case["charges_cents"])):
            assert isinstance(cell.value, int | float)
            assert round(cell.value * 100) == cents
            assert cell.number_format == '#,##0.00 "EUR"'
        assert values[10] == (", ".join(case["tenders"]) or None)
        category = case["complaint_category"]
        assert values[11] == (safe_cell(category) if category else None)
        assert values[12] == case["complaint_severity"]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"], "no cell may be a formula"
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert "'" + EVIL_SUMMARY in texts
    assert "'" + EVIL_CUSTOMER in texts
    assert not [text for text in texts if text[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_an_empty_range_exports_headers_only(cases_day: Any) -> None:
    quiet = date(2026, 6, 1)
    header, *rows = _csv_rows(cases_csv(database=cases_day.database, first_day=quiet))
    assert (tuple(header), rows) == (CASES_CSV_HEADER, [])
    sheet = openpyxl.load_workbook(
        io.BytesIO(cases_xlsx(database=cases_day.database, first_day=quiet))
    ).active
    assert sheet is not None
    assert sheet.max_row == 1


def test_summary_csv_has_every_figure_of_the_daily_summary(cases_day: Any) -> None:
    summary = daily_summary(database=cases_day.database, first_day=DAY)
    header, *rows = _csv_rows(summary_csv(summary))
    assert tuple(header) == SUMMARY_CSV_HEADER
    assert all(len(row) == len(SUMMARY_CSV_HEADER) for row in rows)
    table = {(section, item): (unit, value, amount) for section, item, unit, value, amount in rows}
    start, end = _day_bounds(DAY, DAY)
    counted = cases_day.sql(
        "SELECT case_type, count(*) FROM service_case WHERE created_at >= ? AND created_at < ? "
        "GROUP BY case_type",
        (start, end),
    )
    assert table[("cases", "total")] == ("count", str(sum(n for _, n in counted)), "")
    for case_type, count in counted:
        assert table[("cases_by_type", case_type)] == ("count", str(count), "")
    refunds = dict(
        cases_day.sql(
            "SELECT tender, sum(amount_cents) FROM payment WHERE kind = 'refund' "
            "AND created_at >= ? AND created_at < ? GROUP BY tender",
            (start, end),
        )
    )
    for tender, cents in summary.refunds_by_tender.items():
        assert cents == refunds.get(tender, 0)
        assert table[("refunds_by_tender", tender)] == ("cents", str(cents), _euros(cents))
    total = sum(refunds.values())
    assert total > 0
    assert table[("refunds", "total")] == ("cents", str(total), _euros(total))
    assert table[("cash", "out_of_drawer")][1] == str(summary.cash_out_cents)
    assert table[("returns", "refunds")][1] == str(summary.returns.refunds_cents)
    assert table[("exchanges", "charges")][1] == str(summary.exchanges.charges_cents)
    assert table[("complaints", "refunds")][1] == "1500"
    assert table[("complaints_by_category", CATEGORY)] == ("count", "1", "")
    assert table[("complaints_by_severity", "high")] == ("count", "1", "")
    assert table[("open_cases", "total")][1] == str(summary.open_cases.total)
    assert table[("period", "first_day")] == ("text", DAY.isoformat(), "")
    assert ("last_week", "cases") in table, "a single day carries the weeks before"
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@", "\t", "\r")]
    negative = [row for row in rows if row[3].startswith("-")]
    assert all(row[2] == "cents" for row in negative), "only money values may be negative"


def test_a_range_that_runs_backwards_is_refused(cases_day: Any) -> None:
    with pytest.raises(InputError, match="before the first day"):
        cases_rows(database=cases_day.database, first_day=NEXT_DAY, last_day=DAY)
