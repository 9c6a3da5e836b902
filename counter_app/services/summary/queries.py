"""The summary's SQL: each table of a window is read once, grouped by every key needed.

Each function runs one statement on the caller's session over a :class:`Window`,
the local days turned into UTC instants, so the indexes on the time columns
(``service_case (store_id, created_at)``, ``payment (store_id, created_at)``,
``caseoverride.created_at``, ``productfaultflag.raised_at``, ``walk_in
(store_id, business_date)``) serve them. Schema 0008 makes the window's case
index carry what these statements read of a case, so none of them reads the
cases' rows.

The statements are SQL text, written once and sent through the session's own
connection with ``exec_driver_sql``, and their rows are read from the DBAPI
cursor: SQLAlchemy building, keying and compiling the statements, and making a
``Row`` of each of the thousands of durations, took a day's summary longer than
SQLite's reading. SQLite also places each case and arrival in the store's local
hour (:func:`utc_offsets`), so the cases come back as a few dozen groups
whatever the window's length. The values are bound as the file holds them
(:func:`stored_instant`, ``UUID.hex``, ISO dates).
"""

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.expression import Executable
from sqlmodel import Session, col

from counter_app.services.summary.figures import (
    Durations,
    FaultFlagRaised,
    OverrideGiven,
    ProductCount,
)
from db.store.models import Case

TOP_PRODUCTS = 5
HOURS_A_DAY = 24
# Every time zone's offset from UTC is a whole number of quarter hours, so a quarter
# hour of UTC lies within one local hour, whatever the zone and its daylight saving.
QUARTER_HOUR_SECONDS = 900
# How far apart the offset from UTC is sampled when looking for clock changes: far less
# than the months between a zone's changes, so none is missed.
_OFFSET_SAMPLE = timedelta(hours=6)

Params = dict[str, Any]


@dataclass(frozen=True)
class Window:
    """Local days ``first_day``..``last_day`` as the UTC instants ``[start, end)``."""

    store_id: uuid.UUID
    first_day: date
    last_day: date
    start: datetime
    end: datetime


def stored_instant(moment: datetime) -> str:
    """An aware instant as the store file holds it: naive UTC text, to the microsecond.

    The same text SQLAlchemy writes for ``UTCDateTime`` columns, so comparisons
    in SQL order instants correctly and stay on the time indexes.
    """
    if moment.tzinfo is None:
        raise ValueError("naive datetime given for a stored UTC time; pass an aware datetime")
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def read_instant(stored: str) -> datetime:
    """A stored UTC time read back as an aware instant."""
    return datetime.fromisoformat(stored).replace(tzinfo=UTC)


def window_params(window: Window, suffix: str = "") -> Params:
    """The window's bounds as bound parameters (``store_id``, ``start``, ``end``, the days)."""
    return {
        "store_id": window.store_id.hex,
        f"start{suffix}": stored_instant(window.start),
        f"end{suffix}": stored_instant(window.end),
        f"first_day{suffix}": window.first_day.isoformat(),
        f"last_day{suffix}": window.last_day.isoformat(),
    }


def rows_of(session: Session, sql: str, params: Params) -> list[tuple[Any, ...]]:
    """Every row of an SQL text as the driver's tuples, on the session's connection and snapshot.

    Sent through SQLAlchemy (so its events see it), read from the DBAPI cursor:
    the durations come as one row per case or customer (tens of thousands in a
    month), and a SQLAlchemy ``Row`` for each costs more than SQLite's reading them.
    """
    result = session.connection().exec_driver_sql(sql, params)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def fetch_all(session: Session, statement: Executable) -> list[Any]:
    """Every row of a statement, on the session's own connection and snapshot."""
    return list(session.connection().execute(statement).all())


def filled(keys: Iterable[str], rows: Iterable[Any]) -> Mapping[str, int]:
    """Every known key with its count from ``rows`` of (key, value), zero where absent."""
    counts = {key: 0 for key in keys}
    for key, value in rows:
        counts[str(key)] = int(value or 0)
    return MappingProxyType(counts)


