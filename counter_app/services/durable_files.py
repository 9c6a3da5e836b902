"""Files in the data folder that survive a power cut: written, flushed, renamed, synced."""

import os
from contextlib import suppress
from pathlib import Path


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
