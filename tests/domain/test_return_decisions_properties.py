"""Promises of the return engine that must hold whatever is asked, checked on generated cases.

A sale line never pays back more than was paid for it, returning everything pays
back exactly what was paid, every amount is exact money, and the order a clerk
enters the lines in never changes the decision.
"""

import itertools
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from hashlib import sha256
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.domain.money import Money
from counter_app.domain.return_decisions import (
    CaseDecision,
    CustomerHistory,
    LineDecision,
    ProductFacts,
    ReturnContext,
    ReturnLineRequest,
    SoldLine,
    Tender,
    Verdict,
    approve,
    decide_return,
    decide_return_line,
)
from counter_app.domain.return_policy import CONDITIONS, DEFAULT_POLICY, Condition, ReturnPolicy

CURRENCY = "EUR"
LOCALE = "en_IE"
ZONE = ZoneInfo("Europe/Dublin")
CLERK = uuid.UUID("00000000-0000-4000-8000-000000000001")
OTHER_CLERK = uuid.UUID("00000000-0000-4000-8000-000000000002")
NOW = datetime(2024, 10, 27, 1, 30, tzinfo=ZONE)  # the autumn clock change, for good measure
ZERO = Money.zero(CURRENCY)

# Enough examples to find the corners; each file still runs in a few seconds.
properties = settings(database=None, deadline=None, max_examples=80)

# A second policy that exercises the other branches: cash without a receipt, tight limits,
# a category window of its own, no manager for another tender, a fractional fee.
OTHER_POLICY = ReturnPolicy.model_validate(
    {
        **DEFAULT_POLICY.model_dump(),
        "window_days": 14,
        "category_window_days": {"Toys": 60},
        "no_receipt": {"refund_tender": "cash", "store_credit_only_after": 1, "manager_after": 2},
        "conditions": {
            **DEFAULT_POLICY.model_dump()["conditions"],
            "opened": {"restocking_fee_percent": "12.5"},
            "damaged": {"accepted": False},
        },
        "refunds": {"cash_limit": "50", "other_tender_needs_manager": False},
        "manager_approval_above": "400",
    }
)

policies = st.sampled_from([DEFAULT_POLICY, OTHER_POLICY])
conditions = st.sampled_from(CONDITIONS)
fee_conditions: st.SearchStrategy[Condition] = st.sampled_from(("opened", "damaged"))
tenders = st.sampled_from(list(Tender))
requested_tenders = st.one_of(st.none(), tenders)
categories = st.sampled_from(["Electronics", "Toys", "toys", "Grocery"])


def product(category: str = "Electronics", price_cents: int = 2699) -> ProductFacts:
    return ProductFacts(
        name=f"A {category} item",
        category=category,
        returnable=True,
        lowest_recent_price=Money.from_minor(price_cents, CURRENCY),
    )


def context(
    policy: ReturnPolicy = DEFAULT_POLICY,
    *,
    customer: CustomerHistory | None = None,
    requested_tender: Tender | None = None,
) -> ReturnContext:
    return ReturnContext(
        policy=policy,
        currency=CURRENCY,
        locale=LOCALE,
        zone=ZONE,
        now=NOW,
        clerk_id=CLERK,
        customer=customer if customer is not None else CustomerHistory(known=True),
        requested_tender=requested_tender,
    )


@st.composite
def sale_lines(draw: st.DrawFn, *, name: str = "R-1/1") -> SoldLine:
    """A receipt line of 1 to 20 units paid 0.00 to 1,000.00 in all, sold by anyone."""
    tender = draw(tenders)
    return SoldLine(
        sale_line_id=uuid.UUID(bytes=sha256(name.encode()).digest()[:16]),
        receipt_number=name.split("/")[0],
        sold_at=NOW - timedelta(days=draw(st.integers(0, 70)), minutes=draw(st.integers(0, 1439))),
        quantity=draw(st.integers(1, 20)),
        paid=Money.from_minor(draw(st.integers(0, 100_000)), CURRENCY),
        tender=tender,
        card_last4="4242" if tender is Tender.CARD else None,
        sold_by=draw(st.sampled_from([None, CLERK, OTHER_CLERK])),
    )


def _with_returned(sold: SoldLine, returned: int) -> SoldLine:
    return replace(sold, returned_before=returned)


