"""Exchanges: items back and items out in one case; the difference is charged or refunded.

The policy decides the items coming back exactly as in a return. The items
going out are paid from what comes back first; what is left is refunded by
tender, or, when the new items cost more, the customer pays the difference
(from a store-credit voucher first, if they bring one, then cash or card).
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator
from sqlmodel import Session

from counter_app.domain.case_state import CaseType
from counter_app.domain.money import Money
from counter_app.domain.return_decisions import CaseDecision
from counter_app.domain.validation import FieldProblem, InputError, clean_card_last4, clean_quantity
from counter_app.i18n import say, say_later
from counter_app.services.approvals import ManagerApproval, check_approval
from counter_app.services.case_records import (
    CustomerInput,
    arrival_time,
    case_customer,
    product_by_barcode,
)
from counter_app.services.day_close import refuse_if_closed
from counter_app.services.inputs import ServiceInput, checked, parse, parse_noting, text
from counter_app.services.product_faults import FaultFlag
from counter_app.services.recording import record_change
from counter_app.services.returns import (
    MAX_LINES,
    PaymentMade,
    ReturnLineInput,
    ReturnPlan,
    TenderName,
    case_snapshot,
    finish_counter_case,
    new_case,
    pay_refunds,
    plan_return,
    save_lines,
    settle_decision,
)
from counter_app.services.sales import clean_receipt_number
from counter_app.services.staff import SignedIn, require_active
from counter_app.services.store_credit import find_voucher_in, spend_voucher
from counter_app.services.store_setup import load_store
from db.store.database import StoreDatabase
from db.store.models import Case, CaseLine, Payment, Product, Store


class ItemOutInput(ServiceInput):
    """An item the customer takes instead."""

    barcode: Annotated[
        str, text(field="barcode", label=say_later("Barcode"), max_length=32, free_text=False)
    ]
    quantity: Annotated[int, checked(clean_quantity)]


class DifferencePayment(ServiceInput):
    """How the customer pays when the new items cost more than what came back."""

    voucher_code: (
        Annotated[
            str,
            text(
                field="voucher_code",
                label=say_later("Voucher code"),
                max_length=20,
                free_text=False,
            ),
        ]
        | None
    ) = None
    tender: Literal["cash", "card"] = "cash"
    card_last4: Annotated[str, checked(clean_card_last4)] | None = None
    reference: (
        Annotated[
            str, text(field="reference", label=say_later("Card payment reference"), max_length=64)
        ]
        | None
    ) = None


class ExchangeRequest(ServiceInput):
    """An exchange as the clerk builds it."""

    receipt_number: Annotated[str, checked(clean_receipt_number)] | None = None
    lines_in: list[ReturnLineInput] = Field(min_length=1, max_length=MAX_LINES)
    lines_out: list[ItemOutInput] = Field(min_length=1, max_length=MAX_LINES)
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
    payment: DifferencePayment | None = None
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

    @model_validator(mode="after")
    def _not_more_than_the_limit(self) -> "ExchangeRequest":
        if len(self.lines_in) + len(self.lines_out) > MAX_LINES:
            raise InputError.single(
                "lines_out",
                say("An exchange holds at most {count} items.").format(count=MAX_LINES),
            )
        return self


@dataclass(frozen=True)
class ItemOut:
    """An item going out, priced from the catalog."""

    product: Product
    quantity: int
    total_cents: int  # catalog price, or what the same item coming back refunds


def _item_out(product: Product, quantity: int) -> ItemOut:
    return ItemOut(product, quantity, product.price_cents * quantity)


@dataclass(frozen=True)
class ExchangePlan:
    """The policy's decision on what comes back, and what goes out."""

    returned: ReturnPlan
    items_out: tuple[ItemOut, ...]

    @property
    def decision(self) -> CaseDecision:
        """The decision, with the items going out already set against the refund."""
        return self.returned.decision


