"""Sync under faults: whatever breaks, head office ends with every event exactly once.

Each test breaks something real (the server killed, the client killed, a
proxy resetting or stalling connections, two senders racing, a week
offline, a malformed event) and then checks the same thing: head office
holds every deliverable event of the store's outbox once, the report
tables counted each refund once, and nothing is left waiting.
"""

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import TypeVar

import pytest
from fault_proxy import Fault, FaultProxy
from headoffice_harness import HeadOfficeServer, SyncingStore, free_port, wait_until, write_events

from counter_app.services.database import open_store_database
from counter_app.sync.client import HeadOfficeClient, HeadOfficeUnavailableError
from counter_app.sync.device import device_id
from counter_app.sync.push import push_waiting
from counter_app.sync.runner import SyncPassReport, SyncTarget, sync_once
from counter_app.sync.status import set_aside_events, sync_status

_Value = TypeVar("_Value")


def _target(server: HeadOfficeServer | FaultProxy, store: SyncingStore) -> SyncTarget:
    return SyncTarget(url=server.url, token=store.token)


def held_ids(server: HeadOfficeServer, store: SyncingStore) -> list[str]:
    return [event_id for event_id, _ in server.events_of(store.code)]


def held_payments(server: HeadOfficeServer, store: SyncingStore) -> dict[str, int]:
    return {
        str(kind): int(total)
        for kind, total in server.sql(
            "SELECT p.kind, sum(p.amount_cents) FROM ho_payment p JOIN ho_store s "
            "ON s.id = p.store_id WHERE s.code = :code GROUP BY p.kind",
            code=store.code,
        )
    }


def assert_exactly_once(server: HeadOfficeServer, store: SyncingStore) -> None:
    """Head office holds every deliverable event once, in order; the store waits for nothing."""
    held = held_ids(server, store)
    expected = store.deliverable_ids()
    assert len(held) == len(set(held)), "an event is held twice"
    assert held == expected
    assert store.waiting() == 0
    assert held_payments(server, store) == store.payment_cents()


def waiting_split(server: HeadOfficeServer, store: SyncingStore) -> tuple[int, int]:
    """Of the events the store still waits on: how many head office lacks, how many it has."""
    waiting = {
        str(uuid.UUID(row[0]))
        for row in store.sql(
            "SELECT event_id FROM outbox WHERE sent_at IS NULL AND set_aside_at IS NULL"
        )
    }
    held = set(held_ids(server, store))
    return len(waiting - held), len(waiting & held)


def test_head_office_killed_mid_batch_then_restarted_loses_and_doubles_nothing(
    dedicated_head_office: HeadOfficeServer, syncing_store: SyncingStore
) -> None:
    server = dedicated_head_office
    server.start()
    write_events(syncing_store.database, 3000)
    total = len(syncing_store.event_ids())
    outcome: list[BaseException | SyncPassReport] = []

    def run_pass() -> None:
        try:
            outcome.append(
                sync_once(syncing_store.database, _target(server, syncing_store), batch_size=50)
            )
        except Exception as error:  # handed to the test thread to assert on
            outcome.append(error)

    sender = threading.Thread(target=run_pass)
    sender.start()
    try:
        wait_until(lambda: len(held_ids(server, syncing_store)), lambda held: held >= 300)
        server.kill()
    finally:
        sender.join(60)
    assert not sender.is_alive()
    assert len(outcome) == 1
    assert isinstance(outcome[0], HeadOfficeUnavailableError), outcome[0]
    assert sync_status(syncing_store.database).online is False

    server.start()  # the same port and database, after a hard stop
    missing, already_held = waiting_split(server, syncing_store)
    assert 0 < missing < total
    report = sync_once(syncing_store.database, _target(server, syncing_store), batch_size=500)
    assert (report.pushed.applied, report.pushed.duplicates) == (missing, already_held)
    assert_exactly_once(server, syncing_store)


