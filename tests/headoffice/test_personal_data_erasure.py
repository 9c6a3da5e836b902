"""A store's purge of personal data reaches head office, which erases its own copy.

Real server on loopback (PostgreSQL where ``COUNTER_TEST_PG_URL`` is set), a
real store database, the real sync client: the customer's details, the case's
free text and the photo leave head office's events and attachments, while the
reported cases and payments stay exactly as they were.
"""

import hashlib
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from headoffice_harness import HeadOfficeServer, SyncingStore
from PIL import Image

from counter_app.services import cases, intake
from counter_app.services.attachments import attach_file
from counter_app.services.case_notes import add_note
from counter_app.services.personal_data import purge_personal_data
from counter_app.services.staff import sign_in
from counter_app.sync.runner import SyncTarget, sync_once

NAME, PHONE, EMAIL = "Saoirse Quinlan", "+353 87 246 8101", "saoirse.quinlan@example.ie"
SUMMARY, NOTE = "Saoirse's blender smells of smoke", "Phoned Saoirse about the blender"


def _store_rows(head_office: HeadOfficeServer, code: str, table: str, columns: str) -> list:
    return head_office.sql(
        f"SELECT {columns} FROM {table} t JOIN ho_store s ON s.id = t.store_id "  # noqa: S608
        "WHERE s.code = :code ORDER BY 1, 2",
        code=code,
    )


def _other_stores_events(head_office: HeadOfficeServer, code: str) -> str:
    rows = head_office.sql(
        "SELECT e.payload FROM ho_event e JOIN ho_store s ON s.id = e.store_id "
        "WHERE s.code != :code ORDER BY e.store_id, e.event_id",
        code=code,
    )
    return hashlib.sha256("\n".join(row[0] for row in rows).encode()).hexdigest()


def test_a_purge_at_the_store_erases_head_offices_copy_too(
    head_office: HeadOfficeServer, syncing_store: SyncingStore, tmp_path: Path
) -> None:
    (staff_id,) = syncing_store.sql("SELECT id FROM staff WHERE name = 'Maeve Byrne'")[0]
    manager = sign_in(database=syncing_store.database, staff_id=uuid.UUID(staff_id), pin="2468")
    now = datetime.now(UTC)
    opened = intake.open_case(
        database=syncing_store.database,
        staff=manager,
        request={
            "case_type": "complaint",
            "summary": SUMMARY,
            "customer": {"name": NAME, "phone": PHONE, "email": EMAIL, "consent": True},
            "complaint": {"category": "Product quality", "description": f"{NAME}'s blender"},
        },
        now=now,
    )
    add_note(database=syncing_store.database, staff=manager, case_ref=opened.id, body=NOTE)
    photo = tmp_path / "saoirse-blender.png"
    Image.new("RGB", (40, 30), (10, 120, 200)).save(photo)
    digest = hashlib.sha256(photo.read_bytes()).hexdigest()
    attach_file(
        database=syncing_store.database,
        data_dir=syncing_store.folder,
        staff=manager,
        case_ref=opened.id,
        source=photo,
    )
    for target in ("resolved", "closed"):
        cases.change_status(
            database=syncing_store.database, staff=manager, case_ref=opened.id, target=target
        )
    target = SyncTarget(url=head_office.url, token=syncing_store.token)
    sync_once(syncing_store.database, target, data_dir=syncing_store.folder)
    assert syncing_store.waiting() == 0
    code = syncing_store.code
    held = " ".join(row[0] for row in _store_rows(head_office, code, "ho_event", "t.payload, 1"))
    assert all(secret in held for secret in (NAME, PHONE, EMAIL, SUMMARY, NOTE))
    assert _store_rows(head_office, code, "ho_attachment", "t.sha256, 1") == [(digest, 1)]
    reported_cases = _store_rows(
        head_office, code, "ho_case", "t.case_id, t.number, t.status, t.complaint_category"
    )
    reported_payments = _store_rows(
        head_office, code, "ho_payment", "t.event_id, t.line_no, t.tender, t.amount_cents"
    )
    others = _other_stores_events(head_office, code)

    report = purge_personal_data(
        database=syncing_store.database, staff=manager, now=now + timedelta(days=365 * 2 + 40)
    )
    assert report.customers >= 1
    sync_once(syncing_store.database, target, data_dir=syncing_store.folder)

    assert syncing_store.waiting() == 0
    held = " ".join(row[0] for row in _store_rows(head_office, code, "ho_event", "t.payload, 1"))
    for secret in (NAME, PHONE, EMAIL, SUMMARY, NOTE, "saoirse-blender"):
        assert secret not in held, secret
    assert "customers.purged" in [
        row[0] for row in _store_rows(head_office, code, "ho_event", "t.kind, 1")
    ]
    gone = httpx.get(
        f"{head_office.url}/v1/stores/{code}/attachments/{digest}",
        headers={"Authorization": f"Bearer {syncing_store.token}"},
    )
    assert gone.status_code == 404
    # The reports stay as they were, and no other store's events changed.
    assert (
        _store_rows(
            head_office, code, "ho_case", "t.case_id, t.number, t.status, t.complaint_category"
        )
        == reported_cases
    )
    assert (
        _store_rows(
            head_office, code, "ho_payment", "t.event_id, t.line_no, t.tender, t.amount_cents"
        )
        == reported_payments
    )
    assert _other_stores_events(head_office, code) == others
    head_office.assert_no_crashes()


