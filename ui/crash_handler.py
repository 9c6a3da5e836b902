"""Errors nothing caught: a report file for IT, a calm message for the clerk, then Counter closes.

Every change Counter makes is one transaction, so what was saved before the
error is whole; what the screen held after it is not to be trusted, so Counter
closes rather than carry on. The report is written wherever the error
happened; the message is shown on the GUI thread, once, however many errors
follow the first.
"""

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import PySide6
from PySide6.QtCore import QObject, Qt, Signal, qVersion
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from counter_app.diagnostics.crash_reports import write_crash_report
from counter_app.diagnostics.log_files import log_folder

log = logging.getLogger("counter.ui")

# EX_SOFTWARE: the program met an internal error.
EXIT_CRASHED = 70


def _quit_application(code: int) -> None:
    QApplication.exit(code)


class CrashHandler(QObject):
    """Catches what nothing else did, on any thread, for one data folder.

    Signals:
        reported(str): a report was written (its path; empty when none could be).
    """

    reported = Signal(str)

    def __init__(
        self,
        data_dir: Path,
        *,
        quit_with: Callable[[int], None] = _quit_application,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self._quit_with = quit_with
        self._telling = False
        self._previous: tuple[object, object] | None = None
        # Queued: a report from a worker thread is told on the GUI thread.
        self.reported.connect(self._tell, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        """Take over ``sys.excepthook`` and ``threading.excepthook`` for this process."""
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle
        threading.excepthook = self._thread_error

    def uninstall(self) -> None:
        """Give the hooks back (when the desktop quits, and in tests)."""
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous  # type: ignore[assignment]
            self._previous = None

    def handle(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        """Log the error, write its report, and have the clerk told (an excepthook)."""
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            self._quit_with(EXIT_CRASHED)
            return
        self.reported.emit(self.report(kind, error, trace))

    def report(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> str:
        """Log the error and write its report; returns the report's path ("" if none)."""
        log.critical("unexpected error, Counter closes", exc_info=(kind, error, trace))
        try:
            return str(write_crash_report(self._data_dir, error, context=self._context()))
        except OSError:
            log.exception("the crash report could not be written")
            return ""

    def tell_now(self, path: str) -> None:
        """Show the message here and now, before any event loop runs (an error at start)."""
        self._telling = True
        CrashMessage.tell(path, logs=log_folder(self._data_dir))

    def _thread_error(self, failure: threading.ExceptHookArgs) -> None:
        if failure.exc_value is not None:
            self.handle(failure.exc_type, failure.exc_value, failure.exc_traceback)

    @staticmethod
    def _context() -> list[tuple[str, str]]:
        return [("Qt", f"{qVersion()} (PySide6 {PySide6.__version__})")]

    def _tell(self, path: str) -> None:
        if self._telling:
            return  # one message is enough; the later errors have their reports
        self._telling = True
        parent = QApplication.activeWindow()
        CrashMessage.tell(path, logs=log_folder(self._data_dir), parent=parent)
        self._quit_with(EXIT_CRASHED)


class CrashMessage(QMessageBox):
    """The clerk's message: what happened, that saved work is safe, and where the report is."""

    def __init__(self, path: str, *, logs: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle(self.tr("Counter must close"))
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(
            self.tr(
                "Counter met a problem it did not expect and must close. Everything "
                "already saved is safe; start Counter again to go on."
            )
        )
        if path:
            where = self.tr("A report for IT was written to:\n{path}").format(path=path)
        else:
            where = self.tr(
                "No report could be written; IT will find the log in:\n{folder}"
            ).format(folder=logs)
        self.setInformativeText(where)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = self.addButton(self.tr("Close Counter"), QMessageBox.ButtonRole.AcceptRole)
        self.setDefaultButton(close)

    @classmethod
    def tell(cls, path: str, *, logs: Path, parent: QWidget | None = None) -> None:
        """Show the message and wait until it is closed."""
        cls(path, logs=logs, parent=parent).exec()
