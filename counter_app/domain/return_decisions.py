"""Deciding a return, line by line, from the written policy: pure, explained in plain words.

Given what was bought (or that there is no receipt), the item, what the
customer asks, the policy, the customer's history and the time, the decision
says whether the item may come back, what is refunded and how, and why, in
sentences a clerk can read out and a receipt can print.

Two promises hold whatever is asked:

* a sale line never pays back more than was paid for it, across all its
  returns: the refund of ``k`` units after ``r`` earlier ones is
  ``floor(P*(r+k)/Q) - floor(P*r/Q)`` minor units of the price paid ``P``
  for ``Q`` units, so all returns together add up to exactly ``P``;
* a case's decision does not depend on the order its lines were entered:
  lines on the same sale line are taken in a canonical order.
"""

import uuid
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from counter_app.domain.money import Money
from counter_app.domain.return_policy import Condition, ReturnPolicy, condition_name
from counter_app.i18n import say, say_later, say_plural


class Verdict(StrEnum):
    """What the policy says about a line or a case, from best to worst."""

    ALLOWED = "allowed"
    ALLOWED_WITH_CONDITIONS = "allowed_with_conditions"
    NEEDS_MANAGER = "needs_manager"
    REFUSED = "refused"

    @property
    def rank(self) -> int:
        """Higher is worse; a case is as bad as its worst line."""
        return list(Verdict).index(self)

    @property
    def label(self) -> str:
        """The verdict as a clerk reads it, in the language in force."""
        return say(_VERDICT_LABELS[self])


_VERDICT_LABELS = {
    Verdict.ALLOWED: say_later("Allowed"),
    Verdict.ALLOWED_WITH_CONDITIONS: say_later("Allowed with conditions"),
    Verdict.NEEDS_MANAGER: say_later("Needs a manager"),
    Verdict.REFUSED: say_later("Refused"),
}


class Tender(StrEnum):
    """How money goes back to the customer."""

    CASH = "cash"
    CARD = "card"
    STORE_CREDIT = "store_credit"

    @property
    def label(self) -> str:
        """The tender as printed, in the language in force."""
        return say(_TENDER_LABELS[self])


_TENDER_LABELS = {
    Tender.CASH: say_later("cash"),
    Tender.CARD: say_later("card"),
    Tender.STORE_CREDIT: say_later("store credit"),
}
# The tender reasons are whole sentences per tender, so each language can word them
# its own way ("bar erstattet", "als Gutschein erstattet").
_SAME_TENDER = {
    Tender.CASH: say_later("Paid in cash: refunded in cash."),
    Tender.CARD: say_later("Paid in card: refunded in card."),
    Tender.STORE_CREDIT: say_later("Paid in store credit: refunded in store credit."),
}
_REFUNDED_AS = {
    Tender.CASH: say_later("Refunded as cash."),
    Tender.CARD: say_later("Refunded as card."),
    Tender.STORE_CREDIT: say_later("Refunded as store credit."),
}
_ONLY_CREDIT_ALLOWED = {
    Tender.CASH: say_later("Only store credit is allowed here; cash needs a manager."),
    Tender.CARD: say_later("Only store credit is allowed here; card needs a manager."),
}
_NO_RECEIPT_TENDER = {
    Tender.CASH: say_later("No receipt: a cash refund needs a manager."),
    Tender.CARD: say_later("No receipt: a card refund needs a manager."),
}
_PAID_BY = {
    Tender.CASH: say_later("in cash"),
    Tender.CARD: say_later("by card"),
    Tender.STORE_CREDIT: say_later("by store credit"),
}
_A_REFUND_IN = {
    Tender.CASH: say_later("a cash refund"),
    Tender.CARD: say_later("a card refund"),
}
_AS_THE_CUSTOMER_ASKED = {
    Tender.CASH: say_later("Refunded in cash, as the customer asked."),
    Tender.CARD: say_later("Refunded in card, as the customer asked."),
}
# Per condition, as an adjective agrees with its noun in most languages.
_NOT_TAKEN_BACK: dict[Condition, str] = {
    "unopened": say_later("Unopened items are not taken back."),
    "opened": say_later("Opened items are not taken back."),
    "damaged": say_later("Damaged items are not taken back."),
    "defective": say_later("Defective items are not taken back."),
}
_NO_RECEIPT_REFUND = {
    "store_credit": say_later(
        "Without a receipt: store credit at the lowest price of the last {days} days."
    ),
    "cash": say_later("Without a receipt: cash at the lowest price of the last {days} days."),
}


