"""The store manager's day close (Z report): the day's figures frozen, the cash counted.

A close freezes the headline figures of one store-local day as a versioned JSON
snapshot, records what the manager counted against what the summary expects,
and sends the close to head office through the outbox, all in one unit of work.
The write lock is held while the summary is read, so no payment can slip in
between the figures and the close that freezes them.

Cash here is the counter's cash: refunds paid out in cash minus cash taken on
exchanges, the summary's ``cash_out_cents``. The manager counts what left the
drawer for the counter's cases (the float given minus what is left in it).
"""

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from counter_app.domain.audit_chain import canonical_json
from counter_app.domain.local_time import local_clock, local_day, local_moment, store_today
from counter_app.domain.money import Money, minor_unit_digits
from counter_app.domain.validation import InputError, check_day_range, clean_price
from counter_app.i18n import say, say_later
from counter_app.services.errors import ServiceError
from counter_app.services.inputs import clean_free_text
from counter_app.services.recording import record_change
from counter_app.services.staff import SignedIn, require_active_manager, require_manager
from counter_app.services.store_setup import load_store, store_zone
from counter_app.services.summary import DailySummary, daily_summary
from db.store.database import StoreDatabase
from db.store.models import DayClose, Staff, Store

# Version 2 added ``open_cases``: the cases still open or in progress at the close.
SNAPSHOT_VERSION = 2
NOTE_MAX_LENGTH = 500
MAX_DAYS = 366
CLOSE_THE_DAY = say_later("close the day")
COUNTED_CASH_LABEL = say_later("Counted cash")
NOTE_LABEL = say_later("Note")


class DayClosedError(ServiceError):
    """The day is already closed: it cannot be closed again, nor changed."""

    def __init__(self, message: str, closed: "ClosedDay") -> None:
        super().__init__(message)
        self.closed = closed


@dataclass(frozen=True)
class ClosedDay:
    """A closed business day as it was frozen.

    ``totals`` is the snapshot (see :func:`snapshot`); ``difference_cents`` is
    counted minus expected, negative when cash is missing.
    """

    id: uuid.UUID
    day: date
    closed_at: datetime
    closed_by: uuid.UUID
    closed_by_name: str
    expected_cash_cents: int
    counted_cash_cents: int
    difference_cents: int
    note: str
    totals: Mapping[str, Any]


def snapshot(summary: DailySummary) -> dict[str, Any]:
    """The headline figures of a day's summary as JSON-ready data, versioned.

    The keys never change within a ``version``: head office and later printouts
    read a close years after it was made, so a new figure means a new version.
    """

    def money(refunds: int, charges: int) -> dict[str, int]:
        return {"refunds_cents": refunds, "charges_cents": charges}

    return {
        "version": SNAPSHOT_VERSION,
        "business_date": summary.first_day.isoformat(),
        "timezone": summary.timezone,
        "currency": summary.currency,
        "cases": summary.cases,
        "cases_by_type": dict(summary.cases_by_type),
        "cases_by_status": dict(summary.cases_by_status),
        "money_by_case_type": {
            "return": money(summary.returns.refunds_cents, summary.returns.charges_cents),
            "exchange": money(summary.exchanges.refunds_cents, summary.exchanges.charges_cents),
            "complaint": money(
                summary.complaints_money.refunds_cents, summary.complaints_money.charges_cents
            ),
        },
        "refunds_by_tender": dict(summary.refunds_by_tender),
        "refunds_cents": summary.refunds_cents,
        "cash_out_cents": summary.cash_out_cents,
        "credit_issued": {
            "count": summary.credit_issued.count,
            "cents": summary.credit_issued.cents,
        },
        "credit_redeemed": {
            "count": summary.credit_redeemed.count,
            "cents": summary.credit_redeemed.cents,
        },
        "restocking_fees_cents": summary.restocking_fees_cents,
        "overrides": {"count": len(summary.overrides), "cents": summary.overrides_cents},
        "open_cases": summary.open_cases.total,
        "cases_by_hour": list(summary.cases_by_hour),
        "arrivals_by_hour": list(summary.arrivals_by_hour),
    }


def _checked_day(value: object, field: str) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InputError.single(field, say("Choose the day as a calendar date."))
    return check_day_range(value, field=field)


