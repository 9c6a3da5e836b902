"""The API's gate: who may call it, for which store, and what it does with bad input.

Every request goes over real HTTP to the real server; none of these may
ever be answered with a 500.
"""

import hashlib
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from headoffice_harness import HeadOfficeServer

from counter_app.headoffice.stores import revoke_token, rotate_token


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


def _batch(*events: dict[str, Any]) -> dict[str, Any]:
    return {"device_id": str(uuid.uuid4()), "events": list(events) or [_event()]}


def _push(server: HeadOfficeServer, code: str, token: str | None, body: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return httpx.post(f"{server.url}/v1/stores/{code}/events", json=body, headers=headers)


def test_no_token_is_401_with_a_bearer_challenge(head_office: HeadOfficeServer) -> None:
    code, _token = head_office.register()
    response = _push(head_office, code, None, _batch())
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert head_office.events_of(code) == []


@pytest.mark.parametrize(
    "token",
    ["nonsense", "0" * 32 + "." + "x" * 43, uuid.uuid4().hex + "." + "A" * 43, "Basic"],
    ids=["garbage", "zero-store", "unknown-store", "scheme-word"],
)
def test_a_token_head_office_never_issued_is_401(head_office: HeadOfficeServer, token: str) -> None:
    code, _ = head_office.register()
    response = _push(head_office, code, token, _batch())
    assert response.status_code == 401
    assert head_office.events_of(code) == []


def test_store_a_token_on_store_b_is_403_and_stores_nothing(head_office: HeadOfficeServer) -> None:
    code_a, token_a = head_office.register()
    code_b, _token_b = head_office.register()
    response = _push(head_office, code_b, token_a, _batch())
    assert response.status_code == 403
    assert code_a in response.json()["detail"]
    assert head_office.events_of(code_a) == []
    assert head_office.events_of(code_b) == []
    feed = httpx.get(
        f"{head_office.url}/v1/stores/{code_b}/feeds/catalog",
        headers={"Authorization": f"Bearer {token_a}"},
    )
    assert feed.status_code == 403


def test_a_body_naming_another_store_is_refused_never_stored_under_it(
    head_office: HeadOfficeServer,
) -> None:
    code_a, token_a = head_office.register()
    code_b, _ = head_office.register()
    body = {**_batch(), "store_code": code_b}
    response = _push(head_office, code_a, token_a, body)
    assert response.status_code == 403
    assert head_office.events_of(code_a) == []
    assert head_office.events_of(code_b) == []


def test_revoked_and_rotated_tokens_are_401(head_office: HeadOfficeServer) -> None:
    code, token = head_office.register()
    assert _push(head_office, code, token, _batch()).status_code == 200
    database = head_office.database()
    try:
        fresh = rotate_token(database, code).token
        assert _push(head_office, code, token, _batch()).status_code == 401
        assert _push(head_office, code, fresh, _batch()).status_code == 200
        assert revoke_token(database, code) == 1
    finally:
        database.dispose()
    assert _push(head_office, code, fresh, _batch()).status_code == 401
    assert len(head_office.events_of(code)) == 2


def test_tokens_are_kept_only_as_hashes(head_office: HeadOfficeServer) -> None:
    code, token = head_office.register()
    rows = head_office.sql(
        "SELECT t.token_hash FROM ho_store_token t JOIN ho_store s ON s.id = t.store_id "
        "WHERE s.code = :code",
        code=code,
    )
    assert rows == [(hashlib.sha256(token.encode()).hexdigest(),)]
    secret = token.split(".", 1)[1]
    dumped = " ".join(
        str(value) for row in head_office.sql("SELECT * FROM ho_store_token") for value in row
    )
    assert secret not in dumped


def test_an_oversized_body_is_413(head_office: HeadOfficeServer) -> None:
    code, token = head_office.register()
    huge = b'{"device_id": "' + b"x" * (9 * 1024 * 1024) + b'"}'
    response = httpx.post(
        f"{head_office.url}/v1/stores/{code}/events",
        content=huge,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 413
    assert head_office.events_of(code) == []


def test_an_oversized_body_without_a_length_is_413_too(head_office: HeadOfficeServer) -> None:
    code, token = head_office.register()

    def chunks() -> Any:
        for _ in range(10):
            yield b"x" * (1024 * 1024)

    response = httpx.post(
        f"{head_office.url}/v1/stores/{code}/events",
        content=chunks(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"{not json", None),
        (b"[]", None),
        (b'{"device_id": "not-a-uuid", "events": []}', "device_id"),
    ],
    ids=["malformed", "array", "bad-device"],
)
def test_malformed_json_is_422(
    head_office: HeadOfficeServer, body: bytes, field: str | None
) -> None:
    code, token = head_office.register()
    response = httpx.post(
        f"{head_office.url}/v1/stores/{code}/events",
        content=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    if field is not None:
        assert any(field in detail["loc"] for detail in response.json()["detail"])


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"device_seq": 0}, "device_seq"),
        ({"device_seq": "seven"}, "device_seq"),
        ({"kind": "DROP TABLE ho_event"}, "kind"),
        ({"entity_id": "x" * 65}, "entity_id"),
        ({"entity_id": "bell\x07"}, "entity_id"),
        ({"occurred_at": "2026-12-01T10:00:00"}, "occurred_at"),
        ({"payload": ["not", "an", "object"]}, "payload"),
        ({"event_id": "12"}, "event_id"),
        ({"surprise": True}, "surprise"),
    ],
)
def test_every_field_is_checked_and_named(
    head_office: HeadOfficeServer, overrides: dict[str, Any], field: str
) -> None:
    code, token = head_office.register()
    response = _push(head_office, code, token, _batch(_event(), _event(2, **overrides)))
    assert response.status_code == 422
    locations = [detail["loc"] for detail in response.json()["detail"]]
    assert ["body", "events", 1, field] in [location[:4] for location in locations]
    assert head_office.events_of(code) == []


