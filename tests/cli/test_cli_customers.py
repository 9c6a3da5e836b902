"""``counter-app customers purge`` and ``customers export``: the real command on the demo store.

The demo's cases are recent, so the test first moves every time in the file
three years back (plain SQL, as if the store had been running since); then the
retention of 24 months makes the customers of closed cases due.
"""

import io
import json
import sqlite3
import stat
from contextlib import closing

import pytest

from counter_app import cli

MANAGER, PIN = "Maeve Byrne", "2468"
TIMES = {
    "service_case": ("arrived_at", "served_at", "resolved_at", "closed_at", "created_at"),
    "customer": ("created_at", "consent_at"),
    "sale": ("sold_at",),
    "payment": ("created_at",),
}


@pytest.fixture
def aged(demo_dir):
    with closing(sqlite3.connect(demo_dir / "counter.sqlite")) as raw, raw:
        for table, columns in TIMES.items():
            moves = ", ".join(f"{column} = datetime({column}, '-3 years')" for column in columns)
            raw.execute(f"UPDATE {table} SET {moves}")  # noqa: S608 - our SQL
    return demo_dir


def _run(folder, *argv, pin=PIN, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(pin + "\n"))
    code = cli.main(["--data-dir", str(folder), "customers", *argv, "--manager", MANAGER])
    out, err = capsys.readouterr()
    return code, out, err


def _due(folder, query) -> int:
    return query(
        folder,
        "SELECT count(*) FROM customer cu WHERE cu.name != '' AND NOT EXISTS ("
        "SELECT 1 FROM service_case c WHERE c.customer_id = cu.id AND c.status != 'closed') "
        "AND NOT EXISTS (SELECT 1 FROM storecredit s WHERE s.customer_id = cu.id "
        "AND s.balance_cents > 0)",
    )[0][0]


def test_a_dry_run_counts_then_the_purge_erases(aged, query, monkeypatch, capsys):
    due = _due(aged, query)
    assert due > 0, "the demo has customers whose cases are all closed"
    names_before = query(aged, "SELECT count(*) FROM customer WHERE name != ''")[0][0]

    code, out, err = _run(aged, "purge", "--dry-run", monkeypatch=monkeypatch, capsys=capsys)

    assert (code, err) == (0, "")
    assert f"Would erase: {due} customers" in out
    assert query(aged, "SELECT count(*) FROM customer WHERE name != ''")[0][0] == names_before

    code, out, err = _run(aged, "purge", monkeypatch=monkeypatch, capsys=capsys)

    assert (code, err) == (0, "")
    assert f"Erased: {due} customers" in out
    assert query(aged, "SELECT count(*) FROM customer WHERE name != ''")[0][0] == (
        names_before - due
    )
    assert query(aged, "SELECT count(*) FROM auditevent WHERE action = 'customers.purged'") == [
        (1,)
    ]


def test_a_wrong_pin_erases_nothing(aged, query, monkeypatch, capsys):
    before = query(aged, "SELECT name, phone FROM customer ORDER BY id")

    code, _out, err = _run(aged, "purge", pin="0000", monkeypatch=monkeypatch, capsys=capsys)

    assert code == 1
    assert err.startswith("counter-app: ")
    assert "PIN" in err
    assert query(aged, "SELECT name, phone FROM customer ORDER BY id") == before


def test_one_customers_data_is_written_as_json(demo_dir, query, tmp_path, monkeypatch, capsys):
    ((customer_id, phone),) = query(
        demo_dir,
        "SELECT cu.id, cu.phone FROM customer cu ORDER BY "
        "(SELECT count(*) FROM service_case c WHERE c.customer_id = cu.id) DESC, cu.id LIMIT 1",
    )
    cases = query(
        demo_dir, "SELECT count(*) FROM service_case WHERE customer_id = ?", (customer_id,)
    )
    target = tmp_path / "export.json"

    code, out, err = _run(
        demo_dir, "export", phone, "--to", str(target), monkeypatch=monkeypatch, capsys=capsys
    )

    assert (code, err) == (0, "")
    assert f"({cases[0][0]} cases)" in out
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["customer"]["phone"] == phone
    assert len(data["cases"]) == cases[0][0]
    assert {"lines", "notes", "attachments", "payments"} <= set(data["cases"][0])
    assert stat.S_IMODE(target.stat().st_mode) & 0o077 == 0  # personal data: the owner only
    assert query(
        demo_dir, "SELECT count(*) FROM auditevent WHERE action = 'customer.exported'"
    ) == [(1,)]


def test_an_export_of_no_one_is_one_line_and_no_file(demo_dir, tmp_path, monkeypatch, capsys):
    target = tmp_path / "export.json"

    code, _out, err = _run(
        demo_dir,
        "export",
        "nobody@example.ie",
        "--to",
        str(target),
        monkeypatch=monkeypatch,
        capsys=capsys,
    )

    assert code == 1
    assert err.count("\n") == 1
    assert "nobody@example.ie" in err
    assert not target.exists()
