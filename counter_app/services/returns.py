"""Returns at the counter: the policy decides each line, the refund is paid, all in one step.

``preview_return`` answers what the policy says as the clerk builds the
return (nothing is saved); ``complete_return`` saves the case, its lines with
their decisions, the refunds per tender, any voucher, any manager override,
the stock dispositions, the audit events and the outbox rows in ONE unit of
work. A card refund keeps only the card's last four digits and the
processor's reference.
"""

import json
import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator
from sqlalchemy import bindparam, func, or_
from sqlmodel import Session, col, select

from counter_app.domain.case_state import CaseStatus, CaseType
from counter_app.domain.money import Money
from counter_app.domain.return_decisions import (
    CaseDecision,
    CustomerHistory,
    ProductFacts,
    ReturnContext,
    ReturnLineRequest,
    SoldLine,
    Tender,
    Verdict,
    approve,
    decide_return,
    needs_goodwill,
)
from counter_app.domain.return_policy import Condition, ReturnPolicy
from counter_app.domain.validation import FieldProblem, InputError, clean_quantity, clean_text
from counter_app.i18n import say, say_later
from counter_app.services.approvals import ManagerApproval, approval_needed, check_approval
from counter_app.services.case_records import (
    CustomerInput,
    arrival_time,
    case_customer,
    case_header,
    insert_rows,
    next_case_number,
    product_by_barcode,
)
from counter_app.services.day_close import refuse_if_closed
from counter_app.services.errors import ApprovalRequiredError, PermissionDeniedError
from counter_app.services.inputs import ServiceInput, checked, parse, parse_noting, text
from counter_app.services.policy import load_policy
from counter_app.services.product_faults import FaultFlag, check_product_faults
from counter_app.services.recording import record_change
from counter_app.services.sales import (
    Receipt,
    ReceiptLine,
    clean_receipt_number,
    receipt_and_products,
    sale_by_receipt,
)
from counter_app.services.search import (
    cases_with_customer_name,
    cases_with_phone,
    index_case,
)
from counter_app.services.staff import (
    SignedIn,
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
    Customer,
    Payment,
    Product,
    SaleLine,
    Store,
)

MAX_LINES = 100
Disposition = Literal["back_to_stock", "damaged", "return_to_vendor"]
TenderName = Literal["cash", "card", "store_credit"]

# Where a returned item goes when the clerk does not say.
DEFAULT_DISPOSITION: dict[Condition, Disposition] = {
    "unopened": "back_to_stock",
    "opened": "back_to_stock",
    "damaged": "damaged",
    "defective": "return_to_vendor",
}


class ReturnLineInput(ServiceInput):
    """An item coming back: a receipt line, or a scanned item."""

    sale_line_id: uuid.UUID | None = None
    barcode: (
        Annotated[
            str, text(field="barcode", label=say_later("Barcode"), max_length=32, free_text=False)
        ]
        | None
    ) = None
    quantity: Annotated[int, checked(clean_quantity)]
    condition: Condition
    reason: Annotated[
        str,
        text(
            field="reason",
            label=say_later("Reason"),
            max_length=500,
            required=False,
            multiline=True,
        ),
    ] = ""
    disposition: Disposition | None = None

    @model_validator(mode="after")
    def _identifies_item(self) -> "ReturnLineInput":
        if self.sale_line_id is None and self.barcode is None:
            raise InputError.single("barcode", say("Pick the receipt line or scan the item."))
        return self


class ReturnRequest(ServiceInput):
    """A return as the clerk builds it."""

    receipt_number: Annotated[str, checked(clean_receipt_number)] | None = None
    lines: list[ReturnLineInput] = Field(min_length=1, max_length=MAX_LINES)
    customer_id: uuid.UUID | None = None
    customer: CustomerInput | None = None
    refund_tender: TenderName | None = None
    card_reference: (
        Annotated[
            str,
            text(field="card_reference", label=say_later("Card refund reference"), max_length=64),
        ]
        | None
    ) = None
    summary: Annotated[
        str,
        text(
            field="summary",
            label=say_later("Summary"),
            max_length=500,
            required=False,
            multiline=True,
        ),
    ] = ""
    arrived_at: datetime | None = None
    approval: ManagerApproval | None = None


@dataclass(frozen=True)
class ResolvedLine:
    """A requested line with its product and receipt line found."""

    request: ReturnLineInput
    product: Product
    sale_line: ReceiptLine | None


