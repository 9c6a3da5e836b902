"""Complaints after intake: the facts at hand, what the customer was given, who follows up.

``intake_context`` shows the clerk the customer's earlier cases and the
product's recent complaints and returns before anything is saved.
``resolve_complaint`` records the accommodation (apology, replacement,
repair, discount, voucher or refund) and moves the case on, in ONE unit of
work with its voucher, refund payment, manager override, audit events and
outbox rows. Money goes through the same rules as everywhere else: typed as
text or Decimal, never float, at the store currency's minor unit.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import model_validator
from sqlalchemy import or_
from sqlmodel import Session, col, func, select

from counter_app.domain.case_state import (
    CaseStatus,
    CaseType,
    IllegalTransitionError,
    next_status,
)
from counter_app.domain.local_time import local_day
from counter_app.domain.money import Money, minor_unit_digits
from counter_app.domain.return_policy import ReturnPolicy
from counter_app.domain.validation import (
    InputError,
    as_id,
    check_day_range,
    clean_card_last4,
    clean_price,
    clean_text,
    refuse_float,
)
from counter_app.i18n import say, say_later
from counter_app.services.approvals import ManagerApproval, approval_needed
from counter_app.services.case_records import find_case, product_by_barcode
from counter_app.services.day_close import refuse_if_closed
from counter_app.services.errors import ApprovalRequiredError, NotFoundError
from counter_app.services.inputs import ServiceInput, checked, parse_noting, text
from counter_app.services.policy import load_policy
from counter_app.services.product_faults import open_flag_for, product_activity
from counter_app.services.recording import record_change
from counter_app.services.search import index_case
from counter_app.services.staff import (
    SignedIn,
    confirm_manager,
    require_active,
    require_active_manager,
)
from counter_app.services.store_credit import Voucher, issue_voucher
from counter_app.services.store_setup import load_store, store_zone
from db.store.database import StoreDatabase
from db.store.models import (
    Case,
    CaseLine,
    CaseOverride,
    ComplaintDetail,
    Customer,
    Payment,
    Product,
    Staff,
    Store,
    StoreCredit,
)

EARLIER_CASES_SHOWN = 10
PRODUCT_CASES_SHOWN = 5
SUMMARY_LENGTH = 120
BARCODE_MAX_LENGTH = 32  # as on a return line: longer is no barcode

Accommodation = Literal["apology", "replacement", "repair", "discount", "voucher", "refund"]
RefundTender = Literal["cash", "card"]

_NEEDS_AMOUNT: frozenset[str] = frozenset({"voucher", "refund"})
_LABELS: dict[str, str] = {
    "apology": say_later("Apology"),
    "replacement": say_later("Replacement"),
    "repair": say_later("Repair"),
    "discount": say_later("Discount"),
    "voucher": say_later("Voucher"),
    "refund": say_later("Refund"),
}
# Whole sentences per accommodation, so each can be translated as a sentence.
_WORTH: dict[str, str] = {
    "replacement": say_later("Replacement worth {amount}"),
    "repair": say_later("Repair worth {amount}"),
}
_ENTER_AMOUNT: dict[str, str] = {
    "voucher": say_later("Enter the amount of the voucher."),
    "refund": say_later("Enter the amount of the refund."),
}
_MORE_THAN_NOTHING: dict[str, str] = {
    "voucher": say_later("A voucher must be for more than nothing."),
    "refund": say_later("A refund must be for more than nothing."),
}
_NOT_A_COMPLAINT: dict[str, str] = {
    CaseType.RETURN.value: say_later("Case {number} is a return, not a complaint."),
    CaseType.EXCHANGE.value: say_later("Case {number} is an exchange, not a complaint."),
}
_ALREADY_DONE: dict[CaseStatus, str] = {
    CaseStatus.RESOLVED: say_later(
        "Case {number} is already resolved; reopen it before giving the customer anything more."
    ),
    CaseStatus.CLOSED: say_later(
        "Case {number} is already closed; reopen it before giving the customer anything more."
    ),
}


# --------------------------------------------------------------------------- what intake shows


@dataclass(frozen=True)
class EarlierCase:
    """A case shown at intake: enough to recognise it and to open it."""

    id: uuid.UUID
    number: str
    case_type: CaseType
    status: CaseStatus
    opened_at: datetime
    summary: str


@dataclass(frozen=True)
class ProductHistory:
    """A product's recent complaints and returns, and whether it is flagged as faulty."""

    product_id: uuid.UUID
    name: str
    sku: str
    complaints: int
    returns: int
    window_days: int
    flag_threshold: int
    flagged: bool
    recent_cases: tuple[EarlierCase, ...]


