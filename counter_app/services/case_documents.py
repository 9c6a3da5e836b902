"""What a printed document says about a saved case: read once, handed over as plain data.

Receipts, return labels and vouchers are drawn by ``counter_app.documents``,
which never sees the database. This module reads a case, its lines, payments,
vouchers and complaint details in one read-only snapshot and turns them into
frozen dataclasses whose amounts, dates and words are already in the store's
currency, time zone and locale. A card is kept as its last four digits and a
customer is masked (first name and initial, the phone's last three digits),
because a receipt leaves the store in the customer's pocket.
"""

import json
import uuid
from datetime import date, datetime

from sqlmodel import Session, col, select

from counter_app.documents.content import (
    ComplaintPart,
    DocumentLine,
    DocumentPayment,
    IssuedVoucher,
    LabelData,
    LabelItem,
    ReceiptData,
    StoreHeading,
    VoucherData,
)
from counter_app.domain.case_state import CaseType
from counter_app.domain.local_time import local_day, local_moment
from counter_app.domain.money import Money
from counter_app.domain.return_decisions import policy_in_words
from counter_app.domain.validation import InputError
from counter_app.i18n import say, say_later
from counter_app.services.case_records import find_case
from counter_app.services.errors import NotFoundError
from counter_app.services.policy import load_policy
from counter_app.services.store_credit import normalise_code
from counter_app.services.store_setup import load_store, store_zone
from db.store.database import StoreDatabase
from db.store.models import (
    Case,
    CaseLine,
    ComplaintDetail,
    Customer,
    Payment,
    Staff,
    Store,
    StoreCredit,
)

# Where returned goods go when the counter's settings name no returns address.
DEFAULT_SHIP_TO = say_later("Returns Centre\nCounter Head Office")
THANK_YOU = say_later("Thank you for shopping with us.")

CONDITION_WORDS = {
    "unopened": say_later("Unopened"),
    "opened": say_later("Opened"),
    "damaged": say_later("Damaged"),
    "defective": say_later("Defective"),
}
DISPOSITION_WORDS = {
    "back_to_stock": say_later("Back to stock"),
    "damaged": say_later("Damaged: write off"),
    "return_to_vendor": say_later("Return to vendor"),
}
# As they stand inside a sentence: "Refunded to card ending 4242".
TENDER_WORDS = {
    "cash": say_later("cash"),
    "card": say_later("card"),
    "store_credit": say_later("store credit"),
    "original": say_later("original payment"),
}
DECISION_WORDS = {
    "allowed": say_later("Accepted"),
    "allowed_with_conditions": say_later("Accepted with conditions"),
    "needs_manager": say_later("Approved by a manager"),
    "refused": say_later("Not accepted"),
}
CASE_TITLES = {
    CaseType.RETURN: say_later("Return receipt"),
    CaseType.EXCHANGE: say_later("Exchange receipt"),
    CaseType.COMPLAINT: say_later("Complaint receipt"),
}


def _words(table: dict[str, str], key: str | None) -> str | None:
    """The words for a stored key in the language in force; an unknown key as it is."""
    return say(table[key]) if key in table else key


def _money(store: Store, cents: int) -> str:
    return Money.from_minor(cents, store.currency).format(store.locale)


def _heading(store: Store) -> StoreHeading:
    return StoreHeading(store.name, store.address, store.phone)


def mask_customer(name: str, phone: str | None) -> str:
    """``Łukasz M., phone …321``: enough for the customer to know it is theirs, no more."""
    parts = name.split()
    shown = parts[0] if parts else ""
    if len(parts) > 1:
        shown += f" {parts[-1][0]}."
    digits = [character for character in phone or "" if character.isdigit()]
    if len(digits) >= 3:
        return say("{name}, phone \u2026{digits}").format(name=shown, digits="".join(digits[-3:]))
    return shown


def _lines(session: Session, case: Case) -> list[CaseLine]:
    return list(
        session.exec(
            select(CaseLine).where(CaseLine.case_id == case.id).order_by(col(CaseLine.line_no))
        ).all()
    )


