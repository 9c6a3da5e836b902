"""The desktop's automatic backups: the day's backup after start, and one after the day is closed.

Both run on a worker thread: a backup of a big store takes seconds, and the
counter must not wait for it. A backup that cannot be made is logged; the
next start tries again, and `counter-app backup` is there for IT.
"""

import logging
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from counter_app.services import backups
from ui.workers import BackgroundTasks

log = logging.getLogger("counter.ui")

DAILY_BACKUP_DELAY_MS = 3000


class BackupRunner(QObject):
    """Makes the automatic backups of one data folder, one at a time, off the UI thread.

    Signals:
        made(object): the path of a backup just written (None when none was due).
    """

    made = Signal(object)

    def __init__(
        self,
        *,
        data_dir: Path,
        keep: int = backups.DEFAULT_KEEP,
        zone: tzinfo = UTC,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self._keep = keep
        self._zone = zone
        self.tasks = BackgroundTasks(self, threads=1)

    def daily_soon(self, delay_ms: int = DAILY_BACKUP_DELAY_MS) -> None:
        """Make today's backup, if not made yet, a moment after the window shows."""
        QTimer.singleShot(delay_ms, self, self.daily_now)

    def daily_now(self) -> None:
        """Make today's backup now unless one was made today (store's local day)."""
        data_dir, keep, zone = self._data_dir, self._keep, self._zone
        self.tasks.start(
            lambda: backups.daily_backup_if_due(data_dir, datetime.now(UTC), keep=keep, zone=zone),
            on_success=self._done,
            on_failure=self._failed,
        )

    def after_day_close(self, _closed: object = None) -> None:
        """Back up the day just closed: the copy to keep for that day."""
        data_dir, keep, zone = self._data_dir, self._keep, self._zone
        self.tasks.start(
            lambda: backups.backup_after_day_close(
                data_dir, datetime.now(UTC), keep=keep, zone=zone
            ),
            on_success=self._done,
            on_failure=self._failed,
        )

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until a running backup has finished (when the app quits, and in tests)."""
        return self.tasks.wait_for_done(msecs)

    def _done(self, made: object) -> None:
        if made is not None:
            log.info("automatic backup written to %s", made)
        self.made.emit(made)

    def _failed(self, problem: Exception) -> None:
        log.warning("the automatic backup was not made: %s", problem)
