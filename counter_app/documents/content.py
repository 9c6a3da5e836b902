"""What each printed document says, as plain frozen data: amounts, dates and words ready to print.

The services fill these from a saved case (``counter_app.services.case_documents``);
the renderers here draw them. Nothing in them is an ORM object, so a renderer
never touches the database and a test can build one by hand.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class StoreHeading:
    """The store as it heads every document."""

    name: str
    address: str
    phone: str


@dataclass(frozen=True)
class DocumentLine:
    """One item of a case, in words and formatted amounts."""

    direction: str  # "in" (coming back) or "out" (going to the customer)
    description: str
    quantity: int
    unit_price: str
    line_total: str
    condition: str | None
    reason: str
    decision: str | None
    decision_reasons: tuple[str, ...]
    restocking_fee: str | None
    refund: str | None
    disposition: str | None


@dataclass(frozen=True)
class DocumentPayment:
    """Money that moved: a refund to the customer or a charge they paid."""

    kind: str  # "refund" or "charge"
    tender: str  # in words as they stand in a sentence: "card", "cash", "store credit"
    amount: str
    card_last4: str | None
    voucher_code: str | None


@dataclass(frozen=True)
class IssuedVoucher:
    """Store credit issued in the case."""

    code: str
    amount: str
    expires: str | None


@dataclass(frozen=True)
class ComplaintPart:
    """What the complaint was about and what the customer was given."""

    category: str
    description: str
    desired_outcome: str
    accommodation: str
    follow_up: str | None


@dataclass(frozen=True)
class ReceiptData:
    """Everything a customer receipt prints, already in the store's words and formats."""

    store: StoreHeading
    title: str
    case_number: str
    case_type: str
    when: str
    clerk: str
    customer: str | None
    summary: str
    lines: tuple[DocumentLine, ...]
    payments: tuple[DocumentPayment, ...]
    vouchers: tuple[IssuedVoucher, ...]
    restocking_fees: str | None
    refund_total: str | None
    exchange_difference: str | None
    complaint: ComplaintPart | None
    next_steps: tuple[str, ...]
    policy: tuple[str, ...]
    thank_you: str


@dataclass(frozen=True)
class LabelItem:
    """An item going back to the warehouse or the vendor."""

    description: str
    quantity: int
    condition: str | None
    disposition: str | None


@dataclass(frozen=True)
class LabelData:
    """Everything a 4x6 in return label prints."""

    case_number: str
    ship_from: str
    ship_to: str
    items: tuple[LabelItem, ...]
    disposition: str
    date: str


@dataclass(frozen=True)
class VoucherData:
    """Everything a printed store-credit voucher shows."""

    store: StoreHeading
    code: str
    amount: str
    balance: str
    issued: str
    expires: str | None
    case_number: str | None
    terms: tuple[str, ...]


@dataclass(frozen=True)
class ReportFigure:
    """One line of a report: what is counted, and its count or amount as printed."""

    label: str
    value: str


@dataclass(frozen=True)
class ZReportData:
    """Everything the end-of-day Z report prints, read from the frozen close, never recomputed.

    ``difference`` is the counted cash minus the expected, signed; ``difference_words``
    says it plainly ("Short by €5.00"). ``open_cases`` is ``None`` for a close frozen
    before the snapshot held it. ``reprint`` is set on a copy printed again later.
    """

    store: StoreHeading
    day: str
    business_date: str  # ISO: the reference the report is queued and filed under
    closed_by: str
    closed_at: str
    cases: str
    cases_by_type: tuple[ReportFigure, ...]
    refunds_by_tender: tuple[ReportFigure, ...]
    refunds_total: str
    expected_cash: str
    counted_cash: str
    difference: str
    difference_words: str
    difference_kind: str  # "over", "short" or "even"
    vouchers_issued: int
    credit_issued: str
    vouchers_redeemed: int
    credit_redeemed: str
    restocking_fees: str
    overrides: int
    overrides_amount: str
    open_cases: str | None
    note: str
    close_id: str
    snapshot_version: str
    reprint: str | None
