"""Hostile input to the head-office API: each gets a clear 4xx, or a clear per-event refusal.

Every request goes over real HTTP to the real server (PostgreSQL when
``COUNTER_TEST_PG_URL`` is set, SQLite otherwise). After each one the test
reads head office's own tables for the store: a refused request leaves no row
at all, a refused event leaves no row of its own, and what is accepted is kept
exactly as sent. The server must never answer 500 (the fixture checks its log).
"""

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from headoffice_harness import HeadOfficeServer

from counter_app.headoffice.projections import ERASURE_KIND
from counter_app.headoffice.reporters import add_reporter

TABLES = ("ho_event", "ho_case", "ho_payment", "ho_attachment")


def _event(seq: int = 1, **overrides: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "event_id": str(uuid.uuid4()),
        "device_seq": seq,
        "kind": "case.note_added",
        "entity_id": str(uuid.uuid4()),
        "occurred_at": datetime(2026, 12, 1, 10, 0, tzinfo=UTC).isoformat(),
        "payload": {"data": {"number": "S-1", "note": "called the customer"}},
    }
    event.update(overrides)
    return event


def _case(*, arrived_at: str = "2026-12-01T10:00:00+00:00", **data: Any) -> dict[str, Any]:
    """A case snapshot payload (the shape ``case.opened`` and ``return.completed`` carry)."""
    return {
        "data": {
            "id": str(uuid.uuid4()),
            "number": "S-000001",
            "case_type": "return",
            "status": "open",
            "arrived_at": arrived_at,
            **data,
        }
    }


def _refund(amount: Any) -> dict[str, Any]:
    return _case(
        status="resolved",
        resolved_at="2026-12-01T10:05:00+00:00",
        payments=[{"kind": "refund", "tender": "cash", "amount_cents": amount}],
    )


def _batch(*events: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"device_id": str(uuid.uuid4()), "events": list(events) or [_event()], **fields}


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


@dataclass
class Store:
    """A store registered for one test, with helpers that call and inspect head office."""

    server: HeadOfficeServer
    code: str
    token: str
    sent: list[httpx.Response] = field(default_factory=list)

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def push(self, body: Any) -> httpx.Response:
        return self.post_raw(json.dumps(body).encode(), "application/json")

    def post_raw(self, content: bytes, content_type: str | None) -> httpx.Response:
        headers = dict(self.auth)
        if content_type is not None:
            headers["Content-Type"] = content_type
        response = httpx.post(
            f"{self.server.url}/v1/stores/{self.code}/events",
            content=content,
            headers=headers,
            timeout=60,
        )
        self.sent.append(response)
        return response

    def get(self, path: str, **params: Any) -> httpx.Response:
        return httpx.get(f"{self.server.url}{path}", params=params, headers=self.auth, timeout=60)

    def rows(self) -> dict[str, int]:
        """How many rows of each head-office table belong to this store."""
        counts = {}
        for table in TABLES:
            counts[table] = int(
                self.server.sql(
                    f"SELECT count(*) FROM {table} t JOIN ho_store s ON s.id = t.store_id "  # noqa: S608  (table names are ours)
                    "WHERE s.code = :code",
                    code=self.code,
                )[0][0]
            )
        return counts

    def payloads(self) -> dict[str, Any]:
        """Each stored event's payload, read back from head office's table, by event id."""
        return {
            str(uuid.UUID(str(event_id))): json.loads(payload)
            for event_id, payload in self.server.sql(
                "SELECT e.event_id, e.payload FROM ho_event e JOIN ho_store s "
                "ON s.id = e.store_id WHERE s.code = :code",
                code=self.code,
            )
        }


NOTHING = dict.fromkeys(TABLES, 0)


@pytest.fixture
def store(head_office: HeadOfficeServer) -> Store:
    code, token = head_office.register()
    return Store(head_office, code, token)


def _fields(response: httpx.Response) -> list[list[Any]]:
    return [problem["loc"] for problem in response.json()["detail"]]


# --------------------------------------------------------------------------- batch refused whole

