"""A full disk and a read-only data folder: the clerk is told in words, nothing saved is harmed.

The data folder is a real tmpfs of a few megabytes (see ``tests/small_disk.py``):
filled to its last byte, or remounted read-only while the counter runs. Each
service is asked to do its usual work there and must refuse with a sentence a
clerk can act on. Then space is freed (or the disk made writable again) and
the store is checked: the file passes ``PRAGMA integrity_check``, every earlier
case, note, attachment, audit event and outbox row is there unchanged, the
audit chain verifies, no half-written file is left, and the refused change is
wholly absent. Finally the same request succeeds, as it does once IT has been.

A sweep leaves the disk a few pages short of each request's needs, round after
round, so the writes run out part-way through (a WAL frame, a photo, a PDF, a
backup copy): whatever fits is saved whole, the rest is refused whole. The
default run tries three sizes; the long run (``-m long``) 280, most a page apart.
"""

import hashlib
import io
import random
import shutil
import sqlite3
import subprocess
import uuid
from collections import Counter as Tally
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from small_disk import SmallDisk, describe, on_small_disk, small_disk

from counter_app import cli
from counter_app.services import backups, case_notes, drafts, intake, printing
from counter_app.services.attachments import attach_file, list_attachments
from counter_app.services.audit import verify_audit_chain
from counter_app.services.backups import BackupError
from counter_app.services.counter_settings import (
    SettingsNotSavedError,
    load_counter_settings,
    save_counter_settings,
    settings_path,
)
from counter_app.services.database import (
    DatabaseDamagedError,
    DatabaseUnavailableError,
    DataFolderError,
    StorageError,
    StoreDatabase,
    open_store_database,
)
from counter_app.services.drafts import DraftNotKeptError
from counter_app.services.errors import ServiceError
from counter_app.services.printing import PrintNotQueuedError
from counter_app.services.staff import SignedIn

# The seeded store's (tests/services/conftest.py): its time, and a receipt with a kettle on it.
CASE_NOW = datetime(2026, 6, 14, 12, 0, tzinfo=UTC)
RECEIPT, KETTLE_BARCODE = "R-20260612-0001", "2000000000015"
COMPLAINT = {"category": "Product quality", "description": "It stopped working."}
# Big enough for the seeded store, its write-ahead log and a few photos and PDFs.
DISK_KB = 4096
PAGE = 4096  # tmpfs hands out space a page at a time
LATER = CASE_NOW + timedelta(minutes=30)
# Words that mean the clerk was shown a programmer's error instead of a sentence.
JARGON = ("sqlite3.", "OperationalError", "sqlalche.me", "Traceback", "[SQL:", "Errno")
# Every table a service writes, compared whole before and after a refused change.
STORED_TABLES = (
    "service_case",
    "caseline",
    "complaintdetail",
    "case_note",
    "attachment",
    "auditevent",
    "outbox",
    "casenumbercounter",
    "customer",
)


