"""``counter-app backup --list`` and ``restore``, and a damaged database met by the CLI."""

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from counter_app import cli


def _damage(path: Path) -> None:
    """Overwrite pages in the middle of the file, as a failing disk would."""
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.seek(size // 2 // 4096 * 4096)
        file.write(os.urandom(64 * 1024))


def _cases(folder: Path) -> int:
    with closing(sqlite3.connect(folder / "counter.sqlite")) as raw:
        return int(raw.execute("SELECT count(*) FROM service_case").fetchone()[0])


def test_backup_list_and_restore(demo_dir, capsys):
    assert cli.main(["--data-dir", str(demo_dir), "backup"]) == 0
    assert cli.main(["--data-dir", str(demo_dir), "backup", "--list"]) == 0
    out = capsys.readouterr().out
    backup = Path(out.splitlines()[0].removeprefix("Backup written to "))
    assert str(backup) in out.splitlines()[1]
    assert " MB " in out.splitlines()[1]

    code = cli.main(["--data-dir", str(demo_dir), "restore", str(backup)])

    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("Restored store ")
    assert "before-restore" in out
    assert out.count("\n") == 1


def test_restore_of_garbage_is_one_line_and_exit_1(demo_dir, tmp_path, capsys):
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(os.urandom(5000))

    code = cli.main(["--data-dir", str(demo_dir), "restore", str(garbage)])

    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.startswith("counter-app: Nothing was restored")
    assert captured.err.count("\n") == 1
    assert "Traceback" not in captured.err


def test_garbage_database_names_the_file_and_the_restore_command(demo_dir, capsys):
    assert cli.main(["--data-dir", str(demo_dir), "backup"]) == 0
    backup = Path(capsys.readouterr().out.strip().removeprefix("Backup written to "))
    live = demo_dir / "counter.sqlite"
    live.write_bytes(os.urandom(50_000))

    code = cli.main(["--data-dir", str(demo_dir), "db", "check"])

    err = capsys.readouterr().err
    assert code == 1
    assert str(live) in err
    assert f"counter-app --data-dir {demo_dir} restore {backup}" in err
    assert err.count("\n") == 1


def test_damaged_pages_are_reported_not_a_traceback(demo_dir, capsys):
    assert cli.main(["--data-dir", str(demo_dir), "backup"]) == 0
    backup = Path(capsys.readouterr().out.strip().removeprefix("Backup written to "))
    expected = _cases(demo_dir)
    _damage(demo_dir / "counter.sqlite")

    code = cli.main(["--data-dir", str(demo_dir), "db", "check"])
    out_err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out_err.out + out_err.err
    assert f"restore {backup}" in out_err.out + out_err.err

    assert cli.main(["--data-dir", str(demo_dir), "restore", str(backup)]) == 0
    assert _cases(demo_dir) == expected
    assert cli.main(["--data-dir", str(demo_dir), "db", "check"]) == 0


def test_damaged_database_without_backups_says_so(demo_dir, capsys):
    (demo_dir / "counter.sqlite").write_bytes(b"not SQLite")

    code = cli.main(["--data-dir", str(demo_dir), "db", "check"])

    err = capsys.readouterr().err
    assert code == 1
    assert "No good backup was found" in err
