"""The daily summary against a generated store day whose true figures are known.

The day is written through the real services (tests/services/summary_day.py),
so each figure here checks the summary's SQL against what the counter actually
saved: counts, money per tender, vouchers, fees, overrides, times, open cases.
"""

import random
from collections import Counter
from datetime import date, datetime, timedelta
from statistics import mean

import pytest
from summary_day import DAY, DUBLIN, DayTruth, DayWriter, Expected, Seeded, generate, local, p90

from counter_app.domain.validation import InputError
from counter_app.services.summary import DailySummary, compare_with_earlier, daily_summary

SEEDS = (7, 2026)


def _assert_matches(summary: DailySummary, truth: DayTruth) -> None:
    """Every figure that depends on the days only (not on what is open at the end)."""
    cases = sum(truth.by_type.values())
    assert summary.cases == cases
    assert dict(summary.cases_by_type) == {
        "complaint": truth.by_type["complaint"],
        "return": truth.by_type["return"],
        "exchange": truth.by_type["exchange"],
    }
    statuses = Counter(truth.by_status.values())
    assert dict(summary.cases_by_status) == {
        status: statuses[status] for status in ("open", "in_progress", "resolved", "closed")
    }
    assert (summary.returns.refunds_cents, summary.returns.charges_cents) == (
        truth.money[("return", "refund")],
        truth.money[("return", "charge")],
    )
    assert (summary.exchanges.refunds_cents, summary.exchanges.charges_cents) == (
        truth.money[("exchange", "refund")],
        truth.money[("exchange", "charge")],
    )
    assert summary.complaints_money.refunds_cents == truth.money[("complaint", "refund")]
    tenders = ("cash", "card", "store_credit", "original")
    assert dict(summary.refunds_by_tender) == {tender: truth.refunds[tender] for tender in tenders}
    assert summary.refunds_cents == sum(truth.refunds.values())
    assert summary.cash_out_cents == truth.refunds["cash"] - truth.charges["cash"]
    assert (summary.credit_issued.count, summary.credit_issued.cents) == (
        len(truth.issued),
        sum(truth.issued),
    )
    assert (summary.credit_redeemed.count, summary.credit_redeemed.cents) == (
        len(truth.redeemed),
        sum(truth.redeemed),
    )
    assert summary.restocking_fees_cents == truth.fees
    assert dict(summary.complaints_by_category) == dict(truth.categories)
    assert dict(summary.complaints_by_severity) == {
        severity: truth.severities[severity] for severity in ("low", "medium", "high", "critical")
    }
    top = sorted(truth.returned.items(), key=lambda item: (-item[1], item[0]))[:5]
    assert [(p.name, p.quantity) for p in summary.top_returned] == top
    complained = sorted(truth.complained.items(), key=lambda item: (-item[1], item[0]))[:5]
    assert [(p.name, p.quantity) for p in summary.most_complained] == complained
    assert sorted(flag.name for flag in summary.fault_flags) == sorted(truth.flags)
    waits = truth.waits
    assert summary.waiting.count == len(waits)
    assert summary.waiting.average_seconds == (round(mean(waits)) if waits else None)
    assert summary.waiting.p90_seconds == p90(waits)
    resolutions = list(truth.resolutions.values())
    assert summary.resolution.count == len(resolutions)
    assert summary.resolution.average_seconds == (round(mean(resolutions)) if resolutions else None)
    assert summary.resolution.p90_seconds == p90(resolutions)
    assert summary.first_contact_resolved == len(truth.first_contact)
    assert summary.first_contact_share == (len(truth.first_contact) / cases if cases else None)
    assert [
        (o.case_number, o.kind, o.manager, o.clerk, o.reason, o.amount_cents)
        for o in summary.overrides
    ] == sorted(truth.overrides)
    assert summary.overrides_cents == sum(override[-1] for override in truth.overrides)
    assert summary.cases_by_hour == tuple(truth.hours[hour] for hour in range(24))
    assert summary.arrivals_by_hour == tuple(truth.arrivals[hour] for hour in range(24))
    busiest = max(truth.hours.values(), default=0)
    assert summary.busiest_hour == (
        (min(hour for hour, count in truth.hours.items() if count == busiest), busiest)
        if busiest
        else None
    )


