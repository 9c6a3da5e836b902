"""The store manager's daily summary: a day's (or a range's) figures from the store database.

The days are the store's local calendar days, turned into UTC instants from the
store's time zone (so a day in Dublin starts at 23:00 UTC in summer), and every
figure is grouped, summed or ranked in SQL: the summary costs a few dozen small
statements, whatever the number of cases.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from counter_app.domain.validation import InputError, check_day_range
from counter_app.i18n import say, say_later
from counter_app.services.staff import SignedIn, require_active_manager, require_manager
from counter_app.services.store_setup import load_store, store_zone
from counter_app.services.summary import money, queries
from counter_app.services.summary.figures import (
    DailySummary,
    EarlierDays,
    Headline,
    OpenCases,
)
from counter_app.services.summary.queries import Window, filled
from db.store.database import StoreDatabase
from db.store.models import (
    CASE_STATUSES,
    CASE_TYPES,
    COMPLAINT_SEVERITIES,
    TENDERS,
    Case,
    ComplaintDetail,
    DayClose,
    Store,
)

MAX_DAYS = 366
HOURS_A_DAY = 24
EARLIER_WEEKS = 4
# Open cases by the local day they were opened, counted back from the last day.
AGE_BUCKETS = (("today", 0), ("1-2 days", 2), ("3-7 days", 7))


def _day_start(day: date, zone: ZoneInfo) -> datetime:
    """The UTC instant a local day starts (the first valid local time on a DST day)."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def day_window(session: Session, store: Store, first_day: date, last_day: date) -> Window:
    """The UTC instants from the start of ``first_day`` to the end of ``last_day``, store time.

    A day closed before it ended stops at its close, and what was recorded after
    that counts toward the next day: a customer served after the manager closed
    the day is still served, and the closed figures never change.
    """
    zone = store_zone(store.timezone)
    start = _day_start(first_day, zone)
    end = _day_start(last_day + timedelta(days=1), zone)
    day_before = first_day - timedelta(days=1)
    closes: dict[date, datetime] = {
        day: closed_at
        for day, closed_at in session.exec(
            select(col(DayClose.business_date), col(DayClose.closed_at)).where(
                DayClose.store_id == store.id,
                col(DayClose.business_date).in_((day_before, last_day)),
            )
        ).all()
    }
    if day_before in closes and closes[day_before] < start:
        start = closes[day_before]
    if last_day in closes and closes[last_day] < end:
        end = closes[last_day]
    return Window(store_id=store.id, first_day=first_day, last_day=last_day, start=start, end=end)


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


def by_local_hour(rows: Iterable[Any], zone: ZoneInfo) -> tuple[int, ...]:
    """Counts by UTC quarter hour (``queries.QUARTER_HOUR_SECONDS``) added up by local hour of day.

    The database groups the rows (a few dozen quarters a day); only the groups are
    placed here, each by its own instant, so a day of daylight-saving change puts
    every quarter in the hour the store's clock showed.
    """
    hours = [0] * HOURS_A_DAY
    for quarter, count in rows:
        instant = datetime.fromtimestamp(int(quarter) * queries.QUARTER_HOUR_SECONDS, UTC)
        hours[instant.astimezone(zone).hour] += int(count)
    return tuple(hours)


def _open_cases(session: Session, store: Store, window: Window) -> OpenCases:
    zone = store_zone(store.timezone)
    starts = {
        name: _day_start(window.last_day - timedelta(days=back), zone) for name, back in AGE_BUCKETS
    }
    by_age = filled([*starts, "older"], queries.open_case_ages(session, window, starts))
    today, overdue = queries.follow_ups(session, window)
    return OpenCases(sum(by_age.values()), by_age, today, overdue)


def _headline(session: Session, store: Store, day: date) -> Headline:
    window = day_window(session, store, day, day)
    cases = sum(count for _, count in queries.case_counts(session, window, col(Case.case_type)))
    refunds = sum(int(cents) for _, cents in money.payments_by_tender(session, window, "refund"))
    return Headline(day, int(cases), refunds, queries.waiting_p90(session, window))


def _earlier(session: Session, store: Store, day: date) -> EarlierDays:
    weeks = tuple(
        _headline(session, store, day - timedelta(weeks=back))
        for back in range(1, EARLIER_WEEKS + 1)
    )
    waits = [week.waiting_p90_seconds for week in weeks if week.waiting_p90_seconds is not None]
    return EarlierDays(
        day=day,
        last_week=weeks[0],
        weeks=weeks,
        average_cases=sum(week.cases for week in weeks) / len(weeks),
        average_refunds_cents=round(sum(week.refunds_cents for week in weeks) / len(weeks)),
        average_waiting_p90_seconds=round(sum(waits) / len(waits)) if waits else None,
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
        by_type = filled(CASE_TYPES, queries.case_counts(session, window, col(Case.case_type)))
        by_status = filled(CASE_STATUSES, queries.case_counts(session, window, col(Case.status)))
        by_case_type = money.money_by_case_type(session, window)
        refunds = filled(TENDERS, money.payments_by_tender(session, window, "refund"))
        charges = filled(TENDERS, money.payments_by_tender(session, window, "charge"))
        categories = queries.complaint_counts(session, window, col(ComplaintDetail.category))
        severities = queries.complaint_counts(session, window, col(ComplaintDetail.severity))
        return DailySummary(
            first_day=first,
            last_day=last,
            timezone=store.timezone,
            currency=store.currency,
            cases=sum(by_type.values()),
            cases_by_type=by_type,
            cases_by_status=by_status,
            cases_by_hour=by_local_hour(queries.cases_by_quarter(session, window), zone),
            arrivals_by_hour=by_local_hour(queries.arrivals_by_quarter(session, window), zone),
            returns=by_case_type["return"],
            exchanges=by_case_type["exchange"],
            complaints_money=by_case_type["complaint"],
            refunds_by_tender=refunds,
            refunds_cents=sum(refunds.values()),
            cash_out_cents=refunds["cash"] - charges["cash"],
            credit_issued=money.vouchers_issued(session, window),
            credit_redeemed=money.vouchers_redeemed(session, window),
            restocking_fees_cents=money.restocking_fees(session, window),
            complaints_by_category=MappingProxyType(
                {str(name): int(count) for name, count in sorted(categories)}
            ),
            complaints_by_severity=filled(COMPLAINT_SEVERITIES, severities),
            top_returned=queries.top_returned(session, window),
            most_complained=queries.most_complained(session, window),
            fault_flags=queries.fault_flags(session, window),
            waiting=queries.waiting(session, window),
            resolution=queries.resolution(session, window),
            first_contact_resolved=queries.first_contact_resolved(session, window),
            overrides=queries.overrides(session, window),
            open_cases=_open_cases(session, store, window),
            earlier=_earlier(session, store, first) if first == last else None,
            covers_from=window.start,
            covers_until=window.end,
        )