# (id, body, field the 422 must name). The batch holds a good event first, so a
# refusal that stored "the part that was fine" would show in the tables.
REFUSED_BATCHES: list[tuple[str, dict[str, Any], list[Any]]] = [
    ("device-id-number", _batch(_event(), device_id=12345), ["body", "device_id"]),
    (
        "events-object",
        {"device_id": str(uuid.uuid4()), "events": {"0": _event()}},
        ["body", "events"],
    ),
    ("events-null", {"device_id": str(uuid.uuid4()), "events": None}, ["body", "events"]),
    ("events-empty", {"device_id": str(uuid.uuid4()), "events": []}, ["body", "events"]),
    ("seq-bool", _batch(_event(), _event(2, device_seq=True)), ["body", "events", 1, "device_seq"]),
    (
        "seq-fraction",
        _batch(_event(), _event(2, device_seq=1.5)),
        ["body", "events", 1, "device_seq"],
    ),
    (
        "seq-negative",
        _batch(_event(), _event(2, device_seq=-1)),
        ["body", "events", 1, "device_seq"],
    ),
    (
        "seq-over-json-safe",
        _batch(_event(), _event(2, device_seq=2**53)),
        ["body", "events", 1, "device_seq"],
    ),
    ("kind-number", _batch(_event(), _event(2, kind=42)), ["body", "events", 1, "kind"]),
    (
        "kind-huge",
        _batch(_event(), _event(2, kind="a." + "b" * 10_000)),
        ["body", "events", 1, "kind"],
    ),
    (
        "time-number",
        _batch(_event(), _event(2, occurred_at=1_733_000_000)),
        ["body", "events", 1, "occurred_at"],
    ),
    ("payload-string", _batch(_event(), _event(2, payload="{}")), ["body", "events", 1, "payload"]),
    (
        "payload-too-many-keys",
        _batch(_event(), _event(2, payload={str(n): n for n in range(201)})),
        ["body", "events", 1, "payload"],
    ),
    (
        "entity-huge",
        _batch(_event(), _event(2, entity_id="x" * 100_000)),
        ["body", "events", 1, "entity_id"],
    ),
    (
        "entity-nul",
        _batch(_event(), _event(2, entity_id="case\x00")),
        ["body", "events", 1, "entity_id"],
    ),
    (
        "entity-escape",
        _batch(_event(), _event(2, entity_id="\x1b[31mred")),
        ["body", "events", 1, "entity_id"],
    ),
    (
        "entity-delete",
        _batch(_event(), _event(2, entity_id="del\x7f")),
        ["body", "events", 1, "entity_id"],
    ),
    (
        "entity-newline",
        _batch(_event(), _event(2, entity_id="two\nlines")),
        ["body", "events", 1, "entity_id"],
    ),
    ("store-code-sql", _batch(_event(), store_code="S1' OR '1'='1"), ["body", "store_code"]),
    ("store-code-huge", _batch(_event(), store_code="S" * 1_000_000), ["body", "store_code"]),
    (
        "before-1970",
        _batch(_event(), _event(2, occurred_at="1969-12-31T23:59:59+00:00")),
        ["body", "events", 1, "occurred_at"],
    ),
    (
        "year-3000",
        _batch(_event(), _event(2, occurred_at="3000-01-01T00:00:00+00:00")),
        ["body", "events", 1, "occurred_at"],
    ),
    (
        "year-1-east",
        _batch(_event(), _event(2, occurred_at="0001-01-01T00:00:00+05:00")),
        ["body", "events", 1, "occurred_at"],
    ),
    (
        "year-9999-west",
        _batch(_event(), _event(2, occurred_at="9999-12-31T23:59:59-05:00")),
        ["body", "events", 1, "occurred_at"],
    ),
    (
        "no-such-day",
        _batch(_event(), _event(2, occurred_at="2026-02-30T10:00:00+00:00")),
        ["body", "events", 1, "occurred_at"],
    ),
]


