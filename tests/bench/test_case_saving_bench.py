"""The case-saving benchmark runs end to end on a small store and prints its comparison.

Its figures are not judged (a busy machine would fail them): three rounds on a
2,000-case store must print the table, with a ratio that is the ratio of the
medians and a verdict that agrees with it; the store must still pass its
audit and integrity checks afterwards, though the baseline wrote to it too.
"""

import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from bench_runs import assert_ratio_of_medians, run

from counter_app.services.audit import verify_audit_chain
from db.store.database import StoreDatabase

ROW = re.compile(
    r"^\| return, 3 lines "
    r"\| (?P<median>\d+\.\d+) ms \| (?P<p99>\d+\.\d+) ms "
    r"\| (?P<bare_median>\d+\.\d+) ms \| (?P<bare_p99>\d+\.\d+) ms "
    r"\| (?P<ratio>\d+\.\d+)x \| 3\.00x \| (?P<result>PASS|FAIL) \|$",
    re.MULTILINE,
)


def count(path: Path, table: str) -> int:
    with closing(sqlite3.connect(path)) as raw:
        return int(raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608


@pytest.mark.slow
def test_case_saving_benchmark_prints_the_ratio_and_keeps_the_store_whole(
    small_store: Path,
) -> None:
    path = small_store / "counter.sqlite"
    cases_before = count(path, "service_case")

    result = run("-m", "bench.case_saving", "--store", str(small_store), "--rounds", "3")

    assert result.returncode == 0, result.stderr
    row = ROW.search(result.stdout)
    assert row is not None, result.stdout
    assert float(row["median"]) > 0
    assert float(row["bare_median"]) > 0
    assert float(row["p99"]) >= float(row["median"])
    assert float(row["bare_p99"]) >= float(row["bare_median"])
    assert_ratio_of_medians(row)
    if float(row["ratio"]) != 3.0:  # exactly 3.00 as printed may be either side of it
        assert row["result"] == ("PASS" if float(row["ratio"]) < 3.0 else "FAIL")
    assert "3 rounds" in result.stdout
    assert "synchronous=FULL" in result.stdout
    assert "service_case +1" in result.stdout
    assert "caseline +3" in result.stdout
    # Priming, the check of both sides, then warm-up and timed rounds of both sides.
    assert count(path, "service_case") >= cases_before + 2 * (3 + 3) + 2

    database = StoreDatabase.open(path)
    try:
        chain = verify_audit_chain(database=database)
        assert chain.intact, chain.broken
        assert database.integrity_problems() == []
    finally:
        database.dispose()
    with closing(sqlite3.connect(path)) as raw:
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        # Every case has its search row, the baseline's too.
        unindexed = raw.execute(
            "SELECT count(*) FROM service_case WHERE rowid NOT IN (SELECT rowid FROM case_search)"
        ).fetchone()[0]
        assert unindexed == 0


def test_case_saving_benchmark_refuses_zero_rounds_before_touching_a_store(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "no-store"

    result = run("-m", "bench.case_saving", "--rounds", "0", "--store", str(folder), timeout=120)

    assert result.returncode == 2
    assert "--rounds must be at least 1" in result.stderr
    assert not folder.exists()
    assert result.stdout == ""
