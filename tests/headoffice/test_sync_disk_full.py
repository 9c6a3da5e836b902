"""Sync on a full or read-only data folder: told in words, nothing lost, each event once.

The store's data folder is a small tmpfs (``tests/small_disk.py``) and head
office is the real server on loopback. A pull whose page cannot be written
leaves the store's rows and cursors as they were; a push whose acks cannot be
recorded sends the same events again later, and head office keeps each once.
"""

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from headoffice_harness import HeadOfficeServer
from small_disk import SmallDisk, on_small_disk, small_disk

from counter_app.headoffice.imports import import_catalog
from counter_app.services import intake
from counter_app.services.audit import verify_audit_chain
from counter_app.services.database import (
    DatabaseUnavailableError,
    StoreDatabase,
    open_store_database,
)
from counter_app.services.staff import SignedIn, add_staff
from counter_app.services.store_setup import create_store
from counter_app.sync.client import HeadOfficeClient
from counter_app.sync.device import device_id
from counter_app.sync.feed_appliers import FEED_APPLIERS
from counter_app.sync.pull import pull_feeds
from counter_app.sync.push import push_waiting
from counter_app.sync.runner import SyncTarget, sync_once

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples" / "headoffice"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
DISK_KB = 4096
COMPLAINT = {"category": "Product quality", "description": "It stopped working."}
# What a pull writes, and the cursors that say how far it got.
PULLED = ("product", "productbarcode", "syncstate", "auditevent", "outbox")


@dataclass
class Store:
    folder: Path
    database: StoreDatabase
    disk: SmallDisk
    code: str
    token: str

    def rows(self) -> dict[str, list[tuple[Any, ...]]]:
        with closing(sqlite3.connect(self.database.path)) as raw:
            return {
                table: raw.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()  # noqa: S608
                for table in PULLED
            }

    def event_ids(self) -> list[str]:
        with closing(sqlite3.connect(self.database.path)) as raw:
            rows = raw.execute("SELECT event_id FROM outbox ORDER BY seq").fetchall()
        return [str(uuid.UUID(row[0])) for row in rows]

    def target(self, server: HeadOfficeServer) -> SyncTarget:
        return SyncTarget(url=server.url, token=self.token)


@contextmanager
def store_on_small_disk(server: HeadOfficeServer, tmp_path: Path) -> Iterator[Store]:
    """A new store with a clerk and two cases, registered at head office, on a small disk."""
    code, token = server.register()
    folder = tmp_path / "disk"
    with small_disk(folder, size_kb=DISK_KB) as disk:
        database = open_store_database(folder).database
        try:
            details = {"code": code, "name": "Disk Test", "timezone": "Europe/Dublin"}
            store = create_store(database=database, details=details, now=NOW)
            person = {"name": "Ada Manager", "role": "manager", "pin": "2468"}
            added = add_staff(database=database, by=None, person=person, now=NOW)
            manager = SignedIn(added.id, store.id, added.name, added.role)
            for summary in ("Kettle leaks", "Toaster burns"):
                request = {"case_type": "complaint", "summary": summary, "complaint": COMPLAINT}
                intake.open_case(database=database, staff=manager, request=request, now=NOW)
            yield Store(folder, database, disk, code, token)
        finally:
            database.dispose()


def _import_catalog(server: HeadOfficeServer, code: str) -> None:
    database = server.database()
    try:
        import_catalog(database, EXAMPLES / "catalog.csv", store_code=code)
    finally:
        database.dispose()


def _assert_sound(store: Store) -> None:
    store.database.dispose()
    with closing(sqlite3.connect(store.database.path)) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    report = verify_audit_chain(database=store.database)
    assert report.intact, report.broken
    assert store.disk.leftovers() == []


@on_small_disk
def test_a_pull_on_a_full_disk_writes_nothing_and_the_next_pull_brings_it_all(
    head_office: HeadOfficeServer, tmp_path: Path
) -> None:
    with store_on_small_disk(head_office, tmp_path) as store:
        sync_once(store.database, store.target(head_office))  # the cases are at head office
        _import_catalog(head_office, store.code)
        before = store.rows()
        store.disk.fill()

        with (
            HeadOfficeClient(head_office.url, store.token, store.code) as client,
            pytest.raises(DatabaseUnavailableError, match="disk of this PC is full"),
        ):
            pull_feeds(store.database, client, FEED_APPLIERS)

        store.disk.free()
        _assert_sound(store)
        assert store.rows() == before, "a refused page left rows or moved a cursor"
        report = sync_once(store.database, store.target(head_office))
        assert report.pulled.applied["catalog"] == 5
        assert len(store.rows()["product"]) == len(before["product"]) + 5


@on_small_disk
def test_acks_that_cannot_be_recorded_send_the_events_again_and_head_office_keeps_each_once(
    head_office: HeadOfficeServer, tmp_path: Path
) -> None:
    with store_on_small_disk(head_office, tmp_path) as store:
        events = store.event_ids()
        assert len(events) >= 3
        device = device_id(store.database)  # made on first use: before the disk fills
        store.disk.fill()

        with (
            HeadOfficeClient(head_office.url, store.token, store.code) as client,
            pytest.raises(DatabaseUnavailableError, match="disk of this PC is full"),
        ):
            push_waiting(store.database, client, device=device)

        # Head office took the batch; only the store's note of the acks was refused.
        assert sorted(event for event, _ in head_office.events_of(store.code)) == sorted(events)
        with closing(sqlite3.connect(store.database.path)) as raw:
            unsent = raw.execute("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetchone()
        assert unsent == (len(events),)

        store.disk.free()
        _assert_sound(store)
        assert sync_once(store.database, store.target(head_office)).pushed.sent == len(events)
        held = [event for event, _ in head_office.events_of(store.code)]
        assert sorted(held) == sorted(events), "each event at head office exactly once"


@on_small_disk
def test_a_sync_on_a_read_only_data_folder_is_told_in_words(
    head_office: HeadOfficeServer, tmp_path: Path
) -> None:
    with store_on_small_disk(head_office, tmp_path) as store:
        sync_once(store.database, store.target(head_office))
        _import_catalog(head_office, store.code)
        before = store.rows()
        store.database.dispose()  # Linux remounts read-only only with no file open to write
        store.disk.read_only()

        with pytest.raises(DatabaseUnavailableError, match="read-only") as refused:
            sync_once(store.database, store.target(head_office))
        assert "sqlite3" not in str(refused.value)

        store.disk.writable()
        _assert_sound(store)
        assert store.rows() == before
        assert sync_once(store.database, store.target(head_office)).pulled.applied["catalog"] == 5
