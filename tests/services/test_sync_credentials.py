"""Where the head-office token is kept: the system credential store, else the 0600 settings file.

Both paths go through keyring's own machinery: its real fail backend (what
this Linux has: no credential store), and a small in-memory backend class
registered with ``keyring.set_keyring``, as a credential store is plugged in.
"""

import json
import logging
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import KeyringError, PasswordDeleteError
from small_disk import on_small_disk, small_disk

from counter_app.services.counter_settings import (
    SETTINGS_FILENAME,
    SettingsNotSavedError,
    load_counter_settings,
    save_counter_settings,
)
from counter_app.services.database import DatabaseUnavailableError, open_store_database
from counter_app.sync import credentials

Seeded = Any  # the ``seeded`` fixture of tests/services/conftest.py
TOKEN = "hq-token-9b2e44d1c0a7f316"
OTHER_TOKEN = "hq-token-1111aaaa2222bbbb"


class MemoryKeyring(KeyringBackend):
    """A credential store held in a dict: a real keyring backend, recommended (priority 1)."""

    priority = 1.0  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}
        self.refuse_writes = False

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.refuse_writes:
            raise KeyringError("the credential store is locked")
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.entries:
            raise PasswordDeleteError("no such entry")
        del self.entries[(service, username)]


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """keyring's fail backend: what a Linux PC without a credential store gives."""
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(before)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(before)


def file_data(seeded: Seeded) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((seeded.folder / SETTINGS_FILENAME).read_text("utf-8"))
    return data


def save_token(seeded: Seeded, token: str) -> None:
    save_counter_settings(
        database=seeded.database,
        staff=seeded.manager,
        changes={"head_office_token": token, "head_office_url": "https://hq.example.com"},
    )


def everything_in_the_database(seeded: Seeded) -> str:
    tables = [row[0] for row in seeded.sql("SELECT name FROM sqlite_master WHERE type='table'")]
    queries = [f'SELECT * FROM "{table}"' for table in tables]  # noqa: S608 (sqlite_master)
    return " ".join(str(seeded.sql(query)) for query in queries)


def test_without_a_credential_store_the_token_stays_in_the_owner_only_file(
    seeded: Seeded, no_keyring: None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    assert credentials.usable_backend() is None

    save_token(seeded, TOKEN)

    assert file_data(seeded)["head_office_token"] == TOKEN
    if os.name == "posix":
        mode = stat.S_IMODE((seeded.folder / SETTINGS_FILENAME).stat().st_mode)
        assert mode == 0o600
    loaded = load_counter_settings(seeded.folder).settings
    assert loaded.head_office_token.get_secret_value() == TOKEN
    assert TOKEN not in everything_in_the_database(seeded)
    assert TOKEN not in caplog.text


def test_with_a_credential_store_the_token_lives_there_and_not_in_the_file(
    seeded: Seeded, memory_keyring: MemoryKeyring, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)

    save_token(seeded, TOKEN)

    user = credentials.credential_user(seeded.folder)
    assert memory_keyring.entries == {(credentials.SERVICE, user): TOKEN}
    assert file_data(seeded)["head_office_token"] == ""
    assert TOKEN not in (seeded.folder / SETTINGS_FILENAME).read_text("utf-8")
    loaded = load_counter_settings(seeded.folder).settings
    assert loaded.has_token
    assert loaded.head_office_token.get_secret_value() == TOKEN
    assert TOKEN not in everything_in_the_database(seeded)
    assert TOKEN not in caplog.text


def test_clearing_the_token_removes_the_credential_store_entry(
    seeded: Seeded, memory_keyring: MemoryKeyring
) -> None:
    save_token(seeded, TOKEN)

    save_counter_settings(
        database=seeded.database, staff=seeded.manager, changes={"head_office_token": ""}
    )

    assert memory_keyring.entries == {}
    assert not load_counter_settings(seeded.folder).settings.has_token


def test_a_token_left_in_the_file_moves_to_the_credential_store_on_the_next_save(
    seeded: Seeded, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.refuse_writes = True  # saved while the store was locked: the file keeps it
    save_token(seeded, TOKEN)
    assert file_data(seeded)["head_office_token"] == TOKEN
    assert load_counter_settings(seeded.folder).settings.head_office_token.get_secret_value() == (
        TOKEN
    )
    memory_keyring.refuse_writes = False

    save_counter_settings(
        database=seeded.database, staff=seeded.manager, changes={"idle_lock_minutes": 9}
    )

    assert file_data(seeded)["head_office_token"] == ""
    assert memory_keyring.entries == {
        (credentials.SERVICE, credentials.credential_user(seeded.folder)): TOKEN
    }


def test_two_data_folders_keep_two_tokens(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert credentials.save_token(one, TOKEN).in_keyring
    assert credentials.save_token(two, OTHER_TOKEN).in_keyring

    assert credentials.read_token(one, "") == TOKEN
    assert credentials.read_token(two, "") == OTHER_TOKEN


@on_small_disk
def test_a_settings_file_that_cannot_be_written_puts_the_old_token_back(
    seeded: Seeded, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    """The data folder's disk turns read-only (a real tmpfs: chmod proves nothing as root)."""
    seeded.database.dispose()
    with small_disk(tmp_path / "disk", size_kb=4096) as disk:
        shutil.copytree(seeded.folder, disk.folder, dirs_exist_ok=True)
        database = open_store_database(disk.folder).database
        try:
            save_counter_settings(
                database=database,
                staff=seeded.manager,
                changes={"head_office_token": TOKEN, "head_office_url": "https://hq.example.com"},
            )
            database.dispose()
            disk.read_only()
            # The settings file or the database's record is refused first: either way, whole.
            with pytest.raises((SettingsNotSavedError, DatabaseUnavailableError)):
                save_counter_settings(
                    database=database,
                    staff=seeded.manager,
                    changes={"head_office_token": OTHER_TOKEN},
                )
            disk.writable()
            kept = load_counter_settings(disk.folder).settings.head_office_token
            assert kept.get_secret_value() == TOKEN
        finally:
            database.dispose()
