"""The desktop's print runner: the print queue worked off the UI thread, one pass at a time.

Owned by the main window. A pass (:func:`printing.print_pending`) runs on a
worker every :data:`PASS_INTERVAL_MS` and right after a case is saved (or a day
closed); a pass asked for while one runs is done once that one ends, never
beside it. Queuing a case's documents (or a day's Z report) runs on the same
single worker thread, so a pass after it finds the new jobs. Nothing here waits
for a printer on the UI thread, and a printer's failure only ever becomes words
in :attr:`PrintRunner.status_changed`.
"""

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from counter_app.devices.base import DocumentPrinter
from counter_app.services import printing
from counter_app.services.database import StorageError, StoreDatabase
from counter_app.services.errors import ServiceError
from counter_app.services.printing import QueueStatus, Reason
from ui.printing.system_sender import SystemPrinterSender
from ui.workers import BackgroundTasks

log = logging.getLogger("counter.print")

PASS_INTERVAL_MS = 15_000


@dataclass(frozen=True)
class PrintingStatus:
    """The print queue at a glance, for the status bar.

    ``problem`` is the latest error in words: a printer's, or a queue that
    could not be written.
    """

    waiting: int
    failing: int
    problem: str | None


class PrintRunner(QObject):
    """Runs the print queue on one worker thread and reports how it stands.

    Signals:
        status_changed(PrintingStatus): after every pass and every queuing.
        queued(object): the jobs a :meth:`queue_case` or :meth:`queue_z_report` put in
            the queue (a list).
        not_queued(str): queuing failed (the data folder cannot be written, the day is
            not closed); the problem in words.
        pass_finished(object): the :class:`printing.PrintRun` of a pass that ended.
    """

    status_changed = Signal(object)
    queued = Signal(object)
    not_queued = Signal(str)
    pass_finished = Signal(object)

    def __init__(
        self,
        *,
        database: StoreDatabase,
        senders: Mapping[str, DocumentPrinter] | None = None,
        interval_ms: int = PASS_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._data_dir: Path = database.path.parent
        self._senders: dict[str, DocumentPrinter] = {
            "system": SystemPrinterSender(),
            **(senders or {}),
        }
        # One thread: queuing and passes never overlap, and a pass sees what was queued.
        self.tasks = BackgroundTasks(self, threads=1)
        self._running = False
        self._again: bool | None = None  # a pass asked for while one runs; True: retry now
        self._queue_problem: str | None = None
        self.status = PrintingStatus(waiting=0, failing=0, problem=None)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.run_pass)

    @property
    def running(self) -> bool:
        """Whether a pass is under way."""
        return self._running

    def start(self) -> None:
        """Print what an earlier session left queued, then keep passing on the timer."""
        self.timer.start()
        self.run_pass()

    def stop(self) -> None:
        """No more passes on the timer (the window is closing)."""
        self.timer.stop()

    def run_pass(self, retry_now: bool = False) -> None:
        """Send what is due; ``retry_now`` also sends failed jobs before their next try.

        Asked while a pass runs, one more pass follows it (with ``retry_now`` if any
        of the requests wanted it).
        """
        if self._running:
            self._again = bool(self._again) or retry_now
            return
        self._running = True
        self.tasks.start(
            partial(self._pass, retry_now),
            on_success=self._pass_done,
            on_failure=self._pass_failed,
        )

    def retry_now(self) -> None:
        """The clerk fixed the printer: send every waiting job now (the status bar's click)."""
        self.run_pass(retry_now=True)

    def queue_case(self, case_ref: uuid.UUID | str, reason: Reason = "completed") -> None:
        """Queue a case's documents on the worker, then run a pass; never fails the case."""
        self.tasks.start(
            partial(
                printing.queue_case_documents,
                database=self._database,
                case_ref=case_ref,
                reason=reason,
            ),
            on_success=self._queued,
            on_failure=self._not_queued,
        )

    def queue_z_report(self, day: date, reason: Reason = "completed") -> None:
        """Queue a closed day's Z report on the worker, then run a pass; never fails the close."""
        self.tasks.start(
            partial(self._queue_z_report, day, reason),
            on_success=self._queued,
            on_failure=self._not_queued,
        )

    # ------------------------------------------------------------------ on the worker

    def _queue_z_report(self, day: date, reason: Reason) -> list[printing.PrintJob]:
        return [printing.queue_z_report(database=self._database, day=day, reason=reason)]

    def _pass(self, retry_now: bool) -> tuple[printing.PrintRun, QueueStatus]:
        run = printing.print_pending(
            data_dir=self._data_dir, senders=self._senders, retry_now=retry_now
        )
        return run, printing.queue_status(self._data_dir)

    # ------------------------------------------------------------------ on the UI thread

    def _pass_done(self, answer: tuple[printing.PrintRun, QueueStatus]) -> None:
        run, status = answer
        self._finish_pass()
        self._show(status)
        self.pass_finished.emit(run)

    def _pass_failed(self, problem: Exception) -> None:
        # print_pending never raises for a printer: this is the data folder itself.
        log.exception("a print pass failed", exc_info=problem)
        self._finish_pass()
        self._queue_problem = str(problem)
        self._publish(self.status.waiting, self.status.failing)

    def _finish_pass(self) -> None:
        self._running = False
        again, self._again = self._again, None
        if again is not None:
            self.run_pass(retry_now=again)

    def _queued(self, jobs: list[printing.PrintJob]) -> None:
        self._queue_problem = None
        self.queued.emit(jobs)
        self.run_pass()

    def _not_queued(self, problem: Exception) -> None:
        if not isinstance(problem, ServiceError | StorageError):
            log.exception("documents could not be queued", exc_info=problem)
        self._queue_problem = str(problem)
        self.not_queued.emit(str(problem))
        self._publish(self.status.waiting, self.status.failing)

    def _show(self, status: QueueStatus) -> None:
        self._publish(status.waiting, status.failing, status.last_error)

    def _publish(self, waiting: int, failing: int, printer_error: str | None = None) -> None:
        self.status = PrintingStatus(
            waiting=waiting, failing=failing, problem=self._queue_problem or printer_error
        )
        self.status_changed.emit(self.status)
