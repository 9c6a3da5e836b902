"""Crash reports: what IT needs when Counter meets an error it did not expect.

A report is a plain text file in the data folder's ``crash-reports`` folder:
when, which build, on what, the error with its traceback, and the last lines
of the log. It holds no locals (no typed values beyond what an error message
says) and is readable by its owner only. When the data folder cannot be
written, the report goes to the system's temporary folder, so it is never lost
for want of a place.

The fatal-error log (``logs/fatal.log``) catches what no handler sees: a
crash inside a native library writes the Python stack of every thread there.
"""

import faulthandler
import os
import tempfile
import traceback
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from counter_app.diagnostics.build_info import build_info
from counter_app.diagnostics.log_files import last_lines, log_folder

CRASH_FOLDER = "crash-reports"
FATAL_LOG = "fatal.log"
LOG_LINES_KEPT = 200

_fatal_log: TextIO | None = None


def crash_folder(data_dir: Path) -> Path:
    """Where the crash reports of this data folder are written."""
    return data_dir / CRASH_FOLDER


def report_text(
    error: BaseException, *, moment: datetime, context: Iterable[tuple[str, str]], log: list[str]
) -> str:
    """The report's words: a header IT can scan, the traceback, then the log's last lines."""
    facts = [
        ("Time", moment.astimezone(UTC).isoformat(timespec="seconds")),
        *build_info().lines(),
        *context,
    ]
    width = max(len(label) for label, _ in facts)
    lines = ["Counter crash report", ""]
    lines += [f"{label + ':':<{width + 1}} {value}" for label, value in facts]
    lines += ["", "Error:", ""]
    lines += "".join(traceback.format_exception(error)).rstrip("\n").splitlines()
    lines += ["", f"Last {len(log)} lines of the log:", "", *log]
    return "\n".join(lines) + "\n"


def _write_new(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    # O_EXCL: two crashes in the same second get two files; 0o600: the owner only.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    return path


def write_crash_report(
    data_dir: Path,
    error: BaseException,
    *,
    context: Iterable[tuple[str, str]] = (),
    now: datetime | None = None,
) -> Path:
    """Write a report of ``error`` and return where it is.

    ``context`` adds (label, value) facts the caller knows (the Qt version, the
    screen shown). The data folder's ``crash-reports`` is tried first, then
    the system's temporary folder.
    """
    moment = now or datetime.now(UTC)
    text = report_text(
        error, moment=moment, context=list(context), log=last_lines(data_dir, LOG_LINES_KEPT)
    )
    stamp = moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    for folder in (crash_folder(data_dir), Path(tempfile.gettempdir()) / "counter-crash-reports"):
        for attempt in range(100):
            name = f"crash-{stamp}.txt" if attempt == 0 else f"crash-{stamp}-{attempt}.txt"
            try:
                return _write_new(folder, name, text)
            except FileExistsError:
                continue
            except OSError:
                break
    raise OSError("no folder could take the crash report")


def enable_fatal_error_log(data_dir: Path) -> Path | None:
    """Have a native crash write every thread's Python stack to ``logs/fatal.log``.

    Returns the file, or None when it cannot be opened. The file stays open for
    the life of the process, as the fault handler needs.
    """
    global _fatal_log
    path = log_folder(data_dir) / FATAL_LOG
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        opened = path.open("a", encoding="utf-8")
    except OSError:
        return None
    if _fatal_log is not None:
        _fatal_log.close()
    _fatal_log = opened
    faulthandler.enable(file=opened, all_threads=True)
    return path


def disable_fatal_error_log() -> None:
    """Stop writing native crashes to the fatal-error log and close it (the desktop quits)."""
    global _fatal_log
    if _fatal_log is None:
        return
    faulthandler.disable()
    _fatal_log.close()
    _fatal_log = None
