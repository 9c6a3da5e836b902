"""The messages between a store and head office, checked the same way on both ends.

The store pushes batches of events from its outbox and pulls feeds with a
cursor; head office answers each event with an ack. Field limits here are
the contract: head office refuses (422, naming the field) anything outside
them, and the store sets such an event aside instead of retrying it forever.
"""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

API_PREFIX = "/v1"
MAX_EVENTS_PER_BATCH = 500
MAX_PAYLOAD_KEYS = 200
MAX_FEED_PAGE = 1000
SHA256_PATTERN = r"^[0-9a-f]{64}$"
EVENT_KIND_PATTERN = r"^[a-z][a-z_]{0,30}\.[a-z][a-z_]{0,30}$"
STORE_CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$"


def _printable(text: str) -> str:
    if any(ord(character) < 0x20 or ord(character) == 0x7F for character in text):
        raise ValueError("must not hold control characters")
    return text


PrintableText = Annotated[str, AfterValidator(_printable)]


class _Message(BaseModel):
    """Unknown fields are refused, so a typo in a client is an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class PushedEvent(_Message):
    """One outbox row on the wire."""

    event_id: uuid.UUID
    device_seq: int = Field(ge=1, le=2**62)
    kind: str = Field(pattern=EVENT_KIND_PATTERN)
    entity_id: PrintableText = Field(min_length=1, max_length=64)
    occurred_at: AwareDatetime
    payload: dict[str, Any] = Field(max_length=MAX_PAYLOAD_KEYS)


class PushBatch(_Message):
    """A batch from one counter PC; the store itself is named by the token, not here."""

    device_id: uuid.UUID
    # The store the sender believes it is; refused (403) when it is not the token's store.
    store_code: str | None = Field(default=None, pattern=STORE_CODE_PATTERN)
    events: list[PushedEvent] = Field(min_length=1, max_length=MAX_EVENTS_PER_BATCH)


class AckStatus(StrEnum):
    """What head office did with one event."""

    APPLIED = "applied"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"


class EventAck(_Message):
    """Head office's answer about one event; a rejected one says why."""

    event_id: uuid.UUID
    status: AckStatus
    error: str | None = None


class PushResult(_Message):
    """One ack per event of the batch, in the batch's order."""

    acks: list[EventAck]


class Feed(StrEnum):
    """What a store pulls from head office."""

    CATALOG = "catalog"
    SALES = "sales"
    POLICY = "policy"
    STAFF = "staff"


class FeedEntry(_Message):
    """One changed item of a feed; ``version`` orders the changes of the store's feed."""

    key: str
    version: int
    data: dict[str, Any]


class FeedPage(_Message):
    """Changes after the cursor asked for; ask again from ``cursor`` while ``more``."""

    feed: Feed
    entries: list[FeedEntry]
    cursor: int
    more: bool


class StoreIdentity(_Message):
    """Who the token belongs to (answered by ``GET /v1/me``)."""

    store_id: uuid.UUID
    code: str
    name: str
    server_time: datetime
