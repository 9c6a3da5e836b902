"""Which data folder this user's Counter opens from its next start.

The choice is a one-line pointer file in the per-user config folder, read at
start-up by :mod:`counter_app.config`. ``--data-dir`` and ``COUNTER_DATA_DIR``
still win over it. Nothing is moved: the new folder is used as it is, so IT
copies the data there first (or the counter starts with an empty folder).
"""

import os
import tempfile
from contextlib import suppress
from pathlib import Path

from counter_app.config import chosen_data_dir, data_folder_pointer
from counter_app.domain.validation import InputError
from counter_app.i18n import say
from counter_app.services.errors import ServiceError

DATA_DIR_VARIABLE = "COUNTER_DATA_DIR"


class DataFolderChoiceError(ServiceError):
    """The choice could not be written to this user's config folder."""


def data_folder_choice() -> Path | None:
    """The folder chosen for the next start, or None when the OS default is used."""
    return chosen_data_dir()


def data_folder_override() -> str | None:
    """The ``COUNTER_DATA_DIR`` this PC sets, which wins over any choice made here."""
    return os.environ.get(DATA_DIR_VARIABLE) or None


def choose_data_folder(path: Path | None) -> Path | None:
    """Use ``path`` as the data folder from the next start; None goes back to the OS default.

    The folder is made if missing and must take a file, so the next start does
    not fail on it.

    Raises:
        InputError: the path is not absolute, cannot be made, or cannot be written.
        DataFolderChoiceError: the pointer file itself could not be written or removed.
    """
    pointer = data_folder_pointer()
    if path is None:
        try:
            pointer.unlink(missing_ok=True)
        except OSError as error:
            raise DataFolderChoiceError(_pointer_problem(pointer, error)) from error
        return None
    folder = _usable_folder(path)
    try:
        pointer.parent.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(dir=pointer.parent, prefix=".data-folder.")
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
                stream.write(f"{folder}\n")
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(name, pointer)
        except OSError:
            with suppress(OSError):
                os.unlink(name)
            raise
    except OSError as error:
        raise DataFolderChoiceError(_pointer_problem(pointer, error)) from error
    return folder


def _usable_folder(path: Path) -> Path:
    folder = path.expanduser()
    if not folder.is_absolute():
        raise InputError.single(
            "data_folder",
            say(
                "Choose the folder with Browse or type its full path; {path} is not a full path."
            ).format(path=path),
        )
    if folder.exists() and not folder.is_dir():
        raise InputError.single(
            "data_folder", say("{folder} is a file, not a folder.").format(folder=folder)
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError.single(
            "data_folder",
            say(
                "Counter cannot make the folder {folder} ({problem}). "
                "Choose a folder you can write to."
            ).format(folder=folder, problem=error.strerror or error),
        ) from error
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise InputError.single(
            "data_folder",
            say(
                "Counter cannot write in {folder} ({problem}). "
                "Choose a folder you can write to, or ask IT for the rights."
            ).format(folder=folder, problem=error.strerror or error),
        ) from error
    return folder


def _pointer_problem(pointer: Path, error: OSError) -> str:
    return say(
        "The choice could not be saved in {pointer} ({problem}). "
        "Nothing was changed; ask IT to check the rights on that folder."
    ).format(pointer=pointer, problem=error.strerror or error)
