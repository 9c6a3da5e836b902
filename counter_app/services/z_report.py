"""What a closed day's Z report prints, read from the close as it was frozen.

Every figure comes from the close's snapshot (``counter_app.services.day_close``),
never from the cases as they stand now: a day closed last week and printed
again today, after more cases and status changes, prints what the manager
closed. Amounts are in the snapshot's currency; words and formats follow the
store's locale and time zone, in the language in force.
"""

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from counter_app.documents.content import ReportFigure, StoreHeading, ZReportData
from counter_app.domain.local_time import local_day, local_moment
from counter_app.domain.money import Money
from counter_app.i18n import say, say_later
from counter_app.services.day_close import ClosedDay, day_close
from counter_app.services.errors import NotFoundError
from counter_app.services.store_setup import load_store, store_zone
from db.store.database import StoreDatabase

CASE_TYPE_WORDS: Mapping[str, str] = {
    "return": say_later("Returns"),
    "exchange": say_later("Exchanges"),
    "complaint": say_later("Complaints"),
}
TENDER_WORDS: Mapping[str, str] = {
    "cash": say_later("Cash"),
    "card": say_later("Card"),
    "store_credit": say_later("Store credit"),
    "original": say_later("Original payment"),
}


class DayNotClosedError(NotFoundError):
    """A Z report was asked for a day that has not been closed."""


def _words(table: Mapping[str, str], key: str) -> str:
    return say(table[key]) if key in table else key


def _figures(
    counts: Mapping[str, Any], table: Mapping[str, str], shown: Callable[[int], str]
) -> tuple[ReportFigure, ...]:
    """The snapshot's figures in the table's order first, then any it does not name."""
    keys = [key for key in table if key in counts] + [key for key in counts if key not in table]
    return tuple(ReportFigure(_words(table, key), shown(int(counts[key]))) for key in keys)


def _difference_words(difference: int, money: Callable[[int], str]) -> tuple[str, str]:
    """The difference in words and its kind: over, short, or even."""
    if difference < 0:
        return say("Short by {amount}").format(amount=money(-difference)), "short"
    if difference > 0:
        return say("Over by {amount}").format(amount=money(difference)), "over"
    return say("Cash matches"), "even"


def z_report_from_close(
    closed: ClosedDay,
    *,
    store: StoreHeading,
    locale: str,
    timezone: str,
    reprinted_at: datetime | None = None,
) -> ZReportData:
    """The Z report of ``closed``, from its frozen figures alone.

    ``reprinted_at`` marks a copy printed again after the first.
    """
    totals = closed.totals
    currency = str(totals.get("currency", "EUR"))
    zone = store_zone(str(totals.get("timezone", timezone)))

    def money(cents: int) -> str:
        return Money.from_minor(cents, currency).format(locale)

    def count(value: int) -> str:
        return str(value)

    difference = closed.difference_cents
    words, kind = _difference_words(difference, money)
    sign = {"over": "+", "short": "-", "even": ""}[kind]
    issued: Mapping[str, int] = totals.get("credit_issued", {})
    redeemed: Mapping[str, int] = totals.get("credit_redeemed", {})
    overrides: Mapping[str, int] = totals.get("overrides", {})
    open_cases = totals.get("open_cases")
    return ZReportData(
        store=store,
        day=local_day(closed.day, locale),
        business_date=closed.day.isoformat(),
        closed_by=closed.closed_by_name,
        closed_at=local_moment(closed.closed_at, zone, locale),
        cases=count(int(totals.get("cases", 0))),
        cases_by_type=_figures(totals.get("cases_by_type", {}), CASE_TYPE_WORDS, count),
        refunds_by_tender=_figures(totals.get("refunds_by_tender", {}), TENDER_WORDS, money),
        refunds_total=money(int(totals.get("refunds_cents", 0))),
        expected_cash=money(closed.expected_cash_cents),
        counted_cash=money(closed.counted_cash_cents),
        difference=f"{sign}{money(abs(difference))}",
        difference_words=words,
        difference_kind=kind,
        vouchers_issued=int(issued.get("count", 0)),
        credit_issued=money(int(issued.get("cents", 0))),
        vouchers_redeemed=int(redeemed.get("count", 0)),
        credit_redeemed=money(int(redeemed.get("cents", 0))),
        restocking_fees=money(int(totals.get("restocking_fees_cents", 0))),
        overrides=int(overrides.get("count", 0)),
        overrides_amount=money(int(overrides.get("cents", 0))),
        open_cases=count(int(open_cases)) if open_cases is not None else None,
        note=closed.note,
        close_id=str(closed.id),
        snapshot_version=str(totals.get("version", "")),
        reprint=(
            say("REPRINT {moment}").format(moment=local_moment(reprinted_at, zone, locale))
            if reprinted_at is not None
            else None
        ),
    )


def z_report_data(
    *, database: StoreDatabase, day: date, reprinted_at: datetime | None = None
) -> ZReportData:
    """What the Z report of the closed store-local ``day`` prints.

    Raises:
        InputError: ``day`` is not a date.
        DayNotClosedError: the day has not been closed; there is no Z report yet.
    """
    closed = day_close(database=database, day=day)
    with database.read() as session:
        store = load_store(session)
        heading = StoreHeading(store.name, store.address, store.phone)
        locale, timezone = store.locale, store.timezone
    if closed is None:
        raise DayNotClosedError(
            say("{day} is not closed yet, so it has no Z report. Close the day first.").format(
                day=local_day(day, locale)
            )
        )
    return z_report_from_close(
        closed, store=heading, locale=locale, timezone=timezone, reprinted_at=reprinted_at
    )