def cases_in(window: Window) -> ColumnElement[bool]:
    """The cases created within the window (served by ``ix_case_store_created``)."""
    return and_(
        col(Case.store_id) == window.store_id,
        col(Case.created_at) >= window.start,
        col(Case.created_at) < window.end,
    )


# SQL pieces. Whole seconds between two stored UTC times; the quarter hour (counted from
# the Unix epoch) a stored time falls in.
def _seconds_sql(start: str, finish: str) -> str:
    return f"CAST(round((julianday({finish}) - julianday({start})) * 86400) AS INTEGER)"


def _quarter_sql(column: str) -> str:
    return f"(CAST(strftime('%s', {column}) AS INTEGER) / {QUARTER_HOUR_SECONDS})"


def _local_hour_sql(column: str, spans: int) -> str:
    """The store-local hour of day of a stored UTC time's quarter hour, in SQL.

    ``spans`` is how many spans of one offset from UTC the window has (see
    :func:`utc_offsets`): bound as ``offset_0``, and for each later span the
    quarter hour it starts at (``from_1``...) and its offset (``offset_1``...).
    """
    quarter = _quarter_sql(column)
    offset = " ".join(
        f"WHEN {quarter} >= :from_{number} THEN :offset_{number}"
        for number in reversed(range(1, spans))
    )
    offset = f"CASE {offset} ELSE :offset_0 END" if offset else ":offset_0"
    return f"(({quarter} * {QUARTER_HOUR_SECONDS} + {offset}) / 3600 % 24)"


def _offset_seconds(zone: ZoneInfo, quarter: int) -> int:
    moment = datetime.fromtimestamp(quarter * QUARTER_HOUR_SECONDS, UTC).astimezone(zone)
    offset = moment.utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def utc_offsets(zone: ZoneInfo, start: datetime, end: datetime) -> list[tuple[int, int]]:
    """(first quarter hour, offset from UTC in seconds) of each span of one clock, start to end.

    A day has one span, or two on the day the clocks change. Each quarter hour
    is placed by the offset at its start, as the store's clock showed it; the
    first span's offset also holds before ``start``, the last one's after ``end``.
    """
    first = int(start.timestamp()) // QUARTER_HOUR_SECONDS
    last = int(end.timestamp()) // QUARTER_HOUR_SECONDS
    step = int(_OFFSET_SAMPLE.total_seconds()) // QUARTER_HOUR_SECONDS
    spans = [(first, _offset_seconds(zone, first))]
    quarter = first
    while quarter < last:
        ahead = min(quarter + step, last)
        if _offset_seconds(zone, ahead) == spans[-1][1]:
            quarter = ahead
            continue
        same, changed = quarter, ahead  # the change lies after ``same``, at ``changed`` at most
        while changed - same > 1:
            middle = (same + changed) // 2
            if _offset_seconds(zone, middle) == spans[-1][1]:
                same = middle
            else:
                changed = middle
        spans.append((changed, _offset_seconds(zone, changed)))
        quarter = changed
    return spans


def clock_params(spans: Sequence[tuple[int, int]]) -> Params:
    """The spans of :func:`utc_offsets` as the parameters :func:`_local_hour_sql` names."""
    params: Params = {"offset_0": spans[0][1]}
    for number, (first_quarter, offset) in enumerate(spans[1:], start=1):
        params[f"from_{number}"] = first_quarter
        params[f"offset_{number}"] = offset
    return params


