"""Opening the store database for the rest of the application.

The UI and the CLI hold a :class:`StoreDatabase` and pass it to services; they
never open sessions themselves. Storage failures are re-exported here so
callers above the core need not import the storage layer.
"""

from pathlib import Path

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


def open_store_database(data_dir: Path) -> OpenedStore:
    """Open, and if needed upgrade after a backup, the store database in ``data_dir``."""
    return open_store(data_dir)