def refused_for_good(line: LineDecision) -> bool:
    return line.verdict is Verdict.REFUSED and not line.overridable


def assert_exact(money: Money) -> None:
    """Exact money: a Decimal (never a float) at EUR's two decimals."""
    assert type(money) is Money
    assert type(money.amount) is Decimal
    assert money.currency == CURRENCY
    assert money.amount.as_tuple().exponent == -2


def assert_line_adds_up(line: LineDecision) -> None:
    for amount in (line.gross, line.restocking_fee, line.refund):
        assert_exact(amount)
    assert ZERO <= line.restocking_fee <= line.gross
    assert line.refund == line.gross - line.restocking_fee
    assert line.quantity >= 1
    assert line.reasons, "every decision says why"


def assert_case_adds_up(case: CaseDecision) -> None:
    """Totals are sums of the lines that can still go ahead; by tender splits the total."""
    for line in case.lines:
        assert_line_adds_up(line)
    for amount in (case.total_refund, case.total_fees):
        assert_exact(amount)
    counted = [line for line in case.lines if not refused_for_good(line)]
    assert case.total_refund == sum((line.refund for line in counted), ZERO)
    assert case.total_fees == sum((line.restocking_fee for line in counted), ZERO)
    tenders_paid = [tender for tender, _ in case.by_tender]
    assert len(tenders_paid) == len(set(tenders_paid))
    for _, amount in case.by_tender:
        assert_exact(amount)
        assert amount > ZERO
    assert sum((amount for _, amount in case.by_tender), ZERO) == case.net_refund
    assert_exact(case.net_refund)
    if case.goods_out is None:
        assert case.to_pay is None
        assert case.net_refund == case.total_refund
    else:
        assert case.to_pay is not None
        assert_exact(case.to_pay)
        # Items going out are paid from the refund first; only one side is left over.
        assert case.net_refund == max(case.total_refund - case.goods_out, ZERO, key=_amount)
        assert case.to_pay == max(case.goods_out - case.total_refund, ZERO, key=_amount)
    assert all(case.verdict.rank >= line.verdict.rank for line in case.lines)


def _amount(money: Money) -> Decimal:
    return money.amount


def assert_same_decision(first: CaseDecision, second: CaseDecision) -> None:
    assert {line.key: line for line in first.lines} == {line.key: line for line in second.lines}
    assert first.verdict is second.verdict
    assert first.total_refund == second.total_refund
    assert first.total_fees == second.total_fees
    assert first.by_tender == second.by_tender
    assert first.reasons == second.reasons
    assert first.needs_manager_for_case == second.needs_manager_for_case
    assert (first.goods_out, first.to_pay) == (second.goods_out, second.to_pay)


def split(total: int, cuts: Sequence[int]) -> list[int]:
    """``total`` units cut into parts at ``cuts`` (distinct points strictly inside it)."""
    points = [0, *sorted(set(cuts)), total]
    return [after - before for before, after in itertools.pairwise(points)]


# --------------------------------------------------------------------------- one line


@given(sale_lines(), st.data())
@properties
def test_no_request_past_what_is_left_is_ever_allowed(sold: SoldLine, data: st.DataObject) -> None:
    before = data.draw(st.integers(0, sold.quantity), label="returned_before")
    quantity = data.draw(st.integers(1, sold.quantity + 3), label="quantity")
    request = ReturnLineRequest(
        key="only",
        product=product(),
        sold=_with_returned(sold, before),
        quantity=quantity,
        condition=data.draw(conditions),
    )
    decision = decide_return_line(request, context(data.draw(policies)))
    assert_line_adds_up(decision)
    if quantity > sold.quantity - before:
        assert refused_for_good(decision)
        assert decision.gross == ZERO
    else:
        assert not refused_for_good(decision)


