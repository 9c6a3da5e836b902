import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from db.errors import (
    DatabaseDamagedError,
    DatabaseTooNewError,
    DataFolderError,
    StorageError,
)
from db.store.database import StoreDatabase
from db.store.migrate import (
    MIGRATIONS_DIR,
    STORE_SCHEMA_HEAD,
    _scripts_head,
    current_revision,
    head_revision,
    include_name,
    upgrade_to_head,
)
from db.store.models import StoreTable
from db.store.opening import (
    BACKUP_FOLDER,
    DATABASE_FILENAME,
    OpenedStore,
    open_store,
    prepare_data_folder,
)


def _tables(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as raw:
        return {
            name
            for (name,) in raw.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }


def _version(path: Path) -> list[tuple[str]]:
    with closing(sqlite3.connect(path)) as raw:
        return raw.execute("SELECT version_num FROM alembic_version").fetchall()


def _backups(data_dir: Path) -> list[Path]:
    folder = data_dir / BACKUP_FOLDER
    return sorted(folder.iterdir()) if folder.exists() else []


# --------------------------------------------------------------------------- first start


def test_head_is_the_summary_covering_indexes_revision() -> None:
    assert head_revision() == "0009"


def test_the_head_written_in_the_code_is_the_one_alembic_reads_from_the_scripts() -> None:
    # Opening a file at STORE_SCHEMA_HEAD skips Alembic; a new migration must move it too.
    assert _scripts_head(MIGRATIONS_DIR) == STORE_SCHEMA_HEAD


def test_opening_a_store_already_at_the_head_loads_no_alembic(tmp_path: Path) -> None:
    open_store(tmp_path).database.dispose()
    script = (
        "import sys; from pathlib import Path; from db.store.opening import open_store; "
        f"open_store(Path({str(tmp_path)!r})).database.dispose(); "
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'alembic'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


def test_open_store_on_an_empty_folder_creates_the_file_at_head(
    opened: OpenedStore, data_dir: Path
) -> None:
    path = data_dir / DATABASE_FILENAME
    assert opened.database.path == path.resolve()
    assert path.is_file()
    assert _version(path) == [(head_revision(),)]
    search_index = {name for name in _tables(path) if not include_name(name, "table", None)}
    assert "case_search" in search_index
    assert _tables(path) == set(StoreTable.metadata.tables) | {"alembic_version"} | search_index
    assert opened.upgrade.from_revision is None
    assert opened.upgrade.to_revision == head_revision()
    assert opened.upgrade.changed
    assert opened.upgrade.backup is None  # nothing existed to back up
    assert _backups(data_dir) == []


def test_open_store_creates_missing_parent_folders(tmp_path: Path) -> None:
    store = open_store(tmp_path / "a" / "b" / "c")
    try:
        assert (tmp_path / "a" / "b" / "c" / DATABASE_FILENAME).is_file()
    finally:
        store.database.dispose()


def test_an_empty_file_is_treated_as_new(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / DATABASE_FILENAME).write_bytes(b"")
    store = open_store(data_dir)
    try:
        assert store.upgrade.from_revision is None
        assert _version(data_dir / DATABASE_FILENAME) == [(head_revision(),)]
    finally:
        store.database.dispose()


def test_no_drift_between_models_and_migrated_schema(opened: OpenedStore) -> None:
    engine = create_engine(f"sqlite:///{opened.database.path}")
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "compare_server_default": True,
                    "include_name": include_name,
                },
            )
            diff = compare_metadata(context, StoreTable.metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_migrated_schema_has_the_named_constraints(opened: OpenedStore) -> None:
    with closing(sqlite3.connect(opened.database.path)) as raw:
        (case_sql,) = raw.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'service_case'"
        ).fetchone()
        triggers = {
            name for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        }
    assert "ck_case_status" in case_sql
    assert "ck_case_type" in case_sql
    assert triggers == {
        "auditevent_no_update",
        "auditevent_no_delete",
        "saleline_sold_at_on_insert",
        "saleline_sold_at_on_move",
        "sale_sold_at_to_lines",
        "caseline_case_on_insert",
        "caseline_case_on_move",
        "payment_case_type_on_insert",
        "payment_case_type_on_move",
        "service_case_to_lines",
        "service_case_type_to_payments",
    }


# --------------------------------------------------------------------------- later starts


def test_second_open_changes_nothing_and_makes_no_backup(
    opened: OpenedStore, data_dir: Path
) -> None:
    with closing(sqlite3.connect(opened.database.path)) as raw:
        raw.execute("INSERT INTO syncstate (feed) VALUES ('catalog')")
        raw.commit()
    opened.database.dispose()

    again = open_store(data_dir)
    try:
        assert again.upgrade.from_revision == head_revision()
        assert again.upgrade.to_revision == head_revision()
        assert not again.upgrade.changed
        assert again.upgrade.backup is None
        assert _backups(data_dir) == []
        with closing(sqlite3.connect(again.database.path)) as raw:
            assert raw.execute("SELECT feed FROM syncstate").fetchall() == [("catalog",)]
    finally:
        again.database.dispose()