@dataclass(frozen=True)
class ReturnPlan:
    """Everything the policy decided, before anything is saved."""

    decision: CaseDecision
    lines: tuple[ResolvedLine, ...]
    receipt: Receipt | None
    policy_version: int
    policy: ReturnPolicy
    currency: str


@dataclass(frozen=True)
class PaymentMade:
    """Money that went back (or was taken) in a case."""

    kind: str
    tender: str
    amount_cents: int
    card_last4: str | None = None
    reference: str | None = None
    voucher: Voucher | None = None


@dataclass(frozen=True)
class CompletedReturn:
    """A saved return: its number, the decision that priced it, the money that moved."""

    id: uuid.UUID
    number: str
    decision: CaseDecision
    payments: tuple[PaymentMade, ...]
    approved_by: str | None
    items: tuple[str, ...] = ()  # the product names of the lines, in the decision's order
    fault_flags: tuple[FaultFlag, ...] = ()  # products this return flagged as possibly faulty
    notices: tuple[str, ...] = ()  # why something typed was changed before saving


def on_line(index: int, message: str) -> str:
    """``message`` about the line at ``index``, numbered from 1 as the clerk counts."""
    return say("Line {number}: {problem}").format(number=index + 1, problem=message)


def _problem(index: int, message: str, field: str = "") -> FieldProblem:
    return FieldProblem(f"lines.{index}{'.' + field if field else ''}", on_line(index, message))


def _line_for_scanned(
    matching: Sequence[ReceiptLine], taken: Mapping[uuid.UUID, int], quantity: int
) -> ReceiptLine:
    """The receipt line a scanned item comes back on, among those of its product.

    The first with ``quantity`` units left after what the return already takes;
    else the first with any left (the policy then says how many can come back);
    else the first, which the policy refuses as already returned.
    """
    left = [(line, line.returnable - taken.get(line.id, 0)) for line in matching]
    return next(
        (line for line, units in left if units >= quantity),
        next((line for line, units in left if units > 0), matching[0]),
    )


def resolve_lines(
    session: Session,
    lines: Sequence[ReturnLineInput],
    receipt: Receipt | None,
    receipt_products: Mapping[uuid.UUID, Product] | None = None,
) -> list[ResolvedLine]:
    """Find each line's product and receipt line; list every problem before refusing.

    ``receipt_products`` are the receipt's catalog items already read with it;
    any other item a receipt line names is read here, all in one go.
    """
    problems: list[FieldProblem] = []
    resolved: list[ResolvedLine] = []
    on_receipt = {r.id: r for r in receipt.lines} if receipt is not None else {}
    # Units of each receipt line this return already asks for: a scanned item goes to a
    # line of its product with enough left, not always to the first one.
    taken: dict[uuid.UUID, int] = defaultdict(int)
    for line in lines:
        if line.sale_line_id is not None:
            taken[line.sale_line_id] += line.quantity
    products = dict(receipt_products or {})
    products.update(
        products_by_id(
            session,
            [
                on_receipt[line.sale_line_id].product_id
                for line in lines
                if line.sale_line_id in on_receipt
                and on_receipt[line.sale_line_id].product_id not in products
            ],
        )
    )
    for index, line in enumerate(lines):
        receipt_line = None
        product: Product | None
        if line.sale_line_id is not None:
            if receipt is None:
                problems.append(_problem(index, say("a receipt line needs the receipt number.")))
                continue
            receipt_line = on_receipt.get(line.sale_line_id)
            if receipt_line is None:
                problems.append(
                    _problem(
                        index,
                        say("that line is not on receipt {number}.").format(
                            number=receipt.receipt_number
                        ),
                    )
                )
                continue
            product = products.get(receipt_line.product_id)
        else:
            product = product_by_barcode(session, line.barcode or "")
            if product is None:
                problems.append(
                    _problem(
                        index,
                        say(
                            "no product with barcode {barcode} in the catalog; check the code."
                        ).format(barcode=line.barcode),
                        "barcode",
                    )
                )
                continue
            if receipt is not None:
                matching = [r for r in receipt.lines if r.product_id == product.id]
                if not matching:
                    problems.append(
                        _problem(
                            index,
                            say("{product} is not on receipt {number}.").format(
                                product=product.name, number=receipt.receipt_number
                            ),
                        )
                    )
                    continue
                receipt_line = _line_for_scanned(matching, taken, line.quantity)
                taken[receipt_line.id] += line.quantity
        if product is None:  # a receipt line whose product left the catalog
            problems.append(_problem(index, say("the item is no longer in the catalog.")))
            continue
        resolved.append(ResolvedLine(line, product, receipt_line))
    if problems:
        raise InputError(problems)
    return resolved