@given(
    st.integers(1, 100_000),
    st.integers(0, 10_000),
    fee_conditions,
)
@properties
def test_restocking_fee_is_the_percent_of_the_refund_rounded_half_up(
    paid_cents: int, percent_hundredths: int, condition: Condition
) -> None:
    """Checked against integer arithmetic, so a float or a wrong rounding cannot hide."""
    percent = Decimal(percent_hundredths).scaleb(-2)
    rules = {
        **DEFAULT_POLICY.model_dump()["conditions"],
        condition: {"restocking_fee_percent": percent},
    }
    policy = ReturnPolicy.model_validate({**DEFAULT_POLICY.model_dump(), "conditions": rules})
    sold = SoldLine(
        sale_line_id=uuid.UUID(int=7),
        receipt_number="R-7",
        sold_at=NOW - timedelta(days=3),
        quantity=1,
        paid=Money.from_minor(paid_cents, CURRENCY),
        tender=Tender.CASH,
    )
    request = ReturnLineRequest(
        key="only",
        product=product(),
        sold=sold,
        quantity=1,
        condition=condition,
    )
    decision = decide_return_line(request, context(policy))
    expected_fee_cents = (paid_cents * percent_hundredths + 5_000) // 10_000
    assert decision.restocking_fee == Money.from_minor(expected_fee_cents, CURRENCY)
    assert decision.refund == Money.from_minor(paid_cents - expected_fee_cents, CURRENCY)
    assert_line_adds_up(decision)


# ------------------------------------------------------------------ a sale line over many cases


class _StoreLedger:
    """What the store records for one sale line as cases complete, as the services would."""

    def __init__(self, sold: SoldLine) -> None:
        self.sold = sold
        self.returned = 0
        self.gross = ZERO
        self.refunded = ZERO

    def line(self) -> SoldLine:
        return _with_returned(self.sold, self.returned)

    def serve(
        self, requests: Sequence[ReturnLineRequest], ctx: ReturnContext, *, waive_fees: bool
    ) -> None:
        """Decide a case; drop lines refused for good, approve the rest if needed, record it."""
        case = decide_return(requests, ctx)
        assert_case_adds_up(case)
        left = self.sold.quantity - self.returned
        going_ahead = [line for line in case.lines if not refused_for_good(line)]
        assert sum(line.quantity for line in going_ahead) <= left
        for line in case.lines:
            if refused_for_good(line):
                assert line.gross == ZERO
        if len(going_ahead) < len(case.lines):
            kept = [request for request in requests if not refused_for_good(case.line(request.key))]
            if not kept:
                return
            retried = decide_return(kept, ctx)
            # Taking out a line refused for good changes nothing for the others.
            for line in retried.lines:
                assert line == case.line(line.key)
            case = retried
        final = case if case.can_complete else approve(case, waive_restocking_fees=waive_fees)
        assert final.can_complete
        assert_case_adds_up(final)
        for line in final.lines:
            assert line.quantity >= 1
            self.returned += line.quantity
            self.gross += line.gross
            self.refunded += line.refund
        assert 0 <= self.returned <= self.sold.quantity
        assert self.refunded <= self.gross <= self.sold.paid


@st.composite
def case_requests(draw: st.DrawFn, sold: SoldLine, *, case_number: int) -> list[ReturnLineRequest]:
    """One to three lines on ``sold``, sometimes asking for more than is left."""
    count = draw(st.integers(1, 3))
    return [
        ReturnLineRequest(
            key=f"case-{case_number}-line-{index}",
            product=product(),
            sold=sold,
            quantity=draw(st.integers(1, sold.quantity + 2)),
            condition=draw(conditions),
        )
        for index in range(count)
    ]


@given(sale_lines(), st.data())
@properties
def test_a_sale_line_never_pays_back_more_than_was_paid_and_all_of_it_pays_back_exactly_that(
    sold: SoldLine, data: st.DataObject
) -> None:
    policy = data.draw(policies, label="policy")
    ctx = context(policy, requested_tender=data.draw(requested_tenders, label="tender"))
    ledger = _StoreLedger(sold)

    earlier = data.draw(st.integers(0, sold.quantity), label="returned on earlier cases")
    if earlier:
        ledger.serve(
            [ReturnLineRequest("earlier", product(), ledger.line(), earlier, "unopened")],
            ctx,
            waive_fees=False,
        )
        assert ledger.returned == earlier

    for case_number in range(data.draw(st.integers(0, 5), label="cases")):
        requests = data.draw(case_requests(ledger.line(), case_number=case_number))
        ledger.serve(requests, ctx, waive_fees=data.draw(st.booleans()))

    left = sold.quantity - ledger.returned
    if left:
        cuts = data.draw(st.lists(st.integers(1, left - 1), max_size=3)) if left > 1 else []
        last = [
            ReturnLineRequest(f"last-{index}", product(), ledger.line(), quantity, "defective")
            for index, quantity in enumerate(split(left, cuts))
        ]
        ledger.serve(last, ctx, waive_fees=False)

    assert ledger.returned == sold.quantity
    assert ledger.gross == sold.paid
    # Nothing more can come back, and asking gives nothing.
    again = decide_return(
        [ReturnLineRequest("again", product(), ledger.line(), 1, "unopened")], ctx
    )
    assert refused_for_good(again.lines[0])
    assert again.total_refund == ZERO


