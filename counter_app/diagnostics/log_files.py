"""The desktop's log files: in the data folder, rotated, readable by IT without tools.

``logs/counter.log`` takes everything from INFO up, with UTC times; at 1 MB it
moves to ``counter.log.1`` and the oldest of five goes, so a counter PC never
fills its disk with logs. Nothing Counter logs holds a PIN, a token or a card
number (tests scan for them).
"""

import contextlib
import logging
import time
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FOLDER = "logs"
LOG_FILE = "counter.log"
MAX_BYTES = 1_000_000
FILES_KEPT = 5
LINE_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s]: %(message)s"


def log_folder(data_dir: Path) -> Path:
    """Where the log files (and the fatal-error log) of this data folder are."""
    return data_dir / LOG_FOLDER


class _UTCFormatter(logging.Formatter):
    """ISO 8601 times in UTC: a log read next to head office's means the same moment."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802 (logging's name)
        second = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        return f"{second}.{int(record.msecs):03d}Z"


def start_log_file(
    data_dir: Path, *, level: int = logging.INFO, max_bytes: int = MAX_BYTES
) -> Path | None:
    """Send this process's log records to the data folder's rotated log file.

    Returns the file, or None when the folder cannot be written (the records
    still go wherever logging sent them before). Calling it again for the same
    folder adds nothing.
    """
    path = log_folder(data_dir) / LOG_FILE
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == path:
            return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            path, maxBytes=max_bytes, backupCount=FILES_KEPT - 1, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setLevel(level)
    handler.setFormatter(_UTCFormatter(LINE_FORMAT))
    previous = root.getEffectiveLevel()
    if previous > level:
        # The handlers already there (the terminal's) keep showing only what they showed.
        for other in root.handlers:
            if other.level == logging.NOTSET:
                other.setLevel(previous)
        root.setLevel(level)
    root.addHandler(handler)
    return path


def stop_log_file(data_dir: Path) -> None:
    """Close the data folder's log file (when the desktop quits, and in tests)."""
    path = log_folder(data_dir) / LOG_FILE
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == path:
            root.removeHandler(handler)
            # On a full disk the last lines cannot be flushed; quitting must not fail for that.
            with contextlib.suppress(OSError):
                handler.close()


def last_lines(data_dir: Path, count: int) -> list[str]:
    """The newest ``count`` lines of the current log file (none if there is none)."""
    path = log_folder(data_dir) / LOG_FILE
    try:
        with path.open(encoding="utf-8", errors="replace") as file:
            lines = file.read().splitlines()
    except OSError:
        return []
    return lines[-count:]
