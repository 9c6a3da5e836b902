"""A counter PC can lose power in the middle of an upgrade: the next start finishes it.

A child process opens the oldest released store database, which upgrades it
(backup first, then every migration), and is killed with SIGKILL at a random
moment of that work. The parent then opens the same folder as the app would:
the upgrade completes, the file is whole, every row is still there, the audit
chain verifies and the cases are searchable.
"""

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from counter_app.services.audit import verify_audit_chain
from counter_app.services.database import open_store_database
from db.store.migrate import head_revision
from db.store.opening import DATABASE_FILENAME

OLDEST = Path(__file__).parent / "fixtures" / "store-schema-0001.sqlite"
KEPT_TABLES = ("store", "staff", "product", "sale", "saleline", "service_case", "caseline")
SHORT_ROUNDS = 6
LONG_ROUNDS = 60
# The child says when its imports are done, so the kill lands in the upgrade itself.
UPGRADER = """
import sys
from pathlib import Path
from counter_app.services.database import open_store_database
print("ready", flush=True)
sys.stdin.readline()
opened = open_store_database(Path(sys.argv[1]))
opened.database.dispose()
print("done", flush=True)
"""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)"),
]


def _counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as raw:
        return {
            table: raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in (*KEPT_TABLES, "auditevent")
        }


def _fresh_copy(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copy(OLDEST, folder / DATABASE_FILENAME)
    return folder


def _upgrade_in_child(folder: Path, kill_after: float | None) -> tuple[bool, float]:
    """Upgrade ``folder`` in a child; kill it ``kill_after`` seconds in (None: let it finish).

    Answers whether the child was killed before it finished, and how long it ran.
    """
    child = subprocess.Popen(
        [sys.executable, "-c", UPGRADER, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None
    assert child.stdout is not None
    try:
        assert child.stdout.readline().strip() == "ready"
        started = time.monotonic()
        child.stdin.write("go\n")
        child.stdin.flush()
        if kill_after is None:
            finished = child.stdout.readline().strip() == "done"
            child.wait(timeout=60)
            assert finished, child.stderr.read() if child.stderr else ""
            return False, time.monotonic() - started
        time.sleep(kill_after)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        return child.returncode == -signal.SIGKILL, time.monotonic() - started
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=30)
        for stream in (child.stdin, child.stdout, child.stderr):
            if stream is not None:
                stream.close()


def _assert_whole_and_upgraded(folder: Path, before: dict[str, int]) -> None:
    opened = open_store_database(folder)
    try:
        assert opened.database.integrity_problems() == []
        report = verify_audit_chain(database=opened.database)
    finally:
        opened.database.dispose()
    assert report.intact, report.broken
    path = folder / DATABASE_FILENAME
    with closing(sqlite3.connect(path)) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (head_revision(),)
        ]
        searchable = raw.execute("SELECT count(*) FROM case_search").fetchone()[0]
    counts = _counts(path)
    # Upgrading writes nothing of its own into the trail; every row of the old release stays.
    assert counts == before
    assert searchable == before["service_case"]


def _kill_rounds(tmp_path: Path, rounds: int, seed: int) -> int:
    before = _counts(OLDEST)
    # How long a whole upgrade takes here, so the kills spread over all of it: the quicker
    # of two, since a timing taken while the machine was busy would put kills past the end.
    whole = min(_upgrade_in_child(_fresh_copy(tmp_path / f"timing-{n}"), None)[1] for n in range(2))
    rng = random.Random(seed)
    killed = 0
    for round_number in range(rounds):
        folder = _fresh_copy(tmp_path / f"round-{round_number}")
        was_killed, _ = _upgrade_in_child(folder, rng.uniform(0.0, whole))
        killed += was_killed
        _assert_whole_and_upgraded(folder, before)
    return killed


def test_an_upgrade_killed_at_random_moments_completes_at_the_next_start(tmp_path: Path) -> None:
    killed = _kill_rounds(tmp_path, SHORT_ROUNDS, seed=20261206)
    assert killed >= SHORT_ROUNDS // 2, "most rounds must really be cut short by the kill"


@pytest.mark.long
def test_many_killed_upgrades_all_complete(tmp_path: Path) -> None:
    killed = _kill_rounds(tmp_path, LONG_ROUNDS, seed=7)
    assert killed >= LONG_ROUNDS // 2
