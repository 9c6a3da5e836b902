"""The summary's SQL: every figure is counted, summed or ranked by the database.

Each function runs a handful of grouped statements on the caller's session over a
:class:`Window`, the local days turned into UTC instants, so the indexes on the
time columns (``service_case (store_id, created_at)``, ``caseoverride.created_at``,
``productfaultflag.raised_at``, ``walk_in (store_id, business_date)``) serve them.
"""

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from sqlalchemy import Integer, and_, case, cast, exists, func, literal, select, union_all
from sqlalchemy.orm import aliased
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.expression import Executable
from sqlmodel import Session, col

from counter_app.services.summary.figures import (
    Durations,
    FaultFlagRaised,
    OverrideGiven,
    ProductCount,
)
from db.store.models import (
    AuditEvent,
    Case,
    CaseLine,
    CaseOverride,
    ComplaintDetail,
    Product,
    ProductFaultFlag,
    Staff,
    WalkIn,
)

TOP_PRODUCTS = 5
STILL_OPEN = ("open", "in_progress")
# Every time zone's offset from UTC is a whole number of quarter hours, so a quarter
# hour of UTC lies within one local hour, whatever the zone and its daylight saving.
QUARTER_HOUR_SECONDS = 900


@dataclass(frozen=True)
class Window:
    """Local days ``first_day``..``last_day`` as the UTC instants ``[start, end)``."""

    store_id: uuid.UUID
    first_day: date
    last_day: date
    start: datetime
    end: datetime


def fetch_all(session: Session, statement: Executable) -> list[Any]:
    """Every row of a statement, on the session's own connection and snapshot."""
    return list(session.connection().execute(statement).all())


def fetch_one(session: Session, statement: Executable) -> Any:
    """The single row of an aggregate statement."""
    return session.connection().execute(statement).one()


def filled(keys: Iterable[str], rows: Iterable[Any]) -> Mapping[str, int]:
    """Every known key with its count from ``rows`` of (key, value), zero where absent."""
    counts = {key: 0 for key in keys}
    for key, value in rows:
        counts[str(key)] = int(value or 0)
    return MappingProxyType(counts)


def _seconds(start: Any, finish: Any) -> ColumnElement[int]:
    """Whole seconds between two stored UTC times, computed by SQLite."""
    return cast(
        func.round((func.julianday(finish) - func.julianday(start)) * 86400), Integer
    ).label("seconds")


def cases_in(window: Window) -> ColumnElement[bool]:
    """The cases created within the window (served by ``ix_case_store_created``)."""
    return and_(
        col(Case.store_id) == window.store_id,
        col(Case.created_at) >= window.start,
        col(Case.created_at) < window.end,
    )


def case_counts(session: Session, window: Window, column: Any) -> list[Any]:
    """(value, count) of the window's cases grouped by ``column``."""
    return fetch_all(session, select(column, func.count()).where(cases_in(window)).group_by(column))


def _durations(session: Session, samples: Any) -> Durations:
    """Count, average and nearest-rank 90th percentile of a ``seconds`` column."""
    sub = samples.subquery()
    count, average = fetch_one(session, select(func.count(), func.avg(sub.c.seconds)))
    if not count:
        return Durations(0, None, None)
    ranked = select(
        sub.c.seconds,
        func.row_number().over(order_by=sub.c.seconds).label("rank"),
        func.count().over().label("total"),
    ).subquery()
    p90 = fetch_one(
        session,
        select(ranked.c.seconds)
        .where(ranked.c.rank * 10 >= ranked.c.total * 9)
        .order_by(ranked.c.rank)
        .limit(1),
    )[0]
    return Durations(int(count), round(float(average)), int(p90))


