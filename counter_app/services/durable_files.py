"""Files in the data folder that survive a power cut: written, flushed, renamed, synced."""

import errno
import os
from contextlib import suppress
from pathlib import Path

from counter_app.i18n import say

_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX); Windows has no folder handles to sync."""
    if os.name != "posix":
        return
    with suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def disk_problem(error: OSError) -> str:
    """Why a file could not be written, in the clerk's words: a full or read-only disk by name.

    Anything else is the operating system's own short description of the fault.
    """
    if error.errno in _FULL:
        return say("the disk is full")
    if error.errno == errno.EROFS:
        return say("the disk is read-only")
    return str(error.strerror or error)