def test_the_sync_command_killed_mid_batch_leaves_a_sound_store_that_resumes(
    head_office: HeadOfficeServer, syncing_store: SyncingStore, tmp_path: Path
) -> None:
    write_events(syncing_store.database, 4000)
    total = len(syncing_store.event_ids())
    syncing_store.database.dispose()
    token_file = tmp_path / "token.txt"
    token_file.write_text(syncing_store.token, encoding="utf-8")
    command = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "counter_app",
            "--data-dir",
            str(syncing_store.folder),
            "sync",
            "--url",
            head_office.url,
            "--token-file",
            str(token_file),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: len(held_ids(head_office, syncing_store)), lambda held: held > 0)
    finally:
        command.send_signal(signal.SIGKILL)
        command.wait(30)
    assert command.returncode == -signal.SIGKILL, "the command ended before it was killed"

    # A connection of its own, as the next start of Counter would open.
    with closing(sqlite3.connect(syncing_store.database.path)) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert syncing_store.database.integrity_problems() == []

    # Killed once head office held events: the store may or may not have written the first
    # acks yet (on a loaded machine the kill can land between the two), but never lost a row.
    waiting = syncing_store.waiting()
    assert 0 < waiting <= total
    report = sync_once(syncing_store.database, _target(head_office, syncing_store))
    # The batch in flight at the kill may still be committed by head office after it (the
    # server finishes a request whose client went away), so how the waiting rows split into
    # "applied" and "duplicate" depends on timing; together they are every waiting row.
    assert report.pushed.applied + report.pushed.duplicates == waiting
    assert_exactly_once(head_office, syncing_store)


def test_resets_timeouts_and_gateway_errors_leave_each_event_once(
    head_office: HeadOfficeServer, syncing_store: SyncingStore
) -> None:
    write_events(syncing_store.database, 300)
    total = len(syncing_store.event_ids())
    database = syncing_store.database
    with FaultProxy(head_office.port) as proxy:
        proxy.hold_seconds = 5.0
        via_proxy = _target(proxy, syncing_store)

        # Applied by head office, but the connection is reset before the acks arrive.
        proxy.inject([Fault.PASS, Fault.RESET_AFTER_APPLY])
        with pytest.raises(HeadOfficeUnavailableError, match="cannot be reached"):
            sync_once(database, via_proxy, batch_size=50)
        assert len(held_ids(head_office, syncing_store)) == 100
        assert syncing_store.waiting() == total - 50

        # Applied, but the answer comes later than the client waits.
        proxy.inject([Fault.PASS, Fault.DELAY_AFTER_APPLY])
        with (
            HeadOfficeClient(
                proxy.url, syncing_store.token, syncing_store.code, timeout=1.0
            ) as client,
            pytest.raises(HeadOfficeUnavailableError, match="did not answer in time"),
        ):
            push_waiting(database, client, device=device_id(database), batch_size=50)
        wait_until(lambda: len(held_ids(head_office, syncing_store)), lambda held: held == 150)
        assert syncing_store.waiting() == total - 100

        # A gateway's 500, and a 502 after head office applied the batch.
        proxy.inject([Fault.SERVER_ERROR])
        with pytest.raises(HeadOfficeUnavailableError, match="HTTP 500"):
            sync_once(database, via_proxy, batch_size=50)
        proxy.inject([Fault.PASS, Fault.BAD_GATEWAY_AFTER_APPLY])
        with pytest.raises(HeadOfficeUnavailableError, match="HTTP 502"):
            sync_once(database, via_proxy, batch_size=50)
        assert len(held_ids(head_office, syncing_store)) == 200
        proxy.inject([Fault.BAD_GATEWAY])
        with pytest.raises(HeadOfficeUnavailableError, match="HTTP 502"):
            sync_once(database, via_proxy, batch_size=50)
        assert syncing_store.waiting() == total - 150
        assert not proxy.faults, "every fault was met by a request"

        report = sync_once(database, via_proxy, batch_size=50)
    assert (report.pushed.applied, report.pushed.duplicates) == (total - 200, 50)
    assert sync_status(database).online is True
    assert_exactly_once(head_office, syncing_store)


