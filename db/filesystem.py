"""Where the database may live: a local disk, never a network share.

SQLite's WAL mode needs shared memory between processes on one machine; on a
network file system (SMB, NFS, sshfs) it can corrupt the file. Detect those
before opening, so the store is told plainly instead of losing data later.
"""

import ctypes
import os
import re
import sys
from pathlib import Path, PurePath

NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "ceph",
        "glusterfs",
        "lustre",
        "9p",
        "davfs",
        "fuse.sshfs",
        "fuse.davfs2",
        "fuse.glusterfs",
        "fuse.s3fs",
        "fuse.rclone",
    }
)

_DRIVE_REMOTE = 4  # GetDriveTypeW answer for a mapped network drive


_OCTAL_ESCAPE = re.compile(r"\\([0-7]{3})")


def _unescape_mount_path(field: str) -> str:
    r"""Decode the octal escapes (``\040`` for a space) /proc/mounts uses; other text is as is."""
    return _OCTAL_ESCAPE.sub(lambda match: chr(int(match[1], 8)), field)


def filesystem_type(path: Path, mounts_table: str) -> str | None:
    """Return the file system type of the mount that holds ``path``.

    Args:
        path: an absolute, resolved path.
        mounts_table: text in the format of ``/proc/mounts``.
    """
    best_mount: PurePath | None = None
    best_type: str | None = None
    for line in mounts_table.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point = PurePath(_unescape_mount_path(fields[1]))
        # The deepest mount point holding the path wins; of mounts stacked on the same
        # point, the later line is the one on top, so ties go to the later line.
        if (path == mount_point or mount_point in path.parents) and (
            best_mount is None or len(mount_point.parts) >= len(best_mount.parts)
        ):
            best_mount, best_type = mount_point, fields[2]
    return best_type


def is_network_location(path: Path, mounts_table: str | None = None) -> bool:
    """Tell whether ``path`` is on a network share (UNC path, mapped drive or network mount)."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":
        drive = os.path.splitdrive(text)[0]
        if drive:
            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
            return bool(kernel32.GetDriveTypeW(drive + "\\") == _DRIVE_REMOTE)
        return False
    if mounts_table is None:
        try:
            mounts_table = Path("/proc/mounts").read_text(encoding="utf-8")
        except OSError:
            return False  # no mount table (macOS): nothing to go on, assume local
    fs_type = filesystem_type(path, mounts_table)
    return fs_type is not None and fs_type.lower() in NETWORK_FILESYSTEMS