def _quarter(column: Any) -> ColumnElement[int]:
    """The quarter hour (counted from the Unix epoch) a stored UTC time falls in, by SQLite."""
    seconds = cast(func.strftime("%s", column), Integer)
    return cast(seconds // QUARTER_HOUR_SECONDS, Integer).label("quarter")


def cases_by_quarter(session: Session, window: Window) -> list[Any]:
    """(quarter hour, count) of the window's cases by the quarter hour they were created in.

    At most 96 rows a day: the caller turns each quarter into the store's local hour.
    """
    quarter = _quarter(col(Case.created_at))
    return fetch_all(
        session, select(quarter, func.count()).where(cases_in(window)).group_by(quarter)
    )


def arrivals_by_quarter(session: Session, window: Window) -> list[Any]:
    """(quarter hour, count) of the customers who came to the counter within the window.

    Walk-ins who joined the queue (served or not), and the window's cases that no
    walk-in became, at their arrival; the same people the waiting figure times.
    """
    walk_quarter = _quarter(col(WalkIn.arrived_at))
    walk_ins = select(walk_quarter).where(
        col(WalkIn.store_id) == window.store_id,
        col(WalkIn.business_date) >= window.first_day,
        col(WalkIn.business_date) <= window.last_day,
        col(WalkIn.arrived_at) >= window.start,
        col(WalkIn.arrived_at) < window.end,
    )
    from_walk_in = exists().where(col(WalkIn.case_id) == col(Case.id))
    cases = select(_quarter(col(Case.arrived_at))).where(cases_in(window), ~from_walk_in)
    arrivals = union_all(walk_ins, cases).subquery()
    return fetch_all(
        session,
        select(arrivals.c.quarter, func.count()).group_by(arrivals.c.quarter),
    )


def waiting(session: Session, window: Window) -> Durations:
    """Walk-ins from arrival to call, and cases no walk-in became from arrival to service."""
    walk_ins = select(_seconds(col(WalkIn.arrived_at), col(WalkIn.called_at))).where(
        col(WalkIn.store_id) == window.store_id,
        col(WalkIn.business_date) >= window.first_day,
        col(WalkIn.business_date) <= window.last_day,
        col(WalkIn.arrived_at) >= window.start,
        col(WalkIn.arrived_at) < window.end,
        col(WalkIn.called_at).is_not(None),
    )
    from_walk_in = exists().where(col(WalkIn.case_id) == col(Case.id))
    cases = select(_seconds(col(Case.arrived_at), col(Case.served_at))).where(
        cases_in(window), col(Case.served_at).is_not(None), ~from_walk_in
    )
    return _durations(session, union_all(walk_ins, cases))


def waiting_p90(session: Session, window: Window) -> int | None:
    """The 90th-percentile wait alone, for the comparison with earlier days."""
    return waiting(session, window).p90_seconds


def resolution(session: Session, window: Window) -> Durations:
    """Cases resolved within the window, from arrival to resolution."""
    samples = select(_seconds(col(Case.arrived_at), col(Case.resolved_at))).where(
        col(Case.store_id) == window.store_id,
        col(Case.resolved_at) >= window.start,
        col(Case.resolved_at) < window.end,
    )
    return _durations(session, samples)


def first_contact_resolved(session: Session, window: Window) -> int:
    """The window's cases settled in the first visit, resolved or closed, never reopened."""
    reopened = exists().where(
        col(AuditEvent.case_id) == col(Case.id), col(AuditEvent.action) == "case.reopened"
    )
    statement = select(func.count()).where(
        cases_in(window),
        col(Case.resolved_first_contact).is_(True),
        col(Case.status).in_(("resolved", "closed")),
        ~reopened,
    )
    return int(fetch_one(session, statement)[0])


def complaint_counts(session: Session, window: Window, column: Any) -> list[Any]:
    """(value, count) of the window's complaints grouped by ``column``."""
    return fetch_all(
        session,
        select(column, func.count())
        .select_from(ComplaintDetail)
        .join(Case, col(Case.id) == col(ComplaintDetail.case_id))
        .where(cases_in(window))
        .group_by(column),
    )


def _ranked(session: Session, statement: Executable) -> tuple[ProductCount, ...]:
    return tuple(
        ProductCount(uuid.UUID(str(product_id)), name, int(quantity), int(cases))
        for product_id, name, quantity, cases in fetch_all(session, statement)
    )


def top_returned(session: Session, window: Window) -> tuple[ProductCount, ...]:
    """The products that came back most (by quantity) in the window's returns and exchanges."""
    quantity = func.sum(col(CaseLine.quantity))
    statement = (
        select(
            col(Product.id),
            col(Product.name),
            quantity,
            func.count(func.distinct(col(CaseLine.case_id))),
        )
        .select_from(CaseLine)
        .join(Case, col(Case.id) == col(CaseLine.case_id))
        .join(Product, col(Product.id) == col(CaseLine.product_id))
        .where(cases_in(window), col(CaseLine.direction) == "in")
        .group_by(col(Product.id), col(Product.name))
        .order_by(quantity.desc(), col(Product.name))
        .limit(TOP_PRODUCTS)
    )
    return _ranked(session, statement)


def most_complained(session: Session, window: Window) -> tuple[ProductCount, ...]:
    """The products named in most of the window's complaints."""
    complaints = func.count()
    statement = (
        select(col(Product.id), col(Product.name), complaints, complaints)
        .select_from(ComplaintDetail)
        .join(Case, col(Case.id) == col(ComplaintDetail.case_id))
        .join(Product, col(Product.id) == col(ComplaintDetail.product_id))
        .where(cases_in(window))
        .group_by(col(Product.id), col(Product.name))
        .order_by(complaints.desc(), col(Product.name))
        .limit(TOP_PRODUCTS)
    )
    return _ranked(session, statement)


def fault_flags(session: Session, window: Window) -> tuple[FaultFlagRaised, ...]:
    """Products flagged as possibly faulty within the window, oldest first."""
    rows = fetch_all(
        session,
        select(
            col(Product.id),
            col(Product.name),
            col(ProductFaultFlag.raised_at),
            col(ProductFaultFlag.complaints),
            col(ProductFaultFlag.returns),
            col(ProductFaultFlag.window_days),
            col(ProductFaultFlag.cleared_at).is_not(None),
        )
        .select_from(ProductFaultFlag)
        .join(Product, col(Product.id) == col(ProductFaultFlag.product_id))
        .where(
            col(ProductFaultFlag.store_id) == window.store_id,
            col(ProductFaultFlag.raised_at) >= window.start,
            col(ProductFaultFlag.raised_at) < window.end,
        )
        .order_by(col(ProductFaultFlag.raised_at)),
    )
    return tuple(
        FaultFlagRaised(uuid.UUID(str(pid)), name, at, int(c), int(r), int(w), bool(cleared))
        for pid, name, at, c, r, w, cleared in rows
    )


def overrides(session: Session, window: Window) -> tuple[OverrideGiven, ...]:
    """Managers' approvals and goodwill within the window, with names, oldest first."""
    manager = aliased(Staff)
    clerk = aliased(Staff)
    rows = fetch_all(
        session,
        select(
            col(Case.number),
            col(CaseOverride.kind),
            col(manager.name),
            col(clerk.name),
            col(CaseOverride.reason),
            col(CaseOverride.amount_cents),
            col(CaseOverride.created_at),
        )
        .select_from(CaseOverride)
        .join(Case, col(Case.id) == col(CaseOverride.case_id))
        .join(manager, col(manager.id) == col(CaseOverride.manager_id))
        .join(clerk, col(clerk.id) == col(CaseOverride.clerk_id))
        .where(
            col(CaseOverride.store_id) == window.store_id,
            col(CaseOverride.created_at) >= window.start,
            col(CaseOverride.created_at) < window.end,
        )
        .order_by(col(CaseOverride.created_at), col(Case.number)),
    )
    return tuple(
        OverrideGiven(number, kind, by, for_clerk, reason, int(cents), at)
        for number, kind, by, for_clerk, reason, cents, at in rows
    )


def open_case_ages(
    session: Session, window: Window, age_starts: Mapping[str, datetime]
) -> list[Any]:
    """(age bucket, count) of cases open at the window's end; buckets by opening instant.

    ``age_starts`` maps each bucket to the earliest instant it takes, youngest
    first; cases older than every start fall in ``"older"``.
    """
    bucket = case(
        *((col(Case.created_at) >= start, literal(name)) for name, start in age_starts.items()),
        else_=literal("older"),
    )
    return fetch_all(
        session,
        select(bucket, func.count())
        .where(
            col(Case.store_id) == window.store_id,
            col(Case.status).in_(STILL_OPEN),
            col(Case.created_at) < window.end,
        )
        .group_by(bucket),
    )


def follow_ups(session: Session, window: Window) -> tuple[int, int]:
    """Open complaints whose follow-up is the last day, and those whose follow-up is before."""
    due = col(ComplaintDetail.follow_up_on)
    today, overdue = fetch_one(
        session,
        select(
            func.coalesce(func.sum(case((due == window.last_day, 1), else_=0)), 0),
            func.coalesce(func.sum(case((due < window.last_day, 1), else_=0)), 0),
        )
        .select_from(ComplaintDetail)
        .join(Case, col(Case.id) == col(ComplaintDetail.case_id))
        .where(
            col(Case.store_id) == window.store_id,
            col(Case.status).in_(STILL_OPEN),
            col(Case.created_at) < window.end,
            due <= window.last_day,
        ),
    )
    return int(today), int(overdue)
