"""The store drains its outbox to the real head office: every event exactly once."""

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from headoffice_harness import HeadOfficeServer, SyncingStore, free_port, unique_code
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from counter_app.domain.sync_protocol import PushBatch, PushedEvent
from counter_app.headoffice.events import apply_batch
from counter_app.headoffice.stores import AuthenticatedStore, add_store
from counter_app.sync.client import (
    HeadOfficeClient,
    HeadOfficeRefusedError,
    HeadOfficeUnavailableError,
)
from counter_app.sync.device import device_id
from counter_app.sync.runner import SyncTarget, sync_once
from counter_app.sync.status import sync_status
from db.headoffice.database import HeadOfficeDatabase
from db.headoffice.models import ReceivedEvent, ReportedCase, ReportedPayment

_Row = TypeVar("_Row", ReceivedEvent, ReportedCase, ReportedPayment)


def _target(server: HeadOfficeServer, store: SyncingStore) -> SyncTarget:
    return SyncTarget(url=server.url, token=store.token)


def test_a_pass_sends_every_waiting_event_once_in_order(
    head_office: HeadOfficeServer, syncing_store: SyncingStore
) -> None:
    expected = syncing_store.event_ids()
    assert len(expected) > 100
    report = sync_once(syncing_store.database, _target(head_office, syncing_store), batch_size=64)
    assert report.pushed.applied == len(expected)
    assert report.pushed.batches == -(-len(expected) // 64)
    held = head_office.events_of(syncing_store.code)
    assert [event_id for event_id, _ in held] == expected
    assert [seq for _, seq in held] == sorted(seq for _, seq in held)
    assert syncing_store.waiting() == 0
    status = sync_status(syncing_store.database)
    assert (status.online, status.waiting, status.set_aside) == (True, 0, 0)
    assert status.last_success_at is not None

    again = sync_once(syncing_store.database, _target(head_office, syncing_store))
    assert (again.pushed.sent, again.pushed.batches) == (0, 0)
    assert len(head_office.events_of(syncing_store.code)) == len(expected)


def test_the_same_batch_replayed_three_times_is_applied_once(
    head_office: HeadOfficeServer, syncing_store: SyncingStore
) -> None:
    rows = syncing_store.sql(
        "SELECT seq, event_id, kind, entity_id, payload, created_at FROM outbox "
        "ORDER BY seq LIMIT 50"
    )
    events = [
        PushedEvent(
            event_id=event_id,
            device_seq=seq,
            kind=kind,
            entity_id=entity_id,
            occurred_at=created_at + "+00:00",
            payload=json.loads(payload),
        )
        for seq, event_id, kind, entity_id, payload, created_at in rows
    ]
    batch = PushBatch(device_id=device_id(syncing_store.database), events=events)
    with HeadOfficeClient(head_office.url, syncing_store.token, syncing_store.code) as client:
        results = [client.push(batch) for _ in range(3)]
    statuses = [{ack.status.value for ack in result.acks} for result in results]
    assert statuses == [{"applied"}, {"duplicate"}, {"duplicate"}]
    assert len(head_office.events_of(syncing_store.code)) == 50
    # The store, not knowing the acks arrived, sends everything again: still once each.
    sync_once(syncing_store.database, _target(head_office, syncing_store))
    held = head_office.events_of(syncing_store.code)
    assert [event_id for event_id, _ in held] == syncing_store.event_ids()
    assert syncing_store.waiting() == 0


def test_a_case_event_reaches_the_reports_tables_once(
    head_office: HeadOfficeServer, syncing_store: SyncingStore
) -> None:
    cases = syncing_store.sql("SELECT count(*) FROM service_case")[0][0]
    sync_once(syncing_store.database, _target(head_office, syncing_store))
    sync_once(syncing_store.database, _target(head_office, syncing_store))
    reported = head_office.sql(
        "SELECT count(*) FROM ho_case c JOIN ho_store s ON s.id = c.store_id WHERE s.code = :code",
        code=syncing_store.code,
    )[0][0]
    assert reported == cases
    refunds = syncing_store.sql(
        "SELECT coalesce(sum(amount_cents), 0) FROM payment WHERE kind = 'refund'"
    )[0][0]
    held_refunds = head_office.sql(
        "SELECT coalesce(sum(p.amount_cents), 0) FROM ho_payment p JOIN ho_store s "
        "ON s.id = p.store_id WHERE s.code = :code AND p.kind = 'refund'",
        code=syncing_store.code,
    )[0][0]
    assert held_refunds == refunds > 0


def test_an_unreachable_head_office_loses_nothing(syncing_store: SyncingStore) -> None:
    waiting = syncing_store.waiting()
    target = SyncTarget(url=f"http://127.0.0.1:{free_port()}", token=syncing_store.token)
    with pytest.raises(HeadOfficeUnavailableError, match="cannot be reached"):
        sync_once(syncing_store.database, target)
    assert syncing_store.waiting() == waiting
    status = sync_status(syncing_store.database)
    assert status.online is False
    assert "cannot be reached" in (status.last_attempt_error or "")


def test_a_wrong_token_is_refused_and_sends_nothing(
    head_office: HeadOfficeServer, syncing_store: SyncingStore
) -> None:
    _other_code, other_token = head_office.register()
    target = SyncTarget(url=head_office.url, token=other_token)
    with pytest.raises(HeadOfficeRefusedError, match="belongs to store"):
        sync_once(syncing_store.database, target)
    assert head_office.events_of(syncing_store.code) == []


def _cli(store: SyncingStore, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "counter_app", "--data-dir", str(store.folder), "sync", *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_sync_command_reports_and_exits_non_zero_when_offline(
    head_office: HeadOfficeServer, syncing_store: SyncingStore, tmp_path: Path
) -> None:
    token_file = tmp_path / "token.txt"
    token_file.write_text(syncing_store.token + "\n", encoding="utf-8")
    waiting = syncing_store.waiting()
    syncing_store.database.dispose()

    offline = _cli(
        syncing_store, "--url", f"http://127.0.0.1:{free_port()}", "--token-file", str(token_file)
    )
    assert offline.returncode == 2
    assert len(offline.stdout.strip().splitlines()) == 1
    assert "cannot be reached" in offline.stdout

    online = _cli(syncing_store, "--url", head_office.url, "--token-file", str(token_file))
    assert online.returncode == 0, online.stdout + online.stderr
    assert f"Sent {waiting:,} change(s)" in online.stdout
    assert syncing_store.token not in online.stdout + online.stderr
    assert len(head_office.events_of(syncing_store.code)) == waiting


def test_the_server_log_never_holds_a_token(
    head_office: HeadOfficeServer, syncing_store: SyncingStore
) -> None:
    sync_once(syncing_store.database, _target(head_office, syncing_store))
    httpx.get(
        f"{head_office.url}/v1/stores/{syncing_store.code}/me",
        headers={"Authorization": "Bearer " + syncing_store.token + "x"},
    )
    log = head_office.log_path.read_text(encoding="utf-8")
    assert syncing_store.code in log
    assert syncing_store.token.split(".")[1] not in log


# ----------------------------------------------------------------------- a batch, applied in one go


@pytest.fixture
def ho_database(head_office_database_url: str) -> Iterator[HeadOfficeDatabase]:
    """Head office's own database (SQLite, or PostgreSQL with COUNTER_TEST_PG_URL)."""
    database = HeadOfficeDatabase(head_office_database_url)
    database.upgrade()
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def ho_store(ho_database: HeadOfficeDatabase) -> AuthenticatedStore:
    issued = add_store(ho_database, unique_code(), timezone="Europe/Dublin")
    return AuthenticatedStore(
        issued.store_id, issued.store_code, "", "Europe/Dublin", token_id=uuid.uuid4()
    )


def _pushed(seq: int, kind: str, data: dict[str, Any], *, entity_id: str = "") -> PushedEvent:
    return PushedEvent(
        event_id=uuid.uuid4(),
        device_seq=seq,
        kind=kind,
        entity_id=entity_id or str(data.get("id", "entity")),
        occurred_at=datetime(2026, 12, 1, 10, seq % 60, tzinfo=UTC),
        payload={"data": data},
    )


def _push(
    database: HeadOfficeDatabase, store: AuthenticatedStore, *events: PushedEvent
) -> list[str]:
    with database.unit_of_work() as session:
        result = apply_batch(session, store, PushBatch(device_id=DEVICE, events=list(events)))
    assert [ack.event_id for ack in result.acks] == [event.event_id for event in events]
    return [ack.status.value for ack in result.acks]


def _held(database: HeadOfficeDatabase, table: type[_Row], store: AuthenticatedStore) -> list[_Row]:
    """The store's rows of one of head office's tables (events in the store's order)."""
    with database.reading() as session:
        query = select(table).where(col(table.store_id) == store.store_id)
        if table is ReceivedEvent:
            query = query.order_by(col(ReceivedEvent.device_seq))
        rows = list(session.exec(query).all())
        session.expunge_all()  # readable after the read's rollback
        return rows


def _held_events(database: HeadOfficeDatabase, store: AuthenticatedStore) -> list[uuid.UUID]:
    return [event.event_id for event in _held(database, ReceivedEvent, store)]


DEVICE = uuid.UUID("0d6e3c1a-4b2f-4f7e-9a55-3c1de0a4b001")


def test_a_batch_of_new_repeated_held_and_refused_events_is_answered_event_by_event(
    ho_database: HeadOfficeDatabase, ho_store: AuthenticatedStore
) -> None:
    held = [_pushed(seq, "stock.counted", {"sku": f"A{seq}"}) for seq in (1, 2)]
    assert _push(ho_database, ho_store, *held) == ["applied", "applied"]
    new, later = _pushed(3, "stock.counted", {"sku": "C"}), _pushed(5, "stock.counted", {})
    refused = _pushed(4, "case.status_changed", {"to": "deleted"})
    statuses = _push(ho_database, ho_store, new, held[0], new, refused, refused, later, held[1])
    assert statuses == [
        "applied",
        "duplicate",
        "duplicate",
        "rejected",
        "duplicate",
        "applied",
        "duplicate",
    ]
    assert _held_events(ho_database, ho_store) == [
        held[0].event_id,
        held[1].event_id,
        new.event_id,
        later.event_id,
    ]
    assert _push(ho_database, ho_store, later, new) == ["duplicate", "duplicate"]


def _case(case_id: uuid.UUID, status: str, **more: Any) -> dict[str, Any]:
    return {
        "id": str(case_id),
        "number": "S1-000001",
        "case_type": "complaint",
        "status": status,
        # 23:30 in Dublin (UTC in winter): its business day is 30 November.
        "arrived_at": "2026-11-30T23:30:00+00:00",
        **more,
    }


def test_a_batch_projects_its_cases_in_the_order_of_its_events(
    ho_database: HeadOfficeDatabase, ho_store: AuthenticatedStore
) -> None:
    case_id, stranger = uuid.uuid4(), uuid.uuid4()
    refund = {"kind": "refund", "tender": "card", "amount_cents": 1250}
    first = [
        _pushed(1, "case.status_changed", {"to": "closed"}, entity_id=str(case_id)),
        _pushed(2, "case.opened", _case(case_id, "open", complaint={"category": "late"})),
        _pushed(3, "case.status_changed", {"to": "in_progress"}, entity_id=str(case_id)),
        _pushed(
            4,
            "complaint.resolved",
            _case(case_id, "resolved", resolved_at="2026-12-01T09:00:00+01:00", payments=[refund]),
        ),
        _pushed(5, "case.status_changed", {"to": "closed"}, entity_id=str(stranger)),
        _pushed(6, "case.status_changed", {"to": "closed"}, entity_id="not-a-case-id"),
        _pushed(7, "complaint.resolved", _case(stranger, "resolved", payments=[refund])),
    ]
    assert set(_push(ho_database, ho_store, *first)) == {"applied"}
    [case] = _held(ho_database, ReportedCase, ho_store)
    assert (case.case_id, case.number, case.case_type) == (case_id, "S1-000001", "complaint")
    assert (case.status, case.complaint_category) == ("resolved", "late")
    assert case.business_day == date(2026, 11, 30)
    assert case.opened_at == datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    assert case.resolved_at == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    payments = _held(ho_database, ReportedPayment, ho_store)
    assert sorted((payment.case_id, payment.business_day) for payment in payments) == sorted(
        [(case_id, date(2026, 12, 1)), (stranger, date(2026, 11, 30))]
    )
    assert {(payment.line_no, payment.amount_cents) for payment in payments} == {(1, 1250)}

    # A later batch: a snapshot keeps the case's number and opening, and its resolution time.
    later = [
        _pushed(8, "case.opened", _case(case_id, "in_progress", number="S1-999999")),
        _pushed(9, "case.reopened", {"to": "open"}, entity_id=str(case_id)),
    ]
    assert _push(ho_database, ho_store, *later) == ["applied", "applied"]
    [case] = _held(ho_database, ReportedCase, ho_store)
    assert (case.number, case.status, case.complaint_category) == ("S1-000001", "open", "late")
    assert case.opened_at == datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    assert case.resolved_at == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def test_an_erasure_in_a_batch_erases_the_events_before_it_not_those_after(
    ho_database: HeadOfficeDatabase, ho_store: AuthenticatedStore
) -> None:
    before = _pushed(1, "customer.added", {"name": "Ada Lovelace", "phone": "0871234567"})
    after = _pushed(3, "customer.added", {"name": "Grace Hopper", "phone": "0877654321"})
    purge = _pushed(
        2,
        "customers.purged",
        {"event_ids": [str(before.event_id), str(after.event_id)]},
        entity_id="customers",
    )
    assert _push(ho_database, ho_store, before, purge, after) == ["applied"] * 3
    payloads = {
        event.event_id: event.payload for event in _held(ho_database, ReceivedEvent, ho_store)
    }
    assert "Ada" not in payloads[before.event_id]
    assert "Grace Hopper" in payloads[after.event_id]


def test_a_batch_that_fails_to_write_its_reports_stores_none_of_its_events(
    ho_database: HeadOfficeDatabase, ho_store: AuthenticatedStore
) -> None:
    case_id = uuid.uuid4()
    refund = {"kind": "refund", "tender": "cash", "amount_cents": 500}
    plain = _pushed(1, "stock.counted", {"sku": "A"})
    paid = _pushed(2, "return.completed", _case(case_id, "resolved", payments=[refund]))
    with ho_database.unit_of_work() as session:  # a payment row already where this one goes
        session.add(
            ReportedPayment(
                store_id=ho_store.store_id,
                event_id=paid.event_id,
                line_no=1,
                case_id=case_id,
                kind="refund",
                tender="cash",
                amount_cents=1,
                business_day=date(2026, 12, 1),
            )
        )
    with pytest.raises(IntegrityError):
        _push(ho_database, ho_store, plain, paid)
    assert _held_events(ho_database, ho_store) == []
    assert _held(ho_database, ReportedCase, ho_store) == []