@dataclass(frozen=True)
class CompletedExchange:
    """A saved exchange: its number, the decision, and the money that moved."""

    id: uuid.UUID
    number: str
    decision: CaseDecision
    payments: tuple[PaymentMade, ...]
    to_pay_cents: int
    approved_by: str | None
    fault_flags: tuple[FaultFlag, ...] = ()  # products this exchange flagged as possibly faulty
    notices: tuple[str, ...] = ()  # why something typed was changed before saving


def _items_out(session: Session, lines: list[ItemOutInput]) -> tuple[ItemOut, ...]:
    problems: list[FieldProblem] = []
    items = []
    for index, line in enumerate(lines):
        product = product_by_barcode(session, line.barcode)
        if product is None:
            problems.append(
                FieldProblem(
                    f"lines_out.{index}.barcode",
                    say(
                        "New item {number}: no product with barcode {barcode} "
                        "in the catalog; check the code."
                    ).format(number=index + 1, barcode=line.barcode),
                )
            )
            continue
        items.append(_item_out(product, line.quantity))
    if problems:
        raise InputError(problems)
    return tuple(items)


def _like_for_like(items_out: tuple[ItemOut, ...], returned: ReturnPlan) -> tuple[ItemOut, ...]:
    """Price items that replace the same product coming back at what that item refunds.

    Swapping a faulty kettle for the same kettle is an even exchange, whatever the
    kettle costs today or was discounted to then.
    """
    credit: dict[uuid.UUID, list[int]] = {}
    for line, decided in zip(returned.lines, returned.decision.lines, strict=True):
        units, cents = credit.get(line.product.id, [0, 0])
        credit[line.product.id] = [units + decided.quantity, cents + decided.refund.minor_units]
    priced = []
    for item in items_out:
        units, cents = credit.get(item.product.id, [0, 0])
        matched = min(units, item.quantity)
        if matched == 0:
            priced.append(item)
            continue
        matched_cents = cents * matched // units
        credit[item.product.id] = [units - matched, cents - matched_cents]
        rest = (item.quantity - matched) * item.product.price_cents
        priced.append(replace(item, total_cents=matched_cents + rest))
    return tuple(priced)


def _plan(
    session: Session, store: Store, staff: SignedIn, request: ExchangeRequest, moment: datetime
) -> ExchangePlan:
    def decide(goods_out: Money | None) -> ReturnPlan:
        return plan_return(
            session,
            store=store,
            staff=staff,
            receipt_number=request.receipt_number,
            lines=request.lines_in,
            customer_id=request.customer_id,
            customer=request.customer,
            refund_tender=request.refund_tender,
            moment=moment,
            goods_out=goods_out,
        )

    items_out = _like_for_like(_items_out(session, request.lines_out), decide(None))
    goods_out = Money.from_minor(sum(item.total_cents for item in items_out), store.currency)
    return ExchangePlan(decide(goods_out), items_out)


def preview_exchange(
    *,
    database: StoreDatabase,
    staff: SignedIn,
    request: ExchangeRequest | Mapping[str, Any],
    now: datetime | None = None,
) -> ExchangePlan:
    """What the policy says about an exchange as it stands, and the difference; saves nothing."""
    checked_request = parse(ExchangeRequest, request)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    with database.read() as session:
        return _plan(session, load_store(session), staff, checked_request, moment)