# SQLite's "/" on integers divides exactly as floor division here: no float is involved.
_PAID_EACH = (
    (
        col(SaleLine.unit_price_cents) * col(SaleLine.quantity) - col(SaleLine.discount_cents)
    ).self_group()
).op("/")(col(SaleLine.quantity))
# Built once, as every return runs it. The line's own copy of its sale's time (kept by
# triggers) and the index (product_id, sold_at) make each product's recent sales one range.
_LOWEST_SINCE = (
    select(SaleLine.product_id, func.min(_PAID_EACH))
    .where(
        col(SaleLine.product_id).in_(bindparam("product_ids", expanding=True)),
        col(SaleLine.sold_at) >= bindparam("since"),
    )
    .group_by(col(SaleLine.product_id))
)


def products_by_id(session: Session, product_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Product]:
    """The catalog items with these ids, in one read; an id no longer in the catalog is left out."""
    wanted = list(dict.fromkeys(product_ids))
    if not wanted:
        return {}
    found = session.exec(select(Product).where(col(Product.id).in_(wanted))).all()
    return {product.id: product for product in found}


def lowest_recent_prices(
    session: Session, products: Sequence[Product], *, since: datetime, currency: str
) -> dict[uuid.UUID, Money]:
    """Per product, the lowest price one unit sold for since ``since``, or its price now if lower.

    One read for all the products of a return, whatever its number of lines.
    """
    wanted = list(dict.fromkeys(product.id for product in products))
    lowest: dict[uuid.UUID, Any] = (
        dict(session.exec(_LOWEST_SINCE, params={"product_ids": wanted, "since": since}).all())
        if wanted
        else {}
    )
    prices = {}
    for product in products:
        sold = lowest.get(product.id)
        cents = product.price_cents if sold is None else min(int(sold), product.price_cents)
        prices[product.id] = Money.from_minor(max(cents, 0), currency)
    return prices


def customer_history(
    session: Session,
    *,
    customer_id: uuid.UUID | None,
    customer: CustomerInput | None,
    policy: ReturnPolicy,
    now: datetime,
) -> CustomerHistory:
    """No-receipt returns of this customer in the policy's window.

    The same person is recognised across customer records: by phone however it was
    typed, by email in any case, and, when only a name was given, by that name. So
    adding the same person again does not reset their count.
    """
    if customer_id is None and customer is None:
        return CustomerHistory(known=False)
    name, phone, email = (
        (customer.name, customer.phone, customer.email) if customer else ("", None, None)
    )
    same_person = []
    if customer_id is not None:
        same_person.append(col(Case.customer_id) == customer_id)
        known = session.get(Customer, customer_id)
        if known is not None:
            name, phone, email = known.name, known.phone, known.email
    matching_cases: set[uuid.UUID] = set()
    if phone:
        matching_cases.update(cases_with_phone(session, phone))
    if email:
        same_person.append(
            col(Case.customer_id).in_(
                select(Customer.id).where(func.lower(Customer.email) == email.lower())
            )
        )
    if not phone and not email and name:
        named = cases_with_customer_name(session, name)
        matching_cases.update(
            session.exec(
                select(Case.id)
                .join(Customer, col(Customer.id) == col(Case.customer_id))
                .where(col(Case.id).in_(named), func.lower(Customer.name) == name.lower())
            ).all()
        )
    if matching_cases:
        same_person.append(col(Case.id).in_(matching_cases))
    if not same_person:
        return CustomerHistory(known=True)
    since = now - timedelta(days=policy.no_receipt.limit_window_days)
    count = session.exec(
        select(func.count(func.distinct(Case.id)))
        .join(CaseLine, col(CaseLine.case_id) == col(Case.id))
        .where(
            or_(*same_person),
            col(Case.created_at) >= since,
            CaseLine.direction == "in",
            col(CaseLine.sale_line_id).is_(None),
            col(CaseLine.refund_cents).is_not(None),
        )
    ).one()
    return CustomerHistory(known=True, no_receipt_returns=int(count))