def _assert_open(summary: DailySummary, expected: Expected) -> None:
    ages = ("today", "1-2 days", "3-7 days", "older")
    assert dict(summary.open_cases.by_age) == {age: expected.by_age[age] for age in ages}
    assert summary.open_cases.total == sum(expected.by_age.values())
    assert summary.open_cases.follow_up_today == expected.follow_up_today
    assert summary.open_cases.overdue == expected.overdue


@pytest.mark.parametrize("seed", SEEDS)
def test_a_generated_day_shows_exactly_what_was_written(seeded: Seeded, seed: int) -> None:
    writer = generate(seeded, seed)
    truth = writer.days[DAY]

    summary = daily_summary(database=seeded.database, first_day=DAY)

    assert (summary.first_day, summary.last_day) == (DAY, DAY)
    # The generated day holds every kind of figure, and days around it that must not count.
    assert summary.cases >= 16
    assert summary.overrides
    assert summary.fault_flags
    assert summary.credit_issued.count
    assert summary.credit_redeemed.count
    assert writer.days[DAY - timedelta(days=1)].by_type
    assert writer.days[DAY + timedelta(days=1)].by_type
    _assert_matches(summary, truth)
    _assert_open(summary, writer.open)
    # 00:00:30 and 23:59 store time (23:00:30 the day before and 22:59 in UTC) are the
    # day's only cases in its first and last hours; the day's own run starts after 9:00.
    assert (summary.cases_by_hour[0], summary.cases_by_hour[23]) == (1, 1)
    assert sum(summary.cases_by_hour[1:9]) == 0
    assert sum(summary.cases_by_hour) == summary.cases


def test_the_same_weekdays_before_are_compared(seeded: Seeded) -> None:
    writer = generate(seeded, SEEDS[0])
    summary = daily_summary(database=seeded.database, first_day=DAY)

    earlier = summary.earlier
    assert earlier is not None
    weeks = [writer.days.get(DAY - timedelta(weeks=back), DayTruth()) for back in range(1, 5)]
    assert [week.day for week in earlier.weeks] == [
        DAY - timedelta(weeks=back) for back in range(1, 5)
    ]
    assert [week.cases for week in earlier.weeks] == [sum(w.by_type.values()) for w in weeks]
    assert [week.refunds_cents for week in earlier.weeks] == [
        sum(w.refunds.values()) for w in weeks
    ]
    assert [week.waiting_p90_seconds for week in earlier.weeks] == [p90(w.waits) for w in weeks]
    assert earlier.last_week == earlier.weeks[0]
    assert compare_with_earlier(database=seeded.database, day=DAY) == earlier
    assert earlier.average_cases == sum(week.cases for week in earlier.weeks) / 4
    assert earlier.average_refunds_cents == round(sum(sum(w.refunds.values()) for w in weeks) / 4)
    waits = [p90(w.waits) for w in weeks if w.waits]
    assert earlier.average_waiting_p90_seconds == round(sum(w for w in waits if w) / len(waits))
    assert earlier.last_week.cases == 2  # written a week before, so the test cannot pass empty


def test_a_range_of_two_days_adds_both_days(seeded: Seeded) -> None:
    writer = generate(seeded, SEEDS[1])
    before = DAY - timedelta(days=1)

    summary = daily_summary(database=seeded.database, first_day=before, last_day=DAY)

    assert (summary.first_day, summary.last_day) == (before, DAY)
    assert summary.earlier is None
    assert writer.days[before].by_type  # the day before has cases of its own
    _assert_matches(summary, writer.days[before].merged(writer.days[DAY]))
    _assert_open(summary, writer.open)


@pytest.mark.parametrize(
    ("first_day", "moments"),
    [
        # Dublin goes from GMT to IST at 01:00 UTC on 29 March 2026: 03:15 is 02:15 UTC.
        (
            date(2026, 3, 28),
            (
                local(date(2026, 3, 28), 10, 30),
                local(date(2026, 3, 29), 0, 30),
                local(date(2026, 3, 29), 3, 15),
                local(date(2026, 3, 29), 10, 30),
                local(date(2026, 3, 30), 23, 30),
            ),
        ),
        # And back at 01:00 UTC on 25 October 2026: 01:30 comes twice, IST then GMT.
        (
            date(2026, 10, 24),
            (
                local(date(2026, 10, 24), 10, 30),
                local(date(2026, 10, 25), 1, 30),
                datetime(2026, 10, 25, 1, 30, fold=1, tzinfo=DUBLIN),
                local(date(2026, 10, 25), 10, 30),
                local(date(2026, 10, 26), 23, 30),
            ),
        ),
    ],
)
def test_hours_follow_the_stores_clock_across_a_clock_change(
    seeded: Seeded, first_day: date, moments: tuple[datetime, ...]
) -> None:
    writer = DayWriter(seeded, random.Random(5))
    for moment in moments:
        writer.complaint("complaint_open", moment, 60)
    hours = Counter(moment.astimezone(DUBLIN).hour for moment in moments)
    assert len({moment.astimezone(DUBLIN).utcoffset() for moment in moments}) == 2

    summary = daily_summary(
        database=seeded.database, first_day=first_day, last_day=first_day + timedelta(days=2)
    )

    assert summary.cases == len(moments)
    assert summary.cases_by_hour == tuple(hours[hour] for hour in range(24))
    assert summary.arrivals_by_hour == summary.cases_by_hour  # each came a minute before
    assert summary.busiest_hour == (max(hours, key=lambda hour: (hours[hour], -hour)), 2)