@dataclass(frozen=True)
class SoldLine:
    """A line of the original receipt, with what is already known about its returns."""

    sale_line_id: uuid.UUID
    receipt_number: str
    sold_at: datetime
    quantity: int
    paid: Money  # the whole line, after its discounts
    tender: Tender
    card_last4: str | None = None
    sold_by: uuid.UUID | None = None
    returned_before: int = 0  # units returned on earlier cases


@dataclass(frozen=True)
class ProductFacts:
    """What the catalog says about the item."""

    name: str
    category: str
    returnable: bool
    lowest_recent_price: Money  # one unit: the lowest it sold for lately, or its price now


@dataclass(frozen=True)
class ReturnLineRequest:
    """One item the customer brings back; ``key`` is the caller's name for the line."""

    key: Hashable
    product: ProductFacts
    sold: SoldLine | None
    quantity: int
    condition: Condition
    reason: str = ""


@dataclass(frozen=True)
class CustomerHistory:
    """What the store knows of this customer's earlier returns."""

    known: bool = False  # the customer is identified on the case
    no_receipt_returns: int = 0  # in the policy's rolling window, before this case


@dataclass(frozen=True)
class ReturnContext:
    """Everything besides the lines that a decision depends on."""

    policy: ReturnPolicy
    currency: str
    locale: str
    zone: ZoneInfo
    now: datetime
    clerk_id: uuid.UUID
    customer: CustomerHistory = field(default_factory=CustomerHistory)
    requested_tender: Tender | None = None  # None: the policy's choice

    def money(self, amount: Money) -> str:
        """An amount as the customer reads it."""
        return amount.format(self.locale)


@dataclass(frozen=True)
class LineDecision:
    """The policy's answer for one line."""

    key: Hashable
    verdict: Verdict
    quantity: int
    gross: Money  # before any restocking fee
    restocking_fee: Money
    refund: Money  # what goes back to the customer
    tender: Tender
    reasons: tuple[str, ...]
    overridable: bool = True  # whether a manager may accept it anyway
    approved_by_manager: bool = False

    @property
    def unit_refund(self) -> Money:
        """The refund per unit, as shown on screen (the line total is what is paid)."""
        return Money.of(self.refund.amount / self.quantity, self.refund.currency)


@dataclass(frozen=True)
class CaseDecision:
    """The policy's answer for a whole return: its lines, totals and case-wide reasons."""

    lines: tuple[LineDecision, ...]
    verdict: Verdict
    total_refund: Money  # the value of everything coming back, after fees
    total_fees: Money
    by_tender: tuple[tuple[Tender, Money], ...]  # what actually goes back, per tender
    reasons: tuple[str, ...]
    needs_manager_for_case: bool = False
    goods_out: Money | None = None  # in an exchange: the value of the items going out
    to_pay: Money | None = None  # in an exchange: what the customer still pays

    @property
    def net_refund(self) -> Money:
        """What goes back to the customer once items going out are paid for."""
        return sum((amount for _, amount in self.by_tender), Money.zero(self.total_refund.currency))

    def line(self, key: Hashable) -> LineDecision:
        """The decision of the line the caller called ``key``."""
        return next(line for line in self.lines if line.key == key)

    @property
    def can_complete(self) -> bool:
        """Whether the return may go ahead as it stands, without a manager."""
        return self.verdict in (Verdict.ALLOWED, Verdict.ALLOWED_WITH_CONDITIONS)

    @property
    def can_be_approved(self) -> bool:
        """Whether a manager's approval would let the return go ahead."""
        return all(line.overridable for line in self.lines if line.verdict is Verdict.REFUSED)