def _counted_cents(value: object, currency: str) -> int:
    """The counted cash in cents; refuses text that is no amount and absurd sums.

    The count is what left the drawer, so it is below zero on a day the drawer
    gained (more cash taken on exchanges than refunded): ``"-5.00"``.
    """
    label = say(COUNTED_CASH_LABEL)
    sign = 1
    if isinstance(value, str) and value.strip().startswith(("-", "\N{MINUS SIGN}")):
        sign, value = -1, value.strip()[1:]
    elif isinstance(value, int | Decimal) and not isinstance(value, bool) and value < 0:
        sign, value = -1, -value
    amount: Decimal = clean_price(
        value, decimals=minor_unit_digits(currency), field="counted_cash", label=label
    )
    return sign * Money.of(amount, currency).minor_units


def _closed(row: DayClose, name: str) -> ClosedDay:
    stored: dict[str, Any] = json.loads(row.totals)
    note = str(stored.pop("note", ""))
    return ClosedDay(
        id=row.id,
        day=row.business_date,
        closed_at=row.closed_at,
        closed_by=row.closed_by,
        closed_by_name=name,
        expected_cash_cents=row.expected_cash_cents,
        counted_cash_cents=row.counted_cash_cents,
        difference_cents=row.difference_cents,
        note=note,
        totals=stored,
    )


# Built once: every change that moves money asks whether its day is closed.
_CLOSED_DAYS = (
    select(DayClose, Staff.name)
    .join(Staff, col(Staff.id) == col(DayClose.closed_by))
    .where(
        col(DayClose.store_id) == bindparam("store_id"),
        col(DayClose.business_date) >= bindparam("first"),
        col(DayClose.business_date) <= bindparam("last"),
    )
    .order_by(col(DayClose.business_date))
)


def _rows(session: Session, store_id: uuid.UUID, first: date, last: date) -> list[ClosedDay]:
    rows = session.exec(
        _CLOSED_DAYS, params={"store_id": store_id, "first": first, "last": last}
    ).all()
    return [_closed(row, name) for row, name in rows]


def _find(session: Session, store_id: uuid.UUID, day: date) -> ClosedDay | None:
    found = _rows(session, store_id, day, day)
    return found[0] if found else None


def is_day_closed(session: Session, store_id: uuid.UUID, day: date) -> bool:
    """Whether the store's local ``day`` has been closed, inside a service's unit of work."""
    found = session.exec(
        select(DayClose.id).where(
            col(DayClose.store_id) == store_id, col(DayClose.business_date) == day
        )
    ).first()
    return found is not None


def _already_closed_message(closed: ClosedDay, store: Store, today: date) -> str:
    zone = store_zone(store.timezone)
    if closed.day == today:
        return say(
            "Today was already closed at {time} by {name}. A closed day cannot be closed again."
        ).format(time=local_clock(closed.closed_at, zone, store.locale), name=closed.closed_by_name)
    return say(
        "{day} was already closed on {moment} by {name}. A closed day cannot be closed again."
    ).format(
        day=local_day(closed.day, store.locale),
        moment=local_moment(closed.closed_at, zone, store.locale),
        name=closed.closed_by_name,
    )


def refuse_if_closed(session: Session, store: Store, moment: datetime) -> None:
    """Refuse a change that would fall inside a closed day's frozen figures.

    What is recorded after a day's close counts toward the next day (the
    summary's day starts at the previous day's close), so the counter goes on
    serving after the manager closes early. Only a moment inside a closed day
    (a clock set back, an entry dated in the past) is refused. For the services
    that move money: call it inside the unit of work, before writing.

    Raises:
        DayClosedError: ``moment`` falls within a closed day, before its close.
    """
    zone = store_zone(store.timezone)
    day = moment.astimezone(zone).date()
    closed = _find(session, store.id, day)
    if closed is not None and moment >= closed.closed_at:
        # After this day's close: the moment belongs to the next day.
        day += timedelta(days=1)
        closed = _find(session, store.id, day)
    if closed is None or moment >= closed.closed_at:
        return
    raise DayClosedError(
        say(
            "{day} was closed at {time} by {name}; nothing more can be recorded on a closed "
            "day. Ask the manager who closed it."
        ).format(
            day=local_day(day, store.locale),
            time=local_clock(closed.closed_at, zone, store.locale),
            name=closed.closed_by_name,
        ),
        closed,
    )