def _tender_of_sale(tender: str) -> Tender:
    try:
        return Tender(tender)
    except ValueError:
        return Tender.CARD


def plan_return(
    session: Session,
    *,
    store: Store,
    staff: SignedIn,
    receipt_number: str | None,
    lines: Sequence[ReturnLineInput],
    customer_id: uuid.UUID | None,
    customer: CustomerInput | None,
    refund_tender: TenderName | None,
    moment: datetime,
    goods_out: Money | None = None,
) -> ReturnPlan:
    """Run the policy over the requested lines, inside a unit of work; saves nothing."""
    version = load_policy(session)
    policy = version.rules
    receipt = None
    receipt_products: dict[uuid.UUID, Product] = {}
    if receipt_number is not None:
        sale = sale_by_receipt(session, receipt_number, store_id=store.id)
        receipt, receipt_products = receipt_and_products(session, sale)
    resolved = resolve_lines(session, lines, receipt, receipt_products)
    currency = store.currency
    since = moment - timedelta(days=policy.no_receipt.price_lookback_days)
    lowest = lowest_recent_prices(
        session, [line.product for line in resolved], since=since, currency=currency
    )
    requests = []
    for index, line in enumerate(resolved):
        sold = None
        if line.sale_line is not None and receipt is not None:
            sold = SoldLine(
                sale_line_id=line.sale_line.id,
                receipt_number=receipt.receipt_number,
                sold_at=receipt.sold_at,
                quantity=line.sale_line.quantity,
                paid=Money.from_minor(line.sale_line.paid_cents, currency),
                tender=_tender_of_sale(receipt.tender),
                card_last4=receipt.card_last4,
                sold_by=receipt.sold_by,
                returned_before=line.sale_line.returned,
            )
        facts = ProductFacts(
            name=line.product.name,
            category=line.product.category,
            returnable=line.product.returnable,
            lowest_recent_price=lowest[line.product.id],
        )
        requests.append(
            ReturnLineRequest(
                key=index,
                product=facts,
                sold=sold,
                quantity=line.request.quantity,
                condition=line.request.condition,
                reason=line.request.reason,
            )
        )
    context = ReturnContext(
        policy=policy,
        currency=currency,
        locale=store.locale,
        zone=store_zone(store.timezone),
        now=moment,
        clerk_id=staff.staff_id,
        customer=customer_history(
            session, customer_id=customer_id, customer=customer, policy=policy, now=moment
        ),
        requested_tender=Tender(refund_tender) if refund_tender else None,
    )
    decision = decide_return(requests, context, goods_out=goods_out)
    return ReturnPlan(decision, tuple(resolved), receipt, version.version, policy, currency)


def receipt_line_for_scan(
    *,
    database: StoreDatabase,
    receipt_number: str,
    barcode: str,
    counted: Mapping[uuid.UUID, int],
) -> uuid.UUID:
    """The receipt line to count one more of, for an item scanned while its receipt is open.

    ``counted`` is how many of each receipt line the return being built already
    takes. The item goes on a line of its product with a unit left, as when the
    return is saved (:func:`resolve_lines`), so a receipt that has the product on
    two lines fills them one after the other.

    Raises:
        InputError: the code is empty or too long, names no catalog item, or
            names an item not on the receipt, or every unit of it that can come
            back is already counted.
        NotFoundError: no such receipt.
    """
    code = clean_text(barcode, field="barcode", label=say("Barcode"), max_length=32)
    with database.read() as session:
        store = load_store(session)
        sale = sale_by_receipt(session, clean_receipt_number(receipt_number), store_id=store.id)
        receipt = receipt_and_products(session, sale)[0]
        product = product_by_barcode(session, code)
    if product is None:
        raise InputError.single(
            "barcode",
            say("No product with barcode {barcode} in the catalog; check the code.").format(
                barcode=code
            ),
        )
    matching = [line for line in receipt.lines if line.product_id == product.id]
    if not matching:
        raise InputError.single(
            "barcode",
            say("{product} is not on receipt {number}.").format(
                product=product.name, number=receipt.receipt_number
            ),
        )
    line = _line_for_scanned(matching, counted, 1)
    if line.returnable - counted.get(line.id, 0) < 1:
        raise InputError.single(
            "barcode",
            say(
                "{product}: everything on receipt {number} that can come back is already counted."
            ).format(product=product.name, number=receipt.receipt_number),
        )
    return line.id


