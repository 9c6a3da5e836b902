"""Crash reports and the fatal-error log: written where IT looks, whatever happened."""

import json
import logging
import os
import stat
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import counter_app
from counter_app.diagnostics.build_info import build_info
from counter_app.diagnostics.crash_reports import (
    FATAL_LOG,
    crash_folder,
    write_crash_report,
)
from counter_app.diagnostics.log_files import log_folder, start_log_file, stop_log_file

MOMENT = datetime(2026, 12, 6, 10, 15, 30, tzinfo=UTC)


def _failing_step() -> None:
    raise ValueError("a total that cannot be")


def _error() -> ValueError:
    try:
        _failing_step()
    except ValueError as error:
        return error
    raise AssertionError("the step did not fail")


def test_a_report_holds_the_build_the_traceback_and_the_log(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    start_log_file(data_dir)
    logging.getLogger("counter.test").info("the clerk opened a return")
    stop_log_file(data_dir)

    path = write_crash_report(data_dir, _error(), context=[("Qt", "6.11.3")], now=MOMENT)

    assert path == crash_folder(data_dir) / "crash-20261206T101530Z.txt"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("Counter crash report\n")
    assert "Time:" in text
    assert "2026-12-06T10:15:30+00:00" in text
    assert f"Version:  {counter_app.__version__}" in text
    assert "Build:    from source" in text
    assert "Qt:       6.11.3" in text
    assert "in _failing_step" in text
    assert "ValueError: a total that cannot be" in text
    assert text.rstrip().endswith("the clerk opened a return")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_two_reports_in_the_same_second_are_two_files(tmp_path: Path) -> None:
    first = write_crash_report(tmp_path, _error(), now=MOMENT)
    second = write_crash_report(tmp_path, _error(), now=MOMENT)

    assert first != second
    assert first.is_file()
    assert second.is_file()


def test_a_data_folder_that_cannot_be_written_sends_the_report_to_the_temporary_folder(
    tmp_path: Path,
) -> None:
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("a file", encoding="utf-8")

    path = write_crash_report(not_a_folder, _error(), now=MOMENT)
    try:
        assert path.parent == Path(tempfile.gettempdir()) / "counter-crash-reports"
        assert "ValueError: a total that cannot be" in path.read_text(encoding="utf-8")
    finally:
        path.unlink()


def test_a_native_crash_leaves_every_threads_stack_in_the_fatal_log(tmp_path: Path) -> None:
    script = (
        "import faulthandler, sys\n"
        "from pathlib import Path\n"
        "from counter_app.diagnostics.crash_reports import enable_fatal_error_log\n"
        "enable_fatal_error_log(Path(sys.argv[1]))\n"
        "faulthandler._sigsegv()\n"
    )
    finished = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        check=False,
        timeout=60,
        env={**os.environ, "PYTHONFAULTHANDLER": ""},
    )

    assert finished.returncode != 0
    fatal = (log_folder(tmp_path) / FATAL_LOG).read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in fatal
    assert "Current thread" in fatal


def test_build_information_comes_from_the_built_folder_when_there_is_one(tmp_path: Path) -> None:
    recorded = tmp_path / "build-info.json"
    recorded.write_text(
        json.dumps(
            {"version": "0.1.0", "commit": "345d391", "built_at": "2026-12-06T09:30:00+00:00"}
        ),
        encoding="utf-8",
    )

    built = build_info(recorded)
    from_source = build_info(tmp_path / "missing.json")

    assert (built.commit, built.built_at) == ("345d391", datetime(2026, 12, 6, 9, 30, tzinfo=UTC))
    assert ("Build", "345d391, 2026-12-06T09:30:00+00:00") in built.lines()
    assert (from_source.commit, from_source.built_at) == (None, None)
    assert ("Build", "from source") in from_source.lines()
    assert built.version == from_source.version == counter_app.__version__