def _charge(
    session: Session,
    *,
    store: Store,
    staff: SignedIn,
    case: Case,
    amount_cents: int,
    payment: DifferencePayment | None,
    moment: datetime,
) -> list[PaymentMade]:
    """Take the difference: from the voucher first (up to its balance), the rest by cash or card."""
    if amount_cents <= 0:
        return []
    money = Money.from_minor(amount_cents, store.currency)
    if payment is None:
        raise InputError.single(
            "payment",
            say(
                "The new items cost {amount} more: take the difference by cash, card or voucher."
            ).format(amount=money.format(store.locale)),
        )
    made: list[PaymentMade] = []
    left = amount_cents

    def words(cents: int) -> str:
        return Money.from_minor(cents, store.currency).format(store.locale)

    if payment.voucher_code is not None:
        available = find_voucher_in(session, payment.voucher_code).balance_cents
        used = min(available, left)
        if used > 0:
            voucher = spend_voucher(
                session,
                store=store,
                staff_id=staff.staff_id,
                code=payment.voucher_code,
                amount_cents=used,
                case_id=case.id,
                now=moment,
                format_money=words,
            )
            session.add(
                Payment(
                    store_id=store.id,
                    case_id=case.id,
                    kind="charge",
                    tender="store_credit",
                    amount_cents=used,
                    store_credit_id=voucher.id,
                    created_at=moment,
                )
            )
            made.append(PaymentMade("charge", "store_credit", used, voucher=voucher))
            left -= used
    if left > 0:
        row = Payment(
            store_id=store.id,
            case_id=case.id,
            kind="charge",
            tender=payment.tender,
            amount_cents=left,
            card_last4=payment.card_last4 if payment.tender == "card" else None,
            reference=payment.reference if payment.tender == "card" else None,
            created_at=moment,
        )
        session.add(row)
        made.append(PaymentMade("charge", row.tender, left, row.card_last4, row.reference))
    return made


def complete_exchange(
    *,
    database: StoreDatabase,
    staff: SignedIn,
    request: ExchangeRequest | Mapping[str, Any],
    now: datetime | None = None,
) -> CompletedExchange:
    """Save an exchange with its decisions, the items out and the difference, all or nothing.

    Raises:
        InputError: something typed or scanned is wrong, a line can never come back, or
            the difference to pay has no payment.
        ApprovalRequiredError: the policy leaves it to a manager; pass ``approval``.
    """
    checked_request, notices = parse_noting(ExchangeRequest, request)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    arrived = arrival_time(checked_request.arrived_at, moment)
    manager = check_approval(database, checked_request.approval, now=moment)
    with database.write() as session:
        store = load_store(session)
        require_active(session, staff)
        refuse_if_closed(session, store, moment)
        plan = _plan(session, store, staff, checked_request, moment)
        decision = settle_decision(
            session, plan.returned, approval=checked_request.approval, manager=manager
        )
        customer_id = case_customer(
            session,
            store=store,
            staff_id=staff.staff_id,
            customer_id=checked_request.customer_id,
            customer=checked_request.customer,
            moment=moment,
        )
        receipt = plan.returned.receipt
        case = new_case(
            session,
            store=store,
            staff=staff,
            case_type=CaseType.EXCHANGE,
            customer_id=customer_id,
            sale_id=receipt.id if receipt else None,
            summary=checked_request.summary,
            arrived=arrived,
            moment=moment,
        )
        rows = save_lines(session, case, plan.returned, decision)
        for offset, item in enumerate(plan.items_out, start=len(rows) + 1):
            row = CaseLine(
                case_id=case.id,
                line_no=offset,
                direction="out",
                product_id=item.product.id,
                description=item.product.name,
                quantity=item.quantity,
                unit_price_cents=item.total_cents // item.quantity,
            )
            session.add(row)
            rows.append(row)
        payments = pay_refunds(
            session,
            store=store,
            staff=staff,
            case=case,
            plan=plan.returned,
            decision=decision,
            card_reference=checked_request.card_reference,
            moment=moment,
        )
        to_pay = decision.to_pay.minor_units if decision.to_pay else 0
        payments += _charge(
            session,
            store=store,
            staff=staff,
            case=case,
            amount_cents=to_pay,
            payment=checked_request.payment,
            moment=moment,
        )
        session.flush()
        record_change(
            session,
            store_id=store.id,
            staff_id=staff.staff_id,
            action="exchange.completed",
            entity="case",
            entity_id=str(case.id),
            case_id=case.id,
            details={
                "number": case.number,
                "lines": len(rows),
                "refund_cents": decision.net_refund.minor_units,
                "charged_cents": to_pay,
                "policy_version": plan.returned.policy_version,
            },
            outbox_payload=case_snapshot(case, rows, payments, plan.returned.policy_version),
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
            policy=plan.returned.policy,
            moment=moment,
        )
        return CompletedExchange(
            case.id,
            case.number,
            decision,
            tuple(payments),
            to_pay,
            manager.name if manager else None,
            tuple(flags),
            notices,
        )
