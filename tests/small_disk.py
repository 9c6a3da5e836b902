"""A real, tiny disk for the data folder: filled up, or made read-only, while the counter runs.

``chmod`` proves nothing when the tests run as root, and a mocked ``write`` proves
nothing about SQLite. So the data folder is a small tmpfs of its own: a filler
file takes its last free byte (the kernel answers ``ENOSPC``), or the mount is
remounted read-only (``EROFS``), and the real services run against it.

Mounting needs root. Where this process may not mount (a developer's own
account), :func:`on_small_disk` runs the test again in a child process inside a
user namespace (``unshare --user --map-root-user --mount``), where an ordinary
user may mount a tmpfs; only where that is refused too is the test skipped, with
the reason. The mounts are private to that child and vanish with it.

Linux refuses to remount a file system read-only while a file on it is open for
writing, so :meth:`SmallDisk.read_only` is called after the counter's database
has closed its pooled connections (``database.dispose()``): the counter keeps
running, and its next unit of work opens the file anew and meets the read-only
disk, as after the kernel remounts a failing disk read-only.
"""

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import pytest

FILLER = ".filler"
CHILD_VARIABLE = "COUNTER_SMALL_DISK_CHILD"
# Set to 1 to act as an account that may not mount, so the user-namespace path is exercised.
NO_MOUNT_VARIABLE = "COUNTER_SMALL_DISK_NO_MOUNT"
ROOT = Path(__file__).resolve().parents[1]
_CHUNK = 64 * 1024

_Params = ParamSpec("_Params")
_Result = TypeVar("_Result")


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False)


@functools.cache
def mount_refusal() -> str | None:
    """Why this process cannot mount a tmpfs, or None when it can (tried once, for real)."""
    if os.environ.get(NO_MOUNT_VARIABLE) == "1" and os.environ.get(CHILD_VARIABLE) != "1":
        return f"{NO_MOUNT_VARIABLE}=1 asks to act as an account that may not mount"
    if sys.platform != "linux":
        return f"a tmpfs can only be mounted on Linux, not on {sys.platform}"
    if shutil.which("mount") is None:
        return "there is no 'mount' command on this machine"
    probe = Path(tempfile.mkdtemp(prefix="counter-mount-probe-"))
    try:
        mounted = _run("mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(probe))
        if mounted.returncode != 0:
            return f"'mount -t tmpfs' was refused: {mounted.stderr.strip() or mounted.returncode}"
        _run("umount", str(probe))
        return None
    finally:
        with suppress(OSError):
            probe.rmdir()


@dataclass
class SmallDisk:
    """A mounted tmpfs of ``size_kb`` at ``folder``, to fill, free, and make read-only."""

    folder: Path
    size_kb: int

    @property
    def filler(self) -> Path:
        return self.folder / FILLER

    def fill(self, *, leave: int = 0) -> int:
        """Take every free byte but ``leave`` (rounded to pages); return the bytes taken.

        The filler is written until the disk refuses another byte, then cut back
        by ``leave``, so the next writer runs out part-way through its work.
        """
        with self.filler.open("ab", buffering=0) as stream:
            for size in (_CHUNK, 4096, 512, 1):
                while True:
                    try:
                        stream.write(b"\0" * size)
                    except OSError:  # ENOSPC: this size no longer fits; try a smaller one
                        break
            taken = max(0, stream.tell() - leave)
            os.truncate(stream.fileno(), taken)
        return taken

    def free(self) -> None:
        """Give the filler's space back, as IT does when the clerk calls."""
        self.filler.unlink(missing_ok=True)

    def free_bytes(self) -> int:
        status = os.statvfs(self.folder)
        return status.f_bavail * status.f_frsize

    def read_only(self) -> None:
        """Remount read-only; every file on it must be closed for writing (see module notes)."""
        self._remount("ro")

    def writable(self) -> None:
        """Remount read-write, as after IT repairs the disk."""
        self._remount("rw")

    def _remount(self, mode: str) -> None:
        done = _run("mount", "-o", f"remount,{mode}", str(self.folder))
        if done.returncode != 0:
            raise RuntimeError(f"remount,{mode} of {self.folder} failed: {done.stderr.strip()}")

    def leftovers(self) -> list[str]:
        """Half-written files anywhere on the disk: temporary and partial names."""
        found = []
        for path in self.folder.rglob("*"):
            name = path.name
            if (
                ".partial" in name
                or name.endswith((".tmp", ".restoring"))
                or name.startswith((".counter-settings.", ".write-test-"))
            ):
                found.append(str(path.relative_to(self.folder)))
        return sorted(found)


@contextmanager
def small_disk(folder: Path, *, size_kb: int) -> Iterator[SmallDisk]:
    """Mount a tmpfs of ``size_kb`` at ``folder`` (made if missing); unmount it afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = _run("mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0755", "tmpfs", str(folder))
    if mounted.returncode != 0:
        raise RuntimeError(f"mounting a tmpfs at {folder} failed: {mounted.stderr.strip()}")
    try:
        yield SmallDisk(folder, size_kb)
    finally:
        if _run("umount", str(folder)).returncode != 0:
            # Something still holds a file open: detach now, the kernel frees it when closed.
            _run("umount", "--lazy", str(folder))


def _run_in_user_namespace(node_id: str) -> None:
    """Run one test again as root of a user namespace; fail with its output, or skip why."""
    if shutil.which("unshare") is None:
        pytest.skip(f"{mount_refusal()}, and there is no 'unshare' to try a user namespace")
    probe = _run("unshare", "--user", "--map-root-user", "--mount", "true")
    if probe.returncode != 0:
        pytest.skip(
            f"{mount_refusal()}, and 'unshare --user --map-root-user --mount' was refused too "
            f"({probe.stderr.strip() or probe.returncode}); the disk tests need one of them"
        )
    command = [
        "unshare",
        "--user",
        "--map-root-user",
        "--mount",
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        node_id,
    ]
    child = subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, CHILD_VARIABLE: "1"},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if child.returncode != 0:
        pytest.fail(f"the test failed in its user namespace:\n{child.stdout[-6000:]}{child.stderr}")
    if " passed" not in child.stdout:
        pytest.fail(f"the test did not pass in its user namespace:\n{child.stdout[-3000:]}")


def on_small_disk(test: Callable[_Params, _Result]) -> Callable[_Params, _Result | None]:
    """Run ``test`` here if this process may mount, else in a user namespace, else skip why."""

    @functools.wraps(test)
    def run(*args: _Params.args, **kwargs: _Params.kwargs) -> _Result | None:
        refusal = mount_refusal()
        if refusal is None:
            return test(*args, **kwargs)
        if os.environ.get(CHILD_VARIABLE) == "1":
            pytest.fail(f"even the user namespace may not mount: {refusal}")
        current = os.environ["PYTEST_CURRENT_TEST"].rsplit(" ", 1)[0]
        _run_in_user_namespace(current)
        return None

    return run


def describe(disk: SmallDisk) -> dict[str, Any]:
    """The disk's state in a few numbers, for assertion messages."""
    return {"folder": str(disk.folder), "size_kb": disk.size_kb, "free": disk.free_bytes()}
