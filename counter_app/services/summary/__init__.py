"""The store manager's daily summary: figures of a day or a range of days, computed in SQL."""

from counter_app.services.summary.figures import (
    CaseMoney,
    DailySummary,
    Durations,
    EarlierDays,
    FaultFlagRaised,
    Headline,
    OpenCases,
    OverrideGiven,
    ProductCount,
    Vouchers,
)
from counter_app.services.summary.service import (
    compare_with_earlier,
    daily_summary,
    manager_summary,
)

__all__ = [
    "CaseMoney",
    "DailySummary",
    "Durations",
    "EarlierDays",
    "FaultFlagRaised",
    "Headline",
    "OpenCases",
    "OverrideGiven",
    "ProductCount",
    "Vouchers",
    "compare_with_earlier",
    "daily_summary",
    "manager_summary",
]
