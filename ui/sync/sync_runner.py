"""The desktop's sync: head office reached on a thread of its own, its status read on a worker.

Owned by the main window. When this PC's settings name a head office and a
token, a :class:`BackgroundSync` pushes and pulls on its own thread (with
backoff while offline); saving other ones in Settings stops it and starts
another, the old one stopped on a worker so the UI never waits on the
network. The status bar's figures come from :func:`sync_status`, a cheap read
on a worker, every :data:`STATUS_INTERVAL_MS` and after every pass.
"""

import logging
import threading
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from counter_app.services.counter_settings import CounterSettings
from counter_app.services.database import StorageError, StoreDatabase
from counter_app.sync.runner import DEFAULT_INTERVAL_SECONDS, BackgroundSync, SyncTarget, sync_once
from counter_app.sync.status import SyncStatus, sync_status
from ui.workers import BackgroundTasks

log = logging.getLogger("counter.sync")

STATUS_INTERVAL_MS = 15_000
# How long quitting waits for a pass under way; the thread is a daemon after that.
STOP_WAIT_SECONDS = 5.0
# How often the UI thread looks whether a pass ended (a flag, no database read).
PASS_CHECK_MS = 250


@dataclass(frozen=True)
class SyncView:
    """What the status bar shows of sync.

    Attributes:
        configured: head office's address and token are both set.
        status: the figures of the last read, or None before the first one.
        syncing: a pass asked for with "Sync now" has not ended yet.
        problem: why the figures could not be read (the database), or None.
    """

    configured: bool
    status: SyncStatus | None
    syncing: bool = False
    problem: str | None = None


class SyncRunner(QObject):
    """Keeps a :class:`BackgroundSync` running for the settings in force, and reports how it goes.

    Signals:
        view_changed(SyncView): after every status read, and when sync starts or stops.
    """

    view_changed = Signal(object)

    def __init__(
        self,
        *,
        database: StoreDatabase,
        interval_seconds: float = DEFAULT_INTERVAL_SECONDS,
        status_interval_ms: int = STATUS_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._data_dir: Path = database.path.parent
        self._interval = interval_seconds
        self._target: SyncTarget | None = None
        self._background: BackgroundSync | None = None
        # The sync thread only sets this flag: no Qt object is touched or kept off the UI thread.
        self._pass_ended = threading.Event()
        self._pass_check = QTimer(self)
        self._pass_check.setInterval(PASS_CHECK_MS)
        self._pass_check.timeout.connect(self._check_pass_ended)
        # One thread each: stopping an old loop never overlaps starting the next; reads queue.
        self._control = BackgroundTasks(self, threads=1)
        self._reads = BackgroundTasks(self, threads=1)
        self._read_again = False
        self._syncing = False
        self.view = SyncView(configured=False, status=None)
        self.timer = QTimer(self)
        self.timer.setInterval(status_interval_ms)
        self.timer.timeout.connect(self.refresh)

    @property
    def configured(self) -> bool:
        """Whether head office's address and token are set."""
        return self._target is not None

    @property
    def running(self) -> bool:
        """Whether a sync loop is running (or about to, once the old one has stopped)."""
        return self._background is not None

    def start(self, settings: CounterSettings) -> None:
        """Sync with the head office ``settings`` name, and read the status on the timer."""
        self.timer.start()
        self._pass_check.start()
        self.apply_settings(settings)

    def apply_settings(self, settings: CounterSettings) -> None:
        """Restart sync when the address or token changed; stop it when either was cleared."""
        url = settings.head_office_url.strip()
        token = settings.head_office_token.get_secret_value()
        target = SyncTarget(url=url, token=token) if url and token else None
        if target == self._target and (target is None or self._background is not None):
            return
        self._target = target
        old, self._background = self._background, None
        if old is None:
            self._start_loop()
        else:
            # The old loop may be mid-pass on the network: wait for it off the UI thread.
            self._control.start(
                partial(old.stop, STOP_WAIT_SECONDS),
                on_success=lambda _: self._start_loop(),
                on_failure=self._stop_failed,
            )
        self._publish()
        self.refresh()

    def sync_now(self) -> None:
        """Sync as soon as the pass under way (or the wait) ends ("Sync now" and its key)."""
        if self._background is None:
            return
        self._syncing = True
        self._publish()
        self._background.sync_now()

    def stop(self) -> None:
        """Stop reading the status and stop syncing (the window is closing).

        Waits up to :data:`STOP_WAIT_SECONDS` for a pass under way: what it sent
        stays sent, and what it had not is sent at the next start.
        """
        self.timer.stop()
        self._pass_check.stop()
        self._target = None
        old, self._background = self._background, None
        if old is not None:
            old.stop(STOP_WAIT_SECONDS)
        self._control.wait_for_done(int(STOP_WAIT_SECONDS * 1000))
        self._reads.wait_for_done(int(STOP_WAIT_SECONDS * 1000))

    def refresh(self) -> None:
        """Read the status on a worker; asked while a read runs, one more follows it."""
        if self._reads.busy:
            self._read_again = True
            return
        self._reads.start(
            partial(sync_status, self._database),
            on_success=self._on_status,
            on_failure=self._on_status_failed,
        )

    # ------------------------------------------------------------------ on the UI thread

    def _start_loop(self) -> None:
        target = self._target
        if target is None or self._background is not None:
            return
        ended = self._pass_ended
        database, data_dir = self._database, self._data_dir

        def run_pass() -> None:
            try:
                sync_once(database, target, data_dir=data_dir)
            finally:
                ended.set()

        self._background = BackgroundSync(run_pass, interval=self._interval)
        self._background.start()
        self._publish()

    def _stop_failed(self, problem: Exception) -> None:
        log.exception("the old sync loop did not stop", exc_info=problem)
        self._start_loop()

    def _check_pass_ended(self) -> None:
        if self._pass_ended.is_set():
            self._pass_ended.clear()
            self._syncing = False
            self.refresh()

    def _on_status(self, status: SyncStatus) -> None:
        self.view = SyncView(self.configured, status, self._syncing)
        self.view_changed.emit(self.view)
        self._read_done()

    def _on_status_failed(self, problem: Exception) -> None:
        if not isinstance(problem, StorageError):
            self._read_done()
            raise problem  # a bug: let it show
        self.view = SyncView(self.configured, self.view.status, self._syncing, str(problem))
        self.view_changed.emit(self.view)
        self._read_done()

    def _read_done(self) -> None:
        if self._read_again:
            self._read_again = False
            self.refresh()

    def _publish(self) -> None:
        self.view = SyncView(self.configured, self.view.status, self._syncing, self.view.problem)
        self.view_changed.emit(self.view)