@pytest.mark.parametrize(
    ("body", "where"),
    [(body, where) for _, body, where in REFUSED_BATCHES],
    ids=[name for name, _, _ in REFUSED_BATCHES],
)
def test_a_bad_batch_is_422_naming_the_field_and_stores_nothing(
    store: Store, body: dict[str, Any], where: list[Any]
) -> None:
    response = store.push(body)
    assert response.status_code == 422, response.text
    assert where in [location[: len(where)] for location in _fields(response)]
    problem = next(p for p in response.json()["detail"] if p["loc"][: len(where)] == where)
    assert problem["msg"], "the refusal says what is wrong"
    # An echoed input is cut short: a megabyte sent is not a megabyte answered.
    assert len(response.content) < 5_000
    assert store.rows() == NOTHING


def test_a_time_refused_says_which_years_a_counter_can_have(store: Store) -> None:
    response = store.push(_batch(_event(occurred_at="1900-01-01T00:00:00+00:00")))
    assert response.status_code == 422
    message = response.json()["detail"][0]["msg"]
    assert "1900-01-01T00:00:00+00:00" in message
    assert "1970 to 2999" in message


# --------------------------------------------------------------------------- events refused alone

# (id, the bad event, words its ack must hold). Sent after a good event in one
# batch: the good one is kept, the bad one leaves nothing behind.
REFUSED_EVENTS: list[tuple[str, dict[str, Any], str]] = [
    ("refund-negative", _event(2, kind="return.completed", payload=_refund(-1)), "amount_cents"),
    ("refund-absurd", _event(2, kind="return.completed", payload=_refund(10**30)), "amount_cents"),
    (
        "refund-over-cap",
        _event(2, kind="return.completed", payload=_refund(10**11 + 1)),
        "amount_cents",
    ),
    ("refund-fraction", _event(2, kind="return.completed", payload=_refund(12.5)), "amount_cents"),
    (
        "refund-float-huge",
        _event(2, kind="return.completed", payload=_refund(1e308)),
        "amount_cents",
    ),
    (
        "refund-text",
        _event(2, kind="return.completed", payload=_refund("ten euro")),
        "amount_cents",
    ),
    (
        "refund-digits-as-text",
        _event(2, kind="return.completed", payload=_refund("100")),
        "amount_cents",
    ),
    ("refund-true", _event(2, kind="return.completed", payload=_refund(True)), "amount_cents"),
    (
        "refund-whole-float",
        _event(2, kind="return.completed", payload=_refund(100.0)),
        "amount_cents",
    ),
    (
        "tender-sql",
        _event(
            2,
            kind="return.completed",
            payload=_case(
                payments=[
                    {
                        "kind": "refund",
                        "tender": "cash'; DROP TABLE ho_payment; --",
                        "amount_cents": 1,
                    }
                ]
            ),
        ),
        "tender",
    ),
    (
        "case-type-html",
        _event(2, kind="case.opened", payload=_case(case_type="<b>return</b>")),
        "case_type",
    ),
    ("number-huge", _event(2, kind="case.opened", payload=_case(number="N" * 10_000)), "number"),
    (
        "arrived-1900",
        _event(2, kind="case.opened", payload=_case(arrived_at="1900-01-01T00:00:00+00:00")),
        "1970 to 2999",
    ),
    (
        "arrived-year-1-east",
        _event(2, kind="case.opened", payload=_case(arrived_at="0001-01-01T00:00:00+05:00")),
        "arrived_at",
    ),
    (
        "arrived-year-9999-west",
        _event(2, kind="case.opened", payload=_case(arrived_at="9999-12-31T23:59:59-05:00")),
        "arrived_at",
    ),
    (
        "arrived-naive",
        _event(2, kind="case.opened", payload=_case(arrived_at="2026-12-01T10:00:00")),
        "arrived_at",
    ),
    (
        "status-unknown",
        _event(2, kind="case.status_changed", payload={"data": {"to": "deleted"}}),
        "data.to",
    ),
]

# Bodies no JSON library writes on its own, so they are sent as text.
REFUSED_EVENTS_RAW: list[tuple[str, str, str]] = [
    ("nan", '{"data": {"note": NaN}}', "NaN"),
    ("infinity", '{"data": {"amount": -Infinity}}', "NaN or Infinity"),
    ("lone-surrogate", '{"data": {"note": "half \\ud800 a pair"}}', "surrogate"),
]


