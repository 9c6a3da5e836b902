"""The store drains its outbox to the real head office: every event exactly once."""

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from headoffice_harness import HeadOfficeServer, SyncingStore, free_port

from counter_app.domain.sync_protocol import PushBatch, PushedEvent
from counter_app.sync.client import (
    HeadOfficeClient,
    HeadOfficeRefusedError,
    HeadOfficeUnavailableError,
)
from counter_app.sync.device import device_id
from counter_app.sync.runner import SyncTarget, sync_once
from counter_app.sync.status import sync_status


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
