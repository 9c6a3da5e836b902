"""One sync pass (push, then pull), and the loop that runs passes in the background.

The loop retries with exponential backoff and full jitter (tenacity) while
head office is unreachable or busy, so a hundred stores coming back online
together do not all knock at once; "Sync now" wakes it at any time.
"""

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import select
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_any,
    stop_when_event_set,
    wait_random_exponential,
)

from counter_app.domain.sync_protocol import Feed
from counter_app.i18n import say
from counter_app.sync.device import device_id
from counter_app.sync.errors import HeadOfficeUnavailableError, SyncError
from counter_app.sync.feed_appliers import FEED_APPLIERS
from counter_app.sync.pull import FeedApplier, PullReport, pull_feeds
from counter_app.sync.push import DEFAULT_BATCH_SIZE, PushReport, push_waiting
from counter_app.sync.status import record_pass
from db.store.database import StoreDatabase
from db.store.models import Store

log = logging.getLogger("counter.sync")

DEFAULT_INTERVAL_SECONDS = 60.0
MAX_BACKOFF_SECONDS = 300.0


class SyncNotConfiguredError(SyncError):
    """No head-office address or token: nothing to sync with yet."""


@dataclass(frozen=True)
class SyncTarget:
    """Where to sync and as whom."""

    url: str
    token: str = field(repr=False)


@dataclass(frozen=True)
class SyncPassReport:
    """What one pass sent and received."""

    pushed: PushReport
    pulled: PullReport


def _store_code(database: StoreDatabase) -> str:
    with database.read() as session:
        store = session.exec(select(Store)).first()
    if store is None:
        raise SyncNotConfiguredError(say("No store is set up in this database yet."))
    return store.code


def sync_once(
    database: StoreDatabase,
    target: SyncTarget,
    *,
    data_dir: Path | None = None,
    appliers: Mapping[Feed, FeedApplier] | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> SyncPassReport:
    """Push every waiting event, then pull every feed; the outcome is recorded for the status.

    Raises:
        SyncNotConfiguredError: no URL or token.
        HeadOfficeUnavailableError: offline or busy (what got through stays through).
        HeadOfficeRefusedError: the token was refused.
    """
    if not target.url or not target.token:
        raise SyncNotConfiguredError(
            say("Head office is not set up: a manager enters its address and token in Settings.")
        )
    # httpx loads with the client on the first pass, on the sync's thread, not at start-up.
    from counter_app.sync.client import HeadOfficeClient

    chosen = FEED_APPLIERS if appliers is None else appliers
    code = _store_code(database)
    device = device_id(database)
    try:
        with HeadOfficeClient(target.url, target.token, code) as client:
            client.identity()  # reachable, and the token is this store's, before anything else
            pushed = push_waiting(
                database, client, device=device, data_dir=data_dir, batch_size=batch_size
            )
            pulled = pull_feeds(database, client, chosen)
    except SyncError as error:
        record_pass(database, error=str(error))
        raise
    record_pass(database, error=None)
    return SyncPassReport(pushed, pulled)


class BackgroundSync:
    """Runs passes on a thread of its own until stopped; never touches the UI.

    Args:
        run_pass: one pass (``sync_once`` bound to a database and target).
        interval: seconds between passes when all is well.
    """

    def __init__(
        self,
        run_pass: Callable[[], object],
        *,
        interval: float = DEFAULT_INTERVAL_SECONDS,
        max_backoff: float = MAX_BACKOFF_SECONDS,
    ) -> None:
        self._run_pass = run_pass
        self._interval = interval
        self._max_backoff = max_backoff
        self._jitter = wait_random_exponential(multiplier=2, max=max_backoff)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the loop (once)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="counter-sync", daemon=True)
            self._thread.start()

    def sync_now(self) -> None:
        """Run a pass as soon as the current one (or the wait) ends."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after the pass under way, waiting up to ``timeout`` seconds."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _sleep(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    def _wait(self, state: RetryCallState) -> float:
        """Jittered exponential backoff, but never sooner than head office asked (Retry-After)."""
        jittered = float(self._jitter(state))
        error = state.outcome.exception() if state.outcome is not None else None
        asked = getattr(error, "retry_after", None)
        if isinstance(asked, int | float) and asked > jittered:
            return min(float(asked), self._max_backoff)
        return jittered

    def _pass_unless_stopped(self) -> object:
        """One pass, unless ``stop()`` came during the wait before it.

        tenacity checks its stop condition only after a failed attempt, so a
        stop during a backoff would otherwise run one more pass first (up to
        a whole read timeout against a hanging head office).
        """
        if self._stop.is_set():
            return None
        return self._run_pass()

    def _loop(self) -> None:
        while not self._stop.is_set():
            retrying = Retrying(
                retry=retry_if_exception_type(HeadOfficeUnavailableError),
                wait=self._wait,
                stop=stop_any(stop_when_event_set(self._stop)),
                sleep=self._sleep,
                before_sleep=_log_backoff,
                reraise=True,
            )
            try:
                retrying(self._pass_unless_stopped)
            except SyncError as error:
                log.warning("sync pass failed: %s", error)
            except Exception:
                log.exception("sync pass failed with a bug")
            if not self._stop.is_set():
                self._sleep(self._interval)


def _log_backoff(state: RetryCallState) -> None:
    wait = state.next_action.sleep if state.next_action else 0
    log.info("head office unavailable; next try in %.0f s (attempt %d)", wait, state.attempt_number)