def test_a_range_over_both_clock_changes_places_each_hour_by_its_own_clock(
    seeded: Seeded,
) -> None:
    # GMT, then IST from 29 March, then GMT again from 25 October: three spans, one range.
    moments = (
        local(date(2026, 3, 28), 23, 30),
        local(date(2026, 3, 29), 3, 15),
        local(date(2026, 7, 1), 12, 45),
        datetime(2026, 10, 25, 1, 30, tzinfo=DUBLIN),
        datetime(2026, 10, 25, 1, 30, fold=1, tzinfo=DUBLIN),
        local(date(2026, 10, 26), 0, 15),
    )
    writer = DayWriter(seeded, random.Random(5))
    for moment in moments:
        writer.complaint("complaint_open", moment, 60)
    hours = Counter(moment.astimezone(DUBLIN).hour for moment in moments)

    summary = daily_summary(
        database=seeded.database, first_day=date(2026, 3, 28), last_day=date(2026, 10, 26)
    )

    assert summary.cases == len(moments)
    assert summary.cases_by_hour == tuple(hours[hour] for hour in range(24))
    assert summary.arrivals_by_hour == summary.cases_by_hour  # each came a minute before


def test_an_empty_day_is_all_zeros(seeded: Seeded) -> None:
    summary = daily_summary(database=seeded.database, first_day=date(2026, 1, 5))

    assert summary.cases == 0
    assert set(summary.cases_by_type.values()) == {0}
    assert set(summary.cases_by_status.values()) == {0}
    assert set(summary.refunds_by_tender.values()) == {0}
    assert summary.refunds_cents == summary.cash_out_cents == summary.restocking_fees_cents == 0
    assert (summary.credit_issued.count, summary.credit_redeemed.cents) == (0, 0)
    assert dict(summary.complaints_by_category) == {}
    assert set(summary.complaints_by_severity.values()) == {0}
    assert summary.top_returned == summary.most_complained == summary.fault_flags == ()
    assert (summary.waiting.count, summary.waiting.p90_seconds) == (0, None)
    assert (summary.resolution.count, summary.resolution.average_seconds) == (0, None)
    assert summary.first_contact_share is None
    assert summary.cases_by_hour == summary.arrivals_by_hour == (0,) * 24
    assert summary.busiest_hour is None
    assert summary.overrides == ()
    assert summary.open_cases.total == 0
    assert summary.earlier is not None
    assert summary.earlier.average_waiting_p90_seconds is None


def test_a_range_ending_before_it_starts_is_refused(seeded: Seeded) -> None:
    with pytest.raises(InputError) as refused:
        daily_summary(database=seeded.database, first_day=DAY, last_day=DAY - timedelta(days=1))

    assert refused.value.problems[0].field == "last_day"
    assert "before the first day" in refused.value.problems[0].message


def test_a_range_longer_than_a_year_is_refused(seeded: Seeded) -> None:
    with pytest.raises(InputError, match="at most 366 days"):
        daily_summary(database=seeded.database, first_day=DAY, last_day=DAY + timedelta(days=366))


@pytest.mark.parametrize(
    ("first_day", "last_day", "field"),
    [("2026-06-14", None, "first_day"), (DAY, "tomorrow", "last_day")],
)
def test_days_that_are_not_dates_are_refused(
    seeded: Seeded, first_day: object, last_day: object, field: str
) -> None:
    with pytest.raises(InputError) as refused:
        daily_summary(database=seeded.database, first_day=first_day, last_day=last_day)  # type: ignore[arg-type]

    assert refused.value.problems[0].field == field
