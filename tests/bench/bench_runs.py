"""What the benchmarks' smoke tests share: running a bench, its ratios, PostgreSQL at hand."""

import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
PG_URL = os.environ.get("COUNTER_TEST_PG_URL") or "postgresql://postgres@127.0.0.1:5432/test"


def run(*arguments: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """``python ARGUMENTS`` from the repository's root, its output kept."""
    return subprocess.run(
        [sys.executable, *arguments], cwd=ROOT, capture_output=True, text=True,
        timeout=timeout, check=False,
    )  # fmt: skip


def generate_store(folder: Path, cases: int = 2000) -> Path:
    """A small generated store (seed 7) in ``folder``, for a bench to run on quickly."""
    made = run("-m", "bench.big_store", "--cases", str(cases), "--seed", "7", "--out", str(folder))
    assert made.returncode == 0, made.stderr
    return folder


def assert_ratio_of_medians(row: re.Match[str]) -> None:
    """The printed ratio is the medians' ratio (0.01 off at most), within their rounding.

    The medians are printed to 0.01 ms, so a baseline of a few hundredths of a
    millisecond gives their ratio only within the bounds of that rounding.
    """
    median, bare = float(row["median"]), float(row["bare_median"])
    low = (median - 0.005) / (bare + 0.005)
    high = (median + 0.005) / max(bare - 0.005, 1e-9)
    assert low - 0.01 <= float(row["ratio"]) <= high + 0.01


def postgresql_problem() -> str | None:
    """Why PostgreSQL at PG_URL cannot be used, or None when it can."""
    url = make_url(PG_URL).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        with psycopg.connect(url, connect_timeout=5):
            return None
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