def preview_return(
    *,
    database: StoreDatabase,
    staff: SignedIn,
    request: ReturnRequest | Mapping[str, Any],
    now: datetime | None = None,
) -> ReturnPlan:
    """What the policy says about a return as it stands; nothing is saved."""
    checked_request = parse(ReturnRequest, request)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    with database.read() as session:
        store = load_store(session)
        return plan_return(
            session,
            store=store,
            staff=staff,
            receipt_number=checked_request.receipt_number,
            lines=checked_request.lines,
            customer_id=checked_request.customer_id,
            customer=checked_request.customer,
            refund_tender=checked_request.refund_tender,
            moment=moment,
        )


def settle_decision(
    session: Session,
    plan: ReturnPlan,
    *,
    approval: ManagerApproval | None,
    manager: SignedIn | None,
) -> CaseDecision:
    """The decision to save: as decided, or as approved by the manager; refuse otherwise.

    Raises:
        InputError: a line is refused for a reason no manager can lift.
        ApprovalRequiredError: a manager must approve (the reasons say why).
        PermissionDeniedError: the approving manager made the sale being refunded.
    """
    decision = plan.decision
    hard = [
        _problem(index, line.reasons[0])
        for index, line in enumerate(decision.lines)
        if line.verdict is Verdict.REFUSED and not line.overridable
    ]
    if hard:
        raise InputError(hard)
    wants_waiver = approval is not None and approval.waive_restocking_fees
    if decision.can_complete and not wants_waiver:
        return decision
    if manager is None or approval is None:
        reasons = (
            tuple(
                on_line(index, reason)
                for index, line in enumerate(decision.lines)
                if line.verdict in (Verdict.NEEDS_MANAGER, Verdict.REFUSED)
                for reason in line.reasons[:1]
            )
            + decision.reasons
        )
        raise ApprovalRequiredError(approval_needed(reasons), reasons)
    require_active_manager(session, manager, say_later("approve a refund"))
    if plan.receipt is not None and plan.receipt.sold_by == manager.staff_id:
        raise PermissionDeniedError(
            say("{manager} made this sale, so another manager must approve its refund.").format(
                manager=manager.name
            )
        )
    return approve(decision, waive_restocking_fees=approval.waive_restocking_fees)


def pay_refunds(
    session: Session,
    *,
    store: Store,
    staff: SignedIn,
    case: Case,
    plan: ReturnPlan,
    decision: CaseDecision,
    card_reference: str | None,
    moment: datetime,
) -> list[PaymentMade]:
    """One refund payment per tender; store credit becomes a voucher.

    The payments are written at once (:func:`insert_rows`), after any voucher they pay into.
    """
    made: list[PaymentMade] = []
    payments: list[Payment] = []
    card_last4 = plan.receipt.card_last4 if plan.receipt else None
    for tender, amount in decision.by_tender:
        voucher = None
        payment = Payment(
            store_id=store.id,
            case_id=case.id,
            kind="refund",
            tender=tender.value,
            amount_cents=amount.minor_units,
            created_at=moment,
        )
        if tender is Tender.CARD:
            payment.card_last4 = card_last4
            payment.reference = card_reference
        if tender is Tender.STORE_CREDIT:
            voucher = issue_voucher(
                session,
                store=store,
                staff_id=staff.staff_id,
                case_id=case.id,
                customer_id=case.customer_id,
                amount_cents=amount.minor_units,
                valid_days=plan.policy.voucher_valid_days,
                now=moment,
            )
            payment.store_credit_id = voucher.id
        payments.append(payment)
        made.append(
            PaymentMade(
                "refund",
                tender.value,
                amount.minor_units,
                payment.card_last4,
                payment.reference,
                voucher,
            )
        )
    insert_rows(session, payments)
    return made


