"""Backups with real files: daily backups rotate, restores check first and keep the old file."""

import os
import shutil
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from counter_app.services import backups, intake
from counter_app.services.backups import BackupError
from counter_app.services.database import open_store_database
from db.store.migrate import current_revision

NOW = datetime(2026, 6, 14, 12, 0, tzinfo=UTC)
COMPLAINT = {
    "case_type": "complaint",
    "summary": "Stopped working",
    "complaint": {"category": "Product quality", "description": "Stopped working."},
}


def _open_case(seeded) -> str:
    opened = intake.open_case(
        database=seeded.database, staff=seeded.clerk, request=COMPLAINT, now=NOW
    )
    return opened.number


def _case_numbers(folder: Path) -> set[str]:
    with closing(sqlite3.connect(folder / "counter.sqlite")) as raw:
        return {row[0] for row in raw.execute("SELECT number FROM service_case")}


def test_daily_backup_is_made_once_a_day_and_rotation_keeps_the_newest(seeded):
    folder = backups.backup_folder(seeded.folder)
    folder.mkdir(exist_ok=True)
    mine = folder / "my-copy.sqlite"
    mine.write_bytes(b"the user's own file")
    before_upgrade = folder / "counter-20200101T000000Z-before-0006.sqlite"
    before_upgrade.write_bytes(b"a pre-upgrade copy")

    made = []
    for day in range(5):
        now = NOW + timedelta(days=day)
        made.append(backups.daily_backup_if_due(seeded.folder, now, keep=3))
        assert backups.daily_backup_if_due(seeded.folder, now + timedelta(hours=2), keep=3) is None

    assert all(path is not None for path in made)
    daily = sorted(path.name for path in folder.glob("counter-daily-*.sqlite"))
    assert daily == sorted(path.name for path in made[-3:] if path)
    assert mine.read_bytes() == b"the user's own file"
    assert before_upgrade.exists()  # the newest of its kind, however old
    check = backups.check_backup(made[-1])  # type: ignore[arg-type]
    assert check.ok, check.problem
    assert check.store_code == seeded.store.code


def test_no_database_no_daily_backup(tmp_path):
    assert backups.daily_backup_if_due(tmp_path / "nothing", NOW) is None


def test_list_backups_is_newest_first_with_size_and_time(seeded):
    first = backups.make_backup(seeded.folder, NOW)
    second = backups.make_backup(seeded.folder, NOW + timedelta(minutes=1))
    os.utime(first, (1_000_000_000, 1_000_000_000))

    listed = backups.list_backups(seeded.folder)

    assert [entry.path for entry in listed] == [second, first]
    assert listed[0].size == second.stat().st_size > 0
    assert listed[1].modified == datetime.fromtimestamp(1_000_000_000, UTC)


def test_restore_round_trip_keeps_the_replaced_database(seeded):
    kept_case = _open_case(seeded)
    backup = backups.make_backup(seeded.folder, NOW)
    lost_case = _open_case(seeded)
    seeded.database.dispose()

    outcome = backups.restore_backup(seeded.folder, backup)

    assert outcome.restored.cases == 1
    numbers = _case_numbers(seeded.folder)
    assert kept_case in numbers
    assert lost_case not in numbers
    assert outcome.before_restore is not None
    assert "before-restore" in outcome.before_restore.name
    assert lost_case in _case_numbers_in(outcome.before_restore)
    assert not Path(f"{seeded.folder / 'counter.sqlite'}-wal").exists()
    reopened = open_store_database(seeded.folder).database
    try:
        assert reopened.integrity_problems() == []
    finally:
        reopened.dispose()