@dataclass(frozen=True)
class IntakeContext:
    """The facts at hand before a case is opened."""

    customer_cases: tuple[EarlierCase, ...]
    customer_cases_total: int
    product: ProductHistory | None


def _summary(session: Session, case: Case) -> str:
    """The case's summary, or what it was about when the clerk left the summary empty."""
    words = case.summary
    if not words:
        complaint = session.get(ComplaintDetail, case.id)
        if complaint is not None:
            words = f"{complaint.category}: {complaint.description}"
        else:
            items = session.exec(
                select(CaseLine.description)
                .where(CaseLine.case_id == case.id)
                .order_by(col(CaseLine.line_no))
            ).all()
            words = ", ".join(item for item in items if item)
    words = " ".join(words.split())
    return words if len(words) <= SUMMARY_LENGTH else words[: SUMMARY_LENGTH - 1] + "…"


def _earlier(session: Session, case: Case) -> EarlierCase:
    return EarlierCase(
        id=case.id,
        number=case.number,
        case_type=CaseType(case.case_type),
        status=CaseStatus(case.status),
        opened_at=case.created_at,
        summary=_summary(session, case),
    )


def _product_history(
    session: Session, product: Product, rules: ReturnPolicy, moment: datetime
) -> ProductHistory:
    since = moment - timedelta(days=rules.fault_flag.window_days)
    activity = product_activity(session, product_id=product.id, since=since)
    about_product = or_(
        col(Case.id).in_(
            select(ComplaintDetail.case_id).where(ComplaintDetail.product_id == product.id)
        ),
        col(Case.id).in_(
            select(CaseLine.case_id).where(
                CaseLine.product_id == product.id, CaseLine.direction == "in"
            )
        ),
    )
    recent = session.exec(
        select(Case)
        .where(about_product, col(Case.created_at) >= since)
        .order_by(col(Case.created_at).desc(), col(Case.number).desc())
        .limit(PRODUCT_CASES_SHOWN)
    ).all()
    return ProductHistory(
        product_id=product.id,
        name=product.name,
        sku=product.sku,
        complaints=activity.complaints,
        returns=activity.returns,
        window_days=rules.fault_flag.window_days,
        flag_threshold=rules.fault_flag.count,
        flagged=open_flag_for(session, product.id) is not None,
        recent_cases=tuple(_earlier(session, case) for case in recent),
    )


def intake_context(
    *,
    database: StoreDatabase,
    customer_id: uuid.UUID | None = None,
    product_barcode: str | None = None,
    now: datetime | None = None,
) -> IntakeContext:
    """The customer's earlier cases (newest first) and the scanned product's recent trouble.

    Raises:
        NotFoundError: no such customer, or no product with that barcode.
    """
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    with database.read() as session:
        rules = load_policy(session).rules
        cases: tuple[EarlierCase, ...] = ()
        total = 0
        if customer_id is not None:
            if session.get(Customer, customer_id) is None:
                raise NotFoundError(say("That customer is not in this store's records."))
            total = int(
                session.exec(
                    select(func.count()).select_from(Case).where(Case.customer_id == customer_id)
                ).one()
            )
            rows = session.exec(
                select(Case)
                .where(Case.customer_id == customer_id)
                .order_by(col(Case.created_at).desc(), col(Case.number).desc())
                .limit(EARLIER_CASES_SHOWN)
            ).all()
            cases = tuple(_earlier(session, row) for row in rows)
        product = None
        barcode = clean_text(
            product_barcode or "",
            field="product_barcode",
            label=say("Barcode"),
            max_length=BARCODE_MAX_LENGTH,
            required=False,
        )
        if barcode:
            found = product_by_barcode(session, barcode)
            if found is None:
                raise NotFoundError(
                    say("No product with barcode {barcode} in the catalog; check the code.").format(
                        barcode=barcode
                    )
                )
            product = _product_history(session, found, rules, moment)
        return IntakeContext(cases, total, product)


