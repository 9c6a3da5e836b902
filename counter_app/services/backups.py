"""Backups of the store database: made daily, listed, checked, and put back.

Every backup sits in the data folder's backup folder with a name that sorts by
time. Rotation only ever deletes files Counter made, by their names: the
newest automatic backup of each of the newest ``keep`` days stays, and of the
copies made on request (``counter-app backup``), before an upgrade and before
a restore, the newest ``keep`` of each kind stay. Files a person put there
under any other name are never touched.

A backup is checked before it replaces anything: it must be an SQLite file
that passes ``PRAGMA integrity_check``, hold a Counter schema this version
knows, and (unless forced) belong to the same store. The replacement is a
rename of a fully written, synced copy, so a crash leaves the old database or
the new one, never half of each.
"""

import logging
import os
import re
import shutil
import sqlite3
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from itertools import groupby
from pathlib import Path

from counter_app.i18n import say
from counter_app.services.durable_files import sync_folder
from counter_app.services.errors import ServiceError
from db.errors import StorageError
from db.store.database import StoreDatabase
from db.store.migrate import alembic_config
from db.store.opening import BACKUP_FOLDER, DATABASE_FILENAME

log = logging.getLogger("counter.backups")

DEFAULT_KEEP = 14
DAILY_PREFIX = "counter-daily-"
_STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
_DAILY_NAME = re.compile(r"^counter-daily-(\d{8}T\d{6}Z)\.sqlite$")
# On request, before an upgrade to schema NNNN, before a restore: group 2 tells the kind.
_OTHER_NAME = re.compile(
    r"^counter-(\d{8}T\d{6}Z)(?P<kind>|-before-(?P<schema>\d{4})|-before-restore)\.sqlite$"
)
_SQLITE_HEADER = b"SQLite format 3\x00"
_STORE_TABLES = ("store", "service_case", "alembic_version")


class BackupError(ServiceError):
    """A backup could not be made, read or put back; the live database is as it was."""


@dataclass(frozen=True)
class BackupFile:
    """One file in the backup folder."""

    path: Path
    size: int
    modified: datetime


@dataclass(frozen=True)
class BackupCheck:
    """What a backup file holds, or why it cannot be used."""

    path: Path
    problem: str | None
    revision: str | None = None
    store_code: str | None = None
    store_name: str | None = None
    cases: int = 0
    modified: datetime | None = None

    @property
    def ok(self) -> bool:
        """Whether the file can be restored."""
        return self.problem is None

    def words(self) -> str:
        """One sentence for the person: what is in the file, or what is wrong with it."""
        if self.problem is not None:
            return self.problem
        return say(
            "{path} is a good backup of store {code} ({name}) with {cases} cases "
            "(schema {revision})."
        ).format(
            path=self.path,
            code=self.store_code,
            name=self.store_name,
            cases=self.cases,
            revision=self.revision,
        )


@dataclass(frozen=True)
class RestoreOutcome:
    """What a restore put in place and where the replaced database was kept."""

    restored: BackupCheck
    before_restore: Path | None


def backup_folder(data_dir: Path) -> Path:
    """The folder backups are written to inside ``data_dir``."""
    return data_dir.expanduser() / BACKUP_FOLDER


def _stamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime(_STAMP_FORMAT)


def _live_database(data_dir: Path) -> Path:
    return data_dir.expanduser() / DATABASE_FILENAME


def _copy_live(data_dir: Path, target: Path) -> Path:
    """An online backup of the live database to ``target`` (written aside, then renamed)."""
    live = _live_database(data_dir)
    if not live.is_file():
        raise BackupError(
            say("There is no database in {folder} to back up.").format(folder=data_dir)
        )
    database = StoreDatabase.open(live)
    try:
        written = database.backup_to(target)
    except StorageError as error:
        raise BackupError(str(error)) from error
    finally:
        database.dispose()
    sync_folder(target.parent)
    return written


def make_backup(data_dir: Path, now: datetime, *, prefix: str = "counter-") -> Path:
    """Back up the live database into the backup folder, named by the UTC time ``now``."""
    return _copy_live(data_dir, backup_folder(data_dir) / f"{prefix}{_stamp(now)}.sqlite")


def daily_backup_if_due(
    data_dir: Path, now: datetime, *, keep: int = DEFAULT_KEEP, zone: tzinfo = UTC
) -> Path | None:
    """Make today's automatic backup unless one exists, then keep the newest ``keep`` days.

    Days are the store's local days in ``zone``. Returns the new backup, or
    None when none was due (or there is no database yet). Rotation follows
    (see the module's notes).
    """
    if not _live_database(data_dir).is_file():
        return None
    folder = backup_folder(data_dir)
    today = now.astimezone(zone).date()
    if any(_local_day(match, zone) == today for match in _daily_matches(folder)):
        return None
    return _daily_backup(data_dir, now, keep=keep, zone=zone)


