"""Tables of the store database.

Rules that hold for every table here:

* ids that leave the store are UUIDs made at the store; synced rows carry ``store_id``;
* money is integer minor units (``*_cents``), never float or SQLite NUMERIC;
* times are UTC, timezone-aware in Python (``UTCDateTime``);
* allowed values of a status-like column are enforced by a CHECK constraint,
  so a bug cannot write a value the rest of the system does not know.

These are ``table=True`` models and so skip pydantic validation: services
validate input with plain models before anything reaches a table.
"""

import uuid
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, Index, Text, UniqueConstraint, text
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from db.types import UTCDateTime


class StoreTable(SQLModel, registry=registry()):
    """Base of the store database's tables: its own metadata, apart from head office's."""


def _utc_column(*, nullable: bool = False, index: bool = False) -> Column[datetime]:
    return Column(UTCDateTime(), nullable=nullable, index=index)


def _check_in(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    allowed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=name)


STAFF_ROLES = ("clerk", "manager")
CASE_TYPES = ("complaint", "return", "exchange")
CASE_STATUSES = ("open", "in_progress", "resolved", "closed")
LINE_DIRECTIONS = ("in", "out")
ITEM_CONDITIONS = ("unopened", "opened", "damaged", "defective")
PAYMENT_KINDS = ("refund", "charge")
TENDERS = ("cash", "card", "store_credit", "original")
COMPLAINT_SEVERITIES = ("low", "medium", "high", "critical")
DISPOSITIONS = ("back_to_stock", "damaged", "return_to_vendor")
ACCOMMODATIONS = ("apology", "replacement", "repair", "discount", "voucher", "refund")
OVERRIDE_KINDS = ("approval", "goodwill")
WALK_IN_STATUSES = ("waiting", "serving", "done", "left")
WALK_IN_REASONS = ("complaint", "return", "exchange", "other")


class Store(StoreTable, table=True):
    """The store this counter belongs to (one row on a counter PC)."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    code: str = Field(max_length=16, unique=True)
    name: str = Field(max_length=120)
    address: str = Field(default="", max_length=300)
    phone: str = Field(default="", max_length=40)
    timezone: str = Field(default="UTC", max_length=64)
    currency: str = Field(default="EUR", max_length=3)
    locale: str = Field(default="en_IE", max_length=16)
    created_at: datetime = Field(sa_column=_utc_column())


class Staff(StoreTable, table=True):
    """A person who signs in at the counter; the PIN is kept only as an Argon2id hash."""

    __table_args__ = (
        _check_in("role", STAFF_ROLES, "ck_staff_role"),
        CheckConstraint("failed_pin_attempts >= 0", name="ck_staff_failed_attempts"),
        UniqueConstraint("store_id", "name", name="uq_staff_store_name"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    store_id: uuid.UUID = Field(foreign_key="store.id", index=True)
    name: str = Field(max_length=80)
    role: str = Field(max_length=16)
    pin_hash: str = Field(max_length=200)
    badge_code: str | None = Field(default=None, max_length=64, unique=True)
    failed_pin_attempts: int = 0
    locked_until: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    active: bool = True
    created_at: datetime = Field(sa_column=_utc_column())


class Customer(StoreTable, table=True):
    """A customer who chose to leave their details (optional on every case)."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    store_id: uuid.UUID = Field(foreign_key="store.id", index=True)
    name: str = Field(max_length=120, index=True)
    phone: str | None = Field(default=None, max_length=32, index=True)
    email: str | None = Field(default=None, max_length=254, index=True)
    # The email in lower case, so "Zoe.Murphy@Example.ie" is found however it is typed.
    email_key: str | None = Field(default=None, max_length=254, index=True)
    consent_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    created_at: datetime = Field(sa_column=_utc_column())