def complaint_categories(*, database: StoreDatabase) -> tuple[str, ...]:
    """The complaint categories the policy in force offers, in its order, for the screen."""
    with database.read() as session:
        return load_policy(session).rules.complaint_categories


# --------------------------------------------------------------------------- resolving


def _optional_card_last4(value: object) -> str | None:
    return None if value in (None, "") else clean_card_last4(value)


class ComplaintResolution(ServiceInput):
    """What the customer was given for their complaint, and whether the case is done."""

    accommodation: Accommodation
    # Checked in full with the store's currency; floats are stopped here.
    amount: Annotated[
        Decimal | str | int | None, checked(refuse_float, field="amount", label=say_later("Amount"))
    ] = None
    note: Annotated[
        str,
        text(field="note", label=say_later("Note"), max_length=400, required=False, multiline=True),
    ] = ""
    refund_tender: RefundTender | None = None
    card_last4: Annotated[str | None, checked(_optional_card_last4)] = None
    card_reference: (
        Annotated[
            str,
            text(field="card_reference", label=say_later("Card refund reference"), max_length=64),
        ]
        | None
    ) = None
    first_contact: bool = False
    resolve_now: bool = True
    follow_up_on: date | None = None
    approval: ManagerApproval | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "ComplaintResolution":
        kind = self.accommodation
        if kind in _NEEDS_AMOUNT and self.amount is None:
            raise InputError.single("amount", say(_ENTER_AMOUNT[kind]))
        if kind == "apology" and self.amount is not None:
            raise InputError.single(
                "amount",
                say("An apology has no amount; choose discount, voucher or refund to give money."),
            )
        if kind == "refund" and self.refund_tender is None:
            raise InputError.single(
                "refund_tender", say("Choose how the refund is paid: cash or card.")
            )
        if kind != "refund" and self.refund_tender is not None:
            raise InputError.single(
                "refund_tender", say("How the money is paid back only applies to a refund.")
            )
        has_card = self.card_last4 is not None or self.card_reference is not None
        if self.refund_tender == "card":
            if self.card_last4 is None:
                raise InputError.single(
                    "card_last4", say("Enter the last four digits of the card the refund goes to.")
                )
            if self.card_reference is None:
                raise InputError.single(
                    "card_reference",
                    say("Enter the reference the card terminal gave for the refund."),
                )
        elif has_card:
            raise InputError.single(
                "card_last4", say("Card digits and reference belong to a card refund only.")
            )
        if not self.resolve_now:
            if self.follow_up_on is None:
                raise InputError.single(
                    "follow_up_on", say("Set a follow-up date for a complaint kept open.")
                )
            if self.first_contact:
                raise InputError.single(
                    "first_contact",
                    say(
                        "A complaint kept open was not resolved at first contact; "
                        "untick first contact or resolve it now."
                    ),
                )
        if self.approval is not None and self.approval.waive_restocking_fees:
            raise InputError.single(
                "approval.waive_restocking_fees", say("A complaint has no restocking fee to waive.")
            )
        return self


@dataclass(frozen=True)
class RefundGiven:
    """Money paid back for a complaint; a card is shown by its last four digits only."""

    payment_id: uuid.UUID
    tender: RefundTender
    amount_cents: int
    card_last4: str | None
    reference: str | None


@dataclass(frozen=True)
class ComplaintOutcome:
    """What the screen confirms and the receipt prints after a complaint is dealt with."""

    case_id: uuid.UUID
    number: str
    status: CaseStatus
    accommodation_kind: Accommodation
    accommodation: str  # in words, e.g. "Refund of €12.50 to the card ending 4242"
    note: str
    amount_cents: int | None
    currency: str
    amount_text: str | None
    voucher: Voucher | None
    refund: RefundGiven | None
    first_contact: bool
    follow_up_on: date | None
    approved_by: uuid.UUID | None
    notices: tuple[str, ...] = ()  # why something typed was changed before saving


