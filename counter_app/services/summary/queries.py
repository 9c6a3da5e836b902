"""The summary's SQL: each table of a window is read once, grouped by every key needed.

Each function runs one statement on the caller's session over a :class:`Window`,
the local days turned into UTC instants, so the indexes on the time columns
(``service_case (store_id, created_at)``, ``payment (store_id, created_at)``,
``caseoverride.created_at``, ``productfaultflag.raised_at``, ``walk_in
(store_id, business_date)``) serve them. The database counts and sums; the
caller adds the groups up by each key and ranks the few products, and the
durations' percentiles are taken from one small integer column per row. Schema
0008 makes the window's case index carry what these statements read of a case,
so none of them reads the cases' rows.
"""

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    String,
    Uuid,
    and_,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal,
    literal_column,
    select,
    text,
    type_coerce,
    union_all,
)
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
from db.types import UTCDateTime

TOP_PRODUCTS = 5
# Types the statements cast to or bind with, made once: SQLAlchemy works out each type
# instance's cache key anew (about 10 ms a summary when every call made its own).
_WHOLE = Integer()
_TEXT = String()
_ID = Uuid()
_INSTANT = UTCDateTime()
_DAY = Date()
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
    return cast(func.round((func.julianday(finish) - func.julianday(start)) * 86400), _WHOLE).label(
        "seconds"
    )


def cases_in(window: Window) -> ColumnElement[bool]:
    """The cases created within the window (served by ``ix_case_store_created``)."""
    return and_(
        col(Case.store_id) == window.store_id,
        col(Case.created_at) >= window.start,
        col(Case.created_at) < window.end,
    )