def test_upgrade_to_head_on_a_database_at_head_is_a_no_op(
    opened: OpenedStore, tmp_path: Path
) -> None:
    outcome = upgrade_to_head(opened.database, backup_dir=tmp_path / "backups")
    assert outcome.from_revision == outcome.to_revision == head_revision()
    assert not outcome.changed
    assert outcome.backup is None
    assert not (tmp_path / "backups").exists()


def test_upgrade_to_head_from_an_empty_file(tmp_path: Path) -> None:
    database = StoreDatabase.open(tmp_path / "fresh.sqlite")
    try:
        assert current_revision(database.engine) is None
        outcome = upgrade_to_head(database, backup_dir=tmp_path / "backups")
        assert outcome.from_revision is None
        assert outcome.to_revision == head_revision()
        assert outcome.changed
        assert outcome.backup is None
        assert current_revision(database.engine) == head_revision()
        assert not (tmp_path / "backups").exists()
    finally:
        database.dispose()


def test_foreign_sqlite_file_is_refused_untouched(data_dir: Path) -> None:
    # An SQLite file that is not Counter's: a 'product' table already there, no version.
    data_dir.mkdir()
    path = data_dir / DATABASE_FILENAME
    with closing(sqlite3.connect(path)) as raw:
        raw.execute("CREATE TABLE product (x)")
        raw.execute("INSERT INTO product VALUES (42)")
        raw.commit()
    with pytest.raises(DatabaseDamagedError, match="not a Counter database"):
        open_store(data_dir)
    assert _tables(path) == {"product"}  # nothing was added to it
    with closing(sqlite3.connect(path)) as raw:
        assert raw.execute("SELECT x FROM product").fetchall() == [(42,)]


# --------------------------------------------------------------------------- refusals


def test_database_from_a_newer_counter_is_refused_untouched(
    opened: OpenedStore, data_dir: Path
) -> None:
    opened.database.dispose()
    path = data_dir / DATABASE_FILENAME
    with closing(sqlite3.connect(path)) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
        raw.commit()

    with pytest.raises(DatabaseTooNewError) as caught:
        open_store(data_dir)

    message = str(caught.value)
    assert "newer version of Counter" in message
    assert "9999" in message
    assert _version(path) == [("9999",)]
    assert _backups(data_dir) == []
    assert isinstance(caught.value, StorageError)


def test_upgrade_to_head_refuses_an_unknown_revision(opened: OpenedStore, tmp_path: Path) -> None:
    with closing(sqlite3.connect(opened.database.path)) as raw:
        raw.execute("UPDATE alembic_version SET version_num = 'abcdef123456'")
        raw.commit()
    with pytest.raises(DatabaseTooNewError, match=r"newer version.*abcdef123456"):
        upgrade_to_head(opened.database, backup_dir=tmp_path / "backups")
    assert not (tmp_path / "backups").exists()


@pytest.mark.parametrize(
    "content",
    [
        b"this is not a database at all, just some text somebody saved here\n" * 20,
        bytes(range(256)) * 16,
        b"\x00" * 4096,
    ],
    ids=["text", "binary", "zeros"],
)
def test_file_with_garbage_is_refused_as_damaged(data_dir: Path, content: bytes) -> None:
    data_dir.mkdir()
    path = data_dir / DATABASE_FILENAME
    path.write_bytes(content)
    with pytest.raises(DatabaseDamagedError, match="is not a Counter database"):
        open_store(data_dir)
    assert path.read_bytes() == content


def test_file_with_a_valid_header_but_garbage_after_is_refused_as_damaged(data_dir: Path) -> None:
    data_dir.mkdir()
    path = data_dir / DATABASE_FILENAME
    content = b"SQLite format 3\x00" + bytes((i * 37 + 11) % 256 for i in range(8192))
    path.write_bytes(content)
    with pytest.raises(DatabaseDamagedError, match="cannot be read"):
        open_store(data_dir)
    assert path.read_bytes() == content


def test_data_folder_that_is_a_file_is_refused(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("oops", encoding="utf-8")
    with pytest.raises(DataFolderError, match="is a file, not a folder"):
        open_store(not_a_folder)
    assert not_a_folder.read_text(encoding="utf-8") == "oops"


def test_data_folder_inside_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "plain.txt").write_text("x", encoding="utf-8")
    with pytest.raises(DataFolderError, match="cannot write to its data folder"):
        prepare_data_folder(tmp_path / "plain.txt" / "data")


def test_prepare_data_folder_leaves_no_write_test_file(tmp_path: Path) -> None:
    folder = prepare_data_folder(tmp_path / "data")
    assert folder == (tmp_path / "data").resolve()
    assert folder.is_dir()
    assert list(folder.iterdir()) == []