def _document_line(store: Store, row: CaseLine) -> DocumentLine:
    reasons: tuple[str, ...] = tuple(json.loads(row.decision_reasons or "[]"))
    fee = row.restocking_fee_cents or 0
    return DocumentLine(
        direction=row.direction,
        description=row.description,
        quantity=row.quantity,
        unit_price=_money(store, row.unit_price_cents),
        line_total=_money(store, row.unit_price_cents * row.quantity),
        condition=_words(CONDITION_WORDS, row.item_condition),
        reason=row.reason,
        decision=_words(DECISION_WORDS, row.decision),
        decision_reasons=reasons,
        restocking_fee=_money(store, fee) if fee else None,
        refund=_money(store, row.refund_cents) if row.refund_cents is not None else None,
        disposition=_words(DISPOSITION_WORDS, row.disposition),
    )


def _payments(session: Session, store: Store, case: Case) -> list[DocumentPayment]:
    rows = session.exec(
        select(Payment).where(Payment.case_id == case.id).order_by(col(Payment.created_at))
    ).all()
    made = []
    for row in rows:
        code = None
        if row.store_credit_id is not None:
            credit = session.get(StoreCredit, row.store_credit_id)
            code = credit.code if credit else None
        made.append(
            DocumentPayment(
                kind=row.kind,
                tender=_words(TENDER_WORDS, row.tender) or row.tender,
                amount=_money(store, row.amount_cents),
                card_last4=row.card_last4 if row.tender == "card" else None,
                voucher_code=code,
            )
        )
    return made


def _vouchers(session: Session, store: Store, case: Case) -> list[IssuedVoucher]:
    rows = session.exec(
        select(StoreCredit)
        .where(StoreCredit.case_id == case.id)
        .order_by(col(StoreCredit.issued_at))
    ).all()
    return [
        IssuedVoucher(
            code=row.code,
            amount=_money(store, row.initial_cents),
            expires=local_day(row.expires_on, store.locale) if row.expires_on else None,
        )
        for row in rows
    ]


def _difference(store: Store, session: Session, case: Case) -> str:
    """The exchange's balance in words: who paid whom, and how much."""
    rows = session.exec(select(Payment).where(Payment.case_id == case.id)).all()
    charged = sum(row.amount_cents for row in rows if row.kind == "charge")
    refunded = sum(row.amount_cents for row in rows if row.kind == "refund")
    if charged > refunded:
        return say("You paid the difference: {amount}").format(
            amount=_money(store, charged - refunded)
        )
    if refunded > charged:
        return say("Difference refunded to you: {amount}").format(
            amount=_money(store, refunded - charged)
        )
    return say("Even exchange: no difference to pay")


def _complaint(store: Store, detail: ComplaintDetail) -> ComplaintPart:
    follow_up = local_day(detail.follow_up_on, store.locale) if detail.follow_up_on else None
    return ComplaintPart(
        category=detail.category,
        description=detail.description,
        desired_outcome=detail.desired_outcome,
        accommodation=detail.accommodation,
        follow_up=follow_up,
    )


def _next_steps(
    case_type: CaseType,
    complaint: ComplaintPart | None,
    payments: list[DocumentPayment],
) -> tuple[str, ...]:
    steps = []
    if complaint is not None and complaint.follow_up:
        steps.append(say("We will follow up with you by {day}.").format(day=complaint.follow_up))
    elif case_type is CaseType.COMPLAINT and not complaint:
        steps.append(say("We will be in touch about your complaint."))
    if any(payment.kind == "refund" and payment.card_last4 for payment in payments):
        steps.append(say("A card refund can take a few working days to show on your statement."))
    steps.append(say("Bring this receipt, or its case number, if you contact us about this case."))
    return tuple(steps)


def _moment(case: Case) -> datetime:
    return case.resolved_at or case.served_at or case.arrived_at


