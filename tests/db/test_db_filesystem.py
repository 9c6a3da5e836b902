from pathlib import Path, PurePosixPath

import pytest

from db.filesystem import NETWORK_FILESYSTEMS, filesystem_type, is_network_location

MOUNTS = r"""sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
/dev/nvme0n1p1 /boot/efi vfat rw,relatime 0 0
tmpfs /run tmpfs rw,nosuid,nodev 0 0
nas:/export/counter /srv/nfs nfs4 rw,relatime,vers=4.2 0 0
//fileserver/store /mnt/store cifs rw,relatime,vers=3.0 0 0
alice@host:/data /home/alice/remote fuse.sshfs rw,nosuid,nodev 0 0
/dev/sdb1 /srv/nfs/local-cache ext4 rw,relatime 0 0
//fileserver/shared\040docs /mnt/shared\040docs cifs rw,relatime 0 0
/dev/sdc1 /media/usb\040stick vfat rw 0 0
short line
"""

# On POSIX, pathlib keeps exactly two leading slashes, so //server/share survives as text.
posix_only = pytest.mark.skipif(
    Path("/").anchor != "/", reason="mount tables and POSIX paths are Linux behaviour"
)


@posix_only
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", "ext4"),
        ("/home/ann/counter", "ext4"),
        ("/srv/nfs", "nfs4"),
        ("/srv/nfs/counter/data", "nfs4"),
        ("/mnt/store/counter", "cifs"),
        ("/home/alice/remote/counter", "fuse.sshfs"),
        ("/home/alice/local", "ext4"),
        ("/boot/efi/x", "vfat"),
        ("/srv/nfsx/counter", "ext4"),  # a name that merely starts like a mount point
    ],
)
def test_filesystem_type(path: str, expected: str) -> None:
    assert filesystem_type(Path(path), MOUNTS) == expected


@posix_only
def test_longest_mount_prefix_wins() -> None:
    # /srv/nfs is NFS, but /srv/nfs/local-cache is a local disk mounted inside it.
    assert filesystem_type(Path("/srv/nfs/local-cache/counter"), MOUNTS) == "ext4"
    assert filesystem_type(Path("/srv/nfs/other"), MOUNTS) == "nfs4"
    reordered = "\n".join(reversed(MOUNTS.splitlines()))
    assert filesystem_type(Path("/srv/nfs/local-cache/counter"), reordered) == "ext4"
    assert filesystem_type(Path("/srv/nfs/other"), reordered) == "nfs4"


@posix_only
def test_escaped_spaces_in_mount_points_are_decoded() -> None:
    assert filesystem_type(Path("/mnt/shared docs/counter"), MOUNTS) == "cifs"
    assert filesystem_type(Path("/media/usb stick"), MOUNTS) == "vfat"
    assert is_network_location(Path("/mnt/shared docs/counter"), MOUNTS)
    assert not is_network_location(Path("/media/usb stick/counter"), MOUNTS)


@posix_only
def test_no_matching_mount_gives_none() -> None:
    assert filesystem_type(Path("/anything"), "") is None
    assert filesystem_type(Path("/anything"), "garbage\n\n  \n") is None
    assert not is_network_location(Path("/anything"), "")


@posix_only
@pytest.mark.parametrize(
    ("path", "network"),
    [
        ("/srv/nfs/counter", True),
        ("/mnt/store", True),
        ("/home/alice/remote/counter", True),
        ("/home/ann/counter", False),
        ("/srv/nfs/local-cache/counter", False),
        ("/run/user/1000", False),
    ],
)
def test_is_network_location_with_mount_table(path: str, network: bool) -> None:
    assert is_network_location(Path(path), MOUNTS) is network


@posix_only
@pytest.mark.parametrize("fs_type", sorted(NETWORK_FILESYSTEMS))
def test_every_listed_network_type_is_detected(fs_type: str) -> None:
    table = f"/dev/sda1 / ext4 rw 0 0\nremote:/x /mnt/remote {fs_type} rw 0 0\n"
    assert is_network_location(Path("/mnt/remote/counter"), table)
    assert not is_network_location(Path("/home/counter"), table)


@posix_only
def test_type_comparison_ignores_case() -> None:
    assert is_network_location(Path("/mnt/x/y"), "srv:/a /mnt/x NFS4 rw 0 0\n")


@pytest.mark.parametrize("path", ["//server/share/counter", "//server/share"])
def test_unc_path_is_network(path: str) -> None:
    # A UNC path is refused before any mount table is read.
    assert is_network_location(Path(path), "/dev/sda1 / ext4 rw 0 0\n")


def test_unc_backslash_text_is_network() -> None:
    assert is_network_location(PurePosixPath("\\\\server\\share\\counter"), "")  # type: ignore[arg-type]


@posix_only
@pytest.mark.skipif(not Path("/proc/mounts").exists(), reason="no /proc/mounts on this system")
def test_real_mount_table_is_read_when_none_given(tmp_path: Path) -> None:
    table = Path("/proc/mounts").read_text(encoding="utf-8")
    assert filesystem_type(Path("/"), table) is not None
    assert is_network_location(tmp_path) is is_network_location(tmp_path, table)


@posix_only
def test_non_ascii_mount_point_is_matched() -> None:
    table = "/dev/sda1 / ext4 rw 0 0\n//nas/share /mnt/café cifs rw 0 0\n"
    assert filesystem_type(Path("/mnt/café/counter"), table) == "cifs"
    assert is_network_location(Path("/mnt/café/counter"), table)


@posix_only
def test_other_octal_escapes_and_non_ascii_together() -> None:
    table = (
        "/dev/sda1 / ext4 rw 0 0\n"
        r"//nas/d /mnt/données\040partagées cifs rw 0 0"
        "\n"
        r"//nas/t /mnt/tab\011here smb3 rw 0 0"
        "\n"
        r"//nas/b /mnt/back\134slash nfs rw 0 0"
        "\n"
    )
    assert filesystem_type(Path("/mnt/données partagées/counter"), table) == "cifs"
    assert filesystem_type(Path("/mnt/tab\there/x"), table) == "smb3"
    assert filesystem_type(Path("/mnt/back\\slash/x"), table) == "nfs"
    assert filesystem_type(Path("/mnt/back/x"), table) == "ext4"


@posix_only
def test_later_mount_over_the_same_point_wins() -> None:
    # Of mounts stacked on one mount point, the later line of /proc/mounts is on top.
    stacked = "tmpfs /mnt/data tmpfs rw 0 0\nsrv:/x /mnt/data nfs4 rw 0 0\n"
    table = "/dev/sda1 / ext4 rw 0 0\n" + stacked
    assert filesystem_type(Path("/mnt/data/counter"), table) == "nfs4"
    assert is_network_location(Path("/mnt/data/counter"), table)
    unstacked = (
        "/dev/sda1 / ext4 rw 0 0\nsrv:/x /mnt/data nfs4 rw 0 0\ntmpfs /mnt/data tmpfs rw 0 0\n"
    )
    assert filesystem_type(Path("/mnt/data/counter"), unstacked) == "tmpfs"
