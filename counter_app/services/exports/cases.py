"""The cases of a range of store-local days, one row each, read with a single SQL statement.

The same cases the daily summary counts (created within the days), with the
money paid on each summed by the database: refunds, charges and the tenders
used. The customer appears by name only; phone and email stay in the store.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlmodel import col

from counter_app.services.store_setup import load_store, store_zone
from counter_app.services.summary.queries import Window, cases_in, fetch_all
from counter_app.services.summary.service import checked_days, day_window
from db.store.database import StoreDatabase
from db.store.models import Case, ComplaintDetail, Customer, Payment, Staff


@dataclass(frozen=True)
class CaseRow:
    """One case as the exports show it; times are aware, in the store's time zone."""

    id: uuid.UUID
    number: str
    case_type: str
    status: str
    opened_at: datetime
    resolved_at: datetime | None
    staff: str
    customer: str | None
    summary: str
    refunds_cents: int
    charges_cents: int
    tenders: tuple[str, ...]
    complaint_category: str | None
    complaint_severity: str | None


@dataclass(frozen=True)
class CaseTable:
    """The cases of ``first_day``..``last_day`` with what a file needs to show them."""

    first_day: date
    last_day: date
    timezone: str
    currency: str
    rows: tuple[CaseRow, ...]


def _statement(window: Window) -> Select[Any]:
    """Cases joined to staff, customer, complaint and their payments, summed per case."""
    amount = col(Payment.amount_cents)
    kind = col(Payment.kind)
    return (
        select(
            col(Case.id),
            col(Case.number),
            col(Case.case_type),
            col(Case.status),
            col(Case.created_at),
            col(Case.resolved_at),
            col(Staff.name),
            col(Customer.name),
            col(Case.summary),
            func.coalesce(func.sum(case((kind == "refund", amount), else_=0)), 0),
            func.coalesce(func.sum(case((kind == "charge", amount), else_=0)), 0),
            func.group_concat(func.distinct(col(Payment.tender))),
            col(ComplaintDetail.category),
            col(ComplaintDetail.severity),
        )
        .select_from(Case)
        .join(Staff, col(Staff.id) == col(Case.staff_id))
        .outerjoin(Customer, col(Customer.id) == col(Case.customer_id))
        .outerjoin(ComplaintDetail, col(ComplaintDetail.case_id) == col(Case.id))
        .outerjoin(Payment, col(Payment.case_id) == col(Case.id))
        .where(cases_in(window))
        .group_by(
            col(Case.id),
            col(Staff.name),
            col(Customer.name),
            col(ComplaintDetail.category),
            col(ComplaintDetail.severity),
        )
        .order_by(col(Case.created_at), col(Case.number))
    )


def case_table(
    *, database: StoreDatabase, first_day: date, last_day: date | None = None
) -> CaseTable:
    """The cases created within the store's local days ``first_day`` to ``last_day``.

    Raises:
        InputError: a day is not a date, the last day is before the first, or the
            range is longer than a year.
        NotFoundError: no store is set up.
    """
    first, last = checked_days(first_day, last_day)
    with database.read() as session:
        store = load_store(session)
        zone = store_zone(store.timezone)
        window = day_window(session, store, first, last)
        found = fetch_all(session, _statement(window))
        timezone, currency = store.timezone, store.currency
    rows = tuple(
        CaseRow(
            id=uuid.UUID(str(case_id)),
            number=number,
            case_type=case_type,
            status=status,
            opened_at=opened.astimezone(zone),
            resolved_at=None if resolved is None else resolved.astimezone(zone),
            staff=staff,
            customer=customer,
            summary=summary,
            refunds_cents=int(refunds),
            charges_cents=int(charges),
            tenders=tuple(sorted(tenders.split(","))) if tenders else (),
            complaint_category=category,
            complaint_severity=severity,
        )
        for (
            case_id,
            number,
            case_type,
            status,
            opened,
            resolved,
            staff,
            customer,
            summary,
            refunds,
            charges,
            tenders,
            category,
            severity,
        ) in found
    )
    return CaseTable(first, last, timezone, currency, rows)


def cases_rows(
    *, database: StoreDatabase, first_day: date, last_day: date | None = None
) -> Sequence[CaseRow]:
    """The rows of :func:`case_table` alone, oldest case first."""
    return case_table(database=database, first_day=first_day, last_day=last_day).rows