def _race(passes: list[Callable[[], object]]) -> list[BaseException]:
    """Run the passes at the same moment on threads of their own; the errors they raised."""
    start = threading.Barrier(len(passes))
    errors: list[BaseException] = []

    def run(one_pass: Callable[[], object]) -> None:
        start.wait()
        try:
            one_pass()
        except Exception as error:  # collected for the test to assert on
            errors.append(error)

    threads = [threading.Thread(target=run, args=(one_pass,)) for one_pass in passes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def _drain(store: SyncingStore, target: SyncTarget) -> None:
    """Passes until nothing waits (a race may have left head office busy for a moment)."""
    for _ in range(5):
        try:
            sync_once(store.database, target)
        except HeadOfficeUnavailableError:
            continue
        if store.waiting() == 0:
            return
    raise AssertionError(f"{store.waiting()} event(s) still waiting after five passes")


def test_two_senders_of_one_store_database_racing_deliver_each_event_once(
    head_office: HeadOfficeServer, syncing_store: SyncingStore
) -> None:
    write_events(syncing_store.database, 1500)
    target = _target(head_office, syncing_store)
    other = open_store_database(syncing_store.folder).database
    try:
        errors = _race(
            [
                lambda: sync_once(syncing_store.database, target, batch_size=40),
                lambda: sync_once(other, target, batch_size=40),
            ]
        )
    finally:
        other.dispose()
    # Head office may answer one of them "busy, send it again" (503) while the other writes.
    assert all(isinstance(error, HeadOfficeUnavailableError) for error in errors), errors
    _drain(syncing_store, target)
    assert_exactly_once(head_office, syncing_store)


def test_two_sync_commands_on_one_store_racing_deliver_each_event_once(
    head_office: HeadOfficeServer, syncing_store: SyncingStore, tmp_path: Path
) -> None:
    write_events(syncing_store.database, 1500)
    syncing_store.database.dispose()
    token_file = tmp_path / "token.txt"
    token_file.write_text(syncing_store.token, encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "counter_app",
        "--data-dir",
        str(syncing_store.folder),
        "sync",
        "--url",
        head_office.url,
        "--token-file",
        str(token_file),
    ]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in "ab"]
    outputs = [run.communicate(timeout=180) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode in (0, 2), (out + err).decode()
    _drain(syncing_store, _target(head_office, syncing_store))
    assert_exactly_once(head_office, syncing_store)


def test_two_copies_of_a_store_database_sending_the_same_events_deliver_each_once(
    head_office: HeadOfficeServer, syncing_store: SyncingStore, tmp_path: Path
) -> None:
    write_events(syncing_store.database, 1500)
    syncing_store.database.dispose()
    copy_folder = tmp_path / "second-counter-pc"
    shutil.copytree(syncing_store.folder, copy_folder)
    copy = SyncingStore(
        copy_folder,
        open_store_database(copy_folder).database,
        syncing_store.code,
        syncing_store.token,
    )
    try:
        assert copy.event_ids() == syncing_store.event_ids()
        target = _target(head_office, syncing_store)
        errors = _race(
            [
                lambda: sync_once(syncing_store.database, target, batch_size=40),
                lambda: sync_once(copy.database, target, batch_size=40),
            ]
        )
        assert all(isinstance(error, HeadOfficeUnavailableError) for error in errors), errors
        _drain(syncing_store, target)
        _drain(copy, target)
        assert_exactly_once(head_office, syncing_store)
        assert_exactly_once(head_office, copy)
    finally:
        copy.database.dispose()


@pytest.mark.slow
def test_a_week_offline_with_twenty_thousand_events_drains_when_the_network_returns(
    head_office: HeadOfficeServer, syncing_store: SyncingStore
) -> None:
    write_events(syncing_store.database, 20_000)
    total = len(syncing_store.event_ids())
    assert total >= 20_000
    offline = SyncTarget(url=f"http://127.0.0.1:{free_port()}", token=syncing_store.token)
    with pytest.raises(HeadOfficeUnavailableError, match="cannot be reached"):
        sync_once(syncing_store.database, offline, batch_size=500)
    assert syncing_store.waiting() == total
    assert held_ids(head_office, syncing_store) == []

    report = sync_once(syncing_store.database, _target(head_office, syncing_store), batch_size=500)
    assert (report.pushed.applied, report.pushed.duplicates) == (total, 0)
    assert report.pushed.batches == -(-total // 500)
    assert_exactly_once(head_office, syncing_store)


def test_a_poisoned_event_is_set_aside_and_the_events_after_it_still_go(
    head_office: HeadOfficeServer, syncing_store: SyncingStore
) -> None:
    opened = syncing_store.sql("SELECT seq, payload FROM outbox WHERE kind = 'case.opened'")
    poisoned_seq, payload = opened[len(opened) // 2]
    content = json.loads(payload)
    del content["data"]["id"]
    last_seq = syncing_store.sql("SELECT max(seq) FROM outbox")[0][0]
    unsendable_seq = syncing_store.sql(
        "SELECT seq FROM outbox WHERE kind = 'customer.added' ORDER BY seq LIMIT 1"
    )[0][0]
    with closing(sqlite3.connect(syncing_store.database.path)) as raw:
        raw.execute(
            "UPDATE outbox SET payload = ? WHERE seq = ?", (json.dumps(content), poisoned_seq)
        )
        raw.execute("UPDATE outbox SET kind = 'Customer Added!' WHERE seq = ?", (unsendable_seq,))
        raw.commit()
    assert poisoned_seq < last_seq
    assert unsendable_seq < last_seq

    report = sync_once(syncing_store.database, _target(head_office, syncing_store), batch_size=50)
    assert report.pushed.set_aside == 2
    aside = {event.seq: event.error for event in set_aside_events(syncing_store.database)}
    assert set(aside) == {poisoned_seq, unsendable_seq}
    assert "data.id" in aside[poisoned_seq]
    assert "kind" in aside[unsendable_seq]
    held = held_ids(head_office, syncing_store)
    assert held[-1] == syncing_store.event_ids()[-1]  # the events after them went
    assert_exactly_once(head_office, syncing_store)
    attempts = syncing_store.sql(
        "SELECT seq, attempts FROM outbox WHERE set_aside_at IS NOT NULL ORDER BY seq"
    )

    again = sync_once(syncing_store.database, _target(head_office, syncing_store))
    assert (again.pushed.sent, again.pushed.set_aside, again.pushed.batches) == (0, 0, 0)
    assert (
        syncing_store.sql(
            "SELECT seq, attempts FROM outbox WHERE set_aside_at IS NOT NULL ORDER BY seq"
        )
        == attempts
    )
    assert sync_status(syncing_store.database).set_aside == 2
    assert held_ids(head_office, syncing_store) == held


def test_a_refund_beyond_two_to_the_thirty_one_cents_reaches_head_office_intact(
    head_office: HeadOfficeServer, syncing_store: SyncingStore
) -> None:
    seq, payload = syncing_store.sql(
        "SELECT seq, payload FROM outbox WHERE kind = 'return.completed' ORDER BY seq LIMIT 1"
    )[0]
    content = json.loads(payload)
    content["data"]["payments"] = [{"kind": "refund", "tender": "card", "amount_cents": 3 * 10**9}]
    with closing(sqlite3.connect(syncing_store.database.path)) as raw:
        raw.execute("UPDATE outbox SET payload = ? WHERE seq = ?", (json.dumps(content), seq))
        raw.commit()
    sync_once(syncing_store.database, _target(head_office, syncing_store), batch_size=50)
    assert_exactly_once(head_office, syncing_store)
    assert held_payments(head_office, syncing_store)["refund"] > 3 * 10**9


@pytest.mark.parametrize("path", ["/me", "/events"])
def test_a_captive_portal_answering_200_is_head_office_unavailable(
    head_office: HeadOfficeServer, syncing_store: SyncingStore, path: str
) -> None:
    total = len(syncing_store.event_ids())
    with FaultProxy(head_office.port, pattern=path) as proxy:
        proxy.inject([Fault.PORTAL_AFTER_APPLY])
        with pytest.raises(HeadOfficeUnavailableError, match="does not understand"):
            sync_once(syncing_store.database, _target(proxy, syncing_store), batch_size=50)
        assert not proxy.faults
        assert syncing_store.waiting() == total
        status = sync_status(syncing_store.database)
        assert status.online is False
        assert "does not understand" in (status.last_attempt_error or "")
        sync_once(syncing_store.database, _target(proxy, syncing_store), batch_size=50)
    assert_exactly_once(head_office, syncing_store)
