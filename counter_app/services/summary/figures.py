"""The store manager's figures for a day or a range of days, as frozen values.

Money is integer cents; durations are whole seconds; counts of kinds (case types,
statuses, tenders, severities) list every known kind, with zero where nothing
happened, so a screen or a printout never has to guess a missing key.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Durations:
    """How long something took, over ``count`` cases or walk-ins.

    ``p90_seconds`` is the nearest-rank 90th percentile: the smallest value
    that at least 90 % of the samples do not exceed. Both are ``None`` with
    no samples.
    """

    count: int
    average_seconds: int | None
    p90_seconds: int | None


@dataclass(frozen=True)
class CaseMoney:
    """Money that moved on cases of one type: paid back, and taken."""

    refunds_cents: int
    charges_cents: int


@dataclass(frozen=True)
class Vouchers:
    """Store-credit vouchers issued (every voucher, with or without a payment row) or spent."""

    count: int
    cents: int


@dataclass(frozen=True)
class ProductCount:
    """A product and how often it came back (``quantity``) or was complained about."""

    product_id: uuid.UUID
    name: str
    quantity: int
    cases: int


@dataclass(frozen=True)
class FaultFlagRaised:
    """A product flagged as possibly faulty within the days."""

    product_id: uuid.UUID
    name: str
    raised_at: datetime
    complaints: int
    returns: int
    window_days: int
    cleared: bool


@dataclass(frozen=True)
class OverrideGiven:
    """A manager's approval or goodwill: who, for which clerk, why and for how much."""

    case_number: str
    kind: str
    manager: str
    clerk: str
    reason: str
    amount_cents: int
    at: datetime


@dataclass(frozen=True)
class OpenCases:
    """Cases still open or in progress at the end of the last day.

    ``by_age`` counts them by the local day they were opened: ``"today"`` (the
    last day), ``"1-2 days"``, ``"3-7 days"`` and ``"older"``. ``follow_up_today``
    and ``overdue`` count open complaints whose follow-up date is the last day,
    or before it.
    """

    total: int
    by_age: Mapping[str, int]
    follow_up_today: int
    overdue: int


@dataclass(frozen=True)
class Headline:
    """The few figures compared with earlier days."""

    day: date
    cases: int
    refunds_cents: int
    waiting_p90_seconds: int | None


@dataclass(frozen=True)
class EarlierDays:
    """The same weekday a week before, and the average of the four same weekdays before.

    Averages are over the four days (a day with no cases counts as zero cases and
    no refunds); the waiting average is over the days that had any waiting at all,
    ``None`` when none had.
    """

    day: date
    last_week: Headline
    weeks: tuple[Headline, ...]
    average_cases: float
    average_refunds_cents: int
    average_waiting_p90_seconds: int | None


@dataclass(frozen=True)
class DailySummary:
    """A day's (or a range's) figures, from ``first_day`` to ``last_day`` inclusive.

    Which rows count:

    * cases, their lines, complaints and restocking fees: cases *created* within
      the days (the business day of the case number);
    * money (refunds, charges, vouchers issued and spent): rows written within the days,
      when the money moved, so the cash figure matches the drawer;
    * ``cash_out_cents``: cash refunded minus cash taken, what left the drawer;
    * waiting: each walk-in that arrived within the days and was called (arrival to
      call), plus each case created within the days that no walk-in became
      (arrival to being served);
    * resolution: cases resolved within the days, from arrival to resolution;
    * ``first_contact_resolved``: cases created within the days that are resolved
      or closed, were settled in the customer's first visit (the case's
      first-contact mark: every counter return and exchange, a complaint when the
      clerk says so) and were never reopened; ``first_contact_share`` is that over
      ``cases``;
    * returned products: items coming back in returns and exchanges;
    * ``cases_by_hour``: the cases created within the days, by the store-local hour
      of day (index 0 is 00:00-01:00), the days added up, so a range shows the
      counter's busy hours;
    * ``arrivals_by_hour``: the customers who came to the counter, by local hour of
      arrival: each walk-in that joined the queue within the days (served, not
      served or gone), plus each case created within the days that no walk-in
      became (at its arrival time).
    """

    first_day: date
    last_day: date
    timezone: str
    currency: str
    cases: int
    cases_by_type: Mapping[str, int]
    cases_by_status: Mapping[str, int]
    cases_by_hour: tuple[int, ...]
    arrivals_by_hour: tuple[int, ...]
    returns: CaseMoney
    exchanges: CaseMoney
    complaints_money: CaseMoney
    refunds_by_tender: Mapping[str, int]
    refunds_cents: int
    cash_out_cents: int
    credit_issued: Vouchers
    credit_redeemed: Vouchers
    restocking_fees_cents: int
    complaints_by_category: Mapping[str, int]
    complaints_by_severity: Mapping[str, int]
    top_returned: tuple[ProductCount, ...]
    most_complained: tuple[ProductCount, ...]
    fault_flags: tuple[FaultFlagRaised, ...]
    waiting: Durations
    resolution: Durations
    first_contact_resolved: int
    overrides: tuple[OverrideGiven, ...]
    open_cases: OpenCases
    earlier: EarlierDays | None
    # The UTC instants counted: the days' bounds, unless a close moved them (see ``day_window``).
    covers_from: datetime
    covers_until: datetime

    @property
    def first_contact_share(self) -> float | None:
        """Share of the days' cases resolved at first contact; ``None`` without cases."""
        return self.first_contact_resolved / self.cases if self.cases else None

    @property
    def busiest_hour(self) -> tuple[int, int] | None:
        """The local hour of day with most cases created, and how many; the earliest on a tie."""
        most = max(self.cases_by_hour, default=0)
        return (self.cases_by_hour.index(most), most) if most else None

    @property
    def overrides_cents(self) -> int:
        """What the managers' overrides let through, in all."""
        return sum(override.amount_cents for override in self.overrides)