def test_head_office_refuses_a_malformed_purge_without_storing_it(
    head_office: HeadOfficeServer, syncing_store: SyncingStore
) -> None:
    """A purge naming something that is no event id is answered as rejected, and kept nowhere."""
    event_id = str(uuid.uuid4())
    batch = {
        "device_id": str(uuid.uuid4()),
        "store_code": syncing_store.code,
        "events": [
            {
                "event_id": event_id,
                "device_seq": 1,
                "kind": "customers.purged",
                "entity_id": "store",
                "occurred_at": datetime.now(UTC).isoformat(),
                "payload": {"data": {"event_ids": ["not-an-id"], "attachments": ["../x"]}},
            }
        ],
    }

    answer = httpx.post(
        f"{head_office.url}/v1/stores/{syncing_store.code}/events",
        json=batch,
        headers={"Authorization": f"Bearer {syncing_store.token}"},
    )

    assert answer.status_code == 200, answer.text
    (ack,) = answer.json()["acks"]
    assert ack["status"] == "rejected"
    assert "event_ids" in ack["error"]
    kinds = _store_rows(head_office, syncing_store.code, "ho_event", "t.event_id, t.kind")
    assert all(str(row[0]) != event_id for row in kinds)


def _push(head_office: HeadOfficeServer, code: str, token: str, *events: dict) -> list[dict]:
    answer = httpx.post(
        f"{head_office.url}/v1/stores/{code}/events",
        json={"device_id": str(uuid.uuid4()), "store_code": code, "events": list(events)},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["acks"]


def _event(seq: int, kind: str, data: dict, event_id: str | None = None) -> dict:
    return {
        "event_id": event_id or str(uuid.uuid4()),
        "device_seq": seq,
        "kind": kind,
        "entity_id": str(uuid.uuid4()),
        "occurred_at": datetime.now(UTC).isoformat(),
        "payload": {"audit": {"seq": seq}, "data": data},
    }


def test_a_store_cannot_erase_another_stores_events(head_office: HeadOfficeServer) -> None:
    """The purge names event ids; head office looks them up under the sender's store only."""
    victim_code, victim_token = head_office.register()
    sender_code, sender_token = head_office.register()
    victim_event = str(uuid.uuid4())
    customer = {"id": str(uuid.uuid4()), "name": NAME, "phone": PHONE, "email": EMAIL}
    acks = _push(
        head_office, victim_code, victim_token, _event(1, "customer.added", customer, victim_event)
    )
    assert acks[0]["status"] == "applied"

    acks = _push(
        head_office,
        sender_code,
        sender_token,
        _event(1, "customers.purged", {"event_ids": [victim_event], "attachments": []}),
    )

    assert acks[0]["status"] == "applied"
    (payload,) = _store_rows(head_office, victim_code, "ho_event", "t.payload, 1")[0][:1]
    assert all(secret in payload for secret in (NAME, PHONE, EMAIL))