def _with_raw_payload(batch: dict[str, Any], payload: str) -> bytes:
    marker = '"__raw__"'
    return json.dumps(batch).replace(marker, payload).encode()


@pytest.mark.parametrize(
    ("bad", "words"),
    [(bad, words) for _, bad, words in REFUSED_EVENTS],
    ids=[name for name, _, _ in REFUSED_EVENTS],
)
def test_a_bad_event_is_refused_alone_and_leaves_no_row(
    store: Store, bad: dict[str, Any], words: str
) -> None:
    good = _event(1)
    response = store.push(_batch(good, bad))
    assert response.status_code == 200, response.text
    acks = response.json()["acks"]
    assert [ack["status"] for ack in acks] == ["applied", "rejected"]
    assert words in acks[1]["error"]
    assert set(store.payloads()) == {good["event_id"]}
    assert store.rows() == {**NOTHING, "ho_event": 1}


@pytest.mark.parametrize(
    ("payload", "words"),
    [(payload, words) for _, payload, words in REFUSED_EVENTS_RAW],
    ids=[name for name, _, _ in REFUSED_EVENTS_RAW],
)
def test_a_payload_json_text_cannot_hold_is_refused_alone(
    store: Store, payload: str, words: str
) -> None:
    good = _event(1)
    bad = _event(2, payload="__raw__")
    response = store.post_raw(_with_raw_payload(_batch(good, bad), payload), "application/json")
    assert response.status_code == 200, response.text
    acks = response.json()["acks"]
    assert [ack["status"] for ack in acks] == ["applied", "rejected"]
    assert words in acks[1]["error"]
    assert set(store.payloads()) == {good["event_id"]}


def test_a_number_json_has_no_words_for_is_refused_in_valid_json(store: Store) -> None:
    body = json.dumps(_batch(_event(device_seq="__inf__"))).replace('"__inf__"', "Infinity")
    response = store.post_raw(body.encode(), "application/json")
    assert response.status_code == 422, response.text

    def not_json(constant: str) -> None:
        raise AssertionError(f"the answer holds {constant}, which is not JSON")

    json.loads(response.text, parse_constant=not_json)
    assert ["body", "events", 0, "device_seq"] in _fields(response)
    assert store.rows() == NOTHING


def test_an_entity_id_with_half_a_surrogate_pair_is_422_not_a_crash(store: Store) -> None:
    body = json.dumps(_batch(_event(entity_id="__half__"))).replace('"__half__"', '"x\\udfff"')
    response = store.post_raw(body.encode(), "application/json")
    assert response.status_code == 422, response.text
    assert ["body", "events", 0, "entity_id"] in _fields(response)
    assert store.rows() == NOTHING


# --------------------------------------------------------------------------- accepted as sent

ODD_BUT_FINE: list[tuple[str, dict[str, Any]]] = [
    (
        "mixed-scripts",
        _event(
            entity_id="Ωмир漢字عربيहिन्दी",
            payload={"data": {"note": "Ünïcødé 😀 مرحبا 你好 Ελλάδα"}},
        ),
    ),
    (
        "sql-in-text",
        _event(entity_id="'; DROP TABLE ho_event; --", payload={"data": {"note": "1' OR '1'='1"}}),
    ),
    (
        "html-in-text",
        _event(
            entity_id="<script>alert(1)</script>",
            payload={"data": {"note": "<img src=x onerror=alert(1)>"}},
        ),
    ),
    ("bidi-override", _event(payload={"data": {"note": "abc\u202edcba"}})),
    ("control-in-payload", _event(payload={"data": {"note": "bell\x07 nul\x00 esc\x1b"}})),
    ("nested-100", _event(payload={"data": json.loads(_deep(100))})),
    ("note-4-mb", _event(payload={"data": {"note": "x" * (4 * 1024 * 1024)}})),
    ("year-2999", _event(occurred_at="2999-12-31T23:59:59+00:00")),
    ("year-1970", _event(occurred_at="1970-01-01T00:00:00+00:00")),
]