def receipt_data(*, database: StoreDatabase, case_ref: uuid.UUID | str) -> ReceiptData:
    """What the customer receipt of a case prints.

    Raises:
        InputError: the text is not a case number.
        NotFoundError: no such case at this store.
    """
    with database.read() as session:
        store = load_store(session)
        case = find_case(session, case_ref)
        case_type = CaseType(case.case_type)
        staff = session.get(Staff, case.staff_id)
        customer = session.get(Customer, case.customer_id) if case.customer_id else None
        rows = _lines(session, case)
        lines = tuple(_document_line(store, row) for row in rows)
        payments = _payments(session, store, case)
        detail = session.get(ComplaintDetail, case.id)
        complaint = _complaint(store, detail) if detail else None
        fees = sum(row.restocking_fee_cents or 0 for row in rows)
        refunds = sum(row.refund_cents or 0 for row in rows if row.direction == "in")
        policy = load_policy(session).rules
        return ReceiptData(
            store=_heading(store),
            title=say(CASE_TITLES[case_type]),
            case_number=case.number,
            case_type=case_type.value,
            when=local_moment(_moment(case), store_zone(store.timezone), store.locale),
            clerk=staff.name if staff else "",
            customer=mask_customer(customer.name, customer.phone) if customer else None,
            summary=case.summary,
            lines=lines,
            payments=tuple(payments),
            vouchers=tuple(_vouchers(session, store, case)),
            restocking_fees=_money(store, fees) if fees else None,
            refund_total=_money(store, refunds) if case_type is CaseType.RETURN else None,
            exchange_difference=(
                _difference(store, session, case) if case_type is CaseType.EXCHANGE else None
            ),
            complaint=complaint,
            next_steps=_next_steps(case_type, complaint, payments),
            policy=(
                policy_in_words(policy, currency=store.currency, locale=store.locale)
                if case_type is not CaseType.COMPLAINT
                else ()
            ),
            thank_you=say(THANK_YOU),
        )


def _sender(store: Store) -> str:
    return "\n".join(part for part in (store.name, store.address, store.phone) if part)


def label_data(
    *, database: StoreDatabase, case_ref: uuid.UUID | str, ship_to: str | None = None
) -> LabelData:
    """What the return label of a case prints: the items that came back and where they go.

    ``ship_to`` is the warehouse's or vendor's address from the counter's settings.

    Raises:
        InputError: the text is not a case number, or the case has no items coming back.
        NotFoundError: no such case at this store.
    """
    with database.read() as session:
        store = load_store(session)
        case = find_case(session, case_ref)
        rows = [row for row in _lines(session, case) if row.direction == "in"]
        if not rows:
            raise InputError.single(
                "case",
                say("Case {number} has no items coming back, so it needs no label.").format(
                    number=case.number
                ),
            )
        dispositions = sorted({row.disposition or "" for row in rows} - {""})
        return LabelData(
            case_number=case.number,
            ship_from=_sender(store),
            ship_to=(ship_to or "").strip() or say(DEFAULT_SHIP_TO),
            items=tuple(
                LabelItem(
                    description=row.description,
                    quantity=row.quantity,
                    condition=_words(CONDITION_WORDS, row.item_condition),
                    disposition=_words(DISPOSITION_WORDS, row.disposition),
                )
                for row in rows
            ),
            disposition=", ".join(_words(DISPOSITION_WORDS, kind) or kind for kind in dispositions)
            or say("To be decided"),
            date=local_day(
                _moment(case).astimezone(store_zone(store.timezone)).date(), store.locale
            ),
        )


def voucher_terms(store: Store, expires_on: date | None) -> tuple[str, ...]:
    """The conditions printed on every voucher."""
    terms = []
    if expires_on is not None:
        terms.append(
            say("Valid until {day} inclusive.").format(day=local_day(expires_on, store.locale))
        )
    terms += [
        say("Spend at {store}, in one visit or over several, until the balance is used.").format(
            store=store.name
        ),
        say("Not exchangeable for cash."),
        say("Keep this voucher safe: whoever holds the code can spend it."),
    ]
    return tuple(terms)


def voucher_data(*, database: StoreDatabase, code: str) -> VoucherData:
    """What a printed store-credit voucher shows.

    Raises:
        InputError: the text is not a voucher code.
        NotFoundError: no voucher with this code at this store.
    """
    printed = normalise_code(code)
    with database.read() as session:
        store = load_store(session)
        row = session.exec(select(StoreCredit).where(StoreCredit.code == printed)).first()
        if row is None:
            raise NotFoundError(say("No voucher {code} at this store.").format(code=printed))
        case = session.get(Case, row.case_id) if row.case_id else None
        zone = store_zone(store.timezone)
        return VoucherData(
            store=_heading(store),
            code=row.code,
            amount=_money(store, row.initial_cents),
            balance=_money(store, row.balance_cents),
            issued=local_day(row.issued_at.astimezone(zone).date(), store.locale),
            expires=local_day(row.expires_on, store.locale) if row.expires_on else None,
            case_number=case.number if case else None,
            terms=voucher_terms(store, row.expires_on),
        )