def _find_complaint(session: Session, case_ref: uuid.UUID | str) -> tuple[Case, ComplaintDetail]:
    """The complaint case by id or by its number as typed or scanned."""
    case = find_case(session, case_ref)
    complaint = session.get(ComplaintDetail, case.id)
    if case.case_type != CaseType.COMPLAINT.value or complaint is None:
        raise InputError.single(
            "number",
            say(
                _NOT_A_COMPLAINT.get(case.case_type, say_later("Case {number} is not a complaint."))
            ).format(number=case.number),
        )
    return case, complaint


def _money_text(cents: int, store: Store) -> str:
    return Money.from_minor(cents, store.currency).format(store.locale)


def _amount_cents(request: ComplaintResolution, store: Store) -> int | None:
    if request.amount is None:
        return None
    price = clean_price(
        request.amount,
        decimals=minor_unit_digits(store.currency),
        field="amount",
        label=say("Amount"),
    )
    cents = Money.of(price, store.currency).minor_units
    if request.accommodation in _NEEDS_AMOUNT and cents <= 0:
        raise InputError.single("amount", say(_MORE_THAN_NOTHING[request.accommodation]))
    return cents


def _given_before(session: Session, case_id: uuid.UUID) -> tuple[int, int]:
    """Refunds paid and vouchers issued on this case so far: (all of them, cash only)."""
    refunds = session.exec(
        select(Payment.tender, func.sum(Payment.amount_cents))
        .where(Payment.case_id == case_id, Payment.kind == "refund")
        .group_by(col(Payment.tender))
    ).all()
    vouchers = session.exec(
        select(func.coalesce(func.sum(StoreCredit.initial_cents), 0)).where(
            StoreCredit.case_id == case_id
        )
    ).one()
    # A store-credit refund is itself a voucher: count the voucher, not its payment row too.
    paid = sum(int(total) for tender, total in refunds if tender != "store_credit")
    cash = sum(int(total) for tender, total in refunds if tender == "cash")
    return paid + int(vouchers), cash


def _approval_reasons(
    session: Session,
    *,
    request: ComplaintResolution,
    amount_cents: int | None,
    case: Case,
    store: Store,
    rules: ReturnPolicy,
) -> tuple[str, ...]:
    """Why a manager must approve this accommodation; empty when the clerk may give it."""
    if request.accommodation not in _NEEDS_AMOUNT or not amount_cents:
        return ()
    given, cash_given = _given_before(session, case.id)
    reasons: list[str] = []
    limit = Money.of(rules.manager_approval_above, store.currency).minor_units
    if given + amount_cents > limit:
        total = _money_text(given + amount_cents, store)
        reasons.append(
            say(
                "Refunds and vouchers on this case would come to {total}, "
                "more than the {limit} a clerk may give."
            ).format(total=total, limit=_money_text(limit, store))
        )
    cash_limit = Money.of(rules.refunds.cash_limit, store.currency).minor_units
    if request.refund_tender == "cash" and cash_given + amount_cents > cash_limit:
        reasons.append(
            say("A cash refund above {limit} needs a manager.").format(
                limit=_money_text(cash_limit, store)
            )
        )
    return tuple(reasons)


def _in_words(
    kind: Accommodation,
    *,
    amount_cents: int | None,
    store: Store,
    voucher: Voucher | None,
    request: ComplaintResolution,
) -> str:
    amount = _money_text(amount_cents, store) if amount_cents is not None else None
    if kind == "voucher" and voucher is not None:
        if voucher.expires_on:
            return say("Voucher {code} for {amount}, valid until {date}").format(
                code=voucher.code, amount=amount, date=local_day(voucher.expires_on, store.locale)
            )
        return say("Voucher {code} for {amount}").format(code=voucher.code, amount=amount)
    if kind == "refund":
        if request.refund_tender == "card":
            return say("Refund of {amount} to the card ending {last4}").format(
                amount=amount, last4=request.card_last4
            )
        return say("Refund of {amount} in cash").format(amount=amount)
    if kind == "discount" and amount is not None:
        return say("Discount of {amount}").format(amount=amount)
    if kind in _WORTH and amount is not None:
        return say(_WORTH[kind]).format(amount=amount)
    return say(_LABELS[kind])


