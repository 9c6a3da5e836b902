"""The daily summary as a long CSV table: one row per figure, for accounting.

Columns are ``section``, ``item``, ``unit``, ``value`` and ``amount``: money
rows hold integer cents in ``value`` and the decimal amount in ``amount`` (a
pivot table or a script picks whichever it needs); counts, seconds and shares
leave ``amount`` empty. Names typed by people (products, categories, reasons)
are defused against formula injection.
"""

from collections.abc import Iterator, Mapping

from counter_app.domain.spreadsheet_cells import safe_cell
from counter_app.services.exports.spreadsheets import csv_bytes, decimal_amount
from counter_app.services.summary.figures import (
    CaseMoney,
    DailySummary,
    Durations,
    Headline,
    Vouchers,
)

SUMMARY_CSV_HEADER = ("section", "item", "unit", "value", "amount")
Row = tuple[str, str, str, str, str]


class _Rows:
    """Collects the table's rows, knowing the currency for the amount column."""

    def __init__(self, currency: str) -> None:
        self.currency = currency
        self.rows: list[Row] = []

    def text(self, section: str, item: str, value: str) -> None:
        self.rows.append((section, item, "text", safe_cell(value), ""))

    def count(self, section: str, item: str, value: int, unit: str = "count") -> None:
        self.rows.append((section, safe_cell(item), unit, str(value), ""))

    def optional(self, section: str, item: str, value: int | float | None, unit: str) -> None:
        self.rows.append((section, item, unit, "" if value is None else str(value), ""))

    def money(self, section: str, item: str, cents: int) -> None:
        amount = str(decimal_amount(cents, self.currency))
        self.rows.append((section, safe_cell(item), "cents", str(cents), amount))

    def counts(self, section: str, values: Mapping[str, int]) -> None:
        for item, value in values.items():
            self.count(section, item, value)

    def case_money(self, section: str, money: CaseMoney) -> None:
        self.money(section, "refunds", money.refunds_cents)
        self.money(section, "charges", money.charges_cents)

    def vouchers(self, section: str, vouchers: Vouchers) -> None:
        self.count(section, "vouchers", vouchers.count)
        self.money(section, "total", vouchers.cents)

    def durations(self, section: str, durations: Durations) -> None:
        self.count(section, "count", durations.count)
        self.optional(section, "average", durations.average_seconds, "seconds")
        self.optional(section, "p90", durations.p90_seconds, "seconds")

    def headline(self, section: str, headline: Headline) -> None:
        self.text(section, "day", headline.day.isoformat())
        self.count(section, "cases", headline.cases)
        self.money(section, "refunds", headline.refunds_cents)
        self.optional(section, "waiting_p90", headline.waiting_p90_seconds, "seconds")


def summary_rows(summary: DailySummary) -> Iterator[Row]:
    """The summary's figures, one row each, in the order of :class:`DailySummary`."""
    out = _Rows(summary.currency)
    out.text("period", "first_day", summary.first_day.isoformat())
    out.text("period", "last_day", summary.last_day.isoformat())
    out.text("period", "timezone", summary.timezone)
    out.text("period", "currency", summary.currency)
    out.count("cases", "total", summary.cases)
    out.counts("cases_by_type", summary.cases_by_type)
    out.counts("cases_by_status", summary.cases_by_status)
    out.case_money("returns", summary.returns)
    out.case_money("exchanges", summary.exchanges)
    out.case_money("complaints", summary.complaints_money)
    for tender, cents in summary.refunds_by_tender.items():
        out.money("refunds_by_tender", tender, cents)
    out.money("refunds", "total", summary.refunds_cents)
    out.money("cash", "out_of_drawer", summary.cash_out_cents)
    out.vouchers("credit_issued", summary.credit_issued)
    out.vouchers("credit_redeemed", summary.credit_redeemed)
    out.money("restocking_fees", "total", summary.restocking_fees_cents)
    out.counts("complaints_by_category", summary.complaints_by_category)
    out.counts("complaints_by_severity", summary.complaints_by_severity)
    for product in summary.top_returned:
        out.count("top_returned", product.name, product.quantity, "items")
    for product in summary.most_complained:
        out.count("most_complained", product.name, product.cases, "cases")
    for flag in summary.fault_flags:
        out.count("fault_flags", flag.name, flag.complaints, "complaints")
        out.count("fault_flags", flag.name, flag.returns, "returns")
    out.durations("waiting", summary.waiting)
    out.durations("resolution", summary.resolution)
    out.count("first_contact", "resolved", summary.first_contact_resolved)
    share = summary.first_contact_share
    out.optional("first_contact", "share", None if share is None else round(share, 4), "share")
    for override in summary.overrides:
        out.money("overrides", f"{override.case_number} {override.kind}", override.amount_cents)
    out.money("overrides", "total", summary.overrides_cents)
    out.count("open_cases", "total", summary.open_cases.total)
    out.counts("open_cases_by_age", summary.open_cases.by_age)
    out.count("open_cases", "follow_up_today", summary.open_cases.follow_up_today)
    out.count("open_cases", "overdue", summary.open_cases.overdue)
    if summary.earlier is not None:
        out.headline("last_week", summary.earlier.last_week)
        out.optional("four_weeks", "average_cases", summary.earlier.average_cases, "count")
        out.money("four_weeks", "average_refunds", summary.earlier.average_refunds_cents)
        out.optional(
            "four_weeks",
            "average_waiting_p90",
            summary.earlier.average_waiting_p90_seconds,
            "seconds",
        )
    yield from out.rows


def summary_csv(summary: DailySummary) -> bytes:
    """The summary as CSV bytes (UTF-8 with a byte-order mark), under the header row."""
    return csv_bytes([SUMMARY_CSV_HEADER, *summary_rows(summary)])
