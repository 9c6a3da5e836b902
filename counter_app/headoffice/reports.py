"""Daily figures per store and business day, for head office and its accountants.

Three GROUP BY queries over ``ho_case`` and ``ho_payment`` do the counting in
the database (a year of a chain's cases never passes through Python row by
row); this module only arranges their few result rows. The business day is the
store's own calendar day, fixed when the event arrived (see ``projections``).
"""

import csv
import io
import re
import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func
from sqlalchemy import select as sql_select
from sqlmodel import Session, col, select

from counter_app.domain.spreadsheet_cells import safe_cell
from counter_app.domain.sync_protocol import STORE_CODE_PATTERN
from counter_app.headoffice.projections import CASE_TYPES
from db.headoffice.models import HeadOfficeStore, ReportedCase, ReportedPayment

MAX_REPORT_DAYS = 366
MAX_STORE_FILTER = 500
TENDERS = ("cash", "card", "store_credit", "original")
NO_CATEGORY = "(no category)"
CSV_HEADER = ("store", "business_day", "measure", "item", "count", "amount_cents")


class ReportRequestError(ValueError):
    """A report asked for with a bad range or store; the message names what to change."""


class RefundTotal(BaseModel):
    """Refunds of one tender on one day: how many and how much."""

    count: int = 0
    amount_cents: int = 0


class StoreDay(BaseModel):
    """One store's figures for one business day."""

    store: str
    business_day: date
    cases: dict[str, int] = Field(description="cases opened, by type")
    refunds: dict[str, RefundTotal] = Field(description="refunds paid, by tender")
    complaints: dict[str, int] = Field(description="complaints opened, by category")


class DailyReport(BaseModel):
    """The figures of the stores asked for, per store and business day (days with activity)."""

    model_config = ConfigDict(populate_by_name=True)

    first_day: date = Field(alias="from")
    last_day: date = Field(alias="to")
    stores: list[str] = Field(description="the stores the report covers, by code")
    days: list[StoreDay]


def check_range(first: date, last: date) -> None:
    """Refuse a backwards range or one longer than a (leap) year.

    Raises:
        ReportRequestError: the range is backwards or too long.
    """
    if first > last:
        raise ReportRequestError(
            f"'from' ({first.isoformat()}) is after 'to' ({last.isoformat()}); "
            "give the earlier day first."
        )
    days = (last - first).days + 1
    if days > MAX_REPORT_DAYS:
        raise ReportRequestError(
            f"The range {first.isoformat()} to {last.isoformat()} spans {days} days; "
            f"ask for at most {MAX_REPORT_DAYS} days at a time."
        )


def _stores(session: Session, codes: Sequence[str] | None) -> dict[uuid.UUID, str]:
    """Store id -> code of the stores asked for (every store when ``codes`` is None)."""
    query = select(HeadOfficeStore.id, HeadOfficeStore.code)
    if codes is not None:
        if len(codes) > MAX_STORE_FILTER:
            raise ReportRequestError(
                f"{len(codes)} stores were named; name at most {MAX_STORE_FILTER}, "
                "or none for every store."
            )
        wanted = {code.strip().upper() for code in codes}
        malformed = sorted(code for code in wanted if not re.match(STORE_CODE_PATTERN, code))
        if malformed:
            raise ReportRequestError(
                f"Not a store code: {', '.join(repr(code) for code in malformed)}."
            )
        query = query.where(col(HeadOfficeStore.code).in_(wanted))
        found = {store_id: code for store_id, code in session.exec(query).all()}
        unknown = sorted(wanted - set(found.values()))
        if unknown:
            raise ReportRequestError(f"No store is registered as {', '.join(unknown)}.")
        return found
    return {store_id: code for store_id, code in session.exec(query).all()}