def _worst(verdicts: Iterable[Verdict]) -> Verdict:
    return max(verdicts, key=lambda verdict: verdict.rank, default=Verdict.ALLOWED)


def _store_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def _age_words(days: int) -> str:
    if days <= 0:
        return say("Bought today")
    if days == 1:
        return say("Bought yesterday")
    return say_plural("Bought {days} day ago", "Bought {days} days ago", days).format(days=days)


def _share_of_paid(sold: SoldLine, before: int, quantity: int) -> Money:
    """The part of the price paid for the line that ``quantity`` more units take back."""
    paid = sold.paid.minor_units
    taken_after = paid * (before + quantity) // sold.quantity
    taken_before = paid * before // sold.quantity
    return Money.from_minor(taken_after - taken_before, sold.paid.currency)


def _tender_for(
    request: ReturnLineRequest, context: ReturnContext, credit_only: bool
) -> tuple[Tender, list[str], bool]:
    """The tender of a line, why, and whether a manager must agree to it."""
    policy, wanted = context.policy, context.requested_tender
    if request.sold is None:
        default = Tender(policy.no_receipt.refund_tender)
        if credit_only:
            default = Tender.STORE_CREDIT
    else:
        default = request.sold.tender
    if wanted is None or wanted is default:
        if request.sold is not None and default is Tender.CARD:
            last4 = request.sold.card_last4
            same_card = (
                say("Paid by card ending {last4}: refunded to the same card.").format(last4=last4)
                if last4
                else say("Paid by card: refunded to the same card.")
            )
            return default, [same_card], False
        if request.sold is not None:
            return default, [say(_SAME_TENDER[default])], False
        return default, [say(_REFUNDED_AS[default])], False
    if wanted is Tender.STORE_CREDIT:
        return wanted, [say("Refunded as store credit, as the customer asked.")], False
    # From here on the customer wants cash or a card refund.
    if credit_only:
        return wanted, [say(_ONLY_CREDIT_ALLOWED[wanted])], True
    if request.sold is None:
        return wanted, [say(_NO_RECEIPT_TENDER[wanted])], True
    if policy.refunds.other_tender_needs_manager:
        needs_manager = say("Paid {paid_by}: {refund} needs a manager.").format(
            paid_by=say(_PAID_BY[default]), refund=say(_A_REFUND_IN[wanted])
        )
        return wanted, [needs_manager], True
    return wanted, [say(_AS_THE_CUSTOMER_ASKED[wanted])], False


