"""The desktop's housekeeping: the daily backup; after a day close, the erasure and a backup.

All of it runs on one worker thread, one job after another: a backup of a big
store takes seconds, and erasing customers' details rewrites the search index,
so the counter never waits for either. After a close, the erasure the
retention setting asks for comes first, so the day's backup no longer holds
what was erased. A job that fails is logged and tried again the next time; a
backup that fails is also told (``backup_failed``), so the status bar can warn
until one succeeds. `counter-app backup` and `counter-app customers purge` are
there for IT.
"""

import logging
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from counter_app.services import backups
from counter_app.services.database import StoreDatabase
from counter_app.services.personal_data import PurgeReport, purge_personal_data
from counter_app.services.staff import SignedIn
from ui.workers import BackgroundTasks

log = logging.getLogger("counter.ui")

DAILY_BACKUP_DELAY_MS = 3000


class Housekeeping(QObject):
    """Backups and the retention's erasure for one store database, off the UI thread.

    Signals:
        backed_up(object): the path of a backup just written (None when none was due).
        erased(object): the :class:`PurgeReport` of an erasure after a day close.
        backup_failed(str): why a backup could not be made, in the clerk's words.
    """

    backed_up = Signal(object)
    erased = Signal(object)
    backup_failed = Signal(str)

    def __init__(
        self,
        *,
        database: StoreDatabase,
        keep: int = backups.DEFAULT_KEEP,
        zone: tzinfo = UTC,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._data_dir: Path = database.path.parent
        self._keep = keep
        self._zone = zone
        self.tasks = BackgroundTasks(self, threads=1)

    def daily_backup_soon(self, delay_ms: int = DAILY_BACKUP_DELAY_MS) -> None:
        """Make today's backup, if not made yet, a moment after the window shows."""
        QTimer.singleShot(delay_ms, self, self.daily_backup_now)

    def daily_backup_now(self) -> None:
        """Make today's backup now unless one was made today (store's local day)."""
        data_dir, keep, zone = self._data_dir, self._keep, self._zone
        self.tasks.start(
            lambda: backups.daily_backup_if_due(data_dir, datetime.now(UTC), keep=keep, zone=zone),
            on_success=self._backed_up,
            on_failure=self._backup_failed,
        )

    def after_day_close(self, manager: SignedIn) -> None:
        """Erase what the retention says is due, as the manager who closed, then back up."""
        database = self._database
        self.tasks.start(
            lambda: purge_personal_data(database=database, staff=manager),
            on_success=self._erased,
            on_failure=self._failed,
        )
        data_dir, keep, zone = self._data_dir, self._keep, self._zone
        self.tasks.start(
            lambda: backups.backup_after_day_close(
                data_dir, datetime.now(UTC), keep=keep, zone=zone
            ),
            on_success=self._backed_up,
            on_failure=self._backup_failed,
        )

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until the running jobs have finished (when the app quits, and in tests)."""
        return self.tasks.wait_for_done(msecs)

    def _backed_up(self, made: object) -> None:
        if made is not None:
            log.info("automatic backup written to %s", made)
        self.backed_up.emit(made)

    def _erased(self, report: PurgeReport) -> None:
        if report.customers:
            log.info("erased the personal details of %d customers", report.customers)
        self.erased.emit(report)

    def _backup_failed(self, problem: Exception) -> None:
        self._failed(problem)
        self.backup_failed.emit(str(problem))

    def _failed(self, problem: Exception) -> None:
        log.warning("housekeeping did not finish: %s", problem)