def daily_report(
    session: Session, first: date, last: date, store_codes: Sequence[str] | None = None
) -> DailyReport:
    """Cases by type, refunds by tender and complaints by category, per store and day.

    Args:
        session: a reading session on the head-office database.
        first: the first business day, included.
        last: the last business day, included.
        store_codes: the stores to report on; None for every store.

    Raises:
        ReportRequestError: a bad range, or a store code that is malformed or unknown.
    """
    check_range(first, last)
    stores = _stores(session, store_codes)
    report = DailyReport(first_day=first, last_day=last, stores=sorted(stores.values()), days=[])
    if not stores:
        return report
    # Every store: no IN list (a chain may have hundreds); a filter: the ids asked for.
    case_store = col(ReportedCase.store_id)
    payment_store = col(ReportedPayment.store_id)
    case_filter: list[Any] = [col(ReportedCase.business_day).between(first, last)]
    payment_filter: list[Any] = [
        col(ReportedPayment.business_day).between(first, last),
        col(ReportedPayment.kind) == "refund",
    ]
    if store_codes is not None:
        case_filter.append(case_store.in_(list(stores)))
        payment_filter.append(payment_store.in_(list(stores)))

    def rows(query: Any) -> Sequence[Any]:
        return session.connection().execute(query).all()

    days: dict[tuple[str, date], StoreDay] = {}

    def day_of(store_id: uuid.UUID, day: date) -> StoreDay:
        key = (stores[store_id], day)
        if key not in days:
            days[key] = StoreDay(
                store=key[0],
                business_day=day,
                cases=dict.fromkeys(CASE_TYPES, 0),
                refunds={tender: RefundTotal() for tender in TENDERS},
                complaints={},
            )
        return days[key]

    case_type = col(ReportedCase.case_type)
    case_day = col(ReportedCase.business_day)
    for store_id, day, kind, count in rows(
        sql_select(case_store, case_day, case_type, func.count())
        .where(*case_filter)
        .group_by(case_store, case_day, case_type)
    ):
        if store_id in stores:
            day_of(store_id, day).cases[kind] = int(count)

    category = col(ReportedCase.complaint_category)
    for store_id, day, name, count in rows(
        sql_select(case_store, case_day, category, func.count())
        .where(*case_filter, case_type == "complaint")
        .group_by(case_store, case_day, category)
    ):
        if store_id in stores:
            complaints = day_of(store_id, day).complaints
            label = NO_CATEGORY if name is None else str(name)
            complaints[label] = complaints.get(label, 0) + int(count)

    tender = col(ReportedPayment.tender)
    payment_day = col(ReportedPayment.business_day)
    for store_id, day, paid_by, count, cents in rows(
        sql_select(
            payment_store,
            payment_day,
            tender,
            func.count(),
            func.coalesce(func.sum(col(ReportedPayment.amount_cents)), 0),
        )
        .where(*payment_filter)
        .group_by(payment_store, payment_day, tender)
    ):
        if store_id in stores:
            day_of(store_id, day).refunds[paid_by] = RefundTotal(
                count=int(count), amount_cents=int(cents)
            )

    report.days = [days[key] for key in sorted(days)]
    return report


def spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet shows as text: a leading ``'`` defuses a would-be formula."""
    return safe_cell(text)


def csv_rows(report: DailyReport) -> list[tuple[str, ...]]:
    """The report as one row per store, day and measure, under ``CSV_HEADER``.

    A long table (not one column per category) keeps one header whatever the
    stores' complaint categories are, and a spreadsheet's pivot table turns it
    into any layout the accountant wants. Amounts are integer cents, which no
    locale's decimal separator can misread.
    """
    rows: list[tuple[str, ...]] = [CSV_HEADER]
    for day in report.days:
        head = (spreadsheet_safe(day.store), day.business_day.isoformat())
        for kind, count in day.cases.items():
            rows.append((*head, "cases", kind, str(count), ""))
        for paid_by, total in day.refunds.items():
            rows.append((*head, "refunds", paid_by, str(total.count), str(total.amount_cents)))
        for name, count in sorted(day.complaints.items()):
            rows.append((*head, "complaints", spreadsheet_safe(name), str(count), ""))
    return rows


def daily_report_csv(report: DailyReport) -> str:
    """The report as CSV text, with a byte-order mark so spreadsheets read it as UTF-8."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer).writerows(csv_rows(report))
    return buffer.getvalue()


def csv_filename(report: DailyReport) -> str:
    """A file name that says what the CSV holds."""
    return f"counter-daily-{report.first_day.isoformat()}-to-{report.last_day.isoformat()}.csv"