def _case_numbers_in(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as raw:
        return {row[0] for row in raw.execute("SELECT number FROM service_case")}


def test_garbage_file_is_refused_and_nothing_changes(seeded, tmp_path):
    _open_case(seeded)
    seeded.database.dispose()
    live = seeded.folder / "counter.sqlite"
    before = live.read_bytes()
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(os.urandom(20_000))

    with pytest.raises(BackupError, match="not a database file"):
        backups.restore_backup(seeded.folder, garbage)

    assert live.read_bytes() == before
    assert not list(backups.backup_folder(seeded.folder).glob("*before-restore*"))


def test_damaged_sqlite_backup_is_refused(seeded):
    backup = backups.make_backup(seeded.folder, NOW)
    size = backup.stat().st_size
    with backup.open("r+b") as file:
        file.seek(size // 2 // 4096 * 4096)
        file.write(os.urandom(8192))

    check = backups.check_backup(backup)

    assert not check.ok
    assert "damaged" in (check.problem or "")
    with pytest.raises(BackupError, match="Nothing was restored"):
        backups.restore_backup(seeded.folder, backup)


def test_an_sqlite_file_that_is_not_counter_is_refused(seeded, tmp_path):
    other = tmp_path / "other.sqlite"
    with closing(sqlite3.connect(other)) as raw:
        raw.execute("CREATE TABLE recipe (name TEXT)")
        raw.commit()

    with pytest.raises(BackupError, match="not a Counter database"):
        backups.restore_backup(seeded.folder, other)


def test_a_newer_schema_is_refused(seeded):
    backup = backups.make_backup(seeded.folder, NOW)
    with closing(sqlite3.connect(backup)) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
        raw.commit()

    check = backups.check_backup(backup)

    assert check.revision == "9999"
    with pytest.raises(BackupError, match="newer version of Counter"):
        backups.restore_backup(seeded.folder, backup)


def test_another_stores_database_needs_force(seeded, tmp_path):
    backup = backups.make_backup(seeded.folder, NOW)
    with closing(sqlite3.connect(backup)) as raw:
        raw.execute("UPDATE store SET code = 'OTHER9'")
        raw.commit()
    seeded.database.dispose()

    with pytest.raises(BackupError, match="holds store OTHER9"):
        backups.restore_backup(seeded.folder, backup)
    outcome = backups.restore_backup(seeded.folder, backup, force=True)

    assert outcome.restored.store_code == "OTHER9"


def test_older_schema_backup_is_upgraded_on_open(seeded, tmp_path):
    fixtures = Path(__file__).parents[1] / "db" / "fixtures"
    released = sorted(fixtures.glob("*.sqlite"))
    if not released:
        pytest.skip("no released schema fixture to restore")
    old = tmp_path / released[0].name
    shutil.copyfile(released[0], old)
    seeded.database.dispose()

    backups.restore_backup(seeded.folder, old, force=True)
    reopened = open_store_database(seeded.folder)
    try:
        assert reopened.upgrade.changed
        assert current_revision(reopened.database.engine) == reopened.upgrade.to_revision
    finally:
        reopened.database.dispose()


def test_latest_good_backup_skips_damaged_ones(seeded):
    good = backups.make_backup(seeded.folder, NOW)
    bad = backups.backup_folder(seeded.folder) / "counter-20991231T000000Z.sqlite"
    bad.write_bytes(os.urandom(4096))

    latest = backups.latest_good_backup(seeded.folder)

    assert latest is not None
    assert latest.path == good.resolve()


def test_the_daily_backup_follows_the_stores_local_day(seeded):
    """Los Angeles: 21:00 on 6 December is already 7 December in UTC, yet still the same day."""
    los_angeles = ZoneInfo("America/Los_Angeles")
    noon = datetime(2026, 12, 6, 20, 0, tzinfo=UTC)

    assert backups.daily_backup_if_due(seeded.folder, noon, zone=los_angeles) is not None
    evening = noon + timedelta(hours=9)  # 21:00 local, 05:00 UTC on the 7th
    assert evening.date() != noon.date()
    assert backups.daily_backup_if_due(seeded.folder, evening, zone=los_angeles) is None
    after_midnight = noon + timedelta(hours=13)  # 01:00 local on the 7th
    assert backups.daily_backup_if_due(seeded.folder, after_midnight, zone=los_angeles) is not None


def test_a_day_close_backup_replaces_that_days_morning_backup(seeded):
    dublin = ZoneInfo("Europe/Dublin")
    folder = backups.backup_folder(seeded.folder)
    closes = []
    for day in range(5):
        morning = datetime(2026, 12, 1, 9, 0, tzinfo=UTC) + timedelta(days=day)
        assert backups.daily_backup_if_due(seeded.folder, morning, keep=3, zone=dublin)
        closes.append(
            backups.backup_after_day_close(
                seeded.folder, morning + timedelta(hours=12), keep=3, zone=dublin
            )
        )

    daily = sorted(path.name for path in folder.glob("counter-daily-*.sqlite"))
    assert daily == [path.name for path in closes[-3:]]
    assert backups.check_backup(closes[-1]).ok


def test_copies_on_request_before_upgrades_and_before_restores_keep_the_newest_of_each(seeded):
    folder = backups.backup_folder(seeded.folder)
    folder.mkdir(exist_ok=True)
    kinds = {
        "on request": "",
        "before an upgrade": "-before-{schema}",
        "restore": "-before-restore",
    }
    written: dict[str, list[Path]] = {}
    for kind, suffix in kinds.items():
        written[kind] = []
        for day in range(1, 6):
            name = f"counter-202001{day:02d}T000000Z{suffix.format(schema=f'{day:04d}')}.sqlite"
            (folder / name).write_bytes(kind.encode())
            written[kind].append(folder / name)
    others = [folder / "counter-copy-for-the-auditor.sqlite", folder / "counter-2020.sqlite"]
    for path in others:
        path.write_bytes(b"a person's own file")

    backups.daily_backup_if_due(seeded.folder, NOW, keep=2)

    for kind, paths in written.items():
        assert [path.exists() for path in paths] == [False, False, False, True, True], kind
    assert all(path.exists() for path in others)
    assert len(list(folder.glob("counter-daily-*.sqlite"))) == 1