def decide_return_line(
    request: ReturnLineRequest, context: ReturnContext, *, earlier_in_case: int = 0
) -> LineDecision:
    """Decide one line of a return by the policy, with its reasons in plain words.

    Args:
        request: the item, its receipt line (or none) and what the customer asks.
        context: policy, currency, time zone, the time, the clerk, the customer's history.
        earlier_in_case: units of the same receipt line already taken by earlier lines
            of this case.
    """
    if request.quantity < 1:
        raise ValueError(say("a returned line needs a quantity of at least one"))
    if context.now.tzinfo is None:
        raise ValueError(say("the time of a decision must carry its time zone"))
    policy, product = context.policy, request.product
    currency = context.currency
    zero = Money.zero(currency)
    reasons: list[str] = []
    refusals: list[str] = []
    manager: list[str] = []
    conditions = False
    overridable = True
    credit_only = False

    sold = request.sold
    if sold is not None:
        before = sold.returned_before + earlier_in_case
        left = max(sold.quantity - before, 0)
        if request.quantity > left:
            overridable = False
            refusals.append(
                say(
                    "Only {left} of the {bought} bought on receipt {receipt} "
                    "can still come back ({before} already returned)."
                ).format(
                    left=left, bought=sold.quantity, receipt=sold.receipt_number, before=before
                )
                if before
                else say("Only {bought} were bought on receipt {receipt}.").format(
                    bought=sold.quantity, receipt=sold.receipt_number
                )
            )
            gross = zero
        else:
            gross = _share_of_paid(sold, before, request.quantity)
            days = (
                _store_date(context.now, context.zone) - _store_date(sold.sold_at, context.zone)
            ).days
            window, own = policy.window_for(product.category)
            where = (
                say("the {days}-day window for {category}").format(
                    days=window, category=product.category
                )
                if own
                else say("the {days}-day return window").format(days=window)
            )
            if days <= window:
                reasons.append(
                    say("{age}, within {window}.").format(age=_age_words(days), window=where)
                )
            else:
                refusals.append(
                    say("{age}, past {window}.").format(age=_age_words(days), window=where)
                )
            if (
                policy.sale_clerk_needs_manager
                and sold.sold_by is not None
                and sold.sold_by == context.clerk_id
            ):
                manager.append(say("You made this sale: a manager must approve the refund."))
    else:
        no_receipt = policy.no_receipt
        unit = product.lowest_recent_price
        gross = unit.times(request.quantity)
        if policy.receipt_required or not no_receipt.allowed:
            refusals.append(say("This store needs the receipt for a return."))
        elif no_receipt.customer_required and not context.customer.known:
            overridable = False
            gross = zero
            refusals.append(
                say(
                    "No receipt: add the customer's details first, "
                    "as no-receipt returns are limited per customer."
                )
            )
        else:
            conditions = True
            lookback = no_receipt.price_lookback_days
            reasons.append(
                say(
                    "No receipt: refunded at the lowest price of the last {days} days "
                    "({price} each)."
                ).format(days=lookback, price=context.money(unit))
            )
            this_one = context.customer.no_receipt_returns + 1
            window = no_receipt.limit_window_days
            if this_one > no_receipt.manager_after:
                manager.append(
                    say(
                        "This is the customer's no-receipt return number {number} in "
                        "{days} days: a manager must approve."
                    ).format(number=this_one, days=window)
                )
            if this_one > no_receipt.store_credit_only_after:
                credit_only = True
                if no_receipt.refund_tender != "store_credit":
                    reasons.append(
                        say(
                            "More than {count} no-receipt returns in {days} days: "
                            "store credit only."
                        ).format(count=no_receipt.store_credit_only_after, days=window)
                    )

    if not policy.is_returnable_category(product.category):
        refusals.append(
            say("{category} items cannot be returned.").format(category=product.category)
        )
    elif not product.returnable:
        refusals.append(say("{name} cannot be returned.").format(name=product.name))

    rule = policy.conditions[request.condition]
    fee = zero
    if not rule.accepted:
        refusals.append(say(_NOT_TAKEN_BACK[request.condition]))
    elif request.condition == "defective":
        reasons.append(say("Defective: full refund, no restocking fee."))
    elif rule.restocking_fee_percent > 0 and gross.amount > 0:
        fee = gross.percent(rule.restocking_fee_percent)
        conditions = True
        rate = rule.restocking_fee_percent.normalize()
        reasons.append(
            # The percent sign travels with the rate, so the message is not taken for %-format.
            say("{condition}: {rate} restocking fee ({fee}).").format(
                condition=condition_name(request.condition).capitalize(),
                rate=f"{rate:f}%",
                fee=context.money(fee),
            )
        )

    tender, tender_reasons, tender_needs_manager = _tender_for(request, context, credit_only)
    if credit_only:
        conditions = True
    if tender_needs_manager:
        manager.extend(tender_reasons)
    else:
        reasons.extend(tender_reasons)

    if refusals:
        verdict = Verdict.REFUSED
    elif manager:
        verdict = Verdict.NEEDS_MANAGER
    elif conditions:
        verdict = Verdict.ALLOWED_WITH_CONDITIONS
    else:
        verdict = Verdict.ALLOWED
    return LineDecision(
        key=request.key,
        verdict=verdict,
        quantity=request.quantity,
        gross=gross,
        restocking_fee=fee,
        refund=gross - fee,
        tender=tender,
        reasons=tuple(refusals + manager + reasons),
        overridable=overridable,
    )


def _canonical(request: ReturnLineRequest) -> tuple[int, str, str, str]:
    return (request.quantity, request.condition, request.reason, repr(request.key))


