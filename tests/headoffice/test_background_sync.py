"""The background loop: it backs off while head office is down and drains once it is back."""

import logging
import sys
import threading
from typing import TypeVar, cast

import pytest
from headoffice_harness import HeadOfficeServer, SyncingStore, wait_until, write_events
from tenacity import RetryCallState, Retrying

from counter_app.sync.client import HeadOfficeUnavailableError
from counter_app.sync.runner import BackgroundSync, SyncPassReport, SyncTarget, sync_once
from counter_app.sync.status import sync_status

_Value = TypeVar("_Value")
THREAD_NAME = "counter-sync"


def sync_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == THREAD_NAME]


class CountedPasses:
    """``sync_once`` for one store, counting the passes begun and their outcomes."""

    def __init__(self, store: SyncingStore, url: str) -> None:
        self.store = store
        self.target = SyncTarget(url=url, token=store.token)
        self.begun = 0
        self.succeeded = 0
        self.begun_after_stop = 0
        self.stop_asked = threading.Event()

    def __call__(self) -> SyncPassReport:
        self.begun += 1
        if self.stop_asked.is_set():
            self.begun_after_stop += 1
        report = sync_once(self.store.database, self.target, batch_size=100)
        self.succeeded += 1
        return report


def _backoffs(caplog: pytest.LogCaptureFixture) -> list[tuple[float, int]]:
    """(wait in seconds, attempt number) of each logged backoff."""
    found: list[tuple[float, int]] = []
    for record in caplog.records:
        if record.name == "counter.sync" and str(record.msg).startswith("head office unavailable"):
            wait, attempt = cast("tuple[float, int]", record.args)
            found.append((float(wait), int(attempt)))
    return found


def test_the_loop_backs_off_while_head_office_is_down_and_drains_when_it_is_back(
    dedicated_head_office: HeadOfficeServer,
    syncing_store: SyncingStore,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="counter.sync")
    server = dedicated_head_office  # its port is chosen, nothing listens there yet
    passes = CountedPasses(syncing_store, server.url)
    loop = BackgroundSync(passes, interval=3600, max_backoff=0.25)
    waiting = syncing_store.waiting()
    loop.start()
    try:
        # start() came back at once: the loop runs on its own thread, nothing sent yet.
        assert len(sync_threads()) == 1
        wait_until(lambda: passes.begun, lambda begun: begun >= 4)
        assert passes.succeeded == 0
        assert syncing_store.waiting() == waiting
        backoffs = _backoffs(caplog)
        assert len(backoffs) >= 3
        assert [attempt for _, attempt in backoffs[:3]] == [1, 2, 3]
        assert all(0 <= wait <= 0.25 for wait, _ in backoffs)
        assert len({wait for wait, _ in backoffs}) > 1, "the waits are jittered"

        server.start()  # the network is back: the same loop drains without a restart
        wait_until(syncing_store.waiting, lambda left: left == 0)
        wait_until(lambda: passes.succeeded, lambda succeeded: succeeded >= 1)
        held = [event_id for event_id, _ in server.events_of(syncing_store.code)]
        assert held == syncing_store.deliverable_ids()

        # The loop now waits an hour; "Sync now" sends new events at once.
        write_events(syncing_store.database, 30)
        assert syncing_store.waiting() == 30
        loop.sync_now()
        wait_until(syncing_store.waiting, lambda left: left == 0)
        held = [event_id for event_id, _ in server.events_of(syncing_store.code)]
        assert held == syncing_store.deliverable_ids()
    finally:
        passes.stop_asked.set()
        loop.stop()
    assert sync_threads() == []


def test_stop_during_a_backoff_starts_no_further_pass(
    dedicated_head_office: HeadOfficeServer, syncing_store: SyncingStore
) -> None:
    passes = CountedPasses(syncing_store, dedicated_head_office.url)  # nothing listens
    loop = BackgroundSync(passes, interval=3600, max_backoff=3600)
    loop.start()
    try:
        wait_until(lambda: passes.begun, lambda begun: begun >= 1)
        # The first pass failed at once (connection refused); the loop now waits.
        wait_until(
            lambda: sync_status(syncing_store.database).online, lambda online: online is False
        )
    finally:
        passes.stop_asked.set()
        loop.stop()
    assert sync_threads() == []
    assert passes.begun_after_stop == 0


def test_the_wait_is_never_shorter_than_head_office_asked_for() -> None:
    loop = BackgroundSync(lambda: None, max_backoff=60.0)

    def wait_after(error: Exception) -> float:
        state = RetryCallState(Retrying(), fn=None, args=(), kwargs={})
        try:
            raise error
        except Exception:
            state.set_exception(sys.exc_info())  # type: ignore[arg-type]
        return loop._wait(state)

    asked = HeadOfficeUnavailableError("busy", retry_after=30)
    assert all(wait_after(asked) == 30.0 for _ in range(20))
    capped = HeadOfficeUnavailableError("busy", retry_after=3600)
    assert wait_after(capped) == 60.0
    plain = [wait_after(HeadOfficeUnavailableError("offline")) for _ in range(20)]
    assert all(0 <= wait <= 60.0 for wait in plain)
    assert len(set(plain)) > 1  # jittered, not a fixed wait
