"""Schema 0009: case lines carry their case's store and time, payments their case's type.

The 0008 fixture is the 0007 one upgraded by the 0008 code. After the upgrade
every line and payment already there must hold its case's values, every later
write must keep them so (a new row whatever its writer put in, a row moved to
another case, a case corrected, a copy set by hand), the summary's two indexes
must carry what it reads, and a downgrade must put 0008's tables back.
"""

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from db.store.migrate import alembic_config
from db.store.opening import DATABASE_FILENAME, open_store

FIXTURE = Path(__file__).parent / "fixtures" / "store-schema-0008.sqlite"
LINE_COPIES = """
    SELECT l.id, l.store_id, c.store_id, l.case_created_at, c.created_at
    FROM caseline AS l JOIN service_case AS c ON c.id = l.case_id
"""
PAYMENT_COPIES = """
    SELECT p.id, p.case_type, c.case_type
    FROM payment AS p JOIN service_case AS c ON c.id = p.case_id
"""


def _upgraded(tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    path = data_dir / DATABASE_FILENAME
    shutil.copy(FIXTURE, path)
    with closing(sqlite3.connect(path)) as raw:
        # The fixture's return refunded in cash, as written before 0009 (no case type).
        case_id, store_id = raw.execute(
            "SELECT id, store_id FROM service_case WHERE case_type = 'return'"
        ).fetchone()
        raw.execute(
            "INSERT INTO payment (id, store_id, case_id, kind, tender, amount_cents, created_at)"
            " VALUES (?, ?, ?, 'refund', 'cash', 1999, '2026-06-12 11:00:00.000000')",
            ("d" * 32, store_id, case_id),
        )
        raw.commit()
    opened = open_store(data_dir)
    try:
        assert opened.upgrade.from_revision == "0008"
        assert opened.database.integrity_problems() == []
    finally:
        opened.database.dispose()
    return path


def _lines_match(raw: sqlite3.Connection) -> list[tuple[object, ...]]:
    """The lines whose copies differ from their case's values (none, when all is well)."""
    return [
        row
        for row in raw.execute(LINE_COPIES).fetchall()
        if row[1] != row[2] or row[3] != row[4] or row[1] is None or row[3] is None
    ]


def _payments_match(raw: sqlite3.Connection) -> list[tuple[object, ...]]:
    return [
        row for row in raw.execute(PAYMENT_COPIES).fetchall() if row[1] != row[2] or row[1] is None
    ]


def _columns(raw: sqlite3.Connection, index: str) -> list[str]:
    return [row[2] for row in raw.execute(f"PRAGMA index_info('{index}')")]


def test_the_upgrade_fills_in_every_line_and_payment(tmp_path: Path) -> None:
    path = _upgraded(tmp_path)
    with closing(sqlite3.connect(path)) as raw:
        assert raw.execute("SELECT count(*) FROM caseline").fetchone()[0] > 0
        assert raw.execute("SELECT case_type FROM payment").fetchall() == [("return",)]
        assert _lines_match(raw) == []
        assert _payments_match(raw) == []
        assert _columns(raw, "ix_caseline_store_case_created") == [
            "store_id", "case_created_at", "product_id", "direction", "quantity",
            "restocking_fee_cents", "case_id",
        ]  # fmt: skip
        assert _columns(raw, "ix_payment_store_created") == [
            "store_id", "created_at", "case_type", "kind", "tender", "amount_cents",
        ]  # fmt: skip
        assert _columns(raw, "ix_case_store_resolved") == ["store_id", "resolved_at", "arrived_at"]


def test_every_write_keeps_the_copies_true(tmp_path: Path) -> None:
    path = _upgraded(tmp_path)
    with closing(sqlite3.connect(path)) as raw:
        cases = raw.execute(
            "SELECT id, store_id FROM service_case ORDER BY created_at LIMIT 2"
        ).fetchall()
        (first, store_id), (second, _) = cases
        lines_before = raw.execute("SELECT count(*) FROM caseline").fetchone()[0]

        # New rows take their case's values, whatever the writer put in.
        raw.execute(
            "INSERT INTO caseline (id, case_id, line_no, direction, description, quantity,"
            " unit_price_cents, reason, store_id, case_created_at)"
            " VALUES (?, ?, 99, 'in', 'x', 1, 0, '', ?, '1999-01-01 00:00:00.000000')",
            ("e" * 32, first, "0" * 32),
        )
        raw.execute(
            "INSERT INTO payment (id, store_id, case_id, kind, tender, amount_cents, created_at,"
            " case_type) VALUES (?, ?, ?, 'refund', 'cash', 100, '2026-01-02 10:00:00.000000',"
            " NULL)",
            ("f" * 32, store_id, first),
        )
        assert _lines_match(raw) == []
        assert _payments_match(raw) == []

        # A row moved to another case takes that case's values.
        raw.execute("UPDATE caseline SET case_id = ? WHERE id = ?", (second, "e" * 32))
        raw.execute("UPDATE payment SET case_id = ? WHERE id = ?", (second, "f" * 32))
        assert _lines_match(raw) == []
        assert _payments_match(raw) == []

        # A case corrected passes its time and type on.
        raw.execute(
            "UPDATE service_case SET created_at = '2026-01-03 09:00:00.000000',"
            " case_type = 'exchange' WHERE id = ?",
            (second,),
        )
        assert raw.execute(
            "SELECT DISTINCT case_created_at FROM caseline WHERE case_id = ?", (second,)
        ).fetchall() == [("2026-01-03 09:00:00.000000",)]
        assert raw.execute(
            "SELECT DISTINCT case_type FROM payment WHERE case_id = ?", (second,)
        ).fetchall() == [("exchange",)]

        # A copy set by hand is put back.
        raw.execute("UPDATE caseline SET case_created_at = NULL, store_id = ?", ("0" * 32,))
        raw.execute("UPDATE payment SET case_type = 'complaint'")
        raw.commit()
        assert _lines_match(raw) == []
        assert _payments_match(raw) == []
        assert raw.execute("SELECT count(*) FROM caseline").fetchone()[0] == lines_before + 1


def test_0009_downgrades_to_0008(tmp_path: Path) -> None:
    path = _upgraded(tmp_path)
    with closing(sqlite3.connect(path)) as raw:
        lines = raw.execute("SELECT id, case_id, quantity FROM caseline ORDER BY id").fetchall()

    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0008")
    finally:
        engine.dispose()

    with closing(sqlite3.connect(path)) as raw:
        assert raw.execute("SELECT id, case_id, quantity FROM caseline ORDER BY id").fetchall() == (
            lines
        )
        line_columns = [row[1] for row in raw.execute("PRAGMA table_info(caseline)")]
        payment_columns = [row[1] for row in raw.execute("PRAGMA table_info(payment)")]
        triggers = {
            name for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        }
        assert _columns(raw, "ix_payment_store_created") == ["store_id", "created_at"]
        assert _columns(raw, "ix_case_store_resolved") == ["store_id", "resolved_at"]
    assert not {"store_id", "case_created_at"} & set(line_columns)
    assert "case_type" not in payment_columns
    assert not any(name.startswith(("caseline_", "payment_", "service_case_")) for name in triggers)