def decide_return(
    requests: Sequence[ReturnLineRequest],
    context: ReturnContext,
    *,
    goods_out: Money | None = None,
) -> CaseDecision:
    """Decide every line of a return, then the case: totals, tenders and case-wide limits.

    The same lines give the same decisions in any order.

    Args:
        goods_out: in an exchange, the value of the items going out; they are paid from
            the refund first, and the case-wide limits apply to what is left to refund.
    """
    if goods_out is not None and goods_out.is_negative:
        raise ValueError(say("the items going out cannot be worth less than nothing"))
    currency = context.currency
    zero = Money.zero(currency)
    taken: dict[uuid.UUID, int] = defaultdict(int)
    decided: dict[int, LineDecision] = {}
    order = sorted(range(len(requests)), key=lambda index: _canonical(requests[index]))
    for index in order:
        request = requests[index]
        sale_line = request.sold.sale_line_id if request.sold else None
        earlier = taken[sale_line] if sale_line else 0
        decision = decide_return_line(request, context, earlier_in_case=earlier)
        if sale_line and decision.overridable:
            taken[sale_line] += request.quantity
        decided[index] = decision
    lines = tuple(decided[index] for index in range(len(requests)))

    totals = _Totals.of(
        [line for line in lines if line.verdict is not Verdict.REFUSED or line.overridable],
        currency,
        goods_out,
    )
    policy = context.policy
    case_reasons: list[str] = []
    refund = totals.net_refund
    threshold = Money.of(policy.manager_approval_above, currency)
    if threshold < refund:
        case_reasons.append(
            say(
                "A refund of {refund} is above the {threshold} a clerk may give: "
                "a manager must approve."
            ).format(refund=context.money(refund), threshold=context.money(threshold))
        )
    cash = dict(totals.by_tender).get(Tender.CASH, zero)
    cash_limit = Money.of(policy.refunds.cash_limit, currency)
    if cash_limit < cash:
        case_reasons.append(
            say(
                "A cash refund of {cash} is above the {limit} cash limit: a manager must approve."
            ).format(cash=context.money(cash), limit=context.money(cash_limit))
        )
    verdict = _worst(line.verdict for line in lines)
    if case_reasons and verdict.rank < Verdict.NEEDS_MANAGER.rank:
        verdict = Verdict.NEEDS_MANAGER
    return totals.decision(lines, verdict, tuple(case_reasons), needs_manager=bool(case_reasons))


# Items going out in an exchange are paid first from store credit, then cash, then card:
# the customer keeps the most flexible refund (a card refund) for last.
_SPEND_ORDER = (Tender.STORE_CREDIT, Tender.CASH, Tender.CARD)


@dataclass(frozen=True)
class _Totals:
    """A case's sums: value back, fees, refunds per tender after items going out."""

    total: Money
    fees: Money
    by_tender: tuple[tuple[Tender, Money], ...]
    goods_out: Money | None
    to_pay: Money | None

    @classmethod
    def of(cls, lines: Sequence[LineDecision], currency: str, goods_out: Money | None) -> "_Totals":
        zero = Money.zero(currency)
        per_tender: dict[Tender, Money] = {}
        for line in lines:
            per_tender[line.tender] = per_tender.get(line.tender, zero) + line.refund
        owed = goods_out or zero
        for tender in _SPEND_ORDER:
            available = per_tender.get(tender, zero)
            used = owed if owed < available else available
            per_tender[tender] = available - used
            owed = owed - used
        return cls(
            total=sum((line.refund for line in lines), zero),
            fees=sum((line.restocking_fee for line in lines), zero),
            by_tender=tuple(
                (tender, per_tender[tender])
                for tender in Tender
                if tender in per_tender and per_tender[tender].amount > 0
            ),
            goods_out=goods_out,
            to_pay=owed if goods_out is not None else None,
        )

    @property
    def net_refund(self) -> Money:
        return sum((amount for _, amount in self.by_tender), Money.zero(self.total.currency))

    def decision(
        self,
        lines: tuple[LineDecision, ...],
        verdict: Verdict,
        reasons: tuple[str, ...],
        *,
        needs_manager: bool,
    ) -> CaseDecision:
        return CaseDecision(
            lines=lines,
            verdict=verdict,
            total_refund=self.total,
            total_fees=self.fees,
            by_tender=self.by_tender,
            reasons=reasons,
            needs_manager_for_case=needs_manager,
            goods_out=self.goods_out,
            to_pay=self.to_pay,
        )