def test_a_payload_missing_what_its_kind_needs_is_rejected_alone(
    head_office: HeadOfficeServer,
) -> None:
    code, token = head_office.register()
    good = _event(1)
    bad = _event(2, kind="case.opened", payload={"data": {"number": "S-1"}})
    response = _push(head_office, code, token, _batch(good, bad))
    assert response.status_code == 200
    acks = response.json()["acks"]
    assert [ack["status"] for ack in acks] == ["applied", "rejected"]
    assert "data.id" in acks[1]["error"]
    assert head_office.events_of(code) == [(good["event_id"], 1)]


def test_attachments_are_content_addressed_and_verified(head_office: HeadOfficeServer) -> None:
    code, token = head_office.register()
    headers = {"Authorization": f"Bearer {token}"}
    content = b"\x89PNG fake but consistent bytes"
    digest = hashlib.sha256(content).hexdigest()
    base = f"{head_office.url}/v1/stores/{code}/attachments"
    wrong = httpx.put(f"{base}/{'0' * 64}", content=content, headers=headers)
    assert wrong.status_code == 422
    assert httpx.get(f"{base}/{'0' * 64}", headers=headers).status_code == 404
    first = httpx.put(f"{base}/{digest}", content=content, headers=headers)
    again = httpx.put(f"{base}/{digest}", content=content, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert httpx.get(f"{base}/{digest}", headers=headers).content == content
    assert httpx.put(f"{base}/not-a-digest", content=content, headers=headers).status_code == 422
    other_code, other_token = head_office.register()
    assert (
        httpx.get(
            f"{head_office.url}/v1/stores/{other_code}/attachments/{digest}",
            headers={"Authorization": f"Bearer {other_token}"},
        ).status_code
        == 404
    )


def test_the_openapi_spec_is_the_servers_own(head_office: HeadOfficeServer) -> None:
    spec = httpx.get(f"{head_office.url}/openapi.json").json()
    paths = spec["paths"]
    assert "/v1/stores/{store_code}/events" in paths
    assert "/v1/stores/{store_code}/feeds/{feed}" in paths
    assert "/v1/stores/{store_code}/attachments/{sha256}" in paths
