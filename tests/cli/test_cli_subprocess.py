"""The real process: ``python -m ui.main`` and the installed ``counter-app`` script.

Each start costs about a second, so only what in-process tests cannot show is here:
the exit status and streams a shell sees, with no traceback on the way out.
"""

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

COUNTER_APP = Path(sys.executable).with_name("counter-app")


def _run(argv, *, env=None, script=False):
    clean = {name: value for name, value in os.environ.items() if not name.startswith("COUNTER_")}
    clean.update(env or {})
    command = [str(COUNTER_APP), *argv] if script else [sys.executable, "-m", "ui.main", *argv]
    return subprocess.run(
        command, capture_output=True, text=True, env=clean, timeout=60, check=False
    )


def _one_clean_line(stream):
    assert len(stream.splitlines()) == 1, stream
    assert "Traceback" not in stream
    assert stream.startswith("counter-app")


def test_version_from_the_module():
    finished = _run(["--version"])
    assert finished.returncode == 0
    assert finished.stdout == f"counter-app {version('counter-app')}\n"
    assert finished.stderr == ""


@pytest.mark.skipif(not COUNTER_APP.exists(), reason="the console script is not installed")
def test_the_installed_script_refuses_an_unknown_option():
    finished = _run(["--bogus"], script=True)
    assert finished.returncode == 2
    assert finished.stdout == ""
    _one_clean_line(finished.stderr)
    assert "unrecognized arguments: --bogus" in finished.stderr


def test_a_data_dir_that_is_a_file_exits_1_with_one_line(tmp_path):
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("file")
    finished = _run(["--data-dir", str(not_a_folder), "db", "check"])
    assert finished.returncode == 1
    assert finished.stdout == ""
    _one_clean_line(finished.stderr)
    assert "is a file, not a folder" in finished.stderr


def test_a_bad_setting_from_the_environment_exits_1_with_one_line(tmp_path):
    finished = _run(
        ["db", "check"],
        env={"COUNTER_DATA_DIR": str(tmp_path / "data"), "COUNTER_LOCKOUT_MINUTES": "forever"},
    )
    assert finished.returncode == 1
    assert finished.stdout == ""
    _one_clean_line(finished.stderr)
    assert "COUNTER_LOCKOUT_MINUTES is not valid" in finished.stderr