# --------------------------------------------------------------------------- order of the lines


@st.composite
def mixed_cases(draw: st.DrawFn) -> tuple[list[ReturnLineRequest], ReturnContext, Money | None]:
    """Several lines: some on the same receipt lines (with earlier returns), some with none.

    Sometimes an exchange: items going out, paid from the refund first.
    """
    sold_lines = []
    for index in range(draw(st.integers(1, 3))):
        sold = draw(sale_lines(name=f"R-{index}/1"))
        returned = draw(st.integers(0, sold.quantity - 1))
        sold_lines.append((_with_returned(sold, returned), draw(categories)))
    requests = []
    for index in range(draw(st.integers(2, 7))):
        key = f"line-{index}"
        condition = draw(conditions)
        if draw(st.integers(0, 3)) == 0:
            item = product(draw(categories), draw(st.integers(0, 20_000)))
            requests.append(ReturnLineRequest(key, item, None, draw(st.integers(1, 3)), condition))
        else:
            sold, category = draw(st.sampled_from(sold_lines))
            quantity = draw(st.integers(1, sold.quantity + 1))
            requests.append(ReturnLineRequest(key, product(category), sold, quantity, condition))
    customer = CustomerHistory(
        known=draw(st.booleans()), no_receipt_returns=draw(st.integers(0, 4))
    )
    ctx = context(draw(policies), customer=customer, requested_tender=draw(requested_tenders))
    goods_out = draw(st.one_of(st.none(), st.integers(0, 200_000)))
    return requests, ctx, None if goods_out is None else Money.from_minor(goods_out, CURRENCY)


@given(mixed_cases(), st.data())
@properties
def test_the_order_of_the_lines_never_changes_the_decision(
    case: tuple[list[ReturnLineRequest], ReturnContext, Money | None], data: st.DataObject
) -> None:
    requests, ctx, goods_out = case
    shuffled = data.draw(st.permutations(requests), label="entered in this order")
    first = decide_return(requests, ctx, goods_out=goods_out)
    second = decide_return(shuffled, ctx, goods_out=goods_out)
    assert_case_adds_up(first)
    assert_case_adds_up(second)
    assert [line.key for line in second.lines] == [request.key for request in shuffled]
    assert_same_decision(first, second)
    assert first.can_be_approved == second.can_be_approved
    if first.can_be_approved:
        waive = data.draw(st.booleans(), label="waive fees")
        approved_first = approve(first, waive_restocking_fees=waive)
        approved_second = approve(second, waive_restocking_fees=waive)
        assert_case_adds_up(approved_first)
        assert_same_decision(approved_first, approved_second)
        assert approved_first.can_complete


@given(mixed_cases())
@properties
def test_lines_of_one_case_never_take_more_than_is_left_on_their_receipt_line(
    case: tuple[list[ReturnLineRequest], ReturnContext, Money | None],
) -> None:
    requests, ctx, goods_out = case
    decision = decide_return(requests, ctx, goods_out=goods_out)
    taken: dict[uuid.UUID, int] = defaultdict(int)
    gross: dict[uuid.UUID, Money] = defaultdict(lambda: ZERO)
    sold_by_id = {request.sold.sale_line_id: request.sold for request in requests if request.sold}
    for request in requests:
        line = decision.line(request.key)
        if request.sold is not None and not refused_for_good(line):
            taken[request.sold.sale_line_id] += request.quantity
            gross[request.sold.sale_line_id] += line.gross
    for sale_line_id, units in taken.items():
        sold = sold_by_id[sale_line_id]
        assert units <= sold.quantity - sold.returned_before
        assert gross[sale_line_id] <= sold.paid
