"""A real head-office server on loopback, and store databases that sync with it.

The server is ``counter-app headoffice serve`` in a child process (so tests
can kill it mid-batch), on a free port, over PostgreSQL when
``COUNTER_TEST_PG_URL`` is set (a database made for this test session and
dropped after it) and over a SQLite file otherwise. Each test registers its
own store codes, so tests share a server without seeing each other's rows.
"""

import itertools
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import httpx
import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlmodel import select

from counter_app.headoffice.stores import add_store
from counter_app.services.database import StoreDatabase, open_store_database
from counter_app.services.demo import install_demo_store
from counter_app.services.recording import record_change
from db.headoffice.database import HeadOfficeDatabase, sqlite_url
from db.store.models import Store

_Value = TypeVar("_Value")
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
    # More ``serve`` options and environment variables, for a server set up differently.
    options: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)

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
                *self.options,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **self.env},
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

    def assert_no_crashes(self) -> None:
        """Nothing any test sent made the server answer 500 or log a crash (bad input is 4xx)."""
        if not self.log_path.exists():
            return
        crashes = []
        for line in self.log_path.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if record.get("status") == 500 or "Exception in ASGI" in str(record.get("message")):
                crashes.append(line[:300])
        assert not crashes, f"head office crashed {len(crashes)} time(s): {crashes[:3]}"

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


def wait_until(
    probe: Callable[[], _Value], done: Callable[[_Value], bool], *, within: float = 60.0
) -> _Value:
    """Poll ``probe`` until ``done`` holds for its value; fail after ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        value = probe()
        if done(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still not there after {within:.0f} s: {value!r}")
        time.sleep(0.02)


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
    server.assert_no_crashes()


@pytest.fixture
def dedicated_head_office(
    head_office_database_url: str, tmp_path: Path
) -> Iterator[HeadOfficeServer]:
    """A server of this test's own (same database as ``head_office``), free to kill and restart.

    It is not started: the test starts it (or first syncs against its silent port).
    """
    folder = tmp_path / "ho-dedicated"
    folder.mkdir()
    server = HeadOfficeServer(head_office_database_url, folder, free_port())
    try:
        yield server
    finally:
        server.stop()
    server.assert_no_crashes()


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

    def deliverable_ids(self) -> list[str]:
        """Every outbox event head office should hold: all but those set aside."""
        return [
            str(uuid.UUID(row[0]))
            for row in self.sql(
                "SELECT event_id FROM outbox WHERE set_aside_at IS NULL ORDER BY seq"
            )
        ]

    def payment_cents(self) -> dict[str, int]:
        """Refunds and charges the outbox's case snapshots carry, by payment kind."""
        totals: dict[str, int] = {}
        for (payload,) in self.sql(
            "SELECT payload FROM outbox WHERE set_aside_at IS NULL AND kind IN "
            "('case.opened', 'return.completed', 'exchange.completed', 'complaint.resolved', "
            "'complaint.kept_open')"
        ):
            for payment in json.loads(payload).get("data", {}).get("payments", []):
                totals[payment["kind"]] = totals.get(payment["kind"], 0) + payment["amount_cents"]
        return totals


def write_events(database: StoreDatabase, count: int, *, per_transaction: int = 1000) -> int:
    """Append ``count`` realistic events through ``record_change``, a few transactions in all.

    Each made-up return is three events (opened, in progress, completed with a
    refund), the shapes head office projects into its report tables.
    """
    with database.read() as session:
        store = session.exec(select(Store)).one()
    base = datetime.now(UTC) - timedelta(days=7)
    written = 0
    while written < count:
        with database.write() as session:
            for _ in range(min(per_transaction, count - written)):
                case_no, step = divmod(written, 3)
                case_id = uuid.uuid5(store.id, f"made-up return {case_no}")
                now = base + timedelta(seconds=written)
                number = f"{store.code}-W{case_no:06d}"
                case = {
                    "id": str(case_id),
                    "number": number,
                    "case_type": "return",
                    "arrived_at": (base + timedelta(seconds=3 * case_no)).isoformat(),
                    "lines": [{"product_id": str(uuid.uuid4()), "quantity": 1}],
                    "summary": "Return at the counter",
                }
                if step == 0:
                    action, data = "case.opened", {**case, "status": "open"}
                elif step == 1:
                    action, data = (
                        "case.status_changed",
                        {
                            "from": "open",
                            "to": "in_progress",
                            "note": "",
                            "number": number,
                        },
                    )
                else:
                    action, data = (
                        "return.completed",
                        {
                            **case,
                            "status": "resolved",
                            "resolved_at": now.isoformat(),
                            "payments": [
                                {
                                    "kind": "refund",
                                    "tender": "card",
                                    "amount_cents": 100 + case_no % 5000,
                                }
                            ],
                        },
                    )
                record_change(
                    session,
                    store_id=store.id,
                    staff_id=None,
                    action=action,
                    entity="case",
                    entity_id=str(case_id),
                    details=data,
                    now=now,
                )
                written += 1
    return written


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
