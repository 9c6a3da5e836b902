"""Repeated complaints or returns of one product, flagged for the manager as a possible fault.

Intake (and the returns service) call :func:`check_product_faults` inside
their own unit of work, so a flag is raised in the same transaction as the
case that tipped it over, or not at all. A flag stays up until a manager
clears it with a note of what they found; after that only cases opened
since the clearing count towards a new flag, so the manager is not asked
again about complaints they have already looked at.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import Session, col, func, select

from counter_app.domain.local_time import local_day
from counter_app.domain.return_policy import FaultFlagRule
from counter_app.domain.validation import InputError, as_id
from counter_app.i18n import say, say_later, say_plural
from counter_app.services.errors import NotFoundError
from counter_app.services.inputs import clean_free_text
from counter_app.services.policy import load_policy
from counter_app.services.recording import record_change
from counter_app.services.staff import SignedIn, require_active_manager, require_manager
from counter_app.services.store_setup import load_store, store_zone
from db.store.database import StoreDatabase
from db.store.models import (
    Case,
    CaseLine,
    ComplaintDetail,
    Product,
    ProductFaultFlag,
    Staff,
    Store,
)


@dataclass(frozen=True)
class FaultFlag:
    """A product flagged as possibly faulty, as the manager's list and intake show it."""

    id: uuid.UUID
    product_id: uuid.UUID
    product_name: str
    sku: str
    case_id: uuid.UUID
    case_number: str
    raised_at: datetime
    complaints: int
    returns: int
    window_days: int
    cleared_at: datetime | None
    cleared_by: uuid.UUID | None

    @property
    def explanation(self) -> str:
        """Why the product was flagged, in one sentence for the manager."""
        complaints = say_plural("{count} complaint", "{count} complaints", self.complaints)
        returns = say_plural("{count} return", "{count} returns", self.returns)
        return say_plural(
            "{product} ({sku}): {complaints} and {returns} in {days} day.",
            "{product} ({sku}): {complaints} and {returns} in {days} days.",
            self.window_days,
        ).format(
            product=self.product_name,
            sku=self.sku,
            complaints=complaints.format(count=self.complaints),
            returns=returns.format(count=self.returns),
            days=self.window_days,
        )


@dataclass(frozen=True)
class ProductActivity:
    """How often a product came back or was complained about since a moment."""

    complaints: int
    returns: int

    @property
    def total(self) -> int:
        """Complaints and returns together: what the fault threshold is compared with."""
        return self.complaints + self.returns


def product_activity(
    session: Session, *, product_id: uuid.UUID, since: datetime
) -> ProductActivity:
    """Complaints about the product and cases that took it back, opened at or after ``since``.

    A case bringing the product back counts once, however many lines it has:
    the threshold is about how many customers had trouble, not how many units.
    """
    complaints = session.exec(
        select(func.count())
        .select_from(ComplaintDetail)
        .join(Case, col(Case.id) == col(ComplaintDetail.case_id))
        .where(ComplaintDetail.product_id == product_id, col(Case.created_at) >= since)
    ).one()
    returns = session.exec(
        select(func.count(func.distinct(CaseLine.case_id)))
        .select_from(CaseLine)
        .join(Case, col(Case.id) == col(CaseLine.case_id))
        .where(
            CaseLine.product_id == product_id,
            CaseLine.direction == "in",
            col(Case.created_at) >= since,
        )
    ).one()
    return ProductActivity(int(complaints), int(returns))


def open_flag_for(session: Session, product_id: uuid.UUID) -> ProductFaultFlag | None:
    """The product's flag that no manager has cleared yet, if any."""
    return session.exec(
        select(ProductFaultFlag).where(
            ProductFaultFlag.product_id == product_id, col(ProductFaultFlag.cleared_at).is_(None)
        )
    ).first()


# Built once: every return and complaint asks it.
_FLAGGED = select(ProductFaultFlag.product_id).where(
    col(ProductFaultFlag.product_id).in_(bindparam("product_ids", expanding=True)),
    col(ProductFaultFlag.cleared_at).is_(None),
)