def _approver(
    database: StoreDatabase, request: ComplaintResolution, moment: datetime
) -> SignedIn | None:
    """The approving manager, once their PIN is checked.

    Checked before the unit of work, so a wrong PIN still counts towards the lockout.
    """
    if request.approval is None:
        return None
    return confirm_manager(
        database=database,
        staff_id=request.approval.manager_id,
        pin=request.approval.pin,
        doing=say_later("approve a refund or voucher"),
        now=moment,
    )


def _next_status(case: Case, resolve_now: bool) -> CaseStatus:
    current = CaseStatus(case.status)
    if current in {CaseStatus.RESOLVED, CaseStatus.CLOSED}:
        raise IllegalTransitionError(say(_ALREADY_DONE[current]).format(number=case.number))
    if resolve_now:
        return next_status(current, CaseStatus.RESOLVED)
    if current is CaseStatus.OPEN:
        return next_status(current, CaseStatus.IN_PROGRESS)
    return current


def _check_follow_up(follow_up_on: date | None, store: Store, moment: datetime) -> None:
    today = moment.astimezone(store_zone(store.timezone)).date()
    if follow_up_on is not None:
        check_day_range(follow_up_on, field="follow_up_on")
    if follow_up_on is not None and follow_up_on < today:
        raise InputError.single("follow_up_on", say("The follow-up date cannot be in the past."))


def _refund(
    session: Session,
    *,
    store: Store,
    case: Case,
    request: ComplaintResolution,
    amount_cents: int,
    moment: datetime,
) -> RefundGiven:
    tender: RefundTender = request.refund_tender or "cash"
    payment = Payment(
        store_id=store.id,
        case_id=case.id,
        kind="refund",
        tender=tender,
        amount_cents=amount_cents,
        card_last4=request.card_last4 if tender == "card" else None,
        reference=request.card_reference if tender == "card" else None,
        created_at=moment,
    )
    session.add(payment)
    session.flush()
    return RefundGiven(payment.id, tender, amount_cents, payment.card_last4, payment.reference)


def _record_override(
    session: Session,
    *,
    store: Store,
    case: Case,
    clerk: SignedIn,
    manager: SignedIn,
    reason: str,
    amount_cents: int,
    reasons: tuple[str, ...],
    moment: datetime,
) -> None:
    """The manager's approval: its row and its audit event, signed by the manager."""
    override = CaseOverride(
        store_id=store.id,
        case_id=case.id,
        manager_id=manager.staff_id,
        clerk_id=clerk.staff_id,
        kind="approval",
        reason=reason,
        amount_cents=amount_cents,
        created_at=moment,
    )
    session.add(override)
    session.flush()
    record_change(
        session,
        store_id=store.id,
        staff_id=manager.staff_id,
        action="case.override_approved",
        entity="case",
        entity_id=str(case.id),
        case_id=case.id,
        details={
            "number": case.number,
            "kind": override.kind,
            "reason": reason,
            "amount_cents": amount_cents,
            "clerk_id": str(clerk.staff_id),
            "policy_reasons": list(reasons),
        },
        outbox_payload={
            "id": str(override.id),
            "case_id": str(case.id),
            "manager_id": str(manager.staff_id),
            "clerk_id": str(clerk.staff_id),
            "kind": override.kind,
            "reason": reason,
            "amount_cents": amount_cents,
            "created_at": moment.isoformat(),
        },
        now=moment,
    )


