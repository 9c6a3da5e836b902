"""Fixtures for the printer tests: the demo store seeded once, and real loopback printers.

A network ESC/POS printer is a TCP socket that takes bytes: :class:`LoopbackPrinter`
is one, on 127.0.0.1, keeping what it was sent so a test can read it.
"""

import shutil
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from counter_app.services.database import StoreDatabase, open_store_database
from counter_app.services.demo import seed_demo_store

DEMO_NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store, seeded once for the whole session (it takes seconds)."""
    folder = tmp_path_factory.mktemp("demo-template") / "data"
    database = open_store_database(folder).database
    try:
        seed_demo_store(database=database, now=DEMO_NOW)
    finally:
        database.dispose()  # checkpoints the WAL, so the folder copies as one file
    return folder


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator[StoreDatabase]:
    """A private, open copy of the demo store."""
    folder = tmp_path / "data"
    shutil.copytree(demo_template, folder)
    database = open_store_database(folder).database
    try:
        yield database
    finally:
        database.dispose()


@dataclass
class LoopbackPrinter:
    """A network printer on 127.0.0.1 that keeps every byte sent to it."""

    port: int
    received: bytearray = field(default_factory=bytearray)
    connections: int = 0
    finished: threading.Event = field(default_factory=threading.Event)

    def job(self) -> bytes:
        """What the last connection sent, once the sender has hung up."""
        assert self.finished.wait(timeout=10), "the printer was never sent a whole job"
        return bytes(self.received)

    @property
    def address(self) -> str:
        return f"tcp:127.0.0.1:{self.port}"


@pytest.fixture
def loopback_printer() -> Iterator[LoopbackPrinter]:
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    printer = LoopbackPrinter(listener.getsockname()[1])
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            printer.connections += 1
            with connection:
                while chunk := connection.recv(65536):
                    printer.received.extend(chunk)
            printer.finished.set()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield printer
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on: a printer that is switched off."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