def durations(samples: Iterable[int | None]) -> Durations:
    """Count, average and nearest-rank 90th percentile of whole seconds (``None`` ones skipped).

    The samples are one small integer column of the window's rows; sorting them here
    costs less than having SQLite rank them (its window functions sort several times).
    """
    ordered = [seconds for seconds in samples if seconds is not None]
    ordered.sort()
    if not ordered:
        return Durations(0, None, None)
    rank = -(-9 * len(ordered) // 10)  # ceil(0.9 n): the smallest that 90 % do not exceed
    return Durations(len(ordered), round(sum(ordered) / len(ordered)), ordered[rank - 1])


@cache
def _case_groups_sql(spans: int) -> str:
    return f"""
        SELECT case_type, status, {_local_hour_sql("created_at", spans)} AS hour, count(*),
               sum(CASE WHEN resolved_first_contact IS 1 AND status IN ('resolved', 'closed')
                         AND NOT EXISTS (SELECT 1 FROM auditevent
                                         WHERE auditevent.case_id = service_case.id
                                           AND auditevent.action = 'case.reopened')
                        THEN 1 ELSE 0 END)
        FROM service_case
        WHERE store_id = :store_id AND created_at >= :start AND created_at < :end
        GROUP BY case_type, status, hour
    """  # noqa: S608 (only this module's own SQL is formatted in)


def case_groups(session: Session, window: Window, clock: Sequence[tuple[int, int]]) -> list[Any]:
    """The window's cases in one read: (type, status, local hour, count, first-contact count).

    The caller adds the groups up by type, by status and by hour. A case
    counts as settled at first contact when it is resolved or closed, carries the
    case's first-contact mark and was never reopened (the reopening check runs
    only for the cases that pass the other two; the action is a literal, which
    is what lets SQLite use ``ix_auditevent_case_reopened``).
    """
    return rows_of(
        session, _case_groups_sql(len(clock)), window_params(window) | clock_params(clock)
    )


def per_window_sql(part: Callable[[int], str], windows: int) -> str:
    """One statement for a few windows: ``part`` of each window's place, joined by UNION ALL.

    Each part reads its window's bounds as numbered by :func:`several_params`
    (``:start0``, ``:end0``, ...) and leads with the place, so the rows say
    which window they belong to.
    """
    return " UNION ALL ".join(part(number) for number in range(windows))


def _case_count_sql(number: int) -> str:
    return (
        f"SELECT {number}, count(*) FROM service_case"  # noqa: S608 (numbers only)
        f" WHERE store_id = :store_id"
        f" AND created_at >= :start{number} AND created_at < :end{number}"
    )


@cache
def _case_counts_sql(windows: int) -> str:
    return per_window_sql(_case_count_sql, windows)


def several_params(windows: Sequence[Window]) -> Params:
    """The bounds of a few windows read in one statement, numbered by their place."""
    params: Params = {}
    for number, window in enumerate(windows):
        params |= window_params(window, str(number))
    return params


def case_counts(session: Session, windows: Sequence[Window]) -> list[Any]:
    """(window's place in ``windows``, cases in it) for a few windows, in one statement.

    Each window is counted on the index alone.
    """
    return rows_of(session, _case_counts_sql(len(windows)), several_params(windows))


def _arrivals_sql(lead: str, suffix: str = "") -> str:
    """The customers who came within a window, as rows of (``lead``, seconds waited).

    Walk-ins who joined the queue (served or not) are timed from arrival to call,
    cases no walk-in became from arrival to being served. ``lead`` is an SQL
    expression of the row's ``arrived_at`` (its hour) or a window's place.
    """
    return f"""
        SELECT {lead}, {_seconds_sql("arrived_at", "called_at")}
        FROM walk_in
        WHERE store_id = :store_id
          AND business_date >= :first_day{suffix} AND business_date <= :last_day{suffix}
          AND arrived_at >= :start{suffix} AND arrived_at < :end{suffix}
        UNION ALL
        SELECT {lead}, {_seconds_sql("arrived_at", "served_at")}
        FROM service_case
        WHERE store_id = :store_id AND created_at >= :start{suffix} AND created_at < :end{suffix}
          AND from_walk_in IS 0
    """  # noqa: S608 (only this module's own SQL is formatted in)


@cache
def _arrivals_by_hour_sql(spans: int) -> str:
    return _arrivals_sql(_local_hour_sql("arrived_at", spans))


def arrivals(
    session: Session, window: Window, clock: Sequence[tuple[int, int]]
) -> tuple[tuple[int, ...], Durations]:
    """The customers who came within the window: how many by local hour, and their waits.

    The people both the arrivals by hour and the waiting figure count, read once.
    """
    rows = rows_of(
        session, _arrivals_by_hour_sql(len(clock)), window_params(window) | clock_params(clock)
    )
    hours = [0] * HOURS_A_DAY
    for hour, _ in rows:
        hours[hour] += 1
    return tuple(hours), durations([seconds for _, seconds in rows])


@cache
def _waits_sql(windows: int) -> str:
    return per_window_sql(lambda number: _arrivals_sql(str(number), str(number)), windows)


def waits_of(session: Session, windows: Sequence[Window]) -> dict[int, Durations]:
    """The waits of a few windows at once, by the window's place in ``windows``."""
    waits: list[list[int | None]] = [[] for _ in windows]
    for place, seconds in rows_of(session, _waits_sql(len(windows)), several_params(windows)):
        waits[place].append(seconds)
    return {number: durations(seconds) for number, seconds in enumerate(waits)}


_RESOLUTION = f"""
    SELECT {_seconds_sql("arrived_at", "resolved_at")} FROM service_case
    WHERE store_id = :store_id AND resolved_at >= :start AND resolved_at < :end
"""  # noqa: S608 (only this module's own SQL is formatted in)


def resolution(session: Session, window: Window) -> Durations:
    """Cases resolved within the window, from arrival to resolution."""
    return durations(
        [seconds for (seconds,) in rows_of(session, _RESOLUTION, window_params(window))]
    )


_COMPLAINT_GROUPS = """
    SELECT complaintdetail.category, complaintdetail.severity, product.id, product.name, count(*)
    FROM complaintdetail
    JOIN service_case ON service_case.id = complaintdetail.case_id
    LEFT OUTER JOIN product ON product.id = complaintdetail.product_id
    WHERE service_case.store_id = :store_id
      AND service_case.created_at >= :start AND service_case.created_at < :end
      AND service_case.case_type = 'complaint'
    GROUP BY complaintdetail.category, complaintdetail.severity, product.id, product.name
"""


def complaint_groups(session: Session, window: Window) -> list[Any]:
    """The window's complaints in one read: (category, severity, product id, name, count).

    Only complaint cases carry complaint details (intake refuses them on any other
    type), and the window's index holds the type: the returns and exchanges, most
    of a day's cases, are passed over without a look for details they cannot have.
    """
    return rows_of(session, _COMPLAINT_GROUPS, window_params(window))


_LINE_GROUPS = """
    SELECT product.id, product.name, grouped.direction, grouped.quantity, grouped.cases,
           grouped.fees
    FROM (SELECT caseline.product_id AS product_id, caseline.direction AS direction,
                 sum(caseline.quantity) AS quantity,
                 count(DISTINCT caseline.case_id) AS cases,
                 coalesce(sum(caseline.restocking_fee_cents), 0) AS fees
          FROM caseline
          WHERE caseline.store_id = :store_id
            AND caseline.case_created_at >= :start AND caseline.case_created_at < :end
          GROUP BY caseline.product_id, caseline.direction) AS grouped
    LEFT OUTER JOIN product ON product.id = grouped.product_id
"""


def line_groups(session: Session, window: Window) -> list[Any]:
    """The lines of the window's cases in one read, by product and direction.

    Rows of (product id, name, direction, quantity, cases, restocking fees); a line
    without a product has ``None`` for both. Lines carry their case's store and time
    (schema 0009), so the window is one range of their own index, with no search for
    each case's lines; they are grouped before the products are looked up, so each
    product's name is read once.
    """
    return rows_of(session, _LINE_GROUPS, window_params(window))


def ranked(counts: Iterable[tuple[str, str, int, int]]) -> tuple[ProductCount, ...]:
    """The :data:`TOP_PRODUCTS` of (product id, name, quantity, cases), most first, then by name.

    The database has already grouped the rows by product: this orders the groups.
    """
    top = sorted(counts, key=lambda product: (-product[2], product[1]))[:TOP_PRODUCTS]
    return tuple(
        ProductCount(uuid.UUID(product), name, quantity, cases)
        for product, name, quantity, cases in top
    )


_FAULT_FLAGS = """
    SELECT product.id, product.name, productfaultflag.raised_at, productfaultflag.complaints,
           productfaultflag.returns, productfaultflag.window_days,
           productfaultflag.cleared_at IS NOT NULL
    FROM productfaultflag JOIN product ON product.id = productfaultflag.product_id
    WHERE productfaultflag.store_id = :store_id
      AND productfaultflag.raised_at >= :start AND productfaultflag.raised_at < :end
    ORDER BY productfaultflag.raised_at
"""


def fault_flags(session: Session, window: Window) -> tuple[FaultFlagRaised, ...]:
    """Products flagged as possibly faulty within the window, oldest first."""
    return tuple(
        FaultFlagRaised(
            uuid.UUID(str(pid)), name, read_instant(at), int(c), int(r), int(w), bool(cleared)
        )
        for pid, name, at, c, r, w, cleared in rows_of(session, _FAULT_FLAGS, window_params(window))
    )


_OVERRIDES = """
    SELECT service_case.number, caseoverride.kind, manager.name, clerk.name,
           caseoverride.reason, caseoverride.amount_cents, caseoverride.created_at
    FROM caseoverride
    JOIN service_case ON service_case.id = caseoverride.case_id
    JOIN staff AS manager ON manager.id = caseoverride.manager_id
    JOIN staff AS clerk ON clerk.id = caseoverride.clerk_id
    WHERE caseoverride.store_id = :store_id
      AND caseoverride.created_at >= :start AND caseoverride.created_at < :end
    ORDER BY caseoverride.created_at, service_case.number
"""


def overrides(session: Session, window: Window) -> tuple[OverrideGiven, ...]:
    """Managers' approvals and goodwill within the window, with names, oldest first."""
    return tuple(
        OverrideGiven(number, kind, by, for_clerk, reason, int(cents), read_instant(at))
        for number, kind, by, for_clerk, reason, cents, at in rows_of(
            session, _OVERRIDES, window_params(window)
        )
    )


@cache
def _open_cases_sql(buckets: int) -> str:
    when = " ".join(
        f"WHEN c.created_at >= :start_{number} THEN :bucket_{number}" for number in range(buckets)
    )
    return f"""
        SELECT CASE {when} ELSE 'older' END AS bucket, count(*),
               sum(CASE WHEN d.follow_up_on = :last_day THEN 1 ELSE 0 END),
               sum(CASE WHEN d.follow_up_on < :last_day THEN 1 ELSE 0 END)
        FROM service_case AS c
        LEFT JOIN complaintdetail AS d INDEXED BY ix_complaint_case_follow_up
               ON d.case_id = c.id AND d.follow_up_on IS NOT NULL
        WHERE c.store_id = :store_id AND c.status IN ('open', 'in_progress')
              AND c.created_at < :end
        GROUP BY bucket
    """  # noqa: S608 (only numbered parameter names are formatted in)


def open_cases(session: Session, window: Window, age_starts: Mapping[str, datetime]) -> list[Any]:
    """Cases open at the window's end, by age: (bucket, count, follow-ups due, overdue).

    ``age_starts`` maps each bucket to the earliest instant it takes, youngest
    first; cases older than every start fall in ``"older"``. The last two count
    the open complaints whose follow-up date is the last day, or before it.

    Its ``INDEXED BY``: SQLite would look each open case's complaint up by its key
    and read the row, where the follow-up dates' own index answers alone; and the
    left join keeps the open cases leading, whatever the statistics say.
    """
    params = window_params(window)
    for number, (name, start) in enumerate(age_starts.items()):
        params[f"start_{number}"] = stored_instant(start)
        params[f"bucket_{number}"] = name
    return rows_of(session, _open_cases_sql(len(age_starts)), params)


@cache
def _day_closes_sql(days: int) -> str:
    wanted = ", ".join(f":day_{number}" for number in range(days))
    return (
        "SELECT business_date, closed_at FROM dayclose"  # noqa: S608 (numbered names only)
        f" WHERE store_id = :store_id AND business_date IN ({wanted})"
    )


def day_closes(session: Session, store_id: uuid.UUID, days: Sequence[date]) -> dict[date, datetime]:
    """When each of ``days`` that is closed was closed."""
    params: Params = {"store_id": store_id.hex}
    params |= {f"day_{number}": day.isoformat() for number, day in enumerate(days)}
    return {
        date.fromisoformat(day): read_instant(closed_at)
        for day, closed_at in rows_of(session, _day_closes_sql(len(days)), params)
    }
