"""The benchmark store generator writes a store the real services read, with the figures it meant.

``python -m bench.big_store`` writes a 2,000-case store once for the module
(about 15 seconds, most of it the demo store's seeding through the services),
with ``big-store.json`` saying what each generated day holds. The daily summary
of those days must report exactly that; search finds generated cases; the
integrity check and the audit chain pass.
"""

import json
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from counter_app.services.audit import verify_audit_chain
from counter_app.services.search import search_cases
from counter_app.services.summary.service import daily_summary
from db.store.database import StoreDatabase
from db.store.models import TENDERS

CASES = 2_000
ROOT = Path(__file__).resolve().parents[2]
COUNTED = ("by_type", "by_status", "refunds", "charges", "complaints_by_category")


@dataclass(frozen=True)
class Generated:
    data_dir: Path
    path: Path
    first_day: date
    last_day: date
    days: dict[date, dict[str, Any]]


def generate(data_dir: Path, cases: int, seed: int) -> Generated:
    result = subprocess.run(
        [sys.executable, "-m", "bench.big_store", "--cases", str(cases), "--seed", str(seed),
         "--out", str(data_dir)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"{cases:,} cases" in result.stdout
    manifest = json.loads((data_dir / "big-store.json").read_text(encoding="utf-8"))
    assert (manifest["cases"], manifest["seed"]) == (cases, seed)
    return Generated(
        data_dir=data_dir,
        path=data_dir / "counter.sqlite",
        first_day=date.fromisoformat(manifest["first_day"]),
        last_day=date.fromisoformat(manifest["last_day"]),
        days={date.fromisoformat(day): figures for day, figures in manifest["days"].items()},
    )


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return generate(tmp_path_factory.mktemp("big") / "data", CASES, seed=11)


@pytest.fixture(scope="module")
def database(big: Generated) -> Iterator[StoreDatabase]:
    opened = StoreDatabase.open(big.path)
    try:
        yield opened
    finally:
        opened.dispose()


def _count(path: Path, sql: str, *parameters: object) -> int:
    with closing(sqlite3.connect(path)) as raw:
        return int(raw.execute(sql, parameters).fetchone()[0])


def _total(days: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures of several days added up."""
    total: dict[str, Any] = {name: Counter() for name in COUNTED}
    for figures in days:
        for name, value in figures.items():
            if name in COUNTED:
                total[name].update(value)
            else:
                total[name] = total.get(name, 0) + value
    return total


def _assert_summary_is(
    database: StoreDatabase, first: date, last: date, wrote: dict[str, Any]
) -> None:
    summary = daily_summary(database=database, first_day=first, last_day=last)
    assert summary.cases == wrote["cases"]
    assert {k: v for k, v in summary.cases_by_type.items() if v} == dict(wrote["by_type"])
    assert {k: v for k, v in summary.cases_by_status.items() if v} == dict(wrote["by_status"])
    refunds = Counter(wrote["refunds"])
    charges = Counter(wrote["charges"])
    assert dict(summary.refunds_by_tender) == {tender: refunds[tender] for tender in TENDERS}
    assert summary.cash_out_cents == refunds["cash"] - charges["cash"]
    money = (summary.returns, summary.exchanges, summary.complaints_money)
    assert sum(part.charges_cents for part in money) == sum(charges.values())
    assert (summary.credit_issued.count, summary.credit_issued.cents) == (
        wrote["vouchers_issued"],
        wrote["vouchers_issued_cents"],
    )
    assert (summary.credit_redeemed.count, summary.credit_redeemed.cents) == (
        wrote["vouchers_redeemed"],
        wrote["vouchers_redeemed_cents"],
    )
    assert summary.restocking_fees_cents == wrote["restocking_fees_cents"]
    assert len(summary.overrides) == wrote["overrides"]
    assert dict(summary.complaints_by_category) == dict(wrote["complaints_by_category"])


def test_the_store_holds_the_cases_asked_for_over_three_years(big: Generated) -> None:
    assert sum(figures["cases"] for figures in big.days.values()) == CASES
    in_history = _count(
        big.path,
        "SELECT count(*) FROM service_case WHERE created_at < ?",
        big.last_day.isoformat() + " 23:59",
    )
    assert in_history == CASES
    demo = _count(big.path, "SELECT count(*) FROM service_case") - CASES
    assert 0 < demo < 200  # the demo month, seeded through the services
    assert (big.last_day - big.first_day).days + 1 == 3 * 365
    kinds = _total(list(big.days.values()))["by_type"]
    assert kinds["return"] > kinds["complaint"] > kinds["exchange"] > 0
    weekdays: Counter[int] = Counter()
    for day, figures in big.days.items():
        weekdays[day.weekday()] += figures["cases"]
    assert weekdays[5] > weekdays[6]  # Saturdays are busier than Sundays


@pytest.mark.parametrize("figure", ["cases", "vouchers_redeemed", "overrides", "vouchers_issued"])
def test_a_days_summary_is_what_the_generator_wrote(
    big: Generated, database: StoreDatabase, figure: str
) -> None:
    day = max(big.days, key=lambda day: (big.days[day][figure], day))
    assert big.days[day][figure] > 0
    _assert_summary_is(database, day, day, big.days[day])


def test_a_months_summary_is_what_the_generator_wrote(
    big: Generated, database: StoreDatabase
) -> None:
    first, last = date(big.last_day.year, 1, 1), date(big.last_day.year, 1, 31)
    wrote = _total([figures for day, figures in big.days.items() if first <= day <= last])
    assert wrote["cases"] > 0
    _assert_summary_is(database, first, last, wrote)


def test_search_finds_generated_cases(big: Generated, database: StoreDatabase) -> None:
    with closing(sqlite3.connect(big.path)) as raw:
        number, phone = raw.execute(
            "SELECT c.number, cu.phone FROM service_case c JOIN customer cu"
            " ON cu.id = c.customer_id ORDER BY c.created_at LIMIT 1"
        ).fetchone()
    found = search_cases(database=database, query={"text": number})
    assert [row.number for row in found.rows] == [number]
    by_phone = search_cases(database=database, query={"text": phone})
    assert number in [row.number for row in by_phone.rows]


def test_the_audit_chain_verifies_and_every_event_has_its_outbox_row(
    big: Generated, database: StoreDatabase
) -> None:
    report = verify_audit_chain(database=database)
    assert report.intact, report.broken
    events = _count(big.path, "SELECT count(*) FROM auditevent")
    assert report.events_checked == events > 3 * CASES
    assert _count(big.path, "SELECT count(*) FROM outbox") == events
    # Only the demo month's own changes still wait for sync; the history was sent.
    waiting = _count(big.path, "SELECT count(*) FROM outbox WHERE sent_at IS NULL")
    assert 0 < waiting < 400


def test_counter_app_db_check_passes(big: Generated) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "counter_app", "--data-dir", str(big.data_dir), "db", "check"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Integrity check: ok" in result.stdout


def _generated_rows(generated: Generated) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(generated.path)) as raw:
        return raw.execute(
            "SELECT c.id, c.number, c.status, c.created_at, p.tender, p.amount_cents"
            " FROM service_case c LEFT JOIN payment p ON p.case_id = c.id"
            " WHERE c.created_at < ? ORDER BY c.number, p.id",
            (generated.last_day.isoformat() + " 23:59",),
        ).fetchall()


@pytest.mark.slow
def test_the_same_seed_gives_the_same_store(tmp_path: Path) -> None:
    first = generate(tmp_path / "first", 300, seed=5)
    second = generate(tmp_path / "second", 300, seed=5)
    other = generate(tmp_path / "other", 300, seed=6)

    assert first.days == second.days
    assert _generated_rows(first) == _generated_rows(second)
    assert _generated_rows(first) != _generated_rows(other)