def products_flagged(session: Session, product_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these products have a flag no manager has cleared yet, in one read."""
    wanted = list(dict.fromkeys(product_ids))
    if not wanted:
        return set()
    return set(session.exec(_FLAGGED, params={"product_ids": wanted}).all())


def _last_cleared(session: Session, product_id: uuid.UUID) -> datetime | None:
    latest = session.exec(
        select(ProductFaultFlag)
        .where(
            ProductFaultFlag.product_id == product_id,
            col(ProductFaultFlag.cleared_at).is_not(None),
        )
        .order_by(col(ProductFaultFlag.cleared_at).desc())
        .limit(1)
    ).first()
    return latest.cleared_at if latest else None


def _view(session: Session, flag: ProductFaultFlag) -> FaultFlag:
    product = session.get(Product, flag.product_id)
    case = session.get(Case, flag.case_id)
    return FaultFlag(
        id=flag.id,
        product_id=flag.product_id,
        product_name=product.name if product else "",
        sku=product.sku if product else "",
        case_id=flag.case_id,
        case_number=case.number if case else "",
        raised_at=flag.raised_at,
        complaints=flag.complaints,
        returns=flag.returns,
        window_days=flag.window_days,
        cleared_at=flag.cleared_at,
        cleared_by=flag.cleared_by,
    )


def _payload(flag: ProductFaultFlag) -> dict[str, Any]:
    return {
        "id": str(flag.id),
        "product_id": str(flag.product_id),
        "case_id": str(flag.case_id),
        "raised_at": flag.raised_at.isoformat(),
        "complaints": flag.complaints,
        "returns": flag.returns,
        "window_days": flag.window_days,
        "cleared_at": flag.cleared_at.isoformat() if flag.cleared_at else None,
        "cleared_by": str(flag.cleared_by) if flag.cleared_by else None,
    }


def check_product_faults(
    session: Session,
    *,
    store: Store,
    product_ids: Iterable[uuid.UUID],
    case_id: uuid.UUID,
    staff_id: uuid.UUID,
    now: datetime,
    rule: FaultFlagRule | None = None,
) -> list[FaultFlag]:
    """Flag each product whose complaints and returns in the policy's window reach its count.

    Runs inside the caller's unit of work, after the case that may tip a
    product over is flushed. A product already flagged and not yet cleared
    is not flagged again.

    Args:
        rule: the policy's fault-flag rule, when the caller has read the policy
            in this unit of work already; read here otherwise.

    Returns:
        the flags raised now (empty when nothing crossed the line).
    """
    if rule is None:
        rule = load_policy(session).rules.fault_flag
    moment = now.astimezone(UTC)
    window_start = moment - timedelta(days=rule.window_days)
    session.flush()
    wanted = list(dict.fromkeys(product_ids))  # each product once, in the order given
    flagged = products_flagged(session, wanted)
    raised: list[FaultFlag] = []
    for product_id in wanted:
        if product_id in flagged:
            continue
        cleared = _last_cleared(session, product_id)
        since = max(window_start, cleared) if cleared is not None else window_start
        activity = product_activity(session, product_id=product_id, since=since)
        if activity.total < rule.count:
            continue
        flag = ProductFaultFlag(
            store_id=store.id,
            product_id=product_id,
            case_id=case_id,
            raised_at=moment,
            complaints=activity.complaints,
            returns=activity.returns,
            window_days=rule.window_days,
        )
        session.add(flag)
        session.flush()
        view = _view(session, flag)
        record_change(
            session,
            store_id=store.id,
            staff_id=staff_id,
            action="product.fault_flagged",
            entity="product_fault_flag",
            entity_id=str(flag.id),
            case_id=case_id,
            details={
                "product_id": str(product_id),
                "sku": view.sku,
                "complaints": flag.complaints,
                "returns": flag.returns,
                "window_days": flag.window_days,
                "threshold": rule.count,
            },
            outbox_payload=_payload(flag),
            now=moment,
        )
        raised.append(view)
    return raised


def open_fault_flags(*, database: StoreDatabase) -> list[FaultFlag]:
    """Flags no manager has cleared yet, newest first, for the manager's list."""
    with database.read() as session:
        rows = session.exec(
            select(ProductFaultFlag)
            .where(col(ProductFaultFlag.cleared_at).is_(None))
            .order_by(col(ProductFaultFlag.raised_at).desc())
        ).all()
        return [_view(session, row) for row in rows]


def clear_fault_flag(
    *,
    database: StoreDatabase,
    staff: SignedIn,
    flag_id: uuid.UUID,
    note: str,
    now: datetime | None = None,
) -> FaultFlag:
    """Clear a flag once a manager has looked into it; the note says what they found.

    Raises:
        PermissionDeniedError: the person is not a manager (by the database's record).
        NotFoundError: there is no such flag.
        InputError: no note, or the flag was already cleared.
    """
    require_manager(staff, say("clear a product fault flag"))
    cleaned, _ = clean_free_text(  # a card number typed in the note keeps its last four only
        note, field="note", label=say_later("What you found"), max_length=500, multiline=True
    )
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    with database.write() as session:
        require_active_manager(session, staff, say("clear a product fault flag"))
        wanted = as_id(flag_id)
        flag = session.get(ProductFaultFlag, wanted) if wanted is not None else None
        if flag is None:
            raise NotFoundError(say("That product fault flag is not in this store's records."))
        if flag.cleared_at is not None:
            by = session.get(Staff, flag.cleared_by) if flag.cleared_by else None
            store = load_store(session)
            zone = store_zone(store.timezone)
            when = local_day(flag.cleared_at.astimezone(zone).date(), store.locale)
            raise InputError.single(
                "flag_id",
                say("This flag was already cleared on {date} by {name}.").format(
                    date=when, name=by.name
                )
                if by
                else say("This flag was already cleared on {date}.").format(date=when),
            )
        flag.cleared_at = moment
        flag.cleared_by = staff.staff_id
        session.add(flag)
        session.flush()
        view = _view(session, flag)
        record_change(
            session,
            store_id=flag.store_id,
            staff_id=staff.staff_id,
            action="product.fault_cleared",
            entity="product_fault_flag",
            entity_id=str(flag.id),
            case_id=flag.case_id,
            details={"product_id": str(flag.product_id), "sku": view.sku, "note": cleaned},
            outbox_payload={**_payload(flag), "note": cleaned},
            now=moment,
        )
        return view
