"""The store database file: one engine, real transactions, online backups.

pysqlite only sends BEGIN before the first INSERT/UPDATE/DELETE, so reads at
the start of a unit of work would run outside the transaction and two writers
could interleave. SQLAlchemy's documented recipe fixes that: let the driver
do nothing (``isolation_level = None``) and emit BEGIN ourselves. Writes take
``BEGIN IMMEDIATE`` so the write lock is held from the first statement (a
case number read and the insert that uses it cannot race); reads take a
plain deferred BEGIN so they never wait on a writer under WAL.
"""

import errno
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.pool import QueuePool
from sqlmodel import Session

from db.errors import (
    BackupFailedError,
    DatabaseDamagedError,
    DatabaseUnavailableError,
    storage_words,
)

BUSY_TIMEOUT_MS = 10_000
_BEGIN_OPTION = "counter_sqlite_begin"


_FULL_DISK = storage_words(
    "The disk of this PC is full, so nothing was saved. Everything saved before is safe. "
    "Ask IT to free some space, then try again."
)
# Below this much free space, an "I/O error" is the full disk (SQLite says so when it
# cannot even make the shared-memory file it needs to read the database).
_NEARLY_FULL_BYTES = 1024 * 1024

_UNAVAILABLE_MESSAGES = (
    (
        ("database is locked", "database is busy"),
        storage_words("The database is busy with another program. Wait a moment and try again."),
    ),
    (
        ("disk is full", "database or disk is full"),
        _FULL_DISK,
    ),
    (
        ("readonly", "read-only"),
        storage_words(
            "The database can only be read, not written, so this change was not saved. "
            "Ask IT to check the data folder's permissions."
        ),
    ),
    (
        ("disk i/o error",),
        storage_words(
            "The disk reported an error, so this change was not saved. Everything saved "
            "before is safe. Ask IT to check the disk."
        ),
    ),
    (
        ("unable to open database file",),
        storage_words(
            "The database in {folder} cannot be opened right now, so nothing was read or "
            "saved. Everything saved before is safe. Ask IT to check that the data folder's "
            "disk is connected and can be written to, then try again."
        ),
    ),
)

# What SQLite says when the file system under the data folder has turned read-only: the
# write itself is refused, the journal cannot be made, or the file cannot be opened again.
_READ_ONLY_NEEDLES = ("readonly", "read-only", "unable to open database file", "disk i/o error")
_READ_ONLY_FOLDER = storage_words(
    "The data folder {folder} is on a disk that has become read-only, so nothing can be "
    "saved now. Everything saved before is safe. Ask IT to make the disk writable again, "
    "then try again."
)


_DAMAGED_NEEDLES = ("malformed", "file is not a database")


def damaged_file_error(path: Path, problem: object) -> DatabaseDamagedError:
    """The refusal for a database file SQLite cannot read, naming the file.

    The way out (restoring a backup) is each front end's to offer: the command
    line names the exact command, the desktop offers the newest good backup.
    """
    return DatabaseDamagedError(
        storage_words("The database {path} is damaged and cannot be read ({problem})."),
        path=path,
        problem=problem,
    )


