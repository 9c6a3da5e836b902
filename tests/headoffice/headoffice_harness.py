"""A real head-office server on loopback, and store databases that sync with it.

The server is ``counter-app headoffice serve`` in a child process (so tests
can kill it mid-batch), on a free port, over PostgreSQL when
``COUNTER_TEST_PG_URL`` is set (a database made for this test session and
dropped after it) and over a SQLite file otherwise. Each test registers its
own store codes, so tests share a server without seeing each other's rows.
"""

import itertools
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from counter_app.headoffice.stores import add_store
from counter_app.services.database import StoreDatabase, open_store_database
from counter_app.services.demo import install_demo_store
from db.headoffice.database import HeadOfficeDatabase, sqlite_url

PG_URL = os.environ.get("COUNTER_TEST_PG_URL")
_codes = itertools.count(1)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def head_office_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not PG_URL:
        yield sqlite_url(tmp_path_factory.mktemp("headoffice") / "headoffice.sqlite")
        return
    name = f"counter_ho_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = make_url(PG_URL).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class HeadOfficeServer:
    """``counter-app headoffice serve`` in a child process, started and killed at will."""

    database_url: str
    folder: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.folder / "server.log"

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = self._spawn(log)
        self._wait_until_ready()

    def _spawn(self, log: Any) -> "subprocess.Popen[bytes]":
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "counter_app",
                "--data-dir",
                str(self.folder),
                "headoffice",
                "serve",
                "--port",
                str(self.port),
                "--database-url",
                self.database_url,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def _wait_until_ready(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"head office exited: {self.log_path.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("head office did not start within 30 s")

    def kill(self) -> None:
        """SIGKILL: no graceful shutdown, as when the server's machine loses power."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def database(self) -> HeadOfficeDatabase:
        return HeadOfficeDatabase(self.database_url)

    def register(self, code: str | None = None) -> tuple[str, str]:
        """A new store at head office: its code and token."""
        code = code or unique_code()
        database = self.database()
        try:
            database.upgrade()
            issued = add_store(database, code, timezone="Europe/Dublin")
        finally:
            database.dispose()
        return issued.store_code, issued.token

    def sql(self, query: str, **parameters: Any) -> list[Any]:
        database = self.database()
        try:
            with database.engine.connect() as connection:
                return list(connection.execute(text(query), parameters).all())
        finally:
            database.dispose()

    def events_of(self, code: str) -> list[tuple[str, int]]:
        """(event id, device seq) of every event head office holds for the store."""
        return [
            (str(uuid.UUID(str(row[0]))), int(row[1]))
            for row in self.sql(
                "SELECT e.event_id, e.device_seq FROM ho_event e JOIN ho_store s "
                "ON s.id = e.store_id WHERE s.code = :code ORDER BY e.device_seq",
                code=code,
            )
        ]


def unique_code() -> str:
    return f"T{os.getpid() % 1000:03d}{next(_codes):04d}{uuid.uuid4().hex[:4]}".upper()[:16]


@pytest.fixture(scope="module")
def head_office(
    head_office_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[HeadOfficeServer]:
    server = HeadOfficeServer(
        head_office_database_url, tmp_path_factory.mktemp("ho-server"), free_port()
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store, seeded once: hundreds of real events waiting in its outbox."""
    folder = tmp_path_factory.mktemp("demo-template")
    install_demo_store(data_dir=folder)
    return folder


@dataclass
class SyncingStore:
    """A private copy of the demo store, registered at head office under its own code."""

    folder: Path
    database: StoreDatabase
    code: str
    token: str

    def sql(self, query: str, parameters: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(self.database.path)) as raw:
            return raw.execute(query, parameters).fetchall()

    def waiting(self) -> int:
        return int(
            self.sql("SELECT count(*) FROM outbox WHERE sent_at IS NULL AND set_aside_at IS NULL")[
                0
            ][0]
        )

    def event_ids(self) -> list[str]:
        return [
            str(uuid.UUID(row[0])) for row in self.sql("SELECT event_id FROM outbox ORDER BY seq")
        ]


@pytest.fixture
def syncing_store(
    demo_template: Path, tmp_path: Path, head_office: HeadOfficeServer
) -> Iterator[SyncingStore]:
    folder = tmp_path / "store"
    shutil.copytree(demo_template, folder)
    code, token = head_office.register()
    with closing(sqlite3.connect(folder / "counter.sqlite")) as raw:
        raw.execute("UPDATE store SET code = ?", (code,))
        raw.commit()
    database = open_store_database(folder).database
    try:
        yield SyncingStore(folder, database, code, token)
    finally:
        database.dispose()