def backup_after_day_close(
    data_dir: Path, now: datetime, *, keep: int = DEFAULT_KEEP, zone: tzinfo = UTC
) -> Path:
    """Back up the day just closed; it replaces the day's earlier automatic backup.

    The closed day's figures are frozen, so this copy is the one worth keeping
    for the day: rotation keeps the newest automatic backup of each local day.
    """
    return _daily_backup(data_dir, now, keep=keep, zone=zone)


def _daily_backup(data_dir: Path, now: datetime, *, keep: int, zone: tzinfo) -> Path:
    made = make_backup(data_dir, now, prefix=DAILY_PREFIX)
    _rotate(backup_folder(data_dir), keep=max(keep, 1), zone=zone)
    return made


def _local_day(match: re.Match[str], zone: tzinfo) -> date:
    made = datetime.strptime(match.group(1), _STAMP_FORMAT).replace(tzinfo=UTC)
    return made.astimezone(zone).date()


def _daily_matches(folder: Path) -> list[re.Match[str]]:
    """The automatic daily backups in ``folder``, oldest first."""
    if not folder.is_dir():
        return []
    names = (entry.name for entry in folder.iterdir() if entry.is_file())
    return sorted(
        (match for name in names if (match := _DAILY_NAME.match(name))),
        key=lambda match: match.string,
    )


def _rotate(folder: Path, *, keep: int, zone: tzinfo) -> None:
    """Keep the newest automatic backup of each of the newest ``keep`` local days.

    Everything else this module made is deleted: older copies of a kept day,
    days beyond ``keep``, and partial copies a crash left behind.
    """
    newest_of_each_day: list[re.Match[str]] = []
    unwanted: list[re.Match[str]] = []
    for _day, same_day in groupby(_daily_matches(folder), key=lambda m: _local_day(m, zone)):
        *older, newest = same_day
        unwanted.extend(older)
        newest_of_each_day.append(newest)
    unwanted.extend(newest_of_each_day[:-keep])
    for match in unwanted:
        old = folder / match.string
        log.info("rotating out the automatic backup %s", old)
        with suppress(OSError):
            old.unlink()
    for partial in folder.glob(f"{DAILY_PREFIX}*.sqlite.partial"):
        with suppress(OSError):
            partial.unlink()
    _rotate_others(folder, keep=keep)


def _rotate_others(folder: Path, *, keep: int) -> None:
    """Keep the newest ``keep`` of each kind of other backup Counter made.

    Kinds: on request, before an upgrade (any schema counts as one kind, so the
    copy made before the latest upgrade is always among those kept), before a restore.
    """
    names = sorted(entry.name for entry in folder.iterdir() if entry.is_file())
    matches = [match for name in names if (match := _OTHER_NAME.match(name))]
    kinds: dict[str, list[re.Match[str]]] = {}
    for match in matches:
        kind = "before-upgrade" if match.group("schema") else match.group("kind")
        kinds.setdefault(kind, []).append(match)
    for same_kind in kinds.values():
        for match in same_kind[:-keep]:
            old = folder / match.string
            log.info("rotating out the backup %s", old)
            with suppress(OSError):
                old.unlink()


def list_backups(data_dir: Path) -> list[BackupFile]:
    """Every ``.sqlite`` file in the backup folder, newest first."""
    folder = backup_folder(data_dir)
    if not folder.is_dir():
        return []
    found = []
    for entry in folder.iterdir():
        if entry.suffix != ".sqlite" or not entry.is_file():
            continue
        status = entry.stat()
        found.append(
            BackupFile(entry, status.st_size, datetime.fromtimestamp(status.st_mtime, UTC))
        )
    return sorted(found, key=lambda backup: (backup.modified, backup.path.name), reverse=True)


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory  # only a restore needs every revision

    scripts = ScriptDirectory.from_config(alembic_config())
    return {script.revision for script in scripts.walk_revisions()}


def check_backup(path: Path) -> BackupCheck:
    """Read ``path`` without changing it and say whether it can be restored."""
    path = path.expanduser().resolve()
    if not path.is_file():
        return BackupCheck(path, say("{path} is not a file.").format(path=path))
    try:
        with path.open("rb") as file:
            header = file.read(len(_SQLITE_HEADER))
    except OSError as error:
        return BackupCheck(
            path,
            say("{path} cannot be read ({problem}).").format(
                path=path, problem=error.strerror or error
            ),
        )
    if header != _SQLITE_HEADER:
        return BackupCheck(
            path,
            say("{path} is not a database file (it is damaged or something else).").format(
                path=path
            ),
        )
    try:
        return _check_contents(path, datetime.fromtimestamp(path.stat().st_mtime, UTC))
    except sqlite3.Error as error:
        return BackupCheck(
            path,
            say("{path} is damaged and cannot be read ({problem}).").format(
                path=path, problem=error
            ),
        )