def save_lines(
    session: Session, case: Case, plan: ReturnPlan, decision: CaseDecision
) -> list[CaseLine]:
    """The lines coming back, each with its decision, reasons, refund and disposition.

    Written at once (:func:`insert_rows`): add no returned line to the session afterwards.
    """
    rows = []
    for index, (line, decided) in enumerate(zip(plan.lines, decision.lines, strict=True)):
        request = line.request
        row = CaseLine(
            case_id=case.id,
            line_no=index + 1,
            direction="in",
            product_id=line.product.id,
            sale_line_id=line.sale_line.id if line.sale_line else None,
            description=line.product.name,
            quantity=request.quantity,
            unit_price_cents=decided.gross.minor_units // request.quantity,
            item_condition=request.condition,
            reason=request.reason,
            disposition=request.disposition or DEFAULT_DISPOSITION[request.condition],
            decision=decided.verdict.value,
            decision_reasons=json.dumps(list(decided.reasons), ensure_ascii=False),
            refund_cents=decided.refund.minor_units,
            restocking_fee_cents=decided.restocking_fee.minor_units,
        )
        rows.append(row)
    insert_rows(session, rows)
    return rows


def record_override(
    session: Session,
    *,
    store: Store,
    case: Case,
    clerk: SignedIn,
    manager: SignedIn,
    approval: ManagerApproval,
    before: CaseDecision,
    after: CaseDecision,
    moment: datetime,
) -> None:
    """The manager's approval: its row and its audit event, signed by the manager."""
    goodwill = needs_goodwill(before) or approval.waive_restocking_fees
    # What the approval let through: all of it, or only the fees waived on an allowed return.
    allowed_anyway = before.net_refund.minor_units if before.can_complete else 0
    amount = after.net_refund.minor_units - allowed_anyway
    override = CaseOverride(
        store_id=store.id,
        case_id=case.id,
        manager_id=manager.staff_id,
        clerk_id=clerk.staff_id,
        kind="goodwill" if goodwill else "approval",
        reason=approval.reason,
        amount_cents=amount,
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
            "reason": approval.reason,
            "amount_cents": amount,
            "clerk_id": str(clerk.staff_id),
            "waived_fees": approval.waive_restocking_fees,
        },
        now=moment,
    )


def record_stock(
    session: Session,
    *,
    store: Store,
    staff: SignedIn,
    case: Case,
    rows: Sequence[CaseLine],
    moment: datetime,
) -> None:
    """What came back and where it goes (and what went out), for head office's inventory."""
    record_change(
        session,
        store_id=store.id,
        staff_id=staff.staff_id,
        action="stock.returned",
        entity="case",
        entity_id=str(case.id),
        case_id=case.id,
        details={
            "number": case.number,
            "items": [
                {
                    "product_id": str(row.product_id) if row.product_id else None,
                    "direction": row.direction,
                    "quantity": row.quantity,
                    "condition": row.item_condition,
                    "disposition": row.disposition,
                }
                for row in rows
            ],
        },
        now=moment,
    )


def finish_counter_case(
    session: Session,
    *,
    store: Store,
    staff: SignedIn,
    case: Case,
    rows: Sequence[CaseLine],
    manager: SignedIn | None,
    approval: ManagerApproval | None,
    before: CaseDecision,
    after: CaseDecision,
    policy: ReturnPolicy,
    moment: datetime,
) -> list[FaultFlag]:
    """What every return and exchange ends with: the approval, stock, search and fault flags.

    ``policy`` is the one the plan read in this unit of work, so it is not read again.
    """
    if manager is not None and approval is not None:
        record_override(
            session,
            store=store,
            case=case,
            clerk=staff,
            manager=manager,
            approval=approval,
            before=before,
            after=after,
            moment=moment,
        )
    record_stock(session, store=store, staff=staff, case=case, rows=rows, moment=moment)
    index_case(session, case.id)
    return check_product_faults(
        session,
        store=store,
        product_ids=[row.product_id for row in rows if row.direction == "in" and row.product_id],
        case_id=case.id,
        staff_id=staff.staff_id,
        now=moment,
        rule=policy.fault_flag,
    )


def case_snapshot(
    case: Case, rows: Sequence[CaseLine], payments: Sequence[PaymentMade], policy_version: int
) -> dict[str, Any]:
    """What head office receives about a completed return or exchange."""
    return {
        **case_header(case),
        "resolved_at": case.resolved_at.isoformat() if case.resolved_at else None,
        "policy_version": policy_version,
        "lines": [
            {
                "id": str(row.id),
                "line_no": row.line_no,
                "direction": row.direction,
                "product_id": str(row.product_id) if row.product_id else None,
                "sale_line_id": str(row.sale_line_id) if row.sale_line_id else None,
                "quantity": row.quantity,
                "unit_price_cents": row.unit_price_cents,
                "condition": row.item_condition,
                "reason": row.reason,
                "disposition": row.disposition,
                "decision": row.decision,
                "refund_cents": row.refund_cents,
                "restocking_fee_cents": row.restocking_fee_cents,
            }
            for row in rows
        ],
        "payments": [
            {
                "kind": payment.kind,
                "tender": payment.tender,
                "amount_cents": payment.amount_cents,
                "card_last4": payment.card_last4,
                "reference": payment.reference,
                "voucher_code": payment.voucher.code if payment.voucher else None,
            }
            for payment in payments
        ],
    }


