"""The store manager's daily summary: a day's (or a range's) figures from the store database.

The days are the store's local calendar days, turned into UTC instants from the
store's time zone (so a day in Dublin starts at 23:00 UTC in summer). The window's
cases, lines, payments, complaints and arrivals are each read once, grouped in
SQL by every key the figures need (``queries``, ``money``; SQLite also places
them in the store's local hours), and the groups are added up here: about a
dozen statements for the day, and three more for the four earlier weekdays it
is compared with, whatever the number of cases.
"""

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from counter_app.domain.validation import InputError, check_day_range
from counter_app.i18n import say, say_later
from counter_app.services.staff import SignedIn, require_active_manager, require_manager
from counter_app.services.store_setup import load_store, store_zone
from counter_app.services.summary import money, queries
from counter_app.services.summary.figures import (
    CaseMoney,
    DailySummary,
    EarlierDays,
    Headline,
    OpenCases,
    Vouchers,
)
from counter_app.services.summary.queries import (
    HOURS_A_DAY,
    Window,
    day_closes,
    filled,
    utc_offsets,
)
from db.store.database import StoreDatabase
from db.store.models import (
    CASE_STATUSES,
    CASE_TYPES,
    COMPLAINT_SEVERITIES,
    TENDERS,
    Store,
)

MAX_DAYS = 366
EARLIER_WEEKS = 4
# Open cases by the local day they were opened, counted back from the last day.
AGE_BUCKETS = (("today", 0), ("1-2 days", 2), ("3-7 days", 7))
# A case's arrival comes before its creation: the clock changes are looked for this far
# before the window, so an arrival the evening before is still placed in its own hour.
ARRIVALS_BEFORE = timedelta(days=7)


