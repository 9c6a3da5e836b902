"""The summary's money figures: refunds, charges, vouchers and fees, summed by the database.

Money counts when it moved (the payment's or voucher's own time), so the cash
figure of a day matches what the drawer saw that day.
"""

from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session, col

from counter_app.services.summary.figures import CaseMoney, Vouchers
from counter_app.services.summary.queries import Window, cases_in, fetch_all, fetch_one
from db.store.models import Case, CaseLine, Payment, StoreCredit


def _payments_in(window: Window) -> ColumnElement[bool]:
    return and_(
        col(Payment.store_id) == window.store_id,
        col(Payment.created_at) >= window.start,
        col(Payment.created_at) < window.end,
    )


def money_by_case_type(session: Session, window: Window) -> dict[str, CaseMoney]:
    """Refunds and charges of the window, per type of the case they were paid on."""
    rows = fetch_all(
        session,
        select(col(Case.case_type), col(Payment.kind), func.sum(col(Payment.amount_cents)))
        .select_from(Payment)
        .join(Case, col(Case.id) == col(Payment.case_id))
        .where(_payments_in(window))
        .group_by(col(Case.case_type), col(Payment.kind)),
    )
    sums = {(case_type, kind): int(total) for case_type, kind, total in rows}
    return {
        case_type: CaseMoney(sums.get((case_type, "refund"), 0), sums.get((case_type, "charge"), 0))
        for case_type in ("return", "exchange", "complaint")
    }


def payments_by_tender(session: Session, window: Window, kind: str) -> list[Any]:
    """(tender, cents) of the window's payments of one kind."""
    return fetch_all(
        session,
        select(col(Payment.tender), func.sum(col(Payment.amount_cents)))
        .where(_payments_in(window), col(Payment.kind) == kind)
        .group_by(col(Payment.tender)),
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


def vouchers_redeemed(session: Session, window: Window) -> Vouchers:
    """Store credit taken as payment within the window."""
    count, cents = fetch_one(
        session,
        select(func.count(), func.coalesce(func.sum(col(Payment.amount_cents)), 0)).where(
            _payments_in(window),
            col(Payment.kind) == "charge",
            col(Payment.tender) == "store_credit",
        ),
    )
    return Vouchers(int(count), int(cents))


def restocking_fees(session: Session, window: Window) -> int:
    """Restocking fees kept on the lines of the window's cases."""
    statement = (
        select(func.coalesce(func.sum(col(CaseLine.restocking_fee_cents)), 0))
        .join(Case, col(Case.id) == col(CaseLine.case_id))
        .where(cases_in(window))
    )
    return int(fetch_one(session, statement)[0])
