"""The peak memory benchmark runs end to end on a small store and prints both processes.

Memory is not judged (the issue gives no target, and it varies with the machine): one
round on a 2,000-case store must print the bare window's and Counter's peak and
current resident sets, Counter above the bare window, with "-" for target and result.
"""

import re
from pathlib import Path

import pytest
from bench_runs import run

ROW = re.compile(
    r"^\| (?P<name>bare PySide6 window|Counter, store open, case list shown) "
    r"\| (?P<peak>\d+\.\d) MiB \| (?P<peak_max>\d+\.\d) MiB \| (?P<now>\d+\.\d) MiB "
    r"\| (?P<ratio>\d+\.\d+)x \| - \| - \|$",
    re.MULTILINE,
)


@pytest.mark.slow
def test_peak_memory_benchmark_prints_both_processes(small_store: Path) -> None:
    result = run("-m", "bench.peak_memory", "--store", str(small_store), "--rounds", "1")

    assert result.returncode == 0, result.stderr
    rows = {match["name"]: match for match in ROW.finditer(result.stdout)}
    assert set(rows) == {"bare PySide6 window", "Counter, store open, case list shown"}, (
        result.stdout
    )
    bare, counter = rows["bare PySide6 window"], rows["Counter, store open, case list shown"]
    for row in rows.values():
        assert float(row["now"]) > 0
        assert float(row["peak"]) > 0
        assert float(row["peak_max"]) >= float(row["peak"])
        assert float(row["peak"]) >= float(row["now"]) - 0.1  # the peak is never below now
    assert float(counter["peak"]) > float(bare["peak"])  # Counter does more than an empty window
    ratio = float(counter["peak"]) / float(bare["peak"])
    assert float(counter["ratio"]) == pytest.approx(ratio, rel=0.01, abs=0.01)
    assert "1 rounds" in result.stdout
    shown = re.search(r"Find case showing (?P<rows>[\d,]+) rows", result.stdout)
    assert shown is not None, result.stdout
    assert int(shown["rows"].replace(",", "")) == 150  # three pages of 50 of 2,000 cases
    assert re.search(r"\(\d+\.\d (MiB|GiB) on disk\), 2,\d{3} cases", result.stdout)


def test_peak_memory_benchmark_refuses_zero_rounds_before_touching_a_store(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "no-store"

    result = run("-m", "bench.peak_memory", "--rounds", "0", "--store", str(folder), timeout=120)

    assert result.returncode == 2
    assert "--rounds must be at least 1" in result.stderr
    assert result.stdout == ""
    assert not folder.exists()
