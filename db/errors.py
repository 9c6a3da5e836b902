"""Storage failures that are the environment's fault, worded for the person at the counter.

A bug raises anything else and is reported as a crash; these carry a message
a clerk or the store's IT person can act on.
"""


class StorageError(Exception):
    """Base for problems with the data folder or the database file."""


class DataFolderError(StorageError):
    """The data folder cannot be used (missing rights, network drive, not a folder)."""


class DatabaseTooNewError(StorageError):
    """The file was written by a newer version of Counter than this one."""


class DatabaseDamagedError(StorageError):
    """The file is not a readable SQLite database, or fails its integrity check."""


class MigrationFailedError(StorageError):
    """An upgrade failed; the backup taken before it was put back."""


class DatabaseUnavailableError(StorageError):
    """The database cannot be written or read right now: busy, disk full, read-only, disk error.

    Nothing already saved is harmed; the change being made was rolled back whole.
    """


class BackupFailedError(StorageError):
    """A backup could not be written where it was asked for; the live database is untouched."""
