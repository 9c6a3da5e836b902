"""An interrupted `counter-app demo` leaves the data folder as it was, and can simply run again."""

import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from counter_app import cli

pytestmark = pytest.mark.slow


def _stores(database: Path) -> int:
    with closing(sqlite3.connect(database)) as raw:
        return int(raw.execute("SELECT count(*) FROM store").fetchone()[0])


def _sales_staged(staging: Path) -> int:
    try:
        with closing(sqlite3.connect(f"file:{staging}?mode=ro", uri=True, timeout=1)) as raw:
            return int(raw.execute("SELECT count(*) FROM sale").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_killed_demo_leaves_no_half_store_and_a_rerun_finishes(tmp_path: Path, capsys) -> None:
    data_dir = tmp_path / "data"
    staging = data_dir / ".demo-staging" / "counter.sqlite"
    child = subprocess.Popen(
        [sys.executable, "-m", "counter_app", "--data-dir", str(data_dir), "demo"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while _sales_staged(staging) == 0:  # wait until it is well into seeding
            assert child.poll() is None, "demo finished before it could be interrupted"
            assert time.monotonic() < deadline, "demo never started seeding sales"
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)

    assert _stores(data_dir / "counter.sqlite") == 0  # the real database never saw a half demo

    assert cli.main(["--data-dir", str(data_dir), "demo"]) == 0
    assert _stores(data_dir / "counter.sqlite") == 1
    assert not staging.parent.exists()
    assert cli.main(["--data-dir", str(data_dir), "db", "check"]) == 0
    assert "Integrity check: ok" in capsys.readouterr().out
