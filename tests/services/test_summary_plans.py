"""The daily summary on a large store: every statement it sends reads through an index.

A store of a few thousand cases over three years is written once for the module
by the benchmark's generator (``python -m bench.big_store``: returns, exchanges,
complaints, walk-ins, payments, vouchers, overrides, audit events). The summary
of a day, a month and a year is run through the real service while the
statements it sends are captured, and ``EXPLAIN QUERY PLAN`` of each must show
no full scan of a table that grows with the cases, and no walk of a whole
store's cases along an index whose time column is left unused. Plans without
statistics do not depend on size; a copy with ``ANALYZE`` run must keep them.
Wall-clock times are not asserted: ``python -m bench.daily_summary`` measures
them on 1,000,000 cases (docs/PERFORMANCE.md).
"""

import re
import shutil
import sqlite3
import subprocess
import sys
import uuid
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from captured_statements import captured_statements

from counter_app.domain.staff import Role
from counter_app.services.audit_log import SYSTEM, audit_events
from counter_app.services.staff import SignedIn
from counter_app.services.summary.service import compare_with_earlier, daily_summary
from db.store.database import StoreDatabase

ROOT = Path(__file__).resolve().parents[2]
CASES = 4_000
GROWING = (
    "service_case", "payment", "storecredit", "walk_in", "caseline", "complaintdetail",
    "auditevent", "caseoverride", "productfaultflag", "customer", "sale", "saleline", "outbox",
)  # fmt: skip
FULL_SCAN = re.compile(rf"^SCAN ({'|'.join(GROWING)})( |$)")
# An index searched on the store alone walks every case of the store.
WHOLE_STORE = re.compile(r"USING (COVERING )?INDEX \w+ \(store_id=\?\)$")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("summary-plans") / "data"
    result = subprocess.run(
        [sys.executable, "-m", "bench.big_store", "--cases", str(CASES), "--seed", "3",
         "--out", str(data_dir)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return data_dir / "counter.sqlite"


@pytest.fixture(scope="module", params=["without statistics", "after ANALYZE"])
def store(request: pytest.FixtureRequest, generated: Path, tmp_path_factory) -> Path:
    path = generated
    if request.param == "after ANALYZE":
        path = tmp_path_factory.mktemp("analyzed") / "counter.sqlite"
        shutil.copy(generated, path)
        with closing(sqlite3.connect(path)) as raw:
            raw.execute("ANALYZE")
            raw.commit()
    return path


def _plans(path: Path, statements: list[tuple[str, Any]]) -> list[tuple[str, list[str]]]:
    with closing(sqlite3.connect(path)) as raw:
        return [
            (statement, [row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + statement, params)])
            for statement, params in statements
            if statement.lstrip().upper().startswith(("SELECT", "WITH"))
        ]


def _last_generated_day(path: Path) -> date:
    """The busiest day of the generated history (the demo month comes after it)."""
    with closing(sqlite3.connect(path)) as raw:
        day = raw.execute(
            "SELECT business_date FROM casenumbercounter ORDER BY last_number DESC LIMIT 1"
        ).fetchone()[0]
    return date.fromisoformat(day)


def _assert_indexed(path: Path, statements: list[tuple[str, Any]]) -> None:
    plans = _plans(path, statements)
    assert len(plans) >= 5  # the comparison with earlier weeks alone sends five
    for statement, steps in plans:
        assert not [step for step in steps if FULL_SCAN.match(step)], (statement, steps)
        assert not [step for step in steps if WHOLE_STORE.search(step)], (statement, steps)


def test_every_summary_statement_reads_through_an_index(store: Path) -> None:
    day = _last_generated_day(store)
    windows = {
        "a day": (day, day),
        "a month": (day.replace(day=1), day.replace(day=28)),
        "a year": (day - timedelta(days=365), day),
    }
    database = StoreDatabase.open(store)
    try:
        for name, (first, last) in windows.items():
            with captured_statements(database) as statements:
                summary = daily_summary(database=database, first_day=first, last_day=last)
            assert summary.cases > 0, name
            assert summary.refunds_cents > 0, name
            _assert_indexed(store, statements)
        with captured_statements(database) as statements:
            compare_with_earlier(database=database, day=day)
        _assert_indexed(store, statements)
    finally:
        database.dispose()


def test_the_audit_screen_reads_one_persons_events_through_their_index(store: Path) -> None:
    with closing(sqlite3.connect(store)) as raw:
        manager, store_id = raw.execute(
            "SELECT id, store_id FROM staff WHERE role = 'manager'"
        ).fetchone()
        clerk = raw.execute("SELECT id FROM staff WHERE role = 'clerk' LIMIT 1").fetchone()[0]
    me = SignedIn(uuid.UUID(manager), uuid.UUID(store_id), "Manager", Role.MANAGER)
    database = StoreDatabase.open(store)
    try:
        for who in (uuid.UUID(clerk), SYSTEM):
            with captured_statements(database) as statements:
                page = audit_events(database=database, staff=me, who=who)
            assert page.rows, who
            pages = [s for s in statements if "FROM auditevent" in s[0] and "ORDER BY" in s[0]]
            assert pages, who
            for _, steps in _plans(store, pages):
                assert steps[0].startswith("SEARCH auditevent USING INDEX ix_auditevent_staff_seq")
                assert "USE TEMP B-TREE FOR ORDER BY" not in steps, steps
    finally:
        database.dispose()
