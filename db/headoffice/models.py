"""Tables of the head-office database.

Every table's primary key starts with ``store_id``: each store's rows live
together, so the one PostgreSQL of today can become a cluster sharded by
store id (Citus) without a new schema. Money is integer cents, times are
aware UTC, and event payloads are kept as the JSON text the store sent.
"""

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, Column, Index, LargeBinary, Text, UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from db.types import UTCDateTime


class HeadOfficeTable(SQLModel, registry=registry()):
    """Base of head office's tables: metadata of their own, apart from the store's."""


def _utc_column(*, nullable: bool = False) -> Column[datetime]:
    return Column(UTCDateTime(), nullable=nullable)


class HeadOfficeStore(HeadOfficeTable, table=True):
    """A store of the chain, as head office registered it."""

    __tablename__ = "ho_store"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    code: str = Field(max_length=16, unique=True)
    name: str = Field(default="", max_length=120)
    timezone: str = Field(default="UTC", max_length=64)
    created_at: datetime = Field(sa_column=_utc_column())


class StoreToken(HeadOfficeTable, table=True):
    """A store's credential; only its SHA-256 is kept (the token itself is shown once)."""

    __tablename__ = "ho_store_token"
    __table_args__ = (UniqueConstraint("store_id", "token_hash", name="uq_store_token_hash"),)

    store_id: uuid.UUID = Field(primary_key=True, foreign_key="ho_store.id")
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    token_hash: str = Field(max_length=64)
    created_at: datetime = Field(sa_column=_utc_column())
    revoked_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class Reporter(HeadOfficeTable, table=True):
    """A head-office reporting credential, for the reports across stores.

    The one table not keyed by store: a reporter reads every store. It stays
    small (a few people at head office), so a cluster sharded by store id
    (Citus) would keep it as a reference table, copied to every node. Only the
    token's SHA-256 is kept; the token itself is shown once.
    """

    __tablename__ = "ho_reporter"
    __table_args__ = (Index("ix_ho_reporter_name", "name"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    name: str = Field(max_length=80)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(sa_column=_utc_column())
    revoked_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class ReceivedEvent(HeadOfficeTable, table=True):
    """One event a store pushed, kept exactly once: the key is the claim."""

    __tablename__ = "ho_event"
    __table_args__ = (
        Index("ix_ho_event_device_order", "store_id", "device_id", "device_seq"),
        Index("ix_ho_event_kind", "store_id", "kind"),
    )

    store_id: uuid.UUID = Field(primary_key=True, foreign_key="ho_store.id")
    event_id: uuid.UUID = Field(primary_key=True)
    device_id: uuid.UUID
    device_seq: int = Field(sa_type=BigInteger)
    kind: str = Field(max_length=64)
    entity_id: str = Field(max_length=64)
    # The counter PC's clock, for display only; head office orders by device_seq.
    occurred_at: datetime = Field(sa_column=_utc_column())
    received_at: datetime = Field(sa_column=_utc_column())
    payload: str = Field(sa_column=Column(Text, nullable=False))


class StoredAttachment(HeadOfficeTable, table=True):
    """A photo or scan a store uploaded, addressed by the SHA-256 of its bytes."""

    __tablename__ = "ho_attachment"

    store_id: uuid.UUID = Field(primary_key=True, foreign_key="ho_store.id")
    sha256: str = Field(primary_key=True, max_length=64)
    size_bytes: int
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    received_at: datetime = Field(sa_column=_utc_column())


class ReportedCase(HeadOfficeTable, table=True):
    """A store's case as its events describe it, for the reports across stores."""

    __tablename__ = "ho_case"
    __table_args__ = (Index("ix_ho_case_day", "store_id", "business_day"),)

    store_id: uuid.UUID = Field(primary_key=True, foreign_key="ho_store.id")
    case_id: uuid.UUID = Field(primary_key=True)
    number: str = Field(max_length=40)
    case_type: str = Field(max_length=16)
    status: str = Field(max_length=16)
    complaint_category: str | None = Field(default=None, max_length=60)
    business_day: date
    opened_at: datetime = Field(sa_column=_utc_column())
    resolved_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class ReportedPayment(HeadOfficeTable, table=True):
    """A refund or charge of a completed return or exchange, or a complaint's refund, by tender."""

    __tablename__ = "ho_payment"
    __table_args__ = (Index("ix_ho_payment_day", "store_id", "business_day"),)

    store_id: uuid.UUID = Field(primary_key=True, foreign_key="ho_store.id")
    event_id: uuid.UUID = Field(primary_key=True)
    line_no: int = Field(primary_key=True)
    case_id: uuid.UUID
    kind: str = Field(max_length=16)
    tender: str = Field(max_length=16)
    amount_cents: int = Field(sa_type=BigInteger)
    business_day: date


class FeedItem(HeadOfficeTable, table=True):
    """One row of a feed a store pulls (a product, a sale, the policy, a staff member).

    ``version`` grows with every change of the store's feed, so a store's
    cursor is the last version it applied.
    """

    __tablename__ = "ho_feed_item"
    __table_args__ = (Index("ix_ho_feed_item_version", "store_id", "feed", "version"),)

    store_id: uuid.UUID = Field(primary_key=True, foreign_key="ho_store.id")
    feed: str = Field(primary_key=True, max_length=16)
    key: str = Field(primary_key=True, max_length=80)
    version: int
    data: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(sa_column=_utc_column())


class FeedCounter(HeadOfficeTable, table=True):
    """The last version given out in a store's feed; its row lock orders the writers."""

    __tablename__ = "ho_feed_counter"

    store_id: uuid.UUID = Field(primary_key=True, foreign_key="ho_store.id")
    feed: str = Field(primary_key=True, max_length=16)
    last_version: int = 0
