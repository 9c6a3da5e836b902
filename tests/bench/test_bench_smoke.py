"""The rendering benchmark runs end to end and prints its comparison (its figures are not judged).

A benchmark measures; a test that held it to a time would fail on a busy
machine, so this only checks that three rounds run and that both documents'
ratios, with medians and p99s, come out in the table.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROW = re.compile(
    r"^\| (?P<name>receipt|return label) "
    r"\| (?P<median>\d+\.\d+) ms \| (?P<p99>\d+\.\d+) ms "
    r"\| (?P<bare_median>\d+\.\d+) ms \| (?P<bare_p99>\d+\.\d+) ms "
    r"\| (?P<ratio>\d+\.\d+)x \| 1\.50x \| (?P<result>PASS|FAIL) \|$",
    re.MULTILINE,
)


def benchmark(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bench.receipt_rendering", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
def test_rendering_benchmark_prints_both_ratios() -> None:
    result = benchmark("--rounds", "3")

    assert result.returncode == 0, result.stderr
    rows = {match["name"]: match for match in ROW.finditer(result.stdout)}
    assert set(rows) == {"receipt", "return label"}, result.stdout
    for row in rows.values():
        assert float(row["median"]) > 0
        assert float(row["bare_median"]) > 0
        assert float(row["p99"]) >= float(row["median"])
        ratio = float(row["median"]) / float(row["bare_median"])
        assert float(row["ratio"]) == pytest.approx(ratio, abs=0.01)
        if float(row["ratio"]) != 1.5:  # exactly 1.50 as printed may be either side of it
            assert row["result"] == ("PASS" if float(row["ratio"]) < 1.5 else "FAIL")
    assert "3 rounds" in result.stdout


def test_rendering_benchmark_refuses_zero_rounds_before_seeding_anything() -> None:
    result = benchmark("--rounds", "0")

    assert result.returncode == 2
    assert "--rounds must be at least 1" in result.stderr


def _start_row(moment: str) -> re.Pattern[str]:
    return re.compile(
        rf"^\| {re.escape(moment)} \| (?P<median>\d+) ms \| (?P<p99>\d+) ms "
        r"\| (?P<bare_median>\d+) ms \| (?P<bare_p99>\d+) ms "
        r"\| (?P<ratio>\d+\.\d+)x \| 1\.50x \| (?P<result>PASS|FAIL) \|$",
        re.MULTILINE,
    )


SHOWN_ROW = _start_row("to its window shown (the opening window)")
READY_ROW = _start_row("to the main window, ready to sign in")


@pytest.mark.slow
def test_start_up_benchmark_starts_both_and_prints_the_ratio() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.cold_start", "--rounds", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    shown = SHOWN_ROW.search(result.stdout)
    ready = READY_ROW.search(result.stdout)
    assert shown is not None, result.stdout
    assert ready is not None, result.stdout
    assert int(ready["bare_median"]) > 0
    assert shown["bare_median"] == ready["bare_median"]  # both against the same bare window
    assert int(ready["median"]) > int(shown["median"])  # the store opens after the window shows
    assert int(ready["median"]) > int(ready["bare_median"])  # more than an empty window
    assert "1 rounds" in result.stdout
    # Timed as installed: Counter's own modules were byte-compiled before the rounds.
    for package in ("counter_app", "db", "ui"):
        assert list((ROOT / package / "__pycache__").glob("__init__.*.pyc")), package