class Product(StoreTable, table=True):
    """An item of the catalog; tax is in basis points (2000 = 20 %)."""

    __table_args__ = (
        CheckConstraint("price_cents >= 0", name="ck_product_price"),
        CheckConstraint("tax_rate_bp >= 0 AND tax_rate_bp <= 10000", name="ck_product_tax"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    sku: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=200)
    category: str = Field(max_length=60, index=True)
    price_cents: int
    tax_rate_bp: int = 0
    returnable: bool = True
    updated_at: datetime = Field(sa_column=_utc_column())


class ProductBarcode(StoreTable, table=True):
    """One of a product's barcodes (EAN-13, UPC-A, in-store codes)."""

    barcode: str = Field(primary_key=True, max_length=32)
    product_id: uuid.UUID = Field(foreign_key="product.id", index=True)


class Sale(StoreTable, table=True):
    """A sales receipt, synced from head office or imported; what a return is checked against."""

    __table_args__ = (
        UniqueConstraint("store_id", "receipt_number", name="uq_sale_receipt"),
        CheckConstraint("total_cents >= 0", name="ck_sale_total"),
        _check_in("tender", TENDERS, "ck_sale_tender"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    store_id: uuid.UUID = Field(foreign_key="store.id", index=True)
    receipt_number: str = Field(max_length=40)
    sold_at: datetime = Field(sa_column=_utc_column(index=True))
    total_cents: int
    tender: str = Field(max_length=16)
    card_last4: str | None = Field(default=None, max_length=4)
    customer_id: uuid.UUID | None = Field(default=None, foreign_key="customer.id")
    # Who rang the sale up: a refund by the same person needs a manager.
    staff_id: uuid.UUID | None = Field(default=None, foreign_key="staff.id")


class SaleLine(StoreTable, table=True):
    """One line of a sales receipt, with what was actually paid for it."""

    __table_args__ = (
        UniqueConstraint("sale_id", "line_no", name="uq_sale_line_no"),
        CheckConstraint("quantity > 0", name="ck_sale_line_quantity"),
        CheckConstraint("unit_price_cents >= 0", name="ck_sale_line_price"),
        CheckConstraint("discount_cents >= 0", name="ck_sale_line_discount"),
        # A product's recent sales, for the lowest price it sold for lately (returns).
        Index("ix_saleline_product_sold", "product_id", "sold_at"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    sale_id: uuid.UUID = Field(foreign_key="sale.id", index=True)
    line_no: int
    product_id: uuid.UUID = Field(foreign_key="product.id", index=True)
    quantity: int
    unit_price_cents: int
    discount_cents: int = 0
    # The sale's time, copied by triggers (schema 0008) whenever a line or its sale is
    # written, so a product's recent sales are one index range, not all of its years.
    sold_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    tax_cents: int = 0


class Case(StoreTable, table=True):
    """A walk-in's complaint, return or exchange, from arrival to close.

    ``number`` is what people read and scan (``S012-20261123-0042``); ``id`` is
    what systems use.
    """

    __tablename__ = "service_case"  # "case" is an SQL keyword
    __table_args__ = (
        UniqueConstraint("store_id", "number", name="uq_case_number"),
        _check_in("case_type", CASE_TYPES, "ck_case_type"),
        _check_in("status", CASE_STATUSES, "ck_case_status"),
        # A window's cases, newest first; it carries what the summary reads of each case (its
        # id for the joins, type, status and times), so the summary never reads the rows.
        Index(
            "ix_case_store_created",
            "store_id",
            "created_at",
            "id",
            "case_type",
            "status",
            "arrived_at",
            "served_at",
            "resolved_first_contact",
            "from_walk_in",
        ),
        Index("ix_case_type_created", "case_type", "created_at"),
        # The summary's resolution times, from the index alone (it carries the arrival); and
        # the cases still open (status leads, so a window's count by status keeps to
        # ix_case_store_created rather than walking this one).
        Index("ix_case_store_resolved", "store_id", "resolved_at", "arrived_at"),
        Index("ix_case_status_store_created", "status", "store_id", "created_at", "id"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    store_id: uuid.UUID = Field(foreign_key="store.id")
    number: str = Field(max_length=32)
    case_type: str = Field(max_length=16)
    status: str = Field(max_length=16, index=True)
    customer_id: uuid.UUID | None = Field(default=None, foreign_key="customer.id", index=True)
    staff_id: uuid.UUID = Field(foreign_key="staff.id")
    sale_id: uuid.UUID | None = Field(default=None, foreign_key="sale.id", index=True)
    summary: str = Field(default="", max_length=500)
    # Settled in the customer's first visit, with no follow-up needed.
    resolved_first_contact: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    # A walk-in of the queue became this case (set when the walk-in is finished with it), so
    # the summary tells queued customers from the others without a look in the queue per case.
    from_walk_in: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    arrived_at: datetime = Field(sa_column=_utc_column())
    served_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    resolved_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    closed_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    created_at: datetime = Field(sa_column=_utc_column())
    updated_at: datetime = Field(sa_column=_utc_column())


class CaseLine(StoreTable, table=True):
    """An item coming back (``in``) or going out (``out``) in a case."""

    __table_args__ = (
        UniqueConstraint("case_id", "line_no", name="uq_case_line_no"),
        _check_in("direction", LINE_DIRECTIONS, "ck_case_line_direction"),
        CheckConstraint(
            "item_condition IS NULL OR item_condition IN "
            "('unopened', 'opened', 'damaged', 'defective')",
            name="ck_case_line_condition",
        ),
        CheckConstraint("quantity > 0", name="ck_case_line_quantity"),
        CheckConstraint("unit_price_cents >= 0", name="ck_case_line_price"),
        CheckConstraint(
            "disposition IS NULL OR disposition IN "
            "('back_to_stock', 'damaged', 'return_to_vendor')",
            name="ck_case_line_disposition",
        ),
        CheckConstraint("refund_cents IS NULL OR refund_cents >= 0", name="ck_case_line_refund"),
        CheckConstraint(
            "restocking_fee_cents IS NULL OR restocking_fee_cents >= 0",
            name="ck_case_line_fee",
        ),
        # A window's lines by their case's time, carrying what the summary counts of each.
        Index(
            "ix_caseline_store_case_created",
            "store_id",
            "case_created_at",
            "product_id",
            "direction",
            "quantity",
            "restocking_fee_cents",
            "case_id",
        ),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="service_case.id", index=True)
    line_no: int
    direction: str = Field(max_length=3)
    product_id: uuid.UUID | None = Field(default=None, foreign_key="product.id", index=True)
    sale_line_id: uuid.UUID | None = Field(default=None, foreign_key="saleline.id", index=True)
    description: str = Field(default="", max_length=200)
    quantity: int
    unit_price_cents: int = 0
    item_condition: str | None = Field(default=None, max_length=16)
    reason: str = Field(default="", max_length=500)
    disposition: str | None = Field(default=None, max_length=32)
    decision: str | None = Field(default=None, max_length=32)
    decision_reasons: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    refund_cents: int | None = None
    restocking_fee_cents: int | None = None
    # The case's store and time, copied by triggers (schema 0009) whenever a line or its
    # case is written, so a window's lines are one index range, not a search per case.
    store_id: uuid.UUID | None = None
    case_created_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class Payment(StoreTable, table=True):
    """Money that moved in a case; a card is kept as its last four digits only."""

    __table_args__ = (
        _check_in("kind", PAYMENT_KINDS, "ck_payment_kind"),
        _check_in("tender", TENDERS, "ck_payment_tender"),
        CheckConstraint("amount_cents > 0", name="ck_payment_amount"),
        CheckConstraint(
            "card_last4 IS NULL OR (length(card_last4) = 4 AND card_last4 NOT GLOB '*[^0-9]*')",
            name="ck_payment_card_last4",
        ),
        # Money counts when it moved: the summary sums a window of payments, by case type,
        # kind and tender, from this index alone.
        Index(
            "ix_payment_store_created",
            "store_id",
            "created_at",
            "case_type",
            "kind",
            "tender",
            "amount_cents",
        ),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    store_id: uuid.UUID = Field(foreign_key="store.id")
    case_id: uuid.UUID = Field(foreign_key="service_case.id", index=True)
    kind: str = Field(max_length=8)
    tender: str = Field(max_length=16)
    amount_cents: int
    card_last4: str | None = Field(default=None, max_length=4)
    # The card processor's reference for the refund, never the card number.
    reference: str | None = Field(default=None, max_length=64)
    store_credit_id: uuid.UUID | None = Field(
        default=None, foreign_key="storecredit.id", index=True
    )
    created_at: datetime = Field(sa_column=_utc_column())
    # The case's type, copied by triggers (schema 0009) whenever a payment or its case is
    # written, so the summary's money by case type needs no look-up of each case.
    case_type: str | None = Field(default=None, max_length=16)


class StoreCredit(StoreTable, table=True):
    """A store-credit voucher; its balance can never go below zero."""

    __table_args__ = (
        CheckConstraint("initial_cents > 0", name="ck_credit_initial"),
        CheckConstraint(
            "balance_cents >= 0 AND balance_cents <= initial_cents", name="ck_credit_balance"
        ),
        Index("ix_storecredit_store_issued", "store_id", "issued_at"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    store_id: uuid.UUID = Field(foreign_key="store.id")
    code: str = Field(max_length=32, unique=True)
    case_id: uuid.UUID | None = Field(default=None, foreign_key="service_case.id", index=True)
    customer_id: uuid.UUID | None = Field(default=None, foreign_key="customer.id", index=True)
    initial_cents: int
    balance_cents: int
    issued_at: datetime = Field(sa_column=_utc_column())
    expires_on: date | None = None


class ComplaintDetail(StoreTable, table=True):
    """What a complaint is about, what the customer wants and what was given."""

    __table_args__ = (
        _check_in("severity", COMPLAINT_SEVERITIES, "ck_complaint_severity"),
        CheckConstraint(
            "accommodation_kind IS NULL OR accommodation_kind IN "
            "('apology', 'replacement', 'repair', 'discount', 'voucher', 'refund')",
            name="ck_complaint_accommodation",
        ),
        CheckConstraint(
            "accommodation_cents IS NULL OR accommodation_cents >= 0",
            name="ck_complaint_accommodation_amount",
        ),
        # The summary's follow-ups due: an open complaint's date, read from the index alone.
        Index(
            "ix_complaint_case_follow_up",
            "case_id",
            "follow_up_on",
            sqlite_where=text("follow_up_on IS NOT NULL"),
        ),
    )

    case_id: uuid.UUID = Field(foreign_key="service_case.id", primary_key=True)
    category: str = Field(max_length=60, index=True)
    severity: str = Field(max_length=16)
    description: str = Field(sa_column=Column(Text, nullable=False))
    desired_outcome: str = Field(default="", max_length=500)
    accommodation: str = Field(default="", max_length=500)
    accommodation_kind: str | None = Field(default=None, max_length=16)
    accommodation_cents: int | None = None
    product_id: uuid.UUID | None = Field(default=None, foreign_key="product.id", index=True)
    assignee_id: uuid.UUID | None = Field(default=None, foreign_key="staff.id")
    follow_up_on: date | None = None


class Attachment(StoreTable, table=True):
    """A photo or file of a case, stored content-addressed by its SHA-256 in the data folder."""

    __table_args__ = (
        CheckConstraint("size_bytes >= 0", name="ck_attachment_size"),
        UniqueConstraint("case_id", "sha256", name="uq_attachment_case_sha"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    store_id: uuid.UUID = Field(foreign_key="store.id")
    case_id: uuid.UUID = Field(foreign_key="service_case.id", index=True)
    sha256: str = Field(max_length=64, index=True)
    filename: str = Field(max_length=255)
    media_type: str = Field(max_length=100)
    size_bytes: int
    created_at: datetime = Field(sa_column=_utc_column())


class CaseOverride(StoreTable, table=True):
    """A manager's approval of what the policy left to them, or goodwill beyond it."""

    __table_args__ = (
        _check_in("kind", OVERRIDE_KINDS, "ck_override_kind"),
        CheckConstraint("amount_cents >= 0", name="ck_override_amount"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    store_id: uuid.UUID = Field(foreign_key="store.id")
    case_id: uuid.UUID = Field(foreign_key="service_case.id", index=True)
    manager_id: uuid.UUID = Field(foreign_key="staff.id", index=True)
    clerk_id: uuid.UUID = Field(foreign_key="staff.id")
    kind: str = Field(max_length=16)
    reason: str = Field(max_length=500)
    # What the override let through: the refund the policy alone would not have given.
    amount_cents: int = 0
    created_at: datetime = Field(sa_column=_utc_column(index=True))


class ProductFaultFlag(StoreTable, table=True):
    """A product with repeated complaints or returns, flagged for the manager to look at."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    store_id: uuid.UUID = Field(foreign_key="store.id")
    product_id: uuid.UUID = Field(foreign_key="product.id", index=True)
    case_id: uuid.UUID = Field(foreign_key="service_case.id")
    raised_at: datetime = Field(sa_column=_utc_column(index=True))
    complaints: int
    returns: int
    window_days: int
    cleared_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    cleared_by: uuid.UUID | None = Field(default=None, foreign_key="staff.id")


class CaseNote(StoreTable, table=True):
    """A note added to a case after it was saved: a call made, a part ordered, a promise."""

    __tablename__ = "case_note"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    store_id: uuid.UUID = Field(foreign_key="store.id")
    case_id: uuid.UUID = Field(foreign_key="service_case.id", index=True)
    staff_id: uuid.UUID = Field(foreign_key="staff.id")
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(sa_column=_utc_column())


class WalkIn(StoreTable, table=True):
    """A customer at the counter from arrival until served or gone: the home screen's queue.

    ``ticket`` counts the store's walk-ins of its business day (1, 2, 3...), so
    the clerk can call "number 7"; the case a walk-in became keeps its arrival time.
    """

    __tablename__ = "walk_in"
    __table_args__ = (
        UniqueConstraint("store_id", "business_date", "ticket", name="uq_walk_in_ticket"),
        _check_in("status", WALK_IN_STATUSES, "ck_walk_in_status"),
        _check_in("reason", WALK_IN_REASONS, "ck_walk_in_reason"),
        CheckConstraint("ticket > 0", name="ck_walk_in_ticket"),
        Index("ix_walk_in_store_status", "store_id", "status"),
        # Whether a case came through the queue (the summary's waiting times).
        Index("ix_walk_in_case", "case_id"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    store_id: uuid.UUID = Field(foreign_key="store.id")
    business_date: date
    ticket: int
    label: str = Field(default="", max_length=80)
    reason: str = Field(max_length=16)
    status: str = Field(max_length=16)
    arrived_at: datetime = Field(sa_column=_utc_column())
    called_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    finished_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    added_by: uuid.UUID = Field(foreign_key="staff.id")
    served_by: uuid.UUID | None = Field(default=None, foreign_key="staff.id")
    case_id: uuid.UUID | None = Field(default=None, foreign_key="service_case.id")


class AuditEvent(StoreTable, table=True):
    """Append-only record of who did what; each row hashes the one before it.

    ``seq`` orders the chain; rows are never deleted, and never updated but to
    erase a customer's typed words from ``details`` (triggers in the migrations
    refuse anything else).
    """

    # One person's events, newest first, for the audit screen (``staff_id IS NULL``: the system).
    __table_args__ = (
        Index("ix_auditevent_staff_seq", "staff_id", "seq"),
        # "Was this case ever reopened": the reopenings alone, not every event of the case.
        Index(
            "ix_auditevent_case_reopened",
            "case_id",
            sqlite_where=text("action = 'case.reopened'"),
        ),
    )

    seq: int | None = Field(default=None, primary_key=True)
    id: uuid.UUID = Field(default_factory=uuid.uuid4, unique=True)
    store_id: uuid.UUID = Field(foreign_key="store.id")
    occurred_at: datetime = Field(sa_column=_utc_column())
    staff_id: uuid.UUID | None = Field(default=None, foreign_key="staff.id")
    action: str = Field(max_length=64, index=True)
    entity: str = Field(max_length=32)
    entity_id: str = Field(max_length=64)
    case_id: uuid.UUID | None = Field(default=None, foreign_key="service_case.id", index=True)
    details: str = Field(sa_column=Column(Text, nullable=False))
    # What the hash covers instead of ``details`` (None on events older than schema 0007).
    details_sha256: str | None = Field(default=None, max_length=64)
    # When a customer's typed words were blanked in ``details`` under the retention.
    erased_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)


class Outbox(StoreTable, table=True):
    """A change not yet acknowledged by head office; ``seq`` is the store's own order."""

    __table_args__ = (
        # What sync sends next, oldest first, without walking the rows already sent.
        Index(
            "ix_outbox_waiting",
            "seq",
            sqlite_where=text("sent_at IS NULL AND set_aside_at IS NULL"),
        ),
    )

    seq: int | None = Field(default=None, primary_key=True)
    event_id: uuid.UUID = Field(default_factory=uuid.uuid4, unique=True)
    store_id: uuid.UUID = Field(foreign_key="store.id")
    kind: str = Field(max_length=64)
    entity_id: str = Field(max_length=64)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(sa_column=_utc_column())
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=500)
    sent_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True, index=True))
    # Head office refused it as malformed: kept (never deleted), shown to the manager, and
    # skipped so it does not hold back the events after it.
    set_aside_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class SyncDevice(StoreTable, table=True):
    """This counter PC as head office knows it: events carry its id and their ``seq``."""

    __tablename__ = "sync_device"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    created_at: datetime = Field(sa_column=_utc_column())


class SyncState(StoreTable, table=True):
    """Where each pull feed (catalog, sales, policy, staff) got to, and the last push."""

    feed: str = Field(primary_key=True, max_length=32)
    cursor: str | None = Field(default=None, max_length=200)
    last_success_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    last_error: str | None = Field(default=None, max_length=500)


class Policy(StoreTable, table=True):
    """A version of the return rules; the rules themselves are JSON read by the domain."""

    __table_args__ = (UniqueConstraint("store_id", "version", name="uq_policy_version"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    store_id: uuid.UUID = Field(foreign_key="store.id")
    version: int
    rules: str = Field(sa_column=Column(Text, nullable=False))
    effective_from: datetime = Field(sa_column=_utc_column())
    created_by: uuid.UUID | None = Field(default=None, foreign_key="staff.id")
    created_at: datetime = Field(sa_column=_utc_column())


class DayClose(StoreTable, table=True):
    """A closed business day: its frozen totals and the counted cash."""

    __table_args__ = (UniqueConstraint("store_id", "business_date", name="uq_day_close_date"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    store_id: uuid.UUID = Field(foreign_key="store.id")
    business_date: date
    closed_at: datetime = Field(sa_column=_utc_column())
    closed_by: uuid.UUID = Field(foreign_key="staff.id")
    totals: str = Field(sa_column=Column(Text, nullable=False))
    expected_cash_cents: int
    counted_cash_cents: int
    difference_cents: int


class CaseNumberCounter(StoreTable, table=True):
    """Last case number given out per store and business day, so numbers never repeat."""

    store_id: uuid.UUID = Field(foreign_key="store.id", primary_key=True)
    business_date: date = Field(primary_key=True)
    last_number: int = 0