def _check_contents(path: Path, modified: datetime) -> BackupCheck:
    # immutable: read the file as it is, with no lock, journal or -shm file made beside it.
    with closing(sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True)) as connection:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
        if [row[0] for row in rows] != ["ok"]:
            return BackupCheck(
                path,
                say("{path} is damaged: {problem}").format(path=path, problem=rows[0][0]),
            )
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if not set(_STORE_TABLES) <= tables:
            return BackupCheck(path, say("{path} is not a Counter database.").format(path=path))
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = str(version[0]) if version else None
        if revision is None:
            return BackupCheck(path, say("{path} is not a Counter database.").format(path=path))
        if revision not in _known_revisions():
            return BackupCheck(
                path,
                say(
                    "{path} was written by a newer version of Counter (schema {revision}); "
                    "this version cannot use it."
                ).format(path=path, revision=revision),
                revision=revision,
            )
        store = connection.execute("SELECT code, name FROM store LIMIT 1").fetchone()
        cases = connection.execute("SELECT count(*) FROM service_case").fetchone()[0]
    return BackupCheck(
        path,
        None,
        revision=revision,
        store_code=store[0] if store else None,
        store_name=store[1] if store else None,
        cases=int(cases),
        modified=modified,
    )


def latest_good_backup(data_dir: Path) -> BackupCheck | None:
    """The newest backup that passes :func:`check_backup`, or None."""
    for backup in list_backups(data_dir):
        check = check_backup(backup.path)
        if check.ok:
            return check
    return None


def restore_backup(data_dir: Path, path: Path, *, force: bool = False) -> RestoreOutcome:
    """Put the backup ``path`` in place of the live database, keeping the live one aside.

    The database must not be open in this process (dispose it first). After
    this, opening the data folder as usual upgrades an older schema.

    Raises:
        BackupError: the backup is damaged, not a Counter database, from a newer
            Counter, or (unless ``force``) another store's; nothing was changed.
    """
    check = check_backup(path)
    if check.problem is not None:
        raise BackupError(say("Nothing was restored: {problem}").format(problem=check.problem))
    live = _live_database(data_dir)
    current = check_backup(live) if live.is_file() else None
    if (
        not force
        and current is not None
        and current.ok
        and current.store_code is not None
        and check.store_code != current.store_code
    ):
        raise BackupError(
            say(
                "Nothing was restored: {path} holds store {theirs}, but this counter's database "
                "holds store {ours}. To replace it anyway, restore with --force."
            ).format(path=check.path, theirs=check.store_code, ours=current.store_code)
        )
    now = datetime.now(UTC)
    kept = _keep_before_restore(data_dir, live, healthy=current is not None and current.ok, now=now)
    _replace_live(live, check.path)
    log.info("restored %s over %s (previous copy kept at %s)", check.path, live, kept)
    return RestoreOutcome(check, kept)


def _keep_before_restore(
    data_dir: Path, live: Path, *, healthy: bool, now: datetime
) -> Path | None:
    """Keep the database about to be replaced: an online backup if it reads, else the bytes."""
    if not live.is_file():
        return None
    target = backup_folder(data_dir) / f"counter-{_stamp(now)}-before-restore.sqlite"
    if healthy:
        kept = _copy_live(data_dir, target)
        _checkpoint(live)
        return kept
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(live, target)
        wal = Path(f"{live}-wal")
        if wal.is_file():
            shutil.copyfile(wal, Path(f"{target}-wal"))
    except OSError as error:
        raise BackupError(_not_restored(error)) from error
    return target


def _checkpoint(live: Path) -> None:
    """Fold the WAL into the file so nothing committed lives only in the -wal we delete."""
    with closing(sqlite3.connect(live)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _replace_live(live: Path, backup: Path) -> None:
    incoming = live.with_name(live.name + ".restoring")
    try:
        with backup.open("rb") as source, incoming.open("wb") as target:
            shutil.copyfileobj(source, target)
            target.flush()
            os.fsync(target.fileno())
        # A -wal left beside the new file would be replayed into it: remove it first.
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{live}{suffix}").unlink(missing_ok=True)
        os.replace(incoming, live)
    except OSError as error:
        with suppress(OSError):
            incoming.unlink(missing_ok=True)
        raise BackupError(_not_restored(error)) from error
    sync_folder(live.parent)


def _not_restored(error: OSError) -> str:
    return say(
        "The backup could not be put in place ({problem}). Check that the data folder "
        "has free space and can be written to."
    ).format(problem=error.strerror or error)
