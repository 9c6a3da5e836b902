"""The messages between a store and head office, checked the same way on both ends.

The store pushes batches of events from its outbox and pulls feeds with a
cursor; head office answers each event with an ack. Field limits here are
the contract: head office refuses (422, naming the field) anything outside
them, and the store sets such an event aside instead of retrying it forever.
"""

import re
import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field

API_PREFIX = "/v1"
MAX_EVENTS_PER_BATCH = 500
MAX_PAYLOAD_KEYS = 200
MAX_FEED_PAGE = 1000
# A feed's versions are 32-bit integers in head office's database, so no cursor is larger.
MAX_FEED_CURSOR = 2**31 - 1
# JSON's largest safe integer: a reader that parses numbers as doubles (JavaScript,
# many JSON Schema validators) would see a different number above it.
MAX_SAFE_INTEGER = 2**53 - 1
SHA256_PATTERN = r"^[0-9a-f]{64}$"
EVENT_KIND_PATTERN = r"^[a-z][a-z_]{0,30}\.[a-z][a-z_]{0,30}$"
STORE_CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$"


# Moments an event can carry: a counter's clock is never before 1970, and a year
# past 2999 is a typing slip (the same range as the counter's own days).
FIRST_MOMENT = datetime(1970, 1, 1, tzinfo=UTC)
END_OF_MOMENTS = datetime(3000, 1, 1, tzinfo=UTC)


# Looked for with one compiled search each: every event's fields pass through here on both
# sides of a sync, so a loop over the characters in Python cost a third of a second a drain.
_CONTROL = re.compile("[\x00-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _printable(text: str) -> str:
    if _CONTROL.search(text):
        raise ValueError("must not hold control characters")
    if _SURROGATE.search(text):
        raise ValueError("must be text: it holds half of a UTF-16 surrogate pair")
    return text


def _not_true_or_false(value: Any) -> Any:
    # JSON's true is no number, though Python counts it as 1.
    if isinstance(value, bool):
        raise ValueError("must be a whole number, not true or false")
    return value


def _iso_text(value: Any) -> Any:
    # A bare number would be read as seconds since 1970: too easy to send by mistake.
    if not isinstance(value, str | datetime):
        raise ValueError("must be an ISO 8601 time as text, such as 2026-12-01T10:00:00+01:00")
    return value


def _counter_moment(moment: datetime) -> datetime:
    try:
        in_utc = moment.astimezone(UTC)
    except OverflowError:
        in_utc = None
    if in_utc is None or not FIRST_MOMENT <= in_utc < END_OF_MOMENTS:
        raise ValueError(
            f"{moment.isoformat()} is not a time a counter can have; "
            "use a time from 1970 to 2999 with its UTC offset"
        )
    return moment


# The spec states the rule as a pattern too, so a client (or a fuzzer) knows it in advance.
PrintableText = Annotated[
    str,
    AfterValidator(_printable),
    Field(json_schema_extra={"pattern": "^[^\\u0000-\\u001f\\u007f]*$"}),
]


# A time with its offset, from 1970 to 2999 (the spec says so in words: JSON Schema cannot).
CounterMoment = Annotated[
    AwareDatetime,
    BeforeValidator(_iso_text),
    AfterValidator(_counter_moment),
    Field(description="with its UTC offset, from 1970 to 2999"),
]


class _Message(BaseModel):
    """Unknown fields are refused, so a typo in a client is an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class PushedEvent(_Message):
    """One outbox row on the wire."""

    event_id: uuid.UUID
    device_seq: Annotated[int, BeforeValidator(_not_true_or_false)] = Field(
        ge=1, le=MAX_SAFE_INTEGER
    )
    kind: str = Field(pattern=EVENT_KIND_PATTERN)
    entity_id: PrintableText = Field(min_length=1, max_length=64)
    occurred_at: CounterMoment
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