def durations(samples: Iterable[int | None]) -> Durations:
    """Count, average and nearest-rank 90th percentile of whole seconds (``None`` ones skipped).

    The samples are one small integer column of the window's rows; sorting them here
    costs less than a second statement that ranks them again in SQL.
    """
    ordered = sorted(seconds for seconds in samples if seconds is not None)
    if not ordered:
        return Durations(0, None, None)
    rank = -(-9 * len(ordered) // 10)  # ceil(0.9 n): the smallest that 90 % do not exceed
    return Durations(len(ordered), round(sum(ordered) / len(ordered)), ordered[rank - 1])


def _quarter(column: Any) -> ColumnElement[int]:
    """The quarter hour (counted from the Unix epoch) a stored UTC time falls in, by SQLite."""
    seconds = cast(func.strftime("%s", column), _WHOLE)
    return cast(seconds // QUARTER_HOUR_SECONDS, _WHOLE).label("quarter")


def case_groups(session: Session, window: Window) -> list[Any]:
    """The window's cases in one read: (type, status, quarter hour, count, first-contact count).

    The caller adds the groups up by type, by status and by local hour. A case
    counts as settled at first contact when it is resolved or closed, carries the
    case's first-contact mark and was never reopened (the reopening check runs
    only for the cases that pass the other two).
    """
    # A literal, not a parameter: it is what lets SQLite use ix_auditevent_case_reopened.
    reopened = exists().where(
        col(AuditEvent.case_id) == col(Case.id),
        col(AuditEvent.action) == literal_column("'case.reopened'"),
    )
    settled = and_(
        col(Case.resolved_first_contact).is_(True),
        col(Case.status).in_(("resolved", "closed")),
        ~reopened,
    )
    quarter = _quarter(col(Case.created_at))
    return fetch_all(
        session,
        select(
            col(Case.case_type),
            col(Case.status),
            quarter,
            func.count(),
            func.sum(case((settled, 1), else_=0)),
        )
        .where(cases_in(window))
        .group_by(col(Case.case_type), col(Case.status), quarter),
    )


def window_place(number: int) -> ColumnElement[int]:
    """A window's place among a few read in one statement, as the first column of its rows."""
    return literal(number, _WHOLE)


def case_counts(session: Session, windows: Sequence[Window]) -> list[Any]:
    """(window's place in ``windows``, cases in it) for a few windows, in one statement.

    Each window is counted on the index alone; a window without cases has no row.
    """
    return fetch_all(
        session,
        union_all(
            *(
                select(window_place(number), func.count()).where(cases_in(window))
                for number, window in enumerate(windows)
            )
        ),
    )


def _arrivals_of(window: Window, *columns: Any) -> Any:
    """The customers who came within the window: walk-ins, and cases no walk-in became.

    Walk-ins who joined the queue (served or not) are timed from arrival to call,
    the others from arrival to being served; ``columns`` lead each row.
    """
    walk_ins = select(
        *columns,
        _quarter(col(WalkIn.arrived_at)),
        _seconds(col(WalkIn.arrived_at), col(WalkIn.called_at)),
    ).where(
        col(WalkIn.store_id) == window.store_id,
        col(WalkIn.business_date) >= window.first_day,
        col(WalkIn.business_date) <= window.last_day,
        col(WalkIn.arrived_at) >= window.start,
        col(WalkIn.arrived_at) < window.end,
    )
    cases = select(
        *columns,
        _quarter(col(Case.arrived_at)),
        _seconds(col(Case.arrived_at), col(Case.served_at)),
    ).where(cases_in(window), col(Case.from_walk_in).is_(False))
    return walk_ins, cases


def arrivals(session: Session, window: Window) -> list[Any]:
    """(quarter hour, seconds waited or ``None``) of each customer who came within the window.

    The people both the arrivals by hour and the waiting figure count, read once.
    """
    return fetch_all(session, union_all(*_arrivals_of(window)))


def waits_of(session: Session, windows: Sequence[Window]) -> list[Any]:
    """(window's place in ``windows``, seconds waited or ``None``) for a few windows at once."""
    parts = [
        part
        for number, window in enumerate(windows)
        for part in _arrivals_of(window, window_place(number))
    ]
    waits = union_all(*parts).subquery()
    return fetch_all(session, select(waits.c[0], waits.c[2]))


def resolution(session: Session, window: Window) -> Durations:
    """Cases resolved within the window, from arrival to resolution."""
    samples = select(_seconds(col(Case.arrived_at), col(Case.resolved_at))).where(
        col(Case.store_id) == window.store_id,
        col(Case.resolved_at) >= window.start,
        col(Case.resolved_at) < window.end,
    )
    return durations(seconds for (seconds,) in fetch_all(session, samples))


def complaint_groups(session: Session, window: Window) -> list[Any]:
    """The window's complaints in one read: (category, severity, product id, name, count)."""
    columns = (
        col(ComplaintDetail.category),
        col(ComplaintDetail.severity),
        _as_text(col(Product.id)),
        col(Product.name),
    )
    return fetch_all(
        session,
        select(*columns, func.count())
        .select_from(ComplaintDetail)
        .join(Case, col(Case.id) == col(ComplaintDetail.case_id))
        .outerjoin(Product, col(Product.id) == col(ComplaintDetail.product_id))
        .where(cases_in(window))
        .group_by(*columns),
    )


def line_groups(session: Session, window: Window) -> list[Any]:
    """The lines of the window's cases in one read, by product and direction.

    Rows of (product id, name, direction, quantity, cases, restocking fees); a line
    without a product has ``None`` for both. The lines are grouped before the
    products are looked up, so each product's name is read once.
    """
    grouped = (
        select(
            col(CaseLine.product_id).label("product_id"),
            col(CaseLine.direction).label("direction"),
            func.sum(col(CaseLine.quantity)).label("quantity"),
            func.count(func.distinct(col(CaseLine.case_id))).label("cases"),
            func.coalesce(func.sum(col(CaseLine.restocking_fee_cents)), 0).label("fees"),
        )
        .select_from(Case)
        .join(CaseLine, col(CaseLine.case_id) == col(Case.id))
        .where(cases_in(window))
        .group_by(col(CaseLine.product_id), col(CaseLine.direction))
        .subquery()
    )
    return fetch_all(
        session,
        select(
            _as_text(col(Product.id)),
            col(Product.name),
            grouped.c.direction,
            grouped.c.quantity,
            grouped.c.cases,
            grouped.c.fees,
        )
        .select_from(grouped)
        .outerjoin(Product, col(Product.id) == grouped.c.product_id),
    )


def _as_text(column: Any) -> ColumnElement[str]:
    """A column read as the text SQLite holds: ids of grouped rows become UUIDs only if shown."""
    return type_coerce(column, _TEXT)


def ranked(counts: Iterable[tuple[str, str, int, int]]) -> tuple[ProductCount, ...]:
    """The :data:`TOP_PRODUCTS` of (product id, name, quantity, cases), most first, then by name.

    The database has already grouped the rows by product: this orders the groups.
    """
    top = sorted(counts, key=lambda product: (-product[2], product[1]))[:TOP_PRODUCTS]
    return tuple(
        ProductCount(uuid.UUID(product), name, quantity, cases)
        for product, name, quantity, cases in top
    )


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


def open_cases(session: Session, window: Window, age_starts: Mapping[str, datetime]) -> list[Any]:
    """Cases open at the window's end, by age: (bucket, count, follow-ups due, overdue).

    ``age_starts`` maps each bucket to the earliest instant it takes, youngest
    first; cases older than every start fall in ``"older"``. The last two count
    the open complaints whose follow-up date is the last day, or before it.

    Written as text for its ``INDEXED BY``: SQLite would look each open case's
    complaint up by its key and read the row, where the follow-up dates' own
    index answers alone; and the left join keeps the open cases leading, whatever
    the statistics say.
    """
    buckets = " ".join(
        f"WHEN c.created_at >= :start_{number} THEN :bucket_{number}"
        for number in range(len(age_starts))
    )
    statement = text(
        f"""
        SELECT CASE {buckets} ELSE 'older' END AS bucket, count(*),
               sum(CASE WHEN d.follow_up_on = :last_day THEN 1 ELSE 0 END),
               sum(CASE WHEN d.follow_up_on < :last_day THEN 1 ELSE 0 END)
        FROM service_case AS c
        LEFT JOIN complaintdetail AS d INDEXED BY ix_complaint_case_follow_up
               ON d.case_id = c.id AND d.follow_up_on IS NOT NULL
        WHERE c.store_id = :store_id AND c.status IN ('open', 'in_progress')
              AND c.created_at < :end
        GROUP BY bucket
        """  # noqa: S608 (only numbered parameter names are formatted in)
    ).bindparams(
        bindparam("store_id", window.store_id, type_=_ID),
        bindparam("end", window.end, type_=_INSTANT),
        bindparam("last_day", window.last_day, type_=_DAY),
        *(
            bindparam(f"start_{number}", start, type_=_INSTANT)
            for number, start in enumerate(age_starts.values())
        ),
        *(bindparam(f"bucket_{number}", name) for number, name in enumerate(age_starts)),
    )
    return fetch_all(session, statement)
