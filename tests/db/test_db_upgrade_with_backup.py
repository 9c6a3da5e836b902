"""Upgrading an existing database: a backup first, data kept; a failed step puts the backup back.

These tests copy the shipped migrations and add a real next revision in
tmp_path, exactly as the next release will, on a database at today's head.
"""

import shutil
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from db.errors import MigrationFailedError
from db.store.database import StoreDatabase
from db.store.migrate import MIGRATIONS_DIR, current_revision, head_revision, upgrade_to_head
from db.store.models import Store
from db.store.opening import open_store

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
HEAD = head_revision()

ADD_COLUMN = """
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "__HEAD__"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("store") as batch:
        batch.add_column(sa.Column("vat_number", sa.String(32), nullable=True))


def downgrade():
    with op.batch_alter_table("store") as batch:
        batch.drop_column("vat_number")
"""

BREAKS_HALFWAY = """
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "__HEAD__"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE store SET name = 'half-migrated'")
    op.execute("THIS IS NOT SQL")


def downgrade():
    pass
"""


def _migrations_with(tmp_path: Path, second_revision: str) -> Path:
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "9999_next_release.py").write_text(
        second_revision.replace("__HEAD__", HEAD)
    )
    return folder


def _database_at_head_with_a_store(data_dir: Path) -> StoreDatabase:
    database = open_store(data_dir).database
    with database.write() as session:
        session.add(Store(code="S012", name="Grafton Street", created_at=NOW))
    return database


def _store_names(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as raw:
        return [row[0] for row in raw.execute("SELECT name FROM store")]


def test_upgrade_backs_up_first_and_keeps_the_data(tmp_path: Path) -> None:
    database = _database_at_head_with_a_store(tmp_path / "data")
    migrations = _migrations_with(tmp_path, ADD_COLUMN)
    try:
        outcome = upgrade_to_head(
            database, backup_dir=tmp_path / "data" / "backups", migrations=migrations
        )
        assert (outcome.from_revision, outcome.to_revision) == (HEAD, "9999")
        assert current_revision(database.engine) == "9999"
        with closing(sqlite3.connect(database.path)) as raw:
            columns = {row[1] for row in raw.execute("PRAGMA table_info(store)")}
        assert "vat_number" in columns
        assert _store_names(database.path) == ["Grafton Street"]
    finally:
        database.dispose()

    assert outcome.backup is not None
    assert outcome.backup.parent == tmp_path / "data" / "backups"
    with closing(sqlite3.connect(outcome.backup)) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert _store_names(outcome.backup) == ["Grafton Street"]


def test_a_failed_upgrade_puts_the_backup_back_and_says_so(tmp_path: Path) -> None:
    database = _database_at_head_with_a_store(tmp_path / "data")
    migrations = _migrations_with(tmp_path, BREAKS_HALFWAY)
    try:
        with pytest.raises(MigrationFailedError) as failed:
            upgrade_to_head(
                database, backup_dir=tmp_path / "data" / "backups", migrations=migrations
            )
    finally:
        database.dispose()
    message = str(failed.value)
    assert "was put back" in message
    assert "no data is lost" in message
    assert _store_names(database.path) == ["Grafton Street"]
    reopened = StoreDatabase.open(database.path)
    try:
        assert current_revision(reopened.engine) == HEAD
        assert reopened.integrity_problems() == []
    finally:
        reopened.dispose()
    assert len(list((tmp_path / "data" / "backups").glob("*.sqlite"))) == 1
