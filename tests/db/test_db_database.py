import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from db.store.database import BUSY_TIMEOUT_MS, StoreDatabase
from db.store.migrate import head_revision
from db.store.models import Product, Staff, Store


def _now() -> datetime:
    return datetime.now(UTC)


def _store(code: str = "S012") -> Store:
    return Store(code=code, name=f"Store {code}", created_at=_now())


def _product(sku: str = "SKU-1", price_cents: int = 1999) -> Product:
    return Product(
        sku=sku, name="Kettle", category="kitchen", price_cents=price_cents, updated_at=_now()
    )


def _save(database: StoreDatabase, *rows: object) -> None:
    """Save ``rows`` in one unit of work, flushing after each as a service would."""
    with database.write() as session:
        for row in rows:
            session.add(row)
            session.flush()


def _count(path: Path, table: str) -> int:
    """Count rows through a separate plain sqlite3 connection, not the engine under test."""
    with closing(sqlite3.connect(path)) as raw:
        return int(raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608


def _can_take_write_lock(path: Path) -> bool:
    """Whether another connection could start writing right now (no waiting)."""
    with closing(sqlite3.connect(path, timeout=0, isolation_level=None)) as raw:
        try:
            raw.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if "locked" not in str(error):
                raise
            return False
        raw.execute("ROLLBACK")
        return True


@pytest.fixture
def other_connection(database: StoreDatabase) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(database.path, timeout=0, isolation_level=None)) as raw:
        yield raw


# --------------------------------------------------------------------------- PRAGMAs


