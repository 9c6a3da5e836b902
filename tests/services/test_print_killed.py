"""A counter PC can die while it queues and prints: every queued document prints, once.

A child process queues the documents of the demo store's cases one case after
another, sending the queue to a PDF-folder printer after each, and says each
job id as soon as it is queued. The parent kills it with SIGKILL at a random
moment, then sends what is left as the next start would. Every job the child
said was queued is then printed, each document lies in the printer's folder
exactly once and whole, and the queue holds nothing half-written that could
ever be sent.
"""

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from counter_app.services import printing
from counter_app.services.database import open_store_database
from counter_app.services.demo import seed_demo_store

DEMO_NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
JOBS_BEFORE_KILL = 4
SHORT_ROUNDS = 3
LONG_ROUNDS = 30
WORKER = """
import sys
from datetime import datetime, timedelta
from pathlib import Path
from counter_app.services import printing
from counter_app.services.database import open_store_database

data_dir = Path(sys.argv[1])
now = datetime.fromisoformat(sys.argv[2])
numbers = sys.argv[3:]
database = open_store_database(data_dir).database
for number in numbers:
    for job in printing.queue_case_documents(database=database, case_ref=number, now=now):
        print(job.job_id, flush=True)
    printing.print_pending(data_dir=data_dir, now=now + timedelta(minutes=1))
print("done", flush=True)
"""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)"),
]


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store, seeded once for this module."""
    folder = tmp_path_factory.mktemp("print-kill-demo") / "data"
    database = open_store_database(folder).database
    try:
        seed_demo_store(database=database, now=DEMO_NOW)
    finally:
        database.dispose()
    return folder


@pytest.fixture
def fresh_store(demo_template: Path, tmp_path: Path) -> Callable[[], Path]:
    """A new copy of the demo for each round, every document printing into ``out/``."""
    count = 0

    def make() -> Path:
        nonlocal count
        count += 1
        folder = tmp_path / f"round-{count}"
        shutil.copytree(demo_template, folder)
        out = str(folder / "out")
        (folder / "counter-settings.json").write_text(
            json.dumps(
                {
                    "printers": {
                        name: {"kind": "pdf_folder", "pdf_folder": out}
                        for name in ("receipt", "return_label", "voucher")
                    }
                }
            )
        )
        return folder

    return make


def _case_numbers(data_dir: Path) -> list[str]:
    with closing(sqlite3.connect(data_dir / "counter.sqlite")) as raw:
        return [row[0] for row in raw.execute("SELECT number FROM service_case ORDER BY number")]


def _queue_and_kill(data_dir: Path, delay: float) -> list[str]:
    """Run the worker, kill it ``delay`` s after JOBS_BEFORE_KILL jobs; the job ids it said."""
    numbers = _case_numbers(data_dir)
    child = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(data_dir), DEMO_NOW.isoformat(), *numbers],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    said: list[str] = []
    assert child.stdout is not None
    try:
        while len(said) < JOBS_BEFORE_KILL:
            line = child.stdout.readline()
            if not line:
                child.wait(timeout=30)
                pytest.fail(
                    f"the worker stopped early: {child.stderr.read() if child.stderr else ''}"
                )
            said.append(line.strip())
        time.sleep(delay)
        os.kill(child.pid, signal.SIGKILL)
        rest = child.stdout.read()
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=30)
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()
    assert child.returncode == -signal.SIGKILL, "the worker must die by the kill, not finish"
    said += [line.strip() for line in rest.splitlines(keepends=True) if line.endswith("\n")]
    return [job_id for job_id in said if job_id != "done"]


def _assert_every_job_prints_once(data_dir: Path, said: list[str]) -> int:
    """Send what is left, as the next start does; answers how many documents were checked."""
    later = DEMO_NOW + timedelta(hours=1)
    printing.print_pending(data_dir=data_dir, now=later, retry_now=True)
    assert printing.pending_jobs(data_dir) == []
    printed = {job.job_id: job for job in printing.printed_jobs(data_dir)}
    missing = set(said) - set(printed)
    assert not missing, f"queued but never printed: {sorted(missing)}"
    documents = sorted((data_dir / "out").glob("*.pdf"))
    # One file per printed job: a job sent again after the crash found its own file.
    assert len(documents) == len(printed)
    names = {path.name for path in documents}
    assert not [name for name in names if name.removesuffix(".pdf").endswith("-2")]
    for path in documents:
        content = path.read_bytes()
        assert content.startswith(b"%PDF-"), path
        assert content.rstrip().endswith(b"%%EOF"), path
    return len(documents)


def _rounds(fresh_store: Callable[[], Path], rounds: int, seed: int) -> tuple[int, int]:
    rng = random.Random(seed)
    jobs = documents = 0
    for _ in range(rounds):
        data_dir = fresh_store()
        said = _queue_and_kill(data_dir, rng.uniform(0.0, 0.4))
        jobs += len(said)
        documents += _assert_every_job_prints_once(data_dir, said)
    return jobs, documents


def test_printing_killed_at_random_moments_prints_every_job_once(fresh_store) -> None:
    jobs, documents = _rounds(fresh_store, SHORT_ROUNDS, seed=20261206)
    assert jobs >= SHORT_ROUNDS * JOBS_BEFORE_KILL
    assert documents >= jobs


@pytest.mark.long
def test_many_killed_print_runs_print_every_job_once(fresh_store) -> None:
    jobs, documents = _rounds(fresh_store, LONG_ROUNDS, seed=7)
    assert documents >= jobs >= LONG_ROUNDS * JOBS_BEFORE_KILL