@pytest.mark.parametrize(
    "event", [event for _, event in ODD_BUT_FINE], ids=[name for name, _ in ODD_BUT_FINE]
)
def test_odd_but_valid_text_is_kept_exactly_as_sent(store: Store, event: dict[str, Any]) -> None:
    response = store.push(_batch(event))
    assert response.status_code == 200, response.text
    assert response.json()["acks"][0]["status"] == "applied"
    assert response.headers["content-type"] == "application/json"
    assert store.payloads() == {event["event_id"]: event["payload"]}
    held = store.server.sql(
        "SELECT e.entity_id FROM ho_event e JOIN ho_store s ON s.id = e.store_id "
        "WHERE s.code = :code",
        code=store.code,
    )
    assert held == [(event["entity_id"],)]


# --------------------------------------------------------------------------- unreadable bodies

UNREADABLE: list[tuple[str, bytes, int, str]] = [
    ("truncated", b'{"device_id": "', 422, "json_invalid"),
    ("trailing-comma", b'{"device_id": "x", "events": [],}', 422, "json_invalid"),
    ("single-quotes", b"{'device_id': 'x'}", 422, "json_invalid"),
    ("empty", b"", 422, "missing"),
    ("not-utf8", b'{"device_id": "\xff\xfe"}', 400, "UTF-8"),
    ("number-5000-digits", b'{"device_id": ' + b"9" * 5000 + b"}", 400, "4300 digits"),
    ("nested-5000", b'{"device_id": ' + _deep(5000).encode() + b"}", 400, "nesting"),
    ("nested-100000", b'{"device_id": ' + _deep(100_000).encode() + b"}", 400, "nesting"),
]


@pytest.mark.parametrize(
    ("content", "status", "words"),
    [(content, status, words) for _, content, status, words in UNREADABLE],
    ids=[name for name, _, _, _ in UNREADABLE],
)
def test_a_body_that_is_not_json_is_refused_in_words(
    store: Store, content: bytes, status: int, words: str
) -> None:
    response = store.post_raw(content, "application/json")
    assert response.status_code == status, response.text
    assert words in response.text
    assert store.rows() == NOTHING


@pytest.mark.parametrize(
    "content_type",
    [None, "text/plain", "application/xml", "multipart/form-data; boundary=x", "text/html"],
)
def test_a_body_not_declared_as_json_is_415(store: Store, content_type: str | None) -> None:
    response = store.post_raw(json.dumps(_batch()).encode(), content_type)
    assert response.status_code == 415, response.text
    assert "application/json" in response.json()["detail"]
    assert store.rows() == NOTHING


def test_json_with_a_charset_or_a_json_subtype_is_read(store: Store) -> None:
    for content_type in ("application/json; charset=utf-8", "application/vnd.counter+json"):
        response = store.post_raw(json.dumps(_batch()).encode(), content_type)
        assert response.status_code == 200, (content_type, response.text)
    assert store.rows()["ho_event"] == 2


def test_an_attachment_over_its_cap_is_413_and_not_kept(store: Store) -> None:
    content = b"\x00" * (25 * 1024 * 1024 + 1)
    digest = hashlib.sha256(content).hexdigest()
    response = httpx.put(
        f"{store.server.url}/v1/stores/{store.code}/attachments/{digest}",
        content=content,
        headers=store.auth,
        timeout=120,
    )
    assert response.status_code == 413
    assert "larger than the server accepts" in response.json()["detail"]
    assert store.rows() == NOTHING


# --------------------------------------------------------------------------- duplicates


def test_a_batch_repeating_an_event_id_stores_the_first_only(store: Store) -> None:
    first = _event(1, payload={"data": {"note": "the real note"}})
    forged = {**first, "device_seq": 2, "payload": {"data": {"note": "overwritten?"}}}
    response = store.push(_batch(first, forged, first))
    assert response.status_code == 200
    assert [ack["status"] for ack in response.json()["acks"]] == [
        "applied",
        "duplicate",
        "duplicate",
    ]
    again = store.push(_batch(forged))
    assert again.json()["acks"][0]["status"] == "duplicate"
    assert store.payloads() == {first["event_id"]: first["payload"]}
    assert store.rows()["ho_event"] == 1


