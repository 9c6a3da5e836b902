"""A counter PC can lose power or be killed at any moment: saved cases stay, whole.

A child process opens cases in a loop and prints each number as soon as
open_case returns. The parent kills it with SIGKILL at a random moment, then
checks that every printed case is there with its audit event and outbox row,
that nothing half-written is left, and that the file opens normally again.
"""

import os
import random
import signal
import subprocess
import sys
import time

import pytest

ROUNDS = 5
CASES_BEFORE_KILL = 30

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)"),
]


def _run_and_kill(seeded, script, delay, log):
    """Start a writer, wait for CASES_BEFORE_KILL saved cases, kill it after ``delay``."""
    printed = []
    with log.open("ab") as errors:
        child = subprocess.Popen(
            [
                sys.executable,
                str(script),
                str(seeded.folder),
                str(seeded.clerk.staff_id),
                str(seeded.store.id),
                "0",  # no limit: it runs until killed
            ],
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        try:
            assert child.stdout is not None
            while len(printed) < CASES_BEFORE_KILL:
                line = child.stdout.readline()
                if not line:
                    child.wait(timeout=10)
                    pytest.fail(f"the writer stopped early:\n{log.read_text()}")
                printed.append(line.strip())
            time.sleep(delay)
            os.kill(child.pid, signal.SIGKILL)
            rest = child.stdout.read()
            child.wait(timeout=10)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait(timeout=10)
            if child.stdout is not None:
                child.stdout.close()
    assert child.returncode == -signal.SIGKILL, "the writer must die by the kill, not finish"
    # A line cut off by the kill was never completely printed: only whole lines count.
    printed += [line for line in rest.splitlines(keepends=True) if line.endswith("\n")]
    return [number.strip() for number in printed]


def test_a_killed_writer_leaves_every_printed_case_whole(
    seeded, writer_script, tmp_path, check_consistent
):
    seeded.database.dispose()  # the parent holds no connection while the child writes
    rng = random.Random(20260614)
    delays = [0.0, *(rng.uniform(0.001, 0.06) for _ in range(ROUNDS - 1))]
    rng.shuffle(delays)
    printed_so_far: list[str] = []
    started = time.monotonic()

    for delay in delays:
        printed = _run_and_kill(seeded, writer_script, delay, tmp_path / "writer.log")
        assert len(printed) >= CASES_BEFORE_KILL
        assert len(set(printed)) == len(printed)
        printed_so_far += printed

        found = check_consistent(seeded.folder)

        missing = set(printed_so_far) - set(found["numbers"])
        assert not missing, f"printed as saved but not in the database: {sorted(missing)}"
        # At most the one case committed between its COMMIT and its print is unprinted.
        assert len(found["numbers"]) - len(printed_so_far) in (0, 1)
        printed_so_far = found["numbers"]
        assert found["customers"] >= 1

    assert len(printed_so_far) >= ROUNDS * CASES_BEFORE_KILL
    assert all(number.startswith("S012-20260614-") for number in printed_so_far)
    assert time.monotonic() - started < 60
