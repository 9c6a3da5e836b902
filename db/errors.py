"""Storage failures that are the environment's fault, worded for the person at the counter.

A bug raises anything else and is reported as a crash; these carry a message
a clerk or the store's IT person can act on.

The sentence is an English template and its values. It is put into the
person's language when it is shown: the layer above hands its translation in
with :func:`use_translation` (this layer cannot import it), and :func:`storage_words`
marks each template for the translation catalogs.
"""

from collections.abc import Callable


def _as_written(template: str) -> str:
    return template


_translate: Callable[[str], str] = _as_written


def use_translation(translate: Callable[[str], str]) -> None:
    """Show storage sentences through ``translate`` (the core's ``say``) from now on."""
    global _translate  # one translation for the whole process, set at start
    _translate = translate


def storage_words(template: str) -> str:
    """Mark an English sentence for the translation catalogs; it is translated when shown."""
    return template


class StorageError(Exception):
    """Base for problems with the data folder or the database file.

    ``template`` is the English sentence with ``{name}`` places for ``values``;
    ``str()`` gives it in the language in force.
    """

    def __init__(self, template: str, /, **values: object) -> None:
        self.template = template
        self.values = values
        super().__init__(self._filled(template))

    def _filled(self, text: str) -> str:
        return text.format(**self.values) if self.values else text

    def __str__(self) -> str:
        try:
            return self._filled(_translate(self.template))
        except (KeyError, IndexError, ValueError):  # a translation that lost a place
            return self._filled(self.template)


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