def _assert_pragmas(connection: Connection) -> None:
    pragma = connection.exec_driver_sql
    assert pragma("PRAGMA journal_mode").scalar() == "wal"
    assert pragma("PRAGMA synchronous").scalar() == 2  # FULL
    assert pragma("PRAGMA foreign_keys").scalar() == 1
    assert pragma("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS == 10_000


def test_pragmas_are_in_effect_on_every_pooled_connection(database: StoreDatabase) -> None:
    with database.engine.connect() as first, database.engine.connect() as second:
        assert first.connection.dbapi_connection is not second.connection.dbapi_connection
        _assert_pragmas(first)
        _assert_pragmas(second)


def test_pragmas_are_in_effect_inside_units_of_work(database: StoreDatabase) -> None:
    with database.write() as session:
        _assert_pragmas(session.connection())
    with database.read() as session:
        _assert_pragmas(session.connection())


def test_wal_mode_is_recorded_in_the_file(database: StoreDatabase) -> None:
    with closing(sqlite3.connect(database.path)) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_foreign_keys_are_enforced(database: StoreDatabase) -> None:
    orphan = Staff(store_id=uuid.uuid4(), name="Ann", role="clerk", pin_hash="x", created_at=_now())
    with pytest.raises(IntegrityError, match="FOREIGN KEY constraint failed"):
        _save(database, orphan)
    assert _count(database.path, "staff") == 0


# --------------------------------------------------------------------------- units of work


def test_write_commits_and_another_connection_sees_it(database: StoreDatabase) -> None:
    with database.write() as session:
        session.add(_store())
        session.add(_product())
    assert _count(database.path, "store") == 1
    assert _count(database.path, "product") == 1


def test_write_that_raises_halfway_leaves_nothing(database: StoreDatabase) -> None:
    seen_outside_before_commit = []

    def save_then_fail() -> None:
        with database.write() as session:
            session.add(_store())
            session.flush()  # the first row is really in the database now
            session.add(_product())
            session.flush()
            seen_outside_before_commit.append(_count(database.path, "store"))
            raise RuntimeError("printer jammed")

    with pytest.raises(RuntimeError, match="printer jammed"):
        save_then_fail()
    assert seen_outside_before_commit == [0]
    assert _count(database.path, "store") == 0
    assert _count(database.path, "product") == 0


def test_write_failing_on_a_constraint_rolls_back_earlier_statements(
    database: StoreDatabase,
) -> None:
    with pytest.raises(IntegrityError, match="ck_product_price"):
        _save(database, _store(), _product("SKU-1"), _product("SKU-2", price_cents=-1))
    assert _count(database.path, "store") == 0
    assert _count(database.path, "product") == 0


def test_next_write_after_a_failed_one_works(database: StoreDatabase) -> None:
    with pytest.raises(IntegrityError):
        _save(database, _store("A"), _product(price_cents=-1))
    _save(database, _store("B"))
    with closing(sqlite3.connect(database.path)) as raw:
        assert raw.execute("SELECT code FROM store").fetchall() == [("B",)]


def test_objects_stay_readable_after_commit(database: StoreDatabase) -> None:
    with database.write() as session:
        product = _product()
        session.add(product)
    assert product.price_cents == 1999  # expire_on_commit=False: no reload needed


def test_write_lock_is_held_from_the_first_statement(database: StoreDatabase) -> None:
    assert _can_take_write_lock(database.path)
    with database.write() as session:
        # Only a read so far: a plain deferred BEGIN would not lock anything here.
        session.execute(select(Store)).all()
        assert not _can_take_write_lock(database.path)
    assert _can_take_write_lock(database.path)


def test_write_lock_is_released_after_a_failed_unit_of_work(database: StoreDatabase) -> None:
    locked_inside = []

    def fail_inside() -> None:
        with database.write() as session:
            session.execute(select(Store)).all()
            locked_inside.append(not _can_take_write_lock(database.path))
            raise RuntimeError("scanner unplugged")

    with pytest.raises(RuntimeError, match="scanner unplugged"):
        fail_inside()
    assert locked_inside == [True]
    assert _can_take_write_lock(database.path)


def test_write_lock_is_held_as_soon_as_write_starts(database: StoreDatabase) -> None:
    with database.write():
        # No statement has run inside the block yet.
        assert not _can_take_write_lock(database.path)
    assert _can_take_write_lock(database.path)


def test_other_writer_waits_for_the_unit_of_work(
    database: StoreDatabase, other_connection: sqlite3.Connection
) -> None:
    with database.write() as session:
        session.add(_store())
        session.flush()
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other_connection.execute("INSERT INTO syncstate (feed) VALUES ('catalog')")
    other_connection.execute("INSERT INTO syncstate (feed) VALUES ('catalog')")
    assert _count(database.path, "syncstate") == 1


def test_read_does_not_take_the_write_lock(database: StoreDatabase) -> None:
    with database.read() as session:
        session.execute(select(Store)).all()
        assert _can_take_write_lock(database.path)


def test_read_is_a_snapshot(database: StoreDatabase, other_connection: sqlite3.Connection) -> None:
    with database.read() as session:
        assert session.execute(text("SELECT count(*) FROM syncstate")).scalar() == 0
        other_connection.execute("INSERT INTO syncstate (feed) VALUES ('catalog')")
        # The read began a real transaction, so the row committed meanwhile is not seen.
        assert session.execute(text("SELECT count(*) FROM syncstate")).scalar() == 0
    with database.read() as session:
        assert session.execute(text("SELECT count(*) FROM syncstate")).scalar() == 1


def test_anything_written_through_read_is_rolled_back(database: StoreDatabase) -> None:
    with database.read() as session:
        session.add(_store())
        session.flush()
    assert _count(database.path, "store") == 0


# --------------------------------------------------------------------------- backups


def test_backup_to_makes_a_file_that_opens_and_has_the_rows(
    database: StoreDatabase, tmp_path: Path
) -> None:
    with database.write() as session:
        session.add(_store())
        session.add(_product("SKU-1", 1999))
        session.add(_product("SKU-2", 5))
    target = tmp_path / "elsewhere" / "nested" / "copy.sqlite"

    assert database.backup_to(target) == target

    assert target.exists()
    assert not target.with_name("copy.sqlite.partial").exists()
    assert not Path(f"{target}-wal").exists()  # the snapshot stands alone, WAL folded in
    with closing(sqlite3.connect(target)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT code FROM store").fetchall() == [("S012",)]
        assert copy.execute("SELECT sku, price_cents FROM product ORDER BY sku").fetchall() == [
            ("SKU-1", 1999),
            ("SKU-2", 5),
        ]
        version = copy.execute("SELECT version_num FROM alembic_version").fetchall()
    assert version == [(head_revision(),)]


def test_backup_copy_opens_as_a_store_database(database: StoreDatabase, tmp_path: Path) -> None:
    with database.write() as session:
        session.add(_store())
    copy = StoreDatabase.open(database.backup_to(tmp_path / "copy.sqlite"))
    try:
        with copy.read() as session:
            assert [store.code for store in session.execute(select(Store)).scalars()] == ["S012"]
        assert copy.integrity_problems() == []
    finally:
        copy.dispose()


def test_backup_replaces_an_old_copy_and_a_stale_partial(
    database: StoreDatabase, tmp_path: Path
) -> None:
    target = tmp_path / "copy.sqlite"
    target.write_bytes(b"old backup")
    target.with_name("copy.sqlite.partial").write_bytes(b"half a backup from a crash")
    with database.write() as session:
        session.add(_store())
    database.backup_to(target)
    assert not target.with_name("copy.sqlite.partial").exists()
    assert _count(target, "store") == 1


def test_backup_while_a_write_is_open_has_only_committed_rows(
    database: StoreDatabase, tmp_path: Path
) -> None:
    with database.write() as session:
        session.add(_store("A"))
    with database.write() as session:
        session.add(_store("B"))
        session.flush()
        database.backup_to(tmp_path / "copy.sqlite")
    with closing(sqlite3.connect(tmp_path / "copy.sqlite")) as copy:
        assert copy.execute("SELECT code FROM store").fetchall() == [("A",)]


# --------------------------------------------------------------------------- integrity


def test_healthy_database_has_no_integrity_problems(database: StoreDatabase) -> None:
    with database.write() as session:
        session.add(_store())
    assert database.integrity_problems() == []


def test_dangling_foreign_key_is_reported(database: StoreDatabase) -> None:
    # A plain sqlite3 connection has foreign keys off, as an outside tool would.
    with closing(sqlite3.connect(database.path)) as raw:
        raw.execute(
            "INSERT INTO staff (id, store_id, name, role, pin_hash, failed_pin_attempts, "
            "active, created_at) VALUES ('a', 'missing', 'Ann', 'clerk', 'x', 0, 1, "
            "'2026-01-01 00:00:00')"
        )
        raw.commit()
    problems = database.integrity_problems()
    assert problems == ["row 1 of staff points to a missing store"]


def test_open_creates_the_file_without_migrating(tmp_path: Path) -> None:
    database = StoreDatabase.open(tmp_path / "fresh.sqlite")
    try:
        with database.read() as session:
            tables = session.execute(text("SELECT name FROM sqlite_master")).all()
        assert tables == []
        assert database.path == tmp_path / "fresh.sqlite"
        assert (tmp_path / "fresh.sqlite").exists()
    finally:
        database.dispose()
