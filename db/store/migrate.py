"""Bring a store database to the schema this version of Counter expects.

Order of events at start-up: refuse a file from a newer Counter; if the file
needs upgrading, take an online backup first; run each revision in its own
transaction; if anything fails, put the backup back and say so.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from db.errors import DatabaseDamagedError, DatabaseTooNewError, MigrationFailedError, storage_words
from db.store.database import StoreDatabase

if TYPE_CHECKING:  # Alembic loads only when a file needs upgrading (a third of start-up)
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger("counter.db")

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# The full-text index is a virtual table (with shadow tables) that the models do not describe.
SEARCH_TABLE_PREFIX = "case_search"
# The newest revision in MIGRATIONS_DIR, so that opening a file already at it needs no
# Alembic; tests/db/test_migrations.py holds it to what Alembic reads from the scripts.
STORE_SCHEMA_HEAD = "0009"


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    """Leave the search index out of schema comparisons (autogenerate, drift checks)."""
    return not (type_ == "table" and name is not None and name.startswith(SEARCH_TABLE_PREFIX))


@dataclass(frozen=True)
class UpgradeOutcome:
    """What an upgrade did: the revisions before and after, and the backup taken, if any."""

    from_revision: str | None
    to_revision: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        """Whether any migration ran."""
        return self.from_revision != self.to_revision


def alembic_config(migrations: Path = MIGRATIONS_DIR) -> "Config":
    """An Alembic config that works from a source tree, a wheel or a frozen build.

    Args:
        migrations: the folder of migration scripts; tests pass a copy with extra revisions.
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations))
    return config


def _head(scripts: "ScriptDirectory") -> str:
    head = scripts.get_current_head()
    if head is None:
        raise RuntimeError("the store migrations have no head revision")
    return head


def head_revision(migrations: Path = MIGRATIONS_DIR) -> str:
    """The newest schema revision this code knows."""
    if migrations == MIGRATIONS_DIR:
        return STORE_SCHEMA_HEAD
    return _scripts_head(migrations)


def _scripts_head(migrations: Path) -> str:
    """The head revision as Alembic reads it from the migration scripts."""
    from alembic.script import ScriptDirectory

    return _head(ScriptDirectory.from_config(alembic_config(migrations)))


def current_revision(engine: Engine) -> str | None:
    """The revision recorded in the file, or None for a new, empty file.

    Read as Alembic records it (one row in ``alembic_version``), without loading Alembic.
    """
    with engine.connect() as connection:
        has_table = connection.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
        ).first()
        row = (
            connection.execute(text("SELECT version_num FROM alembic_version")).first()
            if has_table
            else None
        )
        connection.rollback()
    return str(row[0]) if row else None


def _refuse_unknown_revision(revision: str, scripts: "ScriptDirectory") -> None:
    known = {script.revision for script in scripts.walk_revisions()}
    if revision not in known:
        raise DatabaseTooNewError(
            storage_words(
                "This database was written by a newer version of Counter (schema {revision}). "
                "Install the newer version on this PC, or ask IT to restore a backup made by "
                "this one."
            ),
            revision=revision,
        )


def upgrade_to_head(
    database: StoreDatabase, *, backup_dir: Path, migrations: Path = MIGRATIONS_DIR
) -> UpgradeOutcome:
    """Upgrade ``database`` to the head revision, with a backup taken first.

    Raises:
        DatabaseTooNewError: the file comes from a newer Counter; nothing is touched.
        MigrationFailedError: a revision failed; the backup has been restored.
    """
    before = current_revision(database.engine)
    if migrations == MIGRATIONS_DIR and before == STORE_SCHEMA_HEAD:
        return UpgradeOutcome(before, before, None)
    from alembic import command
    from alembic.script import ScriptDirectory

    config = alembic_config(migrations)
    scripts = ScriptDirectory.from_config(config)
    head = _head(scripts)
    if before == head:
        return UpgradeOutcome(before, head, None)
    if before is not None:
        _refuse_unknown_revision(before, scripts)
    elif inspect(database.engine).get_table_names():
        raise DatabaseDamagedError(
            storage_words(
                "{path} holds tables but is not a Counter database. Move it out of the data "
                "folder, or choose another folder with --data-dir."
            ),
            path=database.path,
        )

    backup = None
    if before is not None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        backup = database.backup_to(backup_dir / f"counter-{stamp}-before-{head}.sqlite")
        log.info("backed up the database to %s before upgrading from %s", backup, before)

    try:
        with database.engine.connect() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except Exception as error:
        log.exception("migration from %s to %s failed", before, head)
        if backup is None:
            raise MigrationFailedError(
                storage_words(
                    "Setting up the new database failed ({problem}). Nothing was stored yet; "
                    "check that the data folder is writable and has free space, then start "
                    "again."
                ),
                problem=error,
            ) from error
        _restore(database, backup)
        raise MigrationFailedError(
            storage_words(
                "Upgrading the database failed ({problem}). The copy taken before the upgrade "
                "was put back, so no data is lost; the copy is also kept at {backup}."
            ),
            problem=error,
            backup=backup,
        ) from error
    log.info("database upgraded from %s to %s", before, head)
    return UpgradeOutcome(before, head, backup)


def _restore(database: StoreDatabase, backup: Path) -> None:
    """Put ``backup`` back in place of the database file, WAL and shared memory included."""
    database.dispose()
    for suffix in ("-wal", "-shm"):
        Path(f"{database.path}{suffix}").unlink(missing_ok=True)
    restored = StoreDatabase.open(backup)
    try:
        restored.backup_to(database.path)
    finally:
        restored.dispose()