def new_case(
    session: Session,
    *,
    store: Store,
    staff: SignedIn,
    case_type: CaseType,
    customer_id: uuid.UUID | None,
    sale_id: uuid.UUID | None,
    summary: str,
    arrived: datetime,
    moment: datetime,
) -> Case:
    """A case settled at the counter: resolved now, at first contact.

    Written at once (:func:`insert_rows`), so what points at it can follow in any order.
    """
    business_date = moment.astimezone(store_zone(store.timezone)).date()
    number = next_case_number(session, store, business_date)
    case = Case(
        store_id=store.id,
        number=str(number),
        case_type=case_type.value,
        status=CaseStatus.RESOLVED.value,
        customer_id=customer_id,
        staff_id=staff.staff_id,
        sale_id=sale_id,
        summary=summary,
        resolved_first_contact=True,
        arrived_at=arrived,
        served_at=moment,
        resolved_at=moment,
        created_at=moment,
        updated_at=moment,
    )
    insert_rows(session, [case])
    return case


def complete_return(
    *,
    database: StoreDatabase,
    staff: SignedIn,
    request: ReturnRequest | Mapping[str, Any],
    now: datetime | None = None,
) -> CompletedReturn:
    """Save a return with its decisions and refunds, all or nothing.

    Raises:
        InputError: something typed or scanned is wrong, or a line can never come back.
        NotFoundError: no such receipt.
        ApprovalRequiredError: the policy leaves it to a manager; pass ``approval``.
        SignInRefusedError: the manager's PIN is wrong.
    """
    checked_request, notices = parse_noting(ReturnRequest, request)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    arrived = arrival_time(checked_request.arrived_at, moment)
    manager = check_approval(database, checked_request.approval, now=moment)
    with database.write() as session:
        store = load_store(session)
        require_active(session, staff)
        refuse_if_closed(session, store, moment)
        plan = plan_return(
            session,
            store=store,
            staff=staff,
            receipt_number=checked_request.receipt_number,
            lines=checked_request.lines,
            customer_id=checked_request.customer_id,
            customer=checked_request.customer,
            refund_tender=checked_request.refund_tender,
            moment=moment,
        )
        decision = settle_decision(
            session, plan, approval=checked_request.approval, manager=manager
        )
        customer_id = case_customer(
            session,
            store=store,
            staff_id=staff.staff_id,
            customer_id=checked_request.customer_id,
            customer=checked_request.customer,
            moment=moment,
        )
        case = new_case(
            session,
            store=store,
            staff=staff,
            case_type=CaseType.RETURN,
            customer_id=customer_id,
            sale_id=plan.receipt.id if plan.receipt else None,
            summary=checked_request.summary,
            arrived=arrived,
            moment=moment,
        )
        rows = save_lines(session, case, plan, decision)
        payments = pay_refunds(
            session,
            store=store,
            staff=staff,
            case=case,
            plan=plan,
            decision=decision,
            card_reference=checked_request.card_reference,
            moment=moment,
        )
        record_change(
            session,
            store_id=store.id,
            staff_id=staff.staff_id,
            action="return.completed",
            entity="case",
            entity_id=str(case.id),
            case_id=case.id,
            details={
                "number": case.number,
                "lines": len(rows),
                "refund_cents": decision.net_refund.minor_units,
                "policy_version": plan.policy_version,
            },
            outbox_payload=case_snapshot(case, rows, payments, plan.policy_version),
            now=moment,
        )
        flags = finish_counter_case(
            session,
            store=store,
            staff=staff,
            case=case,
            rows=rows,
            manager=manager,
            approval=checked_request.approval,
            before=plan.decision,
            after=decision,
            policy=plan.policy,
            moment=moment,
        )
        return CompletedReturn(
            case.id,
            case.number,
            decision,
            tuple(payments),
            manager.name if manager else None,
            tuple(line.product.name for line in plan.lines),
            tuple(flags),
            notices,
        )