def _day_start(day: date, zone: ZoneInfo) -> datetime:
    """The UTC instant a local day starts (the first valid local time on a DST day)."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def day_window(session: Session, store: Store, first_day: date, last_day: date) -> Window:
    """The UTC instants from the start of ``first_day`` to the end of ``last_day``, store time.

    A day closed before it ended stops at its close, and what was recorded after
    that counts toward the next day: a customer served after the manager closed
    the day is still served, and the closed figures never change.
    """
    return day_windows(session, store, [(first_day, last_day)])[0]


def day_windows(session: Session, store: Store, spans: Sequence[tuple[date, date]]) -> list[Window]:
    """:func:`day_window` of each (first day, last day), with one read of the closes."""
    zone = store_zone(store.timezone)
    wanted = {day for first, last in spans for day in (first - timedelta(days=1), last)}
    closes = day_closes(session, store.id, sorted(wanted))
    windows = []
    for first_day, last_day in spans:
        start = _day_start(first_day, zone)
        end = _day_start(last_day + timedelta(days=1), zone)
        day_before = first_day - timedelta(days=1)
        if day_before in closes and closes[day_before] < start:
            start = closes[day_before]
        if last_day in closes and closes[last_day] < end:
            end = closes[last_day]
        windows.append(
            Window(store_id=store.id, first_day=first_day, last_day=last_day, start=start, end=end)
        )
    return windows


def checked_days(first_day: object, last_day: object) -> tuple[date, date]:
    """The days asked for, or a refusal the reader can act on."""
    if not isinstance(first_day, date) or isinstance(first_day, datetime):
        raise InputError.single("first_day", say("Choose the first day as a calendar date."))
    last = first_day if last_day is None else last_day
    if not isinstance(last, date) or isinstance(last, datetime):
        raise InputError.single("last_day", say("Choose the last day as a calendar date."))
    check_day_range(first_day, field="first_day")
    check_day_range(last, field="last_day")
    if last < first_day:
        raise InputError.single(
            "last_day",
            say("The last day ({last}) is before the first day ({first}); swap them.").format(
                last=last.isoformat(), first=first_day.isoformat()
            ),
        )
    if (last - first_day).days + 1 > MAX_DAYS:
        raise InputError.single(
            "last_day",
            say("A summary covers at most {days} days; choose a shorter range.").format(
                days=MAX_DAYS
            ),
        )
    return first_day, last


def by_hour(rows: Iterable[Any]) -> tuple[int, ...]:
    """Counts by the store-local hour of day, from (hour, count) groups, every hour listed.

    SQLite has placed each row by its quarter hour's offset from UTC
    (:func:`queries.utc_offsets`), so a day of daylight-saving change puts every
    quarter in the hour the store's clock showed.
    """
    hours = [0] * HOURS_A_DAY
    for hour, count in rows:
        hours[int(hour)] += int(count)
    return tuple(hours)


def _added_up(rows: Iterable[Sequence[Any]], key: int, value: int) -> list[tuple[Any, int]]:
    """(key, total) of grouped rows added up over one of their keys, in first-seen order.

    The database returns each read grouped by every key the summary needs at once
    (a case's type, status and quarter hour); this folds the groups by one of them.
    """
    totals: dict[Any, int] = {}
    for row in rows:
        totals[row[key]] = totals.get(row[key], 0) + int(row[value] or 0)
    return list(totals.items())


def _where(rows: Iterable[Sequence[Any]], key: int, value: str) -> list[Sequence[Any]]:
    """The grouped rows whose key ``key`` is ``value``."""
    return [row for row in rows if row[key] == value]


def _case_money(payments: Sequence[Sequence[Any]], case_type: str) -> CaseMoney:
    """Refunds and charges paid on cases of one type, from the payments' groups."""
    of_type = _where(payments, 0, case_type)
    return CaseMoney(
        sum(int(row[4]) for row in _where(of_type, 1, "refund")),
        sum(int(row[4]) for row in _where(of_type, 1, "charge")),
    )


def _added_up_products(complaints: Iterable[Sequence[Any]]) -> list[tuple[Any, str, int]]:
    """(product id, name, complaints) of the complaints' groups that name a product."""
    totals: dict[Any, tuple[str, int]] = {}
    for _, _, product, name, count in complaints:
        if product is not None:
            _, before = totals.get(product, (name, 0))
            totals[product] = (name, before + int(count))
    return [(product, name, count) for product, (name, count) in totals.items()]


def _open_cases(session: Session, store: Store, window: Window) -> OpenCases:
    zone = store_zone(store.timezone)
    starts = {
        name: _day_start(window.last_day - timedelta(days=back), zone) for name, back in AGE_BUCKETS
    }
    rows = queries.open_cases(session, window, starts)
    by_age = filled([*starts, "older"], _added_up(rows, 0, 1))
    today = sum(int(row[2] or 0) for row in rows)
    overdue = sum(int(row[3] or 0) for row in rows)
    return OpenCases(sum(by_age.values()), by_age, today, overdue)


def _earlier(session: Session, store: Store, day: date) -> EarlierDays:
    """The same weekday of the four weeks before ``day``: each figure read for all four at once."""
    days = [day - timedelta(weeks=back) for back in range(1, EARLIER_WEEKS + 1)]
    windows = day_windows(session, store, [(earlier, earlier) for earlier in days])
    cases = dict(queries.case_counts(session, windows))
    refunds = dict(money.refunds_of(session, windows))
    waits = queries.waits_of(session, windows)
    weeks = tuple(
        Headline(
            earlier,
            int(cases.get(number, 0)),
            int(refunds.get(number) or 0),
            waits[number].p90_seconds,
        )
        for number, earlier in enumerate(days)
    )
    p90s = [week.waiting_p90_seconds for week in weeks if week.waiting_p90_seconds is not None]
    return EarlierDays(
        day=day,
        last_week=weeks[0],
        weeks=weeks,
        average_cases=sum(week.cases for week in weeks) / len(weeks),
        average_refunds_cents=round(sum(week.refunds_cents for week in weeks) / len(weeks)),
        average_waiting_p90_seconds=round(sum(p90s) / len(p90s)) if p90s else None,
    )


def compare_with_earlier(*, database: StoreDatabase, day: date) -> EarlierDays:
    """The headline figures (cases, refunds, waiting p90) of the four same weekdays before ``day``.

    Raises:
        InputError: ``day`` is not a date.
    """
    checked, _ = checked_days(day, None)
    with database.read() as session:
        store = load_store(session)
        return _earlier(session, store, checked)


SEE_THE_FIGURES = say_later("see the store's figures")


def manager_summary(
    *, database: StoreDatabase, staff: SignedIn, first_day: date, last_day: date | None = None
) -> DailySummary:
    """:func:`daily_summary` for the desktop: only a manager, by the database's record, sees it.

    The command line calls :func:`daily_summary` itself: it runs as the
    machine's operator, who holds the database file anyway.

    Raises:
        PermissionDeniedError: the person is not an active manager of this store.
    """
    require_manager(staff, SEE_THE_FIGURES)
    with database.read() as session:
        require_active_manager(session, staff, SEE_THE_FIGURES)
    return daily_summary(database=database, first_day=first_day, last_day=last_day)


def daily_summary(
    *, database: StoreDatabase, first_day: date, last_day: date | None = None
) -> DailySummary:
    """The figures of the store's local days ``first_day`` to ``last_day`` (one day if omitted).

    See :class:`DailySummary` for which rows each figure counts. A single day
    also carries the same weekdays of the four weeks before, for comparison.

    Raises:
        InputError: a day is not a date, the last day is before the first, or the
            range is longer than a year.
        NotFoundError: no store is set up.
    """
    first, last = checked_days(first_day, last_day)
    with database.read() as session:
        store = load_store(session)
        window = day_window(session, store, first, last)
        zone = store_zone(store.timezone)
        clock = utc_offsets(zone, window.start - ARRIVALS_BEFORE, window.end)
        cases = queries.case_groups(session, window, clock)
        payments = money.payment_groups(session, window)
        lines = queries.line_groups(session, window)
        complaints = queries.complaint_groups(session, window)
        arrivals_by_hour, waiting = queries.arrivals(session, window, clock)
        by_type = filled(CASE_TYPES, _added_up(cases, 0, 3))
        refunds = filled(TENDERS, _added_up(_where(payments, 1, "refund"), 2, 4))
        charges = filled(TENDERS, _added_up(_where(payments, 1, "charge"), 2, 4))
        spent = _where(_where(payments, 1, "charge"), 2, "store_credit")
        return DailySummary(
            first_day=first,
            last_day=last,
            timezone=store.timezone,
            currency=store.currency,
            cases=sum(by_type.values()),
            cases_by_type=by_type,
            cases_by_status=filled(CASE_STATUSES, _added_up(cases, 1, 3)),
            cases_by_hour=by_hour(_added_up(cases, 2, 3)),
            arrivals_by_hour=arrivals_by_hour,
            returns=_case_money(payments, "return"),
            exchanges=_case_money(payments, "exchange"),
            complaints_money=_case_money(payments, "complaint"),
            refunds_by_tender=refunds,
            refunds_cents=sum(refunds.values()),
            cash_out_cents=refunds["cash"] - charges["cash"],
            credit_issued=money.vouchers_issued(session, window),
            credit_redeemed=Vouchers(
                sum(int(row[3]) for row in spent), sum(int(row[4]) for row in spent)
            ),
            restocking_fees_cents=sum(int(row[5]) for row in lines),
            complaints_by_category=MappingProxyType(dict(sorted(_added_up(complaints, 0, 4)))),
            complaints_by_severity=filled(COMPLAINT_SEVERITIES, _added_up(complaints, 1, 4)),
            top_returned=queries.ranked(
                (str(product), name, int(quantity), int(count))
                for product, name, direction, quantity, count, _ in lines
                if product is not None and direction == "in"
            ),
            most_complained=queries.ranked(
                (str(product), name, count, count)
                for product, name, count in _added_up_products(complaints)
            ),
            fault_flags=queries.fault_flags(session, window),
            waiting=waiting,
            resolution=queries.resolution(session, window),
            first_contact_resolved=sum(int(row[4]) for row in cases),
            overrides=queries.overrides(session, window),
            open_cases=_open_cases(session, store, window),
            earlier=_earlier(session, store, first) if first == last else None,
            covers_from=window.start,
            covers_until=window.end,
        )