def _complaint_snapshot(
    case: Case,
    complaint: ComplaintDetail,
    *,
    refund: RefundGiven | None,
    voucher: Voucher | None,
    approved_by: uuid.UUID | None,
) -> dict[str, Any]:
    """What head office receives when a complaint is accommodated."""
    return {
        "id": str(case.id),
        "number": case.number,
        "status": case.status,
        "resolved_first_contact": case.resolved_first_contact,
        "arrived_at": case.arrived_at.isoformat(),
        "served_at": case.served_at.isoformat() if case.served_at else None,
        "resolved_at": case.resolved_at.isoformat() if case.resolved_at else None,
        "complaint": {
            "accommodation_kind": complaint.accommodation_kind,
            "accommodation_cents": complaint.accommodation_cents,
            "accommodation": complaint.accommodation,
            "assignee_id": str(complaint.assignee_id) if complaint.assignee_id else None,
            "follow_up_on": complaint.follow_up_on.isoformat() if complaint.follow_up_on else None,
        },
        "payments": []
        if refund is None
        else [
            {
                "id": str(refund.payment_id),
                "kind": "refund",
                "tender": refund.tender,
                "amount_cents": refund.amount_cents,
                "card_last4": refund.card_last4,
                "reference": refund.reference,
            }
        ],
        "voucher": None
        if voucher is None
        else {"id": str(voucher.id), "code": voucher.code, "amount_cents": voucher.initial_cents},
        "approved_by": str(approved_by) if approved_by else None,
    }


def resolve_complaint(
    *,
    database: StoreDatabase,
    staff: SignedIn,
    case_ref: uuid.UUID | str,
    request: ComplaintResolution | Mapping[str, Any],
    now: datetime | None = None,
) -> ComplaintOutcome:
    """Record what the customer was given and resolve the complaint, or keep it open.

    A voucher is issued with the policy's validity; a refund is a payment
    row. Refunds and vouchers on a case beyond the policy's manager limit
    (and cash refunds beyond the cash limit) need a manager's PIN and reason.

    Raises:
        InputError: something typed is wrong, or the case is not a complaint.
        NotFoundError: no such case.
        IllegalTransitionError: the complaint is already resolved or closed.
        ApprovalRequiredError: a manager must approve; the reasons say why.
        SignInRefusedError: the approving manager's PIN is wrong.
        PermissionDeniedError: the approver is not a manager.
    """
    checked_request, notices = parse_noting(ComplaintResolution, request)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    manager = _approver(database, checked_request, moment)
    with database.write() as session:
        require_active(session, staff)
        store = load_store(session)
        refuse_if_closed(session, store, moment)
        rules = load_policy(session).rules
        case, complaint = _find_complaint(session, case_ref)
        new_status = _next_status(case, checked_request.resolve_now)
        _check_follow_up(checked_request.follow_up_on, store, moment)
        amount_cents = _amount_cents(checked_request, store)
        reasons = _approval_reasons(
            session,
            request=checked_request,
            amount_cents=amount_cents,
            case=case,
            store=store,
            rules=rules,
        )
        if reasons and manager is None:
            raise ApprovalRequiredError(approval_needed(reasons), reasons)
        if reasons and manager is not None:
            require_active_manager(session, manager, say_later("approve a refund or voucher"))
        kind = checked_request.accommodation
        voucher = None
        refund = None
        if kind == "voucher" and amount_cents is not None:
            voucher = issue_voucher(
                session,
                store=store,
                staff_id=staff.staff_id,
                case_id=case.id,
                customer_id=case.customer_id,
                amount_cents=amount_cents,
                valid_days=rules.voucher_valid_days,
                now=moment,
            )
        if kind == "refund" and amount_cents is not None:
            refund = _refund(
                session,
                store=store,
                case=case,
                request=checked_request,
                amount_cents=amount_cents,
                moment=moment,
            )
        words = _in_words(
            kind, amount_cents=amount_cents, store=store, voucher=voucher, request=checked_request
        )
        complaint.accommodation_kind = kind
        complaint.accommodation_cents = amount_cents
        complaint.accommodation = (
            f"{words}. {checked_request.note}" if checked_request.note else words
        )
        if checked_request.follow_up_on is not None:
            complaint.follow_up_on = checked_request.follow_up_on
        case.status = new_status.value
        case.updated_at = moment
        if new_status is CaseStatus.RESOLVED:
            case.resolved_at = moment
            case.resolved_first_contact = checked_request.first_contact
        session.add(complaint)
        session.add(case)
        approved_by = manager.staff_id if reasons and manager is not None else None
        if reasons and manager is not None and amount_cents is not None:
            _record_override(
                session,
                store=store,
                case=case,
                clerk=staff,
                manager=manager,
                reason=checked_request.approval.reason if checked_request.approval else "",
                amount_cents=amount_cents,
                reasons=reasons,
                moment=moment,
            )
        index_case(session, case.id)
        record_change(
            session,
            store_id=store.id,
            staff_id=staff.staff_id,
            action=(
                "complaint.resolved" if new_status is CaseStatus.RESOLVED else "complaint.kept_open"
            ),
            entity="case",
            entity_id=str(case.id),
            case_id=case.id,
            details={
                "number": case.number,
                "accommodation": kind,
                "amount_cents": amount_cents,
                "status": case.status,
                "first_contact": case.resolved_first_contact,
            },
            outbox_payload=_complaint_snapshot(
                case, complaint, refund=refund, voucher=voucher, approved_by=approved_by
            ),
            now=moment,
        )
        return ComplaintOutcome(
            case_id=case.id,
            number=case.number,
            status=new_status,
            accommodation_kind=kind,
            accommodation=words,
            note=checked_request.note,
            amount_cents=amount_cents,
            currency=store.currency,
            amount_text=_money_text(amount_cents, store) if amount_cents is not None else None,
            voucher=voucher,
            refund=refund,
            first_contact=case.resolved_first_contact,
            follow_up_on=complaint.follow_up_on,
            approved_by=approved_by,
            notices=notices,
        )