def test_a_refund_sent_twice_counts_once(store: Store) -> None:
    event = _event(1, kind="return.completed", payload=_refund(1234))
    assert store.push(_batch(event, event)).status_code == 200
    assert store.push(_batch(event)).json()["acks"][0]["status"] == "duplicate"
    assert store.rows() == {**NOTHING, "ho_event": 1, "ho_case": 1, "ho_payment": 1}
    cents = store.server.sql(
        "SELECT p.amount_cents FROM ho_payment p JOIN ho_store s ON s.id = p.store_id "
        "WHERE s.code = :code",
        code=store.code,
    )
    assert cents == [(1234,)]


# --------------------------------------------------------------------------- per-store scoping


@pytest.fixture
def other(head_office: HeadOfficeServer) -> Store:
    code, token = head_office.register()
    return Store(head_office, code, token)


def test_another_stores_event_id_is_its_own_event_not_a_duplicate(
    store: Store, other: Store
) -> None:
    event = _event(1, payload={"data": {"note": "store A's"}})
    assert store.push(_batch(event)).json()["acks"][0]["status"] == "applied"
    copied = {**event, "payload": {"data": {"note": "store B's, same id"}}}
    assert other.push(_batch(copied)).json()["acks"][0]["status"] == "applied"
    assert store.payloads() == {event["event_id"]: event["payload"]}
    assert other.payloads() == {event["event_id"]: copied["payload"]}


def test_another_stores_case_cannot_be_changed_through_its_id(store: Store, other: Store) -> None:
    opened = _event(1, kind="case.opened", payload=_refund(500))
    case_id = opened["payload"]["data"]["id"]
    assert store.push(_batch(opened)).json()["acks"][0]["status"] == "applied"
    before = store.server.sql(
        "SELECT c.status, c.number FROM ho_case c JOIN ho_store s ON s.id = c.store_id "
        "WHERE s.code = :code",
        code=store.code,
    )
    hijack_status = _event(
        1, kind="case.status_changed", entity_id=case_id, payload={"data": {"to": "closed"}}
    )
    hijack_snapshot = _event(
        2, kind="case.opened", payload=_case(id=case_id, number="HIJACKED", status="closed")
    )
    response = other.push(_batch(hijack_status, hijack_snapshot))
    assert [ack["status"] for ack in response.json()["acks"]] == ["applied", "applied"]
    after = store.server.sql(
        "SELECT c.status, c.number FROM ho_case c JOIN ho_store s ON s.id = c.store_id "
        "WHERE s.code = :code",
        code=store.code,
    )
    assert after == before == [("resolved", "S-000001")]
    # Store B's own copy is B's alone, and the refund stays in A's figures only.
    assert other.rows() == {**NOTHING, "ho_event": 2, "ho_case": 1}
    assert store.rows()["ho_payment"] == 1


def test_another_stores_erasure_cannot_erase_this_stores_events(store: Store, other: Store) -> None:
    opened = _event(
        1,
        kind="case.opened",
        payload=_case(customer={"name": "Ada Lovelace", "phone": "+353 1 555 0100"}),
    )
    content = b"a photo of store A's"
    digest = hashlib.sha256(content).hexdigest()
    put = httpx.put(
        f"{store.server.url}/v1/stores/{store.code}/attachments/{digest}",
        content=content,
        headers=store.auth,
    )
    assert put.status_code == 201
    assert store.push(_batch(opened)).status_code == 200
    before = store.payloads()
    erasure = _event(
        1,
        kind=ERASURE_KIND,
        payload={"data": {"event_ids": [opened["event_id"]], "attachments": [digest]}},
    )
    assert other.push(_batch(erasure)).json()["acks"][0]["status"] == "applied"
    assert store.payloads() == before
    assert store.rows()["ho_attachment"] == 1


