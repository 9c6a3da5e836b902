"""Schema 0008 makes the summary's case indexes covering, on a released 0007 store.

The 0007 fixture is the 0006 one upgraded by the 0007 code: its rows must come
through untouched, each case a walk-in became must be marked ``from_walk_in``
(and no other), the two widened indexes must lead with the same columns as
before (every query that used them still can), the two partial indexes must
hold exactly the rows their conditions pick, and a downgrade must put 0007's
indexes back as they were.
"""

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from db.store.migrate import alembic_config, head_revision
from db.store.opening import DATABASE_FILENAME, open_store

FIXTURE = Path(__file__).parent / "fixtures" / "store-schema-0007.sqlite"
WIDENED = {
    "ix_case_store_created": (
        ["store_id", "created_at"],
        ["store_id", "created_at", "id", "case_type", "status", "arrived_at", "served_at",
         "resolved_first_contact", "from_walk_in"],
    ),
    "ix_case_status_store_created": (
        ["status", "store_id", "created_at"],
        ["status", "store_id", "created_at", "id"],
    ),
}  # fmt: skip
PARTIAL = {
    "ix_complaint_case_follow_up": ("complaintdetail", "follow_up_on IS NOT NULL"),
    "ix_auditevent_case_reopened": ("auditevent", "action = 'case.reopened'"),
}


def _columns(raw: sqlite3.Connection, name: str) -> list[str]:
    return [row[2] for row in raw.execute(f"PRAGMA index_info('{name}')")]


def _index_sql(raw: sqlite3.Connection) -> dict[str, str]:
    return dict(raw.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'"))


def _rows(path: Path) -> tuple[object, ...]:
    with closing(sqlite3.connect(path)) as raw:
        return (
            raw.execute("SELECT id, number, status FROM service_case ORDER BY id").fetchall(),
            raw.execute("SELECT count(*), max(seq) FROM auditevent").fetchone(),
            raw.execute("SELECT case_id, follow_up_on FROM complaintdetail").fetchall(),
        )


def _upgraded(tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    path = data_dir / DATABASE_FILENAME
    shutil.copy(FIXTURE, path)
    return path


def test_an_older_store_upgrades_with_covering_and_partial_indexes(tmp_path: Path) -> None:
    path = _upgraded(tmp_path)
    with closing(sqlite3.connect(path)) as raw:
        # The fixture's walk-in left; here it was served and became the complaint.
        queued = raw.execute(
            "SELECT id FROM service_case WHERE case_type = 'complaint'"
        ).fetchone()[0]
        raw.execute("UPDATE walk_in SET status = 'done', case_id = ?", (queued,))
        raw.commit()
    before = _rows(path)

    opened = open_store(path.parent)
    try:
        assert opened.upgrade.to_revision == head_revision()
        assert opened.database.integrity_problems() == []
    finally:
        opened.database.dispose()

    assert _rows(path) == before
    with closing(sqlite3.connect(path)) as raw:
        marked = raw.execute("SELECT id FROM service_case WHERE from_walk_in").fetchall()
        assert marked == [(queued,)]
        assert raw.execute("SELECT count(*) FROM service_case").fetchone()[0] > 1
        for name, (_, widened) in WIDENED.items():
            assert _columns(raw, name) == widened, name
        statements = _index_sql(raw)
        for name, (table, condition) in PARTIAL.items():
            assert f"ON {table} " in statements[name], name
            assert statements[name].endswith(f"WHERE {condition}"), statements[name]
        # The partial indexes hold the rows their conditions pick, and only those.
        assert (
            raw.execute(
                "SELECT count(*) FROM complaintdetail INDEXED BY ix_complaint_case_follow_up"
                " WHERE follow_up_on IS NOT NULL"
            ).fetchone()
            == raw.execute(
                "SELECT count(*) FROM complaintdetail WHERE follow_up_on IS NOT NULL"
            ).fetchone()
        )


def test_0008_downgrades_to_0007_with_its_narrow_indexes(tmp_path: Path) -> None:
    path = _upgraded(tmp_path)
    open_store(path.parent).database.dispose()
    before = _rows(path)

    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0007")
    finally:
        engine.dispose()

    assert _rows(path) == before
    with closing(sqlite3.connect(path)) as raw:
        for name, (narrow, _) in WIDENED.items():
            assert _columns(raw, name) == narrow, name
        assert not set(PARTIAL) & set(_index_sql(raw))
        columns = [row[1] for row in raw.execute("PRAGMA table_info(service_case)")]
        assert "from_walk_in" not in columns


def _line_times(raw: sqlite3.Connection) -> list[tuple[object, object]]:
    return raw.execute(
        "SELECT l.sold_at, s.sold_at FROM saleline AS l JOIN sale AS s ON s.id = l.sale_id"
    ).fetchall()


def test_sale_lines_carry_their_sales_time_through_every_write(tmp_path: Path) -> None:
    path = _upgraded(tmp_path)
    open_store(path.parent).database.dispose()

    with closing(sqlite3.connect(path)) as raw:
        # Filled in by the upgrade for the lines already there.
        upgraded = _line_times(raw)
        assert upgraded
        assert all(line == sale and line is not None for line, sale in upgraded)
        sale_id, product_id = raw.execute("SELECT sale_id, product_id FROM saleline").fetchone()

        # A new line takes its sale's time, whatever the writer put in.
        raw.execute(
            "INSERT INTO saleline (id, sale_id, line_no, product_id, quantity, unit_price_cents,"
            " discount_cents, tax_cents, sold_at) VALUES (?, ?, 99, ?, 1, 500, 0, 0, NULL)",
            ("f" * 32, sale_id, product_id),
        )
        # A sale whose time is corrected passes it on to all of its lines.
        raw.execute(
            "UPDATE sale SET sold_at = '2026-01-02 10:00:00.000000' WHERE id = ?", (sale_id,)
        )
        # A line's copy set by hand is put back to its sale's time.
        raw.execute("UPDATE saleline SET sold_at = '1999-01-01 00:00:00.000000'")
        raw.commit()
        after = _line_times(raw)

    assert len(after) == len(upgraded) + 1
    assert all(line == sale for line, sale in after)
    assert ("2026-01-02 10:00:00.000000", "2026-01-02 10:00:00.000000") in after
