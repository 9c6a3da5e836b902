"""The summary's money figures: refunds, charges, vouchers and fees, summed by the database.

Money counts when it moved (the payment's or voucher's own time), so the cash
figure of a day matches what the drawer saw that day. The statements are SQL
text sent as they are, like ``queries``'s (see there why).
"""

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlmodel import Session

from counter_app.services.summary.figures import Vouchers
from counter_app.services.summary.queries import (
    Window,
    per_window_sql,
    rows_of,
    several_params,
    window_params,
)

_PAYMENT_GROUPS = """
    SELECT payment.case_type, payment.kind, payment.tender, count(*), sum(payment.amount_cents)
    FROM payment
    WHERE payment.store_id = :store_id
      AND payment.created_at >= :start AND payment.created_at < :end
    GROUP BY payment.case_type, payment.kind, payment.tender
"""


def payment_groups(session: Session, window: Window) -> list[Any]:
    """The window's payments in one read: (case type, kind, tender, count, cents).

    The caller adds the groups up into money per case type, refunds and charges
    per tender and store credit spent. Payments carry their case's type (schema
    0009), so the window's index answers it all, with no look-up of each case.
    """
    return rows_of(session, _PAYMENT_GROUPS, window_params(window))


def _refund_sql(number: int) -> str:
    return (
        f"SELECT {number}, sum(amount_cents) FROM payment"  # noqa: S608 (numbers only)
        f" WHERE store_id = :store_id AND created_at >= :start{number}"
        f" AND created_at < :end{number} AND kind = 'refund'"
    )


@cache
def _refunds_sql(windows: int) -> str:
    return per_window_sql(_refund_sql, windows)


def refunds_of(session: Session, windows: Sequence[Window]) -> list[Any]:
    """(window's place in ``windows``, cents refunded) for a few windows, in one statement."""
    return rows_of(session, _refunds_sql(len(windows)), several_params(windows))


_VOUCHERS_ISSUED = """
    SELECT count(*), coalesce(sum(initial_cents), 0) FROM storecredit
    WHERE store_id = :store_id AND issued_at >= :start AND issued_at < :end
"""


def vouchers_issued(session: Session, window: Window) -> Vouchers:
    """Every voucher issued within the window, complaint goodwill vouchers included."""
    ((count, cents),) = rows_of(session, _VOUCHERS_ISSUED, window_params(window))
    return Vouchers(int(count), int(cents))