def test_a_path_naming_another_store_is_403_for_every_store_route(
    store: Store, other: Store
) -> None:
    digest = "0" * 64
    window = {"from": "2026-12-01", "to": "2026-12-01"}
    base = f"{store.server.url}/v1/stores/{other.code}"
    answers = [
        httpx.get(f"{base}/me", headers=store.auth),
        httpx.post(f"{base}/events", json=_batch(), headers=store.auth),
        httpx.put(f"{base}/attachments/{digest}", content=b"", headers=store.auth),
        httpx.get(f"{base}/attachments/{digest}", headers=store.auth),
        httpx.get(f"{base}/feeds/catalog", headers=store.auth),
        httpx.get(f"{base}/reports/daily", params=window, headers=store.auth),
    ]
    assert [answer.status_code for answer in answers] == [403] * len(answers)
    assert all(store.code in answer.json()["detail"] for answer in answers)
    assert other.rows() == NOTHING
    assert store.rows() == NOTHING


def test_a_store_code_in_another_script_is_not_a_store(store: Store) -> None:
    # Cyrillic letters that look like Latin ones: no route takes them as a code.
    lookalike = "\u0405\u0422\u041e\u0420\u0415"
    response = store.get(f"/v1/stores/{lookalike}/me")
    assert response.status_code == 422
    assert ["path", "store_code"] in _fields(response)


# --------------------------------------------------------------------------- query parameters


QUERIES: list[tuple[str, str, dict[str, Any], list[Any]]] = [
    ("feed-cursor-text", "/feeds/catalog", {"after": "zero"}, ["query", "after"]),
    ("feed-cursor-negative", "/feeds/catalog", {"after": -1}, ["query", "after"]),
    ("feed-cursor-past-32-bits", "/feeds/catalog", {"after": 2**31}, ["query", "after"]),
    ("feed-limit-huge", "/feeds/catalog", {"limit": 10**12}, ["query", "limit"]),
    ("feed-name-sql", "/feeds/catalog;DROP TABLE ho_feed_item", {}, ["path", "feed"]),
    ("feed-misspelt-parameter", "/feeds/catalog", {"afer": 5}, ["query", "afer"]),
    (
        "report-year-10000",
        "/reports/daily",
        {"from": "2026-01-01", "to": "10000-01-01"},
        ["query", "to"],
    ),
    (
        "report-sql-day",
        "/reports/daily",
        {"from": "2026-01-01' OR 1=1", "to": "2026-01-02"},
        ["query", "from"],
    ),
]


@pytest.mark.parametrize(
    ("path", "params", "where"),
    [(path, params, where) for _, path, params, where in QUERIES],
    ids=[name for name, _, _, _ in QUERIES],
)
def test_a_bad_query_is_422_naming_the_parameter(
    store: Store, path: str, params: dict[str, Any], where: list[Any]
) -> None:
    response = store.get(f"/v1/stores/{store.code}{path}", **params)
    assert response.status_code == 422, response.text
    assert where in [location[:2] for location in _fields(response)]


def test_report_windows_before_1970_or_far_ahead_are_answered_empty(store: Store) -> None:
    for first, last in (("0001-01-01", "0001-12-31"), ("1969-01-01", "1969-12-31")):
        response = store.get(
            f"/v1/stores/{store.code}/reports/daily", **{"from": first, "to": last}
        )
        assert response.status_code == 200, response.text
        assert response.json()["days"] == []
    response = store.get(
        f"/v1/stores/{store.code}/reports/daily", **{"from": "9999-01-01", "to": "9999-12-31"}
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("store_filter", "words"),
    [
        ("x' OR 1=1 --", "Not a store code"),
        ("<script>", "Not a store code"),
        ("S" * 10_000, "Not a store code"),
    ],
    ids=["sql", "html", "huge"],
)
def test_a_reporters_store_filter_is_checked(
    head_office: HeadOfficeServer, store_filter: str, words: str
) -> None:
    database = head_office.database()
    try:
        token = add_reporter(database, f"hostile-{uuid.uuid4().hex[:8]}").token
    finally:
        database.dispose()
    response = httpx.get(
        f"{head_office.url}/v1/reports/daily",
        params={"from": "2026-12-01", "to": "2026-12-02", "store": store_filter},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422
    assert words in response.json()["detail"]
    assert len(response.content) < 12_000