def approve(decision: CaseDecision, *, waive_restocking_fees: bool = False) -> CaseDecision:
    """The decision once a manager has approved it (goodwill where a line was refused).

    Raises:
        ValueError: a line is refused for a reason no manager can lift (more units than
            were bought, or a customer who must be identified).
    """
    if not decision.can_be_approved:
        raise ValueError(say("a refused line cannot be approved"))
    lines = []
    for line in decision.lines:
        fee = line.restocking_fee
        reasons = list(line.reasons)
        if waive_restocking_fees and fee.amount > 0:
            reasons.append(say("Restocking fee waived by a manager."))
            fee = Money.zero(fee.currency)
        needed = line.verdict in (Verdict.NEEDS_MANAGER, Verdict.REFUSED)
        if needed:
            reasons.append(
                say("Accepted by a manager as goodwill.")
                if line.verdict is Verdict.REFUSED
                else say("Approved by a manager.")
            )
        lines.append(
            replace(
                line,
                verdict=Verdict.ALLOWED_WITH_CONDITIONS if needed else line.verdict,
                restocking_fee=fee,
                refund=line.gross - fee,
                reasons=tuple(reasons),
                approved_by_manager=needed or fee != line.restocking_fee,
            )
        )
    totals = _Totals.of(lines, decision.total_refund.currency, decision.goods_out)
    case_reasons = decision.reasons
    if decision.needs_manager_for_case:
        case_reasons = (*case_reasons, say("Approved by a manager."))
    return totals.decision(
        tuple(lines), _worst(line.verdict for line in lines), case_reasons, needs_manager=False
    )


def needs_goodwill(decision: CaseDecision) -> bool:
    """Whether approving this decision goes beyond the policy (a refused line accepted)."""
    return any(line.verdict is Verdict.REFUSED for line in decision.lines)


def policy_in_words(policy: ReturnPolicy, *, currency: str, locale: str) -> tuple[str, ...]:
    """The policy as a customer reads it on a receipt or a notice by the counter."""

    def money(amount: Decimal) -> str:
        return Money.of(amount, currency).format(locale)

    sentences = [
        say("Returns within {days} days with the receipt.").format(days=policy.window_days)
    ]
    for category, days in sorted(policy.category_window_days.items()):
        sentences.append(say("{category}: {days} days.").format(category=category, days=days))
    fees = [
        say("{condition} {rate}%").format(
            condition=condition_name(condition), rate=f"{rule.restocking_fee_percent.normalize():f}"
        )
        for condition, rule in policy.conditions.items()
        if rule.accepted and rule.restocking_fee_percent > 0
    ]
    if fees:
        sentences.append(say("Restocking fee: {fees}.").format(fees=", ".join(fees)))
    refused = [
        condition_name(condition)
        for condition, rule in policy.conditions.items()
        if not rule.accepted
    ]
    if refused:
        sentences.append(
            say("Not taken back: {conditions} items.").format(conditions=", ".join(refused))
        )
    if policy.non_returnable_categories:
        sentences.append(
            say("Not returnable: {categories}.").format(
                categories=", ".join(policy.non_returnable_categories)
            )
        )
    if policy.receipt_required or not policy.no_receipt.allowed:
        sentences.append(say("A receipt is needed for every return."))
    else:
        sentences.append(
            say(_NO_RECEIPT_REFUND[policy.no_receipt.refund_tender]).format(
                days=policy.no_receipt.price_lookback_days
            )
        )
    sentences.append(say("Refunds go back to the original payment."))
    sentences.append(
        say("Refunds above {amount} are approved by a manager.").format(
            amount=money(policy.manager_approval_above)
        )
    )
    return tuple(sentences)