def _photo(folder: Path, name: str, seed: int) -> Path:
    """A real JPEG of noisy pixels, so it does not compress to nothing."""
    rng = random.Random(seed)
    image = Image.new("RGB", (96, 64))
    image.putdata(
        [(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(96 * 64)]
    )
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG")
    path = folder / name
    path.write_bytes(buffer.getvalue())
    return path


@dataclass
class Counter:
    """A store on a small disk, with what it saved before the disk turned against it."""

    database: StoreDatabase
    folder: Path
    clerk: SignedIn
    manager: SignedIn
    disk: SmallDisk
    outside: Path  # files to attach, kept off the small disk
    first_case: str = ""

    def rows(self) -> dict[str, list[tuple[Any, ...]]]:
        with closing(sqlite3.connect(self.database.path)) as raw:
            return {
                table: raw.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()  # noqa: S608
                for table in STORED_TABLES
            }

    def files(self) -> dict[str, str]:
        """Every file the counter keeps beside its database, by path, with its hash."""
        kept = {}
        for path in sorted(self.folder.rglob("*")):
            name = path.name
            if not path.is_file() or name == ".filler" or name.startswith("counter.sqlite"):
                continue
            kept[str(path.relative_to(self.folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
        return kept


@dataclass(frozen=True)
class History:
    """The seeded store after a morning's work, kept as a folder to copy onto each disk."""

    folder: Path
    clerk: SignedIn
    manager: SignedIn
    first_case: str


@pytest.fixture(scope="module")
def history(store_template: Any, tmp_path_factory: pytest.TempPathFactory) -> History:
    folder = tmp_path_factory.mktemp("disk-full-history") / "data"
    shutil.copytree(store_template.folder, folder)
    database = open_store_database(folder).database
    try:
        first_case = _save_history(database, folder, store_template.clerk, folder.parent)
    finally:
        database.dispose()  # checkpoints the WAL, so the folder copies as one file
    return History(folder, store_template.clerk, store_template.manager, first_case)


@contextmanager
def counter_on_small_disk(
    history: History, tmp_path: Path, *, size_kb: int = DISK_KB
) -> Iterator[Counter]:
    """The store with its history copied onto a small disk of its own, and opened."""
    folder = tmp_path / "disk"
    outside = tmp_path / "outside"
    outside.mkdir()
    with small_disk(folder, size_kb=size_kb) as disk:
        shutil.copytree(history.folder, folder, dirs_exist_ok=True)
        database = open_store_database(folder).database
        try:
            yield Counter(
                database,
                folder,
                history.clerk,
                history.manager,
                disk,
                outside,
                history.first_case,
            )
        finally:
            database.dispose()


def _save_history(database: StoreDatabase, folder: Path, clerk: SignedIn, outside: Path) -> str:
    """What the store did before: cases, a note, a photo, printed documents, a backup."""
    kettle = {"direction": "in", "barcode": KETTLE_BARCODE, "quantity": 1, "condition": "unopened"}
    first = intake.open_case(
        database=database,
        staff=clerk,
        request={"case_type": "return", "receipt_number": RECEIPT, "lines": [kettle]},
        now=CASE_NOW,
    )
    intake.open_case(
        database=database,
        staff=clerk,
        request={"case_type": "complaint", "summary": "Kettle leaks", "complaint": COMPLAINT},
        now=CASE_NOW,
    )
    case_notes.add_note(
        database=database,
        staff=clerk,
        case_ref=first.number,
        body="Customer will bring the box tomorrow.",
        now=CASE_NOW,
    )
    attach_file(
        database=database,
        data_dir=folder,
        staff=clerk,
        case_ref=first.number,
        source=_photo(outside, "dent.jpg", seed=1),
        now=CASE_NOW,
    )
    printing.queue_case_documents(database=database, case_ref=first.number, now=CASE_NOW)
    backups.make_backup(folder, CASE_NOW)
    drafts.save_draft(
        data_dir=folder,
        kind="complaint",
        staff_id=clerk.staff_id,
        form={"description": "Lid does not"},
        now=CASE_NOW,
    )
    return first.number


# --------------------------------------------------------------------------- the requests


@dataclass(frozen=True)
class Request:
    """One thing a clerk or the counter asks for, and the error it must meet."""

    name: str
    make: Callable[[Counter], object]
    on_full_disk: type[Exception]
    on_read_only_disk: type[Exception]


def _open_case(counter: Counter) -> object:
    return intake.open_case(
        database=counter.database,
        staff=counter.clerk,
        request={"case_type": "complaint", "summary": "Toaster burns", "complaint": COMPLAINT},
        now=LATER,
    )


def _add_note(counter: Counter) -> object:
    return case_notes.add_note(
        database=counter.database,
        staff=counter.clerk,
        case_ref=counter.first_case,
        body="Called the customer: the box is found.",
        now=LATER,
    )


def _attach_photo(counter: Counter) -> object:
    return attach_file(
        database=counter.database,
        data_dir=counter.folder,
        staff=counter.clerk,
        case_ref=counter.first_case,
        source=_photo(counter.outside, "label.jpg", seed=2),
        now=LATER,
    )


def _reprint(counter: Counter) -> object:
    return printing.queue_case_documents(
        database=counter.database, case_ref=counter.first_case, reason="reprint", now=LATER
    )


def _daily_backup(counter: Counter) -> object:
    made = backups.daily_backup_if_due(counter.folder, LATER)
    assert made is not None, "the day's backup was due"
    return made


def _save_settings(counter: Counter) -> object:
    return save_counter_settings(
        database=counter.database,
        staff=counter.manager,
        changes={"idle_lock_minutes": 7},
        now=LATER,
    )


def _keep_draft(counter: Counter) -> object:
    drafts.save_draft(
        data_dir=counter.folder,
        kind="complaint",
        staff_id=counter.clerk.staff_id,
        form={"description": "Lid does not close"},
        now=LATER,
    )
    return drafts.load_draft(
        data_dir=counter.folder, kind="complaint", staff_id=counter.clerk.staff_id
    )


REQUESTS = (
    Request("save a case", _open_case, DatabaseUnavailableError, DatabaseUnavailableError),
    Request("add a note", _add_note, DatabaseUnavailableError, DatabaseUnavailableError),
    Request("attach a photo", _attach_photo, DataFolderError, DatabaseUnavailableError),
    Request("queue a reprint", _reprint, PrintNotQueuedError, DatabaseUnavailableError),
    Request("make the daily backup", _daily_backup, BackupError, BackupError),
    Request("save the settings", _save_settings, SettingsNotSavedError, DatabaseUnavailableError),
    Request("keep a draft", _keep_draft, DraftNotKeptError, DraftNotKeptError),
)


def _assert_in_words(error: BaseException, folder: Path, *expected: str) -> None:
    """The error reads as a sentence that names the fault (``expected``) in its own words.

    Paths are taken out first: the test's folder name must not supply the word.
    """
    message = str(error)
    assert not any(word in message for word in JARGON), message
    words = message.replace(str(folder), "<data folder>")
    assert str(folder.parent) not in words, message
    assert any(word in words for word in expected), message
    assert message.rstrip().endswith("."), message


def _assert_unharmed(
    counter: Counter, rows: dict[str, list[tuple[Any, ...]]], files: dict[str, str]
) -> None:
    """Everything saved before is there, unchanged; the refused change left no trace."""
    counter.database.dispose()
    with closing(sqlite3.connect(counter.database.path)) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    assert counter.rows() == rows, "a refused change touched the database"
    assert counter.files() == files, "a refused change touched the files beside it"
    assert counter.disk.leftovers() == [], "a half-written file was left behind"
    report = verify_audit_chain(database=counter.database)
    assert report.intact, report.broken
    assert report.events_checked == len(rows["auditevent"])


# --------------------------------------------------------------------------- full disk


@pytest.mark.parametrize("request_", REQUESTS, ids=lambda request: request.name)
@on_small_disk
def test_a_full_disk_is_told_in_words_and_harms_nothing_saved(
    request_: Request, history: History, tmp_path: Path
) -> None:
    with counter_on_small_disk(history, tmp_path) as counter:
        rows, files = counter.rows(), counter.files()
        counter.disk.fill()
        assert counter.disk.free_bytes() == 0, describe(counter.disk)

        with pytest.raises(request_.on_full_disk) as refused:
            request_.make(counter)
        _assert_in_words(refused.value, counter.folder, "full")

        counter.disk.free()
        _assert_unharmed(counter, rows, files)
        assert request_.make(counter) is not None  # once IT has freed space, it simply works


@on_small_disk
def test_a_full_disk_refuses_case_after_case_and_the_first_with_space_is_saved_whole(
    history: History, tmp_path: Path
) -> None:
    """Trying again and again on a full disk changes nothing; the case saved later is whole."""
    with counter_on_small_disk(history, tmp_path) as counter:
        rows = counter.rows()
        counter.disk.fill()
        for _ in range(5):
            with pytest.raises(DatabaseUnavailableError, match="full"):
                _open_case(counter)
        assert counter.rows() == rows
        counter.disk.free()
        saved = _open_case(counter)
        assert isinstance(saved, intake.OpenedCase)
        after = counter.rows()
        # The next number, not one left over from a refused attempt, with its audit and outbox rows.
        assert saved.number.endswith("-0003")
        assert len(after["service_case"]) == len(rows["service_case"]) + 1
        assert len(after["auditevent"]) == len(rows["auditevent"]) + 1
        assert len(after["outbox"]) == len(rows["outbox"]) + 1


# --------------------------------------------------------------------------- read-only disk


@pytest.mark.parametrize("request_", REQUESTS, ids=lambda request: request.name)
@on_small_disk
def test_a_disk_turned_read_only_while_running_is_told_in_words_and_harms_nothing(
    request_: Request, history: History, tmp_path: Path
) -> None:
    with counter_on_small_disk(history, tmp_path) as counter:
        rows, files = counter.rows(), counter.files()
        counter.database.dispose()  # Linux remounts read-only only with no file open to write
        counter.disk.read_only()

        with pytest.raises(request_.on_read_only_disk) as refused:
            request_.make(counter)
        _assert_in_words(refused.value, counter.folder, "read-only")

        counter.disk.writable()
        _assert_unharmed(counter, rows, files)
        assert request_.make(counter) is not None


@on_small_disk
def test_the_counter_does_not_start_on_a_read_only_data_folder_and_says_why(
    history: History, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with counter_on_small_disk(history, tmp_path) as counter:
        rows, files = counter.rows(), counter.files()
        counter.database.dispose()
        counter.disk.read_only()

        with pytest.raises(DataFolderError) as refused:
            open_store_database(counter.folder)
        _assert_in_words(refused.value, counter.folder, "read-only")
        assert "write access" not in str(refused.value)  # rights are not the problem

        assert cli.main(["--data-dir", str(counter.folder), "db", "check"]) == 1
        said = capsys.readouterr().err
        assert "read-only" in said
        assert "Traceback" not in said

        counter.disk.writable()
        _assert_unharmed(counter, rows, files)


@on_small_disk
def test_starting_on_a_full_disk_says_so_and_never_calls_the_database_damaged(
    history: History, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLite cannot make its shared-memory file and says "disk I/O error": the disk is full.

    Taking that for a damaged file would offer to restore a backup over a sound database.
    """
    with counter_on_small_disk(history, tmp_path) as counter:
        rows, files = counter.rows(), counter.files()
        counter.database.dispose()  # the counter was closed; the disk filled up meanwhile
        counter.disk.fill()

        with pytest.raises(DatabaseUnavailableError) as refused:
            open_store_database(counter.folder)
        _assert_in_words(refused.value, counter.folder, "full")
        assert not isinstance(refused.value, DatabaseDamagedError)

        assert cli.main(["--data-dir", str(counter.folder), "db", "check"]) == 1
        said = capsys.readouterr().err
        assert "disk of this PC is full" in said
        assert "damaged" not in said
        assert "restore" not in said

        counter.disk.free()
        _assert_unharmed(counter, rows, files)


@on_small_disk
def test_the_cli_backup_on_a_full_disk_says_so_and_leaves_no_partial_copy(
    history: History, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with counter_on_small_disk(history, tmp_path) as counter:
        rows, files = counter.rows(), counter.files()
        counter.database.dispose()
        counter.disk.fill()

        assert cli.main(["--data-dir", str(counter.folder), "backup"]) == 1
        said = capsys.readouterr().err
        assert "full" in said
        assert "Traceback" not in said

        counter.disk.free()
        _assert_unharmed(counter, rows, files)


@on_small_disk
def test_settings_saved_on_a_full_disk_keep_the_file_as_it_was(
    history: History, tmp_path: Path
) -> None:
    with counter_on_small_disk(history, tmp_path) as counter:
        _save_settings(counter)
        before = settings_path(counter.folder).read_bytes()
        counter.disk.fill()
        with pytest.raises(SettingsNotSavedError, match="full"):
            save_counter_settings(
                database=counter.database,
                staff=counter.manager,
                changes={"idle_lock_minutes": 9},
                now=LATER + timedelta(minutes=1),
            )
        counter.disk.free()
        assert settings_path(counter.folder).read_bytes() == before
        assert load_counter_settings(counter.folder).settings.idle_lock_minutes == 7
        assert counter.disk.leftovers() == []


@on_small_disk
def test_settings_whose_record_cannot_be_saved_do_not_take_effect(
    history: History, tmp_path: Path
) -> None:
    """Room for the settings file but not for its audit event: the file stays as it was.

    The file used to be renamed into place before the unit of work committed, so a
    disk that filled up at the commit left new settings in force with no record.
    """
    with counter_on_small_disk(history, tmp_path) as counter:
        _save_settings(counter)
        before = settings_path(counter.folder).read_bytes()
        rows = counter.rows()
        counter.disk.fill(leave=PAGE)  # the new file fits; the write-ahead log's frames do not
        with pytest.raises(DatabaseUnavailableError, match="full"):
            save_counter_settings(
                database=counter.database,
                staff=counter.manager,
                changes={"idle_lock_minutes": 9},
                now=LATER + timedelta(minutes=1),
            )
        assert settings_path(counter.folder).read_bytes() == before
        assert counter.disk.leftovers() == []
        counter.disk.free()
        assert counter.rows() == rows
        assert load_counter_settings(counter.folder).settings.idle_lock_minutes == 7


@on_small_disk
def test_an_attachment_refused_on_a_full_disk_leaves_no_file(
    history: History, tmp_path: Path
) -> None:
    with counter_on_small_disk(history, tmp_path) as counter:
        before = list_attachments(database=counter.database, case_ref=counter.first_case)
        counter.disk.fill()
        with pytest.raises(DataFolderError):
            _attach_photo(counter)
        counter.disk.free()
        after = list_attachments(database=counter.database, case_ref=counter.first_case)
        assert after == before
        blobs = [path for path in (counter.folder / "attachments").rglob("*") if path.is_file()]
        assert [path.name for path in blobs] == [view.sha256 for view in before]


def _pdf_text(path: Path) -> str:
    found = shutil.which("pdftotext")
    assert found, "pdftotext is missing: apt-get install -y poppler-utils"
    done = subprocess.run([found, str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout


@on_small_disk
def test_printing_to_the_pdf_folder_of_a_full_disk_keeps_the_jobs_queued_and_writes_no_half_pdf(
    history: History, tmp_path: Path
) -> None:
    with counter_on_small_disk(history, tmp_path) as counter:
        queued = printing.pending_jobs(counter.folder)
        assert queued, "the history queued the first case's documents"
        counter.disk.fill()

        run = printing.print_pending(data_dir=counter.folder, now=LATER)

        assert run.printed == ()
        assert run.failed, "the printer's failure is reported, not raised"
        for job in run.failed:
            assert job.last_error is not None
            assert "stays queued" in job.last_error
            assert not any(word in job.last_error for word in JARGON), job.last_error
        assert [job.job_id for job in printing.pending_jobs(counter.folder)] == [
            job.job_id for job in queued
        ]
        assert counter.disk.leftovers() == []
        assert not list(counter.folder.glob("printed/*.pdf"))

        counter.disk.free()
        again = printing.print_pending(data_dir=counter.folder, retry_now=True, now=LATER)
        assert len(again.printed) == len(queued)
        saved = sorted(counter.folder.glob("printed/*.pdf"))
        assert len(saved) == len(queued)
        for pdf in saved:
            assert counter.first_case in _pdf_text(pdf)  # whole, readable documents


# --------------------------------------------------------------------------- nearly full disks

# Free pages left on the disk before each round: none, a few, enough for some of the work.
SWEEP_SHORT = (0, 3, 24)
# 0 to 1020 KiB a page at a time, then up to 4 MiB in bigger steps, where a backup fits too.
SWEEP_LONG = (*range(0, 256), *range(256, 1024, 32))


def _sweep_requests(counter: Counter, round_: int) -> list[tuple[str, Callable[[], object]]]:
    """Every kind of write the counter makes, each new in this round (a new photo, a new time)."""
    moment = LATER + timedelta(seconds=round_)

    def attach() -> object:
        return attach_file(
            database=counter.database,
            data_dir=counter.folder,
            staff=counter.clerk,
            case_ref=counter.first_case,
            source=_photo(counter.outside, f"photo-{round_}.jpg", seed=100 + round_),
            now=moment,
        )

    def settings() -> object:
        return save_counter_settings(
            database=counter.database,
            staff=counter.manager,
            changes={"idle_lock_minutes": 3 + round_ % 50},
            now=moment,
        )

    def draft() -> object:
        form = {"description": f"Round {round_}"}
        return drafts.save_draft(
            data_dir=counter.folder,
            kind="complaint",
            staff_id=counter.clerk.staff_id,
            form=form,
            now=moment,
        )

    return [
        ("save a case", lambda: _open_case(counter)),
        ("add a note", lambda: _add_note(counter)),
        ("attach a photo", attach),
        ("queue a reprint", lambda: _reprint(counter)),
        ("make a backup", lambda: backups.make_backup(counter.folder, moment)),
        ("save the settings", settings),
        ("keep a draft", draft),
    ]


def _outside_the_queue(files: dict[str, str]) -> dict[str, str]:
    return {path: digest for path, digest in files.items() if not path.startswith("print-queue")}


def _assert_sound_after_freeing(counter: Counter) -> None:
    """The store as the next start finds it: sound file, chain, whole files, one event each."""
    counter.database.dispose()
    with closing(sqlite3.connect(counter.database.path)) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        for table, action in (
            ("service_case", "case.opened"),
            ("case_note", "case.note_added"),
            ("attachment", "attachment.added"),
        ):
            ids = Tally(uuid.UUID(str(row[0])) for row in raw.execute(f"SELECT id FROM {table}"))  # noqa: S608
            for log in ("auditevent", "outbox"):
                column = "action" if log == "auditevent" else "kind"
                logged = Tally(
                    uuid.UUID(str(row[0]))
                    for row in raw.execute(
                        f"SELECT entity_id FROM {log} WHERE {column} = ?",  # noqa: S608
                        (action,),
                    )
                )
                assert logged == ids, f"each {table} row needs exactly one {action} in {log}"
        blobs = raw.execute("SELECT sha256 FROM attachment").fetchall()
    for (sha256,) in blobs:
        blob = counter.folder / "attachments" / sha256[:2] / sha256
        assert hashlib.sha256(blob.read_bytes()).hexdigest() == sha256
    for job in printing.pending_jobs(counter.folder):
        assert job.pdf.read_bytes().rstrip().endswith(b"%%EOF"), job.folder
    for backup in backups.list_backups(counter.folder):
        assert backups.check_backup(backup.path).ok, backup.path
    assert load_counter_settings(counter.folder).problem is None
    assert counter.disk.leftovers() == []
    report = verify_audit_chain(database=counter.database)
    assert report.intact, report.broken


def _sweep(history: History, tmp_path: Path, free_pages: tuple[int, ...]) -> dict[str, list[int]]:
    """Run every request on disks left with ``free_pages`` pages; count saved and refused.

    The disk is big enough for everything the rounds save, so each round starts with
    exactly the free space it asks for.
    """
    outcomes: dict[str, list[int]] = {}
    size_kb = DISK_KB + len(free_pages) * 96 + max(free_pages) * PAGE // 1024
    with counter_on_small_disk(history, tmp_path, size_kb=size_kb) as counter:
        for round_, pages in enumerate(free_pages):
            counter.disk.fill(leave=pages * PAGE)
            for name, make in _sweep_requests(counter, round_):
                rows, files = counter.rows(), counter.files()
                saved, refused = outcomes.setdefault(name, [0, 0]), False
                try:
                    make()
                except (ServiceError, StorageError) as error:
                    refused = True
                    _assert_in_words(error, counter.folder, "full")
                    assert counter.rows() == rows, f"{name} refused, yet the database changed"
                    # A reprint queues each document whole: some may be queued, none torn.
                    assert _outside_the_queue(counter.files()) == _outside_the_queue(files), name
                    assert counter.disk.leftovers() == [], name
                saved[1 if refused else 0] += 1
            counter.disk.free()
            _assert_sound_after_freeing(counter)
    return outcomes


@on_small_disk
def test_a_nearly_full_disk_refuses_whole_changes_and_keeps_every_file_whole(
    history: History, tmp_path: Path
) -> None:
    outcomes = _sweep(history, tmp_path, SWEEP_SHORT)
    assert all(refused for _, refused in outcomes.values()), outcomes  # each met the full disk
    assert sum(saved for saved, _ in outcomes.values()) > 0, outcomes  # and some work fitted


@pytest.mark.long
@on_small_disk
def test_a_nearly_full_disk_long_sweep(history: History, tmp_path: Path) -> None:
    outcomes = _sweep(history, tmp_path, SWEEP_LONG)
    print(f"\n{len(SWEEP_LONG)} free-space sizes, saved/refused per request: {outcomes}")
    assert all(refused for _, refused in outcomes.values()), outcomes
    assert all(saved for saved, _ in outcomes.values()), outcomes
