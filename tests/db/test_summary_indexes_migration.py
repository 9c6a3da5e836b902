"""Schema 0006 adds the summary's and the audit screen's indexes to a released 0005 store.

The 0005 fixture (the 0004 one upgraded, with this PC's sync device and one
outbox event set aside by head office) must come up at 0006 with every index
in place, on the columns the queries filter by, and with its rows untouched.
"""

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from db.store.migrate import alembic_config, head_revision
from db.store.opening import DATABASE_FILENAME, open_store

FIXTURE = Path(__file__).parent / "fixtures" / "store-schema-0005.sqlite"
NEW_INDEXES = {
    "ix_payment_store_created": ("payment", ["store_id", "created_at"]),
    "ix_storecredit_store_issued": ("storecredit", ["store_id", "issued_at"]),
    "ix_case_store_resolved": ("service_case", ["store_id", "resolved_at"]),
    "ix_case_status_store_created": ("service_case", ["status", "store_id", "created_at"]),
    "ix_walk_in_case": ("walk_in", ["case_id"]),
    "ix_auditevent_staff_seq": ("auditevent", ["staff_id", "seq"]),
}


def _indexes(path: Path) -> dict[str, tuple[str, list[str]]]:
    with closing(sqlite3.connect(path)) as raw:
        found = {}
        for name, table in raw.execute(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_%'"
        ):
            columns = [row[2] for row in raw.execute(f"PRAGMA index_info('{name}')")]
            found[name] = (table, columns)
        return found


def _rows(path: Path) -> tuple[object, ...]:
    with closing(sqlite3.connect(path)) as raw:
        return (
            raw.execute("SELECT id, created_at FROM sync_device").fetchall(),
            raw.execute("SELECT seq, sent_at, set_aside_at FROM outbox ORDER BY seq").fetchall(),
            raw.execute("SELECT count(*) FROM service_case").fetchone(),
            raw.execute("SELECT count(*), max(seq) FROM auditevent").fetchone(),
        )


def test_a_0005_store_upgrades_to_0006_with_the_new_indexes(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    path = data_dir / DATABASE_FILENAME
    shutil.copy(FIXTURE, path)
    before = _rows(path)
    assert not set(NEW_INDEXES) & set(_indexes(path))

    opened = open_store(data_dir)
    try:
        assert opened.upgrade.from_revision == "0005"
        assert opened.upgrade.to_revision == head_revision()
        assert opened.database.integrity_problems() == []
    finally:
        opened.database.dispose()

    indexes = _indexes(path)
    for name, (table, columns) in NEW_INDEXES.items():
        # Later revisions may add columns after these (0008 and 0009 make three covering).
        found_table, found_columns = indexes[name]
        assert (found_table, found_columns[: len(columns)]) == (table, columns), name
    assert _rows(path) == before
    # The fixture holds 0005's own data: this PC's sync device, an event set aside.
    assert before[0]
    assert before[1][10][2] is not None


def test_0006_downgrades_to_0005_without_its_indexes(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    path = data_dir / DATABASE_FILENAME
    shutil.copy(FIXTURE, path)
    open_store(data_dir).database.dispose()
    before = _rows(path)

    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0005")
    finally:
        engine.dispose()

    assert not set(NEW_INDEXES) & set(_indexes(path))
    assert _rows(path) == before
