"""Opening the store database for the rest of the application.

The UI and the CLI hold a :class:`StoreDatabase` and pass it to services; they
never open sessions themselves. Storage failures are re-exported here so
callers above the core need not import the storage layer.
"""

from pathlib import Path

from counter_app.services.search import rebuild_search_index
from db.errors import (
    BackupFailedError,
    DatabaseDamagedError,
    DatabaseTooNewError,
    DatabaseUnavailableError,
    DataFolderError,
    MigrationFailedError,
    StorageError,
)
from db.store.database import StoreDatabase
from db.store.migrate import UpgradeOutcome, head_revision
from db.store.opening import BACKUP_FOLDER, DATABASE_FILENAME, OpenedStore, open_store

__all__ = [
    "BACKUP_FOLDER",
    "DATABASE_FILENAME",
    "BackupFailedError",
    "DataFolderError",
    "DatabaseDamagedError",
    "DatabaseTooNewError",
    "DatabaseUnavailableError",
    "MigrationFailedError",
    "OpenedStore",
    "StorageError",
    "StoreDatabase",
    "UpgradeOutcome",
    "head_revision",
    "open_store_database",
]


# Schemas whose search rows were written by SQL in the migration, before the search
# service's own wording (phone endings, folded Greek, complaint products): rewritten once.
OLD_SEARCH_ROWS = frozenset({"0001"})


def open_store_database(data_dir: Path) -> OpenedStore:
    """Open, and if needed upgrade after a backup, the store database in ``data_dir``."""
    opened = open_store(data_dir)
    if opened.upgrade.from_revision in OLD_SEARCH_ROWS:
        rebuild_search_index(database=opened.database)
    return opened
