"""Open the store database inside a data folder, ready for use.

Every refusal here is the environment's fault and says what to do about it.
"""

import errno
import logging
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError

from db.errors import DatabaseDamagedError, DataFolderError, storage_words
from db.filesystem import is_network_location
from db.store.database import StoreDatabase, damaged_file_error, unavailable_error
from db.store.migrate import UpgradeOutcome, upgrade_to_head

log = logging.getLogger("counter.db")

DATABASE_FILENAME = "counter.sqlite"
BACKUP_FOLDER = "backups"
_SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class OpenedStore:
    """An open, up-to-date store database and what opening it did."""

    database: StoreDatabase
    upgrade: UpgradeOutcome


def prepare_data_folder(data_dir: Path) -> Path:
    """Create ``data_dir`` if needed and make sure the counter can keep data there.

    Raises:
        DataFolderError: it is on a network drive, is not a folder, or is not writable.
    """
    folder = data_dir.expanduser().resolve()
    if is_network_location(folder):
        raise DataFolderError(
            storage_words(
                "The data folder {folder} is on a network drive. Counter keeps its database "
                "on this PC's own disk (network drives can corrupt it). Choose a local folder "
                "with --data-dir or COUNTER_DATA_DIR."
            ),
            folder=folder,
        )
    if folder.exists() and not folder.is_dir():
        raise DataFolderError(
            storage_words("The data folder {folder} is a file, not a folder."), folder=folder
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as error:
        if error.errno == errno.EROFS:
            raise DataFolderError(
                storage_words(
                    "The data folder {folder} is on a disk that is read-only, so Counter cannot "
                    "start there. Everything saved in it is safe. Ask IT to make the disk "
                    "writable again, or choose another folder with --data-dir."
                ),
                folder=folder,
            ) from error
        if error.errno in {errno.ENOSPC, errno.EDQUOT}:
            raise DataFolderError(
                storage_words(
                    "The disk of the data folder {folder} is full, so Counter cannot start "
                    "there. Everything saved in it is safe. Ask IT to free some space, then "
                    "start again."
                ),
                folder=folder,
            ) from error
        raise DataFolderError(
            storage_words(
                "Counter cannot write to its data folder {folder} ({problem}). Ask IT to give "
                "this user write access, or choose another folder with --data-dir."
            ),
            folder=folder,
            problem=error.strerror or error,
        ) from error
    return folder


def _check_header(path: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as file:
        header = file.read(len(_SQLITE_HEADER))
    if header != _SQLITE_HEADER:
        raise DatabaseDamagedError(
            storage_words(
                "{path} is not a Counter database (the file is damaged or was replaced)."
            ),
            path=path,
        )


def open_store(data_dir: Path) -> OpenedStore:
    """Open the database in ``data_dir``, upgrading it (after a backup) when needed.

    Raises:
        DataFolderError, DatabaseDamagedError, DatabaseTooNewError, MigrationFailedError,
        DatabaseUnavailableError (the disk is full, read-only or failing; the file is as it was).
    """
    folder = prepare_data_folder(data_dir)
    path = folder / DATABASE_FILENAME
    _check_header(path)
    database = StoreDatabase.open(path)
    try:
        outcome = upgrade_to_head(database, backup_dir=folder / BACKUP_FOLDER)
    except (sqlite3.DatabaseError, SQLAlchemyDatabaseError) as error:
        database.dispose()
        problem = error.orig if isinstance(error, SQLAlchemyDatabaseError) else error
        # A full, read-only or busy disk is not a damaged file: no backup is offered for it.
        unavailable = (
            unavailable_error(path, problem)
            if isinstance(problem, sqlite3.OperationalError)
            else None
        )
        if unavailable is not None:
            raise unavailable from error
        raise damaged_file_error(path, problem) from error
    except BaseException:
        database.dispose()
        raise
    return OpenedStore(database, outcome)
