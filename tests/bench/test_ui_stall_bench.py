"""The UI stall benchmark runs end to end on PostgreSQL and a small store (figures not judged).

A benchmark measures; a test that held it to a time would fail on a busy machine, so
this only checks, with two rounds of a 200-event drain on a 2,000-case store, that both
rows come out with their longest stall, p99 and median gap, consistent with each other,
and that the verdict agrees with the 50 ms target.
"""

import re
from pathlib import Path

import pytest
from bench_runs import PG_URL, postgresql_problem, run
from sqlalchemy.engine import make_url

HEARTBEAT_MS = 5.0
IDLE_ROW = re.compile(
    r"^\| idle \(baseline\) \| (?P<stall>\d+\.\d+) ms \| (?P<p99>\d+\.\d+) ms "
    r"\| (?P<median>\d+\.\d+) ms \| 1\.00x \| - \| - \|$",
    re.MULTILINE,
)
LOADED_ROW = re.compile(
    r"^\| sync (?P<events>[\d,]+) events \+ search \| (?P<stall>\d+\.\d+) ms "
    r"\| (?P<p99>\d+\.\d+) ms \| (?P<median>\d+\.\d+) ms \| (?P<ratio>\d+\.\d+)x "
    r"\| 50 ms \| (?P<result>PASS|FAIL) \|$",
    re.MULTILINE,
)


@pytest.mark.slow
def test_ui_stall_benchmark_prints_idle_and_loaded_against_the_target(small_store: Path) -> None:
    problem = postgresql_problem()
    if problem is not None:
        pytest.skip(
            f"no PostgreSQL reachable at {make_url(PG_URL).render_as_string()} ({problem}); "
            "set COUNTER_TEST_PG_URL to one (CI always has it)"
        )

    result = run(
        "-m", "bench.ui_stall", "--store", str(small_store), "--pg-url", PG_URL,
        "--rounds", "2", "--events", "200", timeout=900,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    idle = IDLE_ROW.search(result.stdout)
    loaded = LOADED_ROW.search(result.stdout)
    assert idle is not None, result.stdout
    assert loaded is not None, result.stdout
    assert int(loaded["events"].replace(",", "")) == 200
    for row in (idle, loaded):
        assert float(row["median"]) > 0
        assert float(row["p99"]) >= float(row["median"])
        # The longest gap is at least the p99 gap; the stall is that gap less the interval.
        assert float(row["stall"]) >= float(row["p99"]) - HEARTBEAT_MS - 0.01
    ratio = float(loaded["stall"]) / max(float(idle["stall"]), 0.01)
    assert float(loaded["ratio"]) == pytest.approx(ratio, rel=0.02, abs=0.02)
    if float(loaded["stall"]) != 50.0:  # exactly 50.00 as printed may be either side of it
        assert loaded["result"] == ("PASS" if float(loaded["stall"]) < 50.0 else "FAIL")
    assert "2 rounds" in result.stdout
    assert re.search(r"searched '[^']+' \(common word\) and '[^']+' \(phone\)", result.stdout)
    # As the desktop does once its window is up.
    assert re.search(r"start-up's [\d,]+ objects frozen once the window was up", result.stdout)


@pytest.mark.slow
def test_ui_stall_benchmark_traces_stalls_and_collections(small_store: Path) -> None:
    problem = postgresql_problem()
    if problem is not None:
        pytest.skip(
            f"no PostgreSQL reachable at {make_url(PG_URL).render_as_string()} ({problem}); "
            "set COUNTER_TEST_PG_URL to one (CI always has it)"
        )

    result = run(
        "-m", "bench.ui_stall", "--store", str(small_store), "--pg-url", PG_URL,
        "--rounds", "1", "--events", "200", "--trace-stalls", "--without-freeze", timeout=900,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert LOADED_ROW.search(result.stdout) is not None, result.stdout
    assert re.search(r"^Garbage collections while loaded: \d+", result.stdout, re.MULTILINE)
    assert "Without the freeze: every garbage collection scanned" in result.stdout


def test_ui_stall_benchmark_refuses_zero_rounds_before_doing_anything(tmp_path: Path) -> None:
    folder = tmp_path / "no-store"

    result = run(
        "-m", "bench.ui_stall", "--rounds", "0", "--store", str(folder),
        "--pg-url", "postgresql://nobody@127.0.0.1:1/none", timeout=120,
    )  # fmt: skip

    assert result.returncode == 2
    assert "--rounds must be at least 1" in result.stderr
    assert result.stdout == ""
    assert not folder.exists()


def test_ui_stall_benchmark_says_when_postgresql_cannot_be_reached(small_store: Path) -> None:
    result = run(
        "-m", "bench.ui_stall", "--store", str(small_store),
        "--pg-url", "postgresql://nobody@127.0.0.1:1/none", timeout=120,
    )  # fmt: skip

    assert result.returncode == 2
    assert "PostgreSQL cannot be reached at" in result.stderr
    assert result.stdout == ""