def close_day(
    *,
    database: StoreDatabase,
    staff: SignedIn,
    day: date,
    counted_cash: str | int,
    note: str = "",
    now: datetime | None = None,
) -> ClosedDay:
    """Close the store's local ``day``: freeze its figures and record the counted cash.

    ``counted_cash`` is an amount as typed (``"120.50"``); a whole number is whole
    units of the currency (``120`` is 120.00), as every typed amount is.
    Closing today is allowed: it is what a manager does at the end of the day.

    Raises:
        PermissionDeniedError: the person is not a manager.
        InputError: the day is in the future or not a date, the counted cash is not
            an amount (or absurd), or the note is too long.
        DayClosedError: the day is already closed (the message says by whom and when).
    """
    require_manager(staff, CLOSE_THE_DAY)
    checked_day = _checked_day(day, "day")
    clean_note, _ = clean_free_text(  # a card number typed in the note keeps its last four only
        note,
        field="note",
        label=NOTE_LABEL,
        max_length=NOTE_MAX_LENGTH,
        required=False,
        multiline=True,
    )
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    with database.write() as session:
        manager = require_active_manager(session, staff, CLOSE_THE_DAY)
        store = load_store(session)
        today = store_today(store_zone(store.timezone), moment)
        if checked_day > today:
            raise InputError.single(
                "day",
                say("{day} is still to come; only today or an earlier day can be closed.").format(
                    day=local_day(checked_day, store.locale)
                ),
            )
        counted = _counted_cents(counted_cash, store.currency)
        existing = _find(session, store.id, checked_day)
        if existing is not None:
            raise DayClosedError(_already_closed_message(existing, store, today), existing)
        # The write lock is held: the figures read now are the figures being closed.
        summary = daily_summary(database=database, first_day=checked_day)
        totals = snapshot(summary)
        expected = summary.cash_out_cents
        row = DayClose(
            store_id=store.id,
            business_date=checked_day,
            closed_at=moment,
            closed_by=manager.id,
            totals=canonical_json({**totals, "note": clean_note}),
            expected_cash_cents=expected,
            counted_cash_cents=counted,
            difference_cents=counted - expected,
        )
        session.add(row)
        session.flush()
        figures = {
            "business_date": checked_day.isoformat(),
            "expected_cash_cents": expected,
            "counted_cash_cents": counted,
            "difference_cents": counted - expected,
            "note": clean_note,
        }
        record_change(
            session,
            store_id=store.id,
            staff_id=staff.staff_id,
            action="day.closed",
            entity="day_close",
            entity_id=str(row.id),
            details=figures,
            outbox_payload={
                **figures,
                "id": str(row.id),
                "closed_at": moment.isoformat(),
                "closed_by": str(manager.id),
                "closed_by_name": manager.name,
                "totals": totals,
            },
            now=moment,
        )
        return _closed(row, manager.name)


def day_close(*, database: StoreDatabase, day: date) -> ClosedDay | None:
    """The close of the store's local ``day``, or ``None`` while it is open.

    Raises:
        InputError: ``day`` is not a date.
    """
    checked = _checked_day(day, "day")
    with database.read() as session:
        store = load_store(session)
        return _find(session, store.id, checked)


def closed_days(*, database: StoreDatabase, first_day: date, last_day: date) -> list[ClosedDay]:
    """The closes of the days ``first_day`` to ``last_day`` inclusive, oldest first.

    Raises:
        InputError: a day is not a date, the last is before the first, or the range
            is longer than a year.
    """
    first = _checked_day(first_day, "first_day")
    last = _checked_day(last_day, "last_day")
    if last < first:
        raise InputError.single(
            "last_day",
            say("The last day ({last}) is before the first day ({first}); swap them.").format(
                last=last.isoformat(), first=first.isoformat()
            ),
        )
    if last - first >= timedelta(days=MAX_DAYS):
        raise InputError.single(
            "last_day",
            say(
                "Closed days can be listed for at most {days} days; choose a shorter range."
            ).format(days=MAX_DAYS),
        )
    with database.read() as session:
        store = load_store(session)
        return _rows(session, store.id, first, last)