def on_read_only_disk(path: Path) -> bool:
    """Whether the file system holding ``path``'s folder is mounted read-only (POSIX only).

    A disk with errors is remounted read-only by the kernel while the counter
    runs; SQLite then only says it cannot open or write the file.
    """
    statvfs = getattr(os, "statvfs", None)
    if statvfs is None:
        return False
    try:
        return bool(statvfs(path.parent).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _nearly_full(path: Path) -> bool:
    statvfs = getattr(os, "statvfs", None)
    if statvfs is None:
        return False
    try:
        status = statvfs(path.parent)
    except OSError:
        return False
    return bool(status.f_bavail * status.f_frsize < _NEARLY_FULL_BYTES)


def unavailable_error(path: Path, problem: object) -> DatabaseUnavailableError | None:
    """The refusal for SQLite's busy, full, read-only, I/O or cannot-open error, else None.

    These are the environment's fault and leave the file as it was: never a
    reason to call the database damaged or to offer a backup in its place.
    """
    text = str(problem).lower()
    if any(needle in text for needle in _READ_ONLY_NEEDLES) and on_read_only_disk(path):
        return DatabaseUnavailableError(_READ_ONLY_FOLDER, folder=path.parent)
    if "disk i/o error" in text and _nearly_full(path):
        return DatabaseUnavailableError(_FULL_DISK)
    for needles, message in _UNAVAILABLE_MESSAGES:
        if any(needle in text for needle in needles):
            values = {"folder": path.parent} if "{folder}" in message else {}
            return DatabaseUnavailableError(message, **values)
    return None


@contextmanager
def _environment_faults_in_words(path: Path) -> Iterator[None]:
    """Re-raise SQLite's busy, full, read-only, I/O and damaged-file errors as a sentence.

    Bugs pass through.
    """
    try:
        yield
    except OperationalError as error:
        unavailable = unavailable_error(path, error.orig)
        if unavailable is not None:
            raise unavailable from error
        raise
    except DatabaseError as error:
        if any(needle in str(error.orig).lower() for needle in _DAMAGED_NEEDLES):
            raise damaged_file_error(path, error.orig) from error
        raise


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    """Apply the settings every connection must have before it is used."""
    dbapi_connection.isolation_level = None  # we send BEGIN ourselves (see module docstring)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _on_begin(connection: Any) -> None:
    mode = connection.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def create_sqlite_engine(path: Path) -> Engine:
    """An engine for one SQLite file with WAL, FULL sync, foreign keys and real BEGINs."""
    engine = create_engine(
        f"sqlite:///{path}",
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


_BACKUP_FAILED = storage_words(
    "The backup could not be written to {target}: {problem}. The database itself is "
    "untouched; choose a folder on a disk with free space that you can write to."
)
_BACKUP_DISK_FULL = storage_words(
    "The backup could not be written to {target}: the disk is full. The database itself is "
    "untouched; choose a folder on a disk with free space that you can write to."
)
_BACKUP_DISK_READ_ONLY = storage_words(
    "The backup could not be written to {target}: the disk is read-only. The database "
    "itself is untouched; choose a folder on a disk with free space that you can write to."
)


def _backup_failed(target: Path, error: OSError | sqlite3.Error) -> BackupFailedError:
    """What stopped a backup, in words: a full or read-only disk said plainly, else the OS's."""
    if isinstance(error, OSError):
        if error.errno in {errno.ENOSPC, errno.EDQUOT}:
            return BackupFailedError(_BACKUP_DISK_FULL, target=target)
        if error.errno == errno.EROFS:
            return BackupFailedError(_BACKUP_DISK_READ_ONLY, target=target)
        return BackupFailedError(_BACKUP_FAILED, target=target, problem=error.strerror or error)
    text = str(error).lower()
    if "full" in text:
        return BackupFailedError(_BACKUP_DISK_FULL, target=target)
    if on_read_only_disk(target):
        return BackupFailedError(_BACKUP_DISK_READ_ONLY, target=target)
    return BackupFailedError(_BACKUP_FAILED, target=target, problem=error)


class StoreDatabase:
    """The open store database.

    Services receive this object and ask it for a unit of work; nothing else
    creates sessions. ``check_same_thread=False`` is safe here because the
    pool hands a connection to one thread at a time and a session never
    crosses threads.
    """

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._write_engine = engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})

    @classmethod
    def open(cls, path: Path) -> "StoreDatabase":
        """Open (or create) the file at ``path``; does not migrate."""
        return cls(path, create_sqlite_engine(path))

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls everything back on any error.

        The write lock is taken on entry (``session.connection()`` sends BEGIN
        IMMEDIATE at once; ``begin()`` alone would wait for the first statement).
        """
        with (
            _environment_faults_in_words(self.path),
            Session(self._write_engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            session.connection()
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only snapshot; anything written through it is rolled back.

        Rows read stay usable after the block: they are detached before the
        rollback, which would otherwise expire them.
        """
        with (
            _environment_faults_in_words(self.path),
            Session(self.engine, expire_on_commit=False) as session,
        ):
            try:
                yield session
            finally:
                session.expunge_all()
                session.rollback()

    def backup_to(self, target: Path) -> Path:
        """Copy the live database to ``target`` with SQLite's online backup API.

        Safe while the counter is in use: the copy is a consistent snapshot,
        WAL contents included. The copy is written beside the target and
        renamed, so a half-written backup never carries the final name.
        """
        if target.is_dir():
            raise BackupFailedError(
                storage_words("{target} is a folder; name the backup file to write in it."),
                target=target,
            )
        partial = target.with_name(target.name + ".partial")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            partial.unlink(missing_ok=True)
            source = sqlite3.connect(self.path)
            try:
                destination = sqlite3.connect(partial)
                try:
                    source.backup(destination)
                finally:
                    destination.close()
            finally:
                source.close()
            partial.replace(target)
        except (OSError, sqlite3.Error) as error:
            with suppress(OSError):  # leave no half-written copy behind
                partial.unlink(missing_ok=True)
            raise _backup_failed(target, error) from error
        return target

    def load_from(self, source: Path) -> None:
        """Replace this database's contents with ``source``'s in one step.

        SQLite's backup API writes the destination inside one transaction, so a
        crash leaves either the old contents or the new, never a mix.
        """
        self.dispose()
        origin = sqlite3.connect(source)
        try:
            destination = sqlite3.connect(self.path)
            try:
                origin.backup(destination)
            finally:
                destination.close()
        finally:
            origin.close()

    def integrity_problems(self) -> list[str]:
        """Run ``PRAGMA integrity_check`` and foreign key checks; empty means healthy.

        A file too damaged for the check to finish is one problem, not a crash.
        """
        try:
            return self._integrity_problems()
        except DatabaseError as error:
            return [str(error.orig)]

    def _integrity_problems(self) -> list[str]:
        with self.engine.connect() as connection:
            rows = connection.exec_driver_sql("PRAGMA integrity_check").fetchall()
            problems = [str(row[0]) for row in rows if row[0] != "ok"]
            for table, rowid, parent, _ in connection.exec_driver_sql(
                "PRAGMA foreign_key_check"
            ).fetchall():
                problems.append(f"row {rowid} of {table} points to a missing {parent}")
        return problems

    def dispose(self) -> None:
        """Close every pooled connection (before replacing or deleting the file)."""
        self.engine.dispose()
