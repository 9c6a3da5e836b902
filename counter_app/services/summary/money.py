"""The summary's money figures: refunds, charges, vouchers and fees, summed by the database.

Money counts when it moved (the payment's or voucher's own time), so the cash
figure of a day matches what the drawer saw that day.
"""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, func, select, union_all
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session, col

from counter_app.services.summary.figures import Vouchers
from counter_app.services.summary.queries import Window, fetch_all, fetch_one, window_place
from db.store.models import Case, Payment, StoreCredit


def _payments_in(window: Window) -> ColumnElement[bool]:
    return and_(
        col(Payment.store_id) == window.store_id,
        col(Payment.created_at) >= window.start,
        col(Payment.created_at) < window.end,
    )


def payment_groups(session: Session, window: Window) -> list[Any]:
    """The window's payments in one read: (case type, kind, tender, count, cents).

    The caller adds the groups up into money per case type, refunds and charges
    per tender and store credit spent.
    """
    columns = (col(Case.case_type), col(Payment.kind), col(Payment.tender))
    return fetch_all(
        session,
        select(*columns, func.count(), func.sum(col(Payment.amount_cents)))
        .select_from(Payment)
        .join(Case, col(Case.id) == col(Payment.case_id))
        .where(_payments_in(window))
        .group_by(*columns),
    )


def refunds_of(session: Session, windows: Sequence[Window]) -> list[Any]:
    """(window's place in ``windows``, cents refunded) for a few windows, in one statement."""
    return fetch_all(
        session,
        union_all(
            *(
                select(window_place(number), func.sum(col(Payment.amount_cents))).where(
                    _payments_in(window), col(Payment.kind) == "refund"
                )
                for number, window in enumerate(windows)
            )
        ),
    )


def vouchers_issued(session: Session, window: Window) -> Vouchers:
    """Every voucher issued within the window, complaint goodwill vouchers included."""
    count, cents = fetch_one(
        session,
        select(func.count(), func.coalesce(func.sum(col(StoreCredit.initial_cents)), 0)).where(
            col(StoreCredit.store_id) == window.store_id,
            col(StoreCredit.issued_at) >= window.start,
            col(StoreCredit.issued_at) < window.end,
        ),
    )
    return Vouchers(int(count), int(cents))