# --------------------------------------------------------------------------- follow-up


@dataclass(frozen=True)
class ComplaintAssignment:
    """Who follows a complaint up, and when."""

    case_id: uuid.UUID
    number: str
    assignee_id: uuid.UUID | None
    assignee_name: str | None
    follow_up_on: date | None


def assign_complaint(
    *,
    database: StoreDatabase,
    staff: SignedIn,
    case_ref: uuid.UUID | str,
    assignee_id: uuid.UUID | None,
    follow_up_on: date | None,
    now: datetime | None = None,
) -> ComplaintAssignment:
    """Give a complaint to a staff member to follow up by a date; both as given (None clears).

    Raises:
        NotFoundError: no such case, or the assignee is not on the active staff.
        InputError: the case is not a complaint, is closed, or the date is past.
    """
    if follow_up_on is not None and (
        isinstance(follow_up_on, datetime) or not isinstance(follow_up_on, date)
    ):
        raise InputError.single("follow_up_on", say("The follow-up date must be a date."))
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    with database.write() as session:
        require_active(session, staff)
        store = load_store(session)
        case, complaint = _find_complaint(session, case_ref)
        if case.status == CaseStatus.CLOSED.value:
            raise InputError.single(
                "number",
                say("Case {number} is closed; reopen it to follow it up.").format(
                    number=case.number
                ),
            )
        assignee = None
        if assignee_id is not None:
            wanted = as_id(assignee_id)
            assignee = session.get(Staff, wanted) if wanted is not None else None
            if assignee is None or not assignee.active or assignee.store_id != store.id:
                raise NotFoundError(say("That staff member is not on this store's active staff."))
        _check_follow_up(follow_up_on, store, moment)
        complaint.assignee_id = assignee.id if assignee is not None else None
        complaint.follow_up_on = follow_up_on
        case.updated_at = moment
        session.add(complaint)
        session.add(case)
        session.flush()
        record_change(
            session,
            store_id=store.id,
            staff_id=staff.staff_id,
            action="complaint.assigned",
            entity="case",
            entity_id=str(case.id),
            case_id=case.id,
            details={
                "number": case.number,
                "assignee_id": str(assignee_id) if assignee_id else None,
                "follow_up_on": follow_up_on.isoformat() if follow_up_on else None,
            },
            now=moment,
        )
        return ComplaintAssignment(
            case.id,
            case.number,
            assignee_id,
            assignee.name if assignee else None,
            follow_up_on,
        )
