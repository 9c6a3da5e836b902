"""A backup killed at a random moment leaves the live database whole and no false backup."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from counter_app.services import backups

BACKUP_LOOP = """
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from counter_app.services import backups

folder = Path(sys.argv[1])
start = datetime(2026, 6, 14, tzinfo=UTC)
print("ready", flush=True)
step = 0
while True:
    backups.make_backup(folder, start + timedelta(seconds=step), prefix=backups.DAILY_PREFIX)
    step += 1
"""


def _fingerprint(path: Path) -> tuple[list[tuple[str]], int, int]:
    with closing(sqlite3.connect(path)) as raw:
        return (
            raw.execute("PRAGMA integrity_check").fetchall(),
            raw.execute("SELECT count(*) FROM service_case").fetchone()[0],
            raw.execute("SELECT count(*) FROM auditevent").fetchone()[0],
        )


def _kill_during_backups(folder: Path, rounds: int, seed: int) -> tuple[int, int]:
    """SIGKILL a process making backups at ``rounds`` random moments.

    Returns the backups found and how many kills landed mid-copy (a partial file left).
    """
    script = folder.parent / "backup_loop.py"
    script.write_text(BACKUP_LOOP, encoding="utf-8")
    chance = random.Random(seed)
    live = folder / "counter.sqlite"
    before = _fingerprint(live)
    mid_copy = 0
    for _ in range(rounds):
        child = subprocess.Popen(
            [sys.executable, str(script), str(folder)], stdout=subprocess.PIPE, text=True
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(chance.uniform(0.0, 0.3))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()

        assert _fingerprint(live) == before
        mid_copy += any(backups.backup_folder(folder).glob("*.partial"))
        for partial in backups.backup_folder(folder).glob("*.partial"):
            partial.unlink()
        for listed in backups.list_backups(folder):
            check = backups.check_backup(listed.path)
            assert check.ok, check.problem
            assert check.cases == before[1]
    found = len(backups.list_backups(folder))
    # The next daily backup clears what a killed run left half-written.
    (backups.backup_folder(folder) / "counter-daily-20260614T000000Z.sqlite.partial").touch()
    backups.daily_backup_if_due(folder, datetime(2030, 1, 1, tzinfo=UTC), keep=3)
    assert not list(backups.backup_folder(folder).glob("*.partial"))
    print(f"{rounds} kills, {mid_copy} mid-copy, {found} complete backups checked")
    return found, mid_copy


def _padded(seeded) -> Path:
    """The seeded store with a few MB of extra pages, so a backup takes long enough to hit."""
    seeded.database.dispose()
    live = seeded.folder / "counter.sqlite"
    with closing(sqlite3.connect(live)) as raw:
        raw.execute("CREATE TABLE padding (blob BLOB)")
        raw.executemany("INSERT INTO padding VALUES (?)", [(os.urandom(4000),)] * 2000)
        raw.commit()
    return seeded.folder


@pytest.mark.slow
def test_killed_backups_short(seeded):
    found, _ = _kill_during_backups(_padded(seeded), rounds=4, seed=8)
    assert found > 0


@pytest.mark.long
def test_killed_backups_long(seeded):
    found, mid_copy = _kill_during_backups(_padded(seeded), rounds=40, seed=80)
    assert found > 0
    assert mid_copy > 0  # the kills did land inside copies, not only between them
