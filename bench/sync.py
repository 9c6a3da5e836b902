"""Draining a store's outbox to head office on PostgreSQL, against a bare bulk insert; and a burst.

Run it as ``python -m bench.sync [--pg-url URL] [--rounds N] [--events N] [--stores N]
[--per-store N] [--check] [--profile]``.

Everything runs on loopback: the real ``counter-app headoffice serve`` (uvicorn, one
process) in a child process on a free port, over a PostgreSQL database made for the run
(``counter_bench_<pid>``, dropped at the end). ``--pg-url`` names the server (default
``$COUNTER_TEST_PG_URL``, else ``postgresql://postgres@127.0.0.1:5432/test``); when it
cannot be reached, the benchmark says so and exits 2.

The events are the demo store's own outbox (cases opened, returns and exchanges
completed with their payments, complaints, status changes, stock, customers: about 550
bytes of JSON each), written by ``install_demo_store``; more are added by recording
copies of those same events through ``record_change`` (each copy with ids of its own, so
audit chain, outbox rows and head office's reports are as for real cases), or the newest
are marked sent when fewer are asked for. That store is prepared once, untimed.

Contest 1, the drain: each round gets a fresh copy of the prepared store (copied untimed),
registered at head office under a store code of its own, with fresh event ids. What is
timed is ``sync_once``: identity, ``push_waiting`` in batches of 200 until nothing waits
(each batch claimed with one insert and projected into the report tables by the server),
and the pull of the (empty) feeds, over real HTTP. The baseline is the least any
transfer of those rows to PostgreSQL must do: the same rows (the columns of ``ho_event``,
with the payload text head office keeps) written with one ``COPY ... FROM STDIN``
through psycopg on an open connection and one commit, into ``bare_event``, a table made
``LIKE ho_event INCLUDING ALL`` (same columns, key and indexes; no foreign key) in the
same database, growing round by round as ``ho_event`` does. COPY is the fastest bare way
PostgreSQL offers to load rows; the rows are built in memory before the clock starts.
Beside it, reported and not judged, the same rows inserted with psycopg's ``executemany``
of one ``INSERT`` (pipelined) into a table of its own, the other common reading of "a
bare bulk insert".
Once, after the warm-up drain, head office is checked to hold exactly the store's events,
row for row the ones the baseline wrote. The two sides alternate which goes first, after
a warm-up round. The target is the issue's: the drain under 5x the bare insert.

Contest 2, a burst: ``--stores`` store databases (copies of the prepared store cut to
``--per-store`` waiting events), each registered under its own code, run one sync pass
each at the same moment, released together by a barrier; each store's latency and error
are recorded, then what landed at head office is counted. They are threads of this
process, not processes: a store's side of a pass is a few milliseconds of Python (read
the outbox, build the batch, mark it sent) against the server's hundreds, and on a 2-core
machine a hundred processes would compete for the same two cores as the threads do,
at the cost of a hundred interpreters' start-up and memory; what is measured is the
server's answer to a hundred stores at once. The burst runs once; it has no baseline.

It exits 0 whatever it finds, unless ``--check`` asks for 1 when the drain's ratio is
over the target. ``--profile`` adds a cProfile of one more drain (this side) and head
office's own time by route, from its access log.
"""

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
from sqlalchemy.engine import make_url

from bench.contests import time_round
from bench.statistics import median, p99
from bench.store_option import STORE_FILE
from counter_app.headoffice.stores import add_store
from counter_app.services.database import open_store_database
from counter_app.services.demo import install_demo_store
from counter_app.services.recording import record_change
from counter_app.sync.device import device_id
from counter_app.sync.runner import SyncTarget, sync_once
from db.headoffice.database import HeadOfficeDatabase
from db.store.database import StoreDatabase

TARGET = 5.0  # the issue: the drain under 5x a bare bulk insert of the same rows
WARM_UP_ROUNDS = 1
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
PG_URL_ENV = "COUNTER_TEST_PG_URL"
DEFAULT_EVENTS = 10_000
DEFAULT_STORES = 100
DEFAULT_PER_STORE = 100
ROOT = Path(__file__).resolve().parents[1]
BARE_TABLE = "bare_event"
# For the second, informational baseline: the same rows inserted with executemany.
BARE_INSERT_TABLE = "bare_event_inserted"
EVENT_COLUMNS = (
    "store_id",
    "event_id",
    "device_id",
    "device_seq",
    "kind",
    "entity_id",
    "occurred_at",
    "received_at",
    "payload",
)
UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
COPIES = uuid.UUID("5b0c7a52-6c2e-4e55-9d8f-0d6a4c1f2b11")  # namespace of the copies' ids


# ----------------------------------------------------------------------- PostgreSQL


def admin_url(url: str) -> str:
    """``url`` as psycopg takes it (no SQLAlchemy driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def reachable(url: str) -> str | None:
    """PostgreSQL's version at ``url``; None when it cannot be reached."""
    try:
        with psycopg.connect(admin_url(url), connect_timeout=5) as connection:
            row = connection.execute("SHOW server_version").fetchone()
    except psycopg.Error:
        return None
    return str(row[0]) if row else "?"


@contextmanager
def bench_database(url: str) -> Iterator[str]:
    """A database of this run's own on the server of ``url``, dropped (forced) at the end."""
    name = f"counter_bench_{os.getpid()}"
    with psycopg.connect(admin_url(url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin_url(url), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ----------------------------------------------------------------------- head office


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class HeadOffice:
    """``counter-app headoffice serve`` in a child process, and a connection to register stores."""

    database_url: str
    folder: Path
    port: int = field(default_factory=free_port)
    process: "subprocess.Popen[bytes] | None" = None
    database: HeadOfficeDatabase | None = None

    @property
    def url(self) -> str:
        """Where the stores sync."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        """The server's JSON log: one line per request, with its own milliseconds."""
        return self.folder / "server.log"

    def start(self) -> None:
        """Start the server and wait until it answers its health route."""
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 (this interpreter, our own command)
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
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"head office exited: {self.log_path.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/v1/health", timeout=1).status_code == 200:
                    self.database = HeadOfficeDatabase(self.database_url)
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        raise SystemExit("head office did not start within 60 s")

    def register(self, code: str, timezone: str) -> tuple[uuid.UUID, str]:
        """A new store at head office: its id and token."""
        assert self.database is not None
        issued = add_store(self.database, code, timezone=timezone)
        return issued.store_id, issued.token

    def request_ms(self, code: str) -> dict[str, list[float]]:
        """The server's own milliseconds for each request of store ``code``, by route."""
        routes: dict[str, list[float]] = {}
        for line in self.log_path.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if record.get("store") == code and "ms" in record:
                route = str(record.get("path", "")).rsplit(f"/{code}", 1)[-1]
                routes.setdefault(f"{record.get('method')} {route}", []).append(float(record["ms"]))
        return routes

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL) and close the connections."""
        if self.database is not None:
            self.database.dispose()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


# ----------------------------------------------------------------------- stores


def _sqlite_now() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _copy_ids(text: str, copy: int) -> str:
    """``text`` with every UUID in it replaced by the copy's own (the same one each time)."""
    return UUID_TEXT.sub(lambda found: str(uuid.uuid5(COPIES, f"{copy}:{found[0]}")), text)


def top_up(database: StoreDatabase, count: int) -> None:
    """Record copies of the store's waiting events, oldest first, until ``count`` wait.

    Each copy goes through ``record_change`` as a service's change would (audit event,
    hash chain, outbox row), with the ids inside its payload replaced by ids of its own.
    """
    with closing(sqlite3.connect(database.path)) as raw:
        templates = raw.execute(
            "SELECT kind, entity_id, payload, created_at FROM outbox"
            " WHERE sent_at IS NULL AND set_aside_at IS NULL ORDER BY seq"
        ).fetchall()
        store_id = uuid.UUID(raw.execute("SELECT id FROM store").fetchone()[0])
    missing = count - len(templates)
    written = 0
    while written < missing:
        with database.write() as session:
            for _ in range(min(1000, missing - written)):
                copy, index = divmod(written, len(templates))
                kind, entity_id, payload, created_at = templates[index]
                data = json.loads(_copy_ids(json.dumps(json.loads(payload)["data"]), copy + 1))
                record_change(
                    session,
                    store_id=store_id,
                    staff_id=None,
                    action=kind,
                    entity=kind.split(".", 1)[0],
                    entity_id=_copy_ids(entity_id, copy + 1),
                    details=data,
                    now=datetime.fromisoformat(created_at).replace(tzinfo=UTC)
                    + timedelta(minutes=copy + 1),
                )
                written += 1


def keep_waiting(path: Path, count: int) -> None:
    """Mark all but the oldest ``count`` waiting events as sent."""
    with closing(sqlite3.connect(path)) as raw:
        raw.execute(
            "UPDATE outbox SET sent_at = ? WHERE sent_at IS NULL AND set_aside_at IS NULL"
            " AND seq NOT IN (SELECT seq FROM outbox"
            " WHERE sent_at IS NULL AND set_aside_at IS NULL ORDER BY seq LIMIT ?)",
            (_sqlite_now(), count),
        )
        raw.commit()


def waiting(path: Path) -> int:
    """How many events wait in the store file's outbox."""
    with closing(sqlite3.connect(path)) as raw:
        (count,) = raw.execute(
            "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND set_aside_at IS NULL"
        ).fetchone()
        return int(count)


def prepare_template(folder: Path, count: int) -> Path:
    """The demo store with exactly ``count`` waiting events, in ``folder``."""
    install_demo_store(data_dir=folder)
    database = open_store_database(folder).database
    try:
        top_up(database, count)
    finally:
        database.dispose()
    keep_waiting(folder / STORE_FILE, count)
    assert waiting(folder / STORE_FILE) == count
    return folder


def template_timezone(template: Path) -> str:
    """The prepared store's time zone (head office registers it with the same)."""
    with closing(sqlite3.connect(template / STORE_FILE)) as raw:
        return str(raw.execute("SELECT timezone FROM store").fetchone()[0])


@dataclass
class Store:
    """A copy of the prepared store, registered at head office under its own code."""

    folder: Path
    code: str
    store_id: uuid.UUID
    token: str
    database: StoreDatabase
    device: uuid.UUID
    events: int

    def sync(self, url: str) -> int:
        """One sync pass, as the counter runs it; the events head office acked."""
        report = sync_once(self.database, SyncTarget(url, self.token), data_dir=self.folder)
        return report.pushed.sent

    def bare_rows(self) -> list[tuple[Any, ...]]:
        """The waiting events as the columns of ``ho_event``, with head office's payload text."""
        received_at = datetime.now(UTC)
        with closing(sqlite3.connect(self.database.path)) as raw:
            rows = raw.execute(
                "SELECT seq, event_id, kind, entity_id, created_at, payload FROM outbox "
                "WHERE sent_at IS NULL AND set_aside_at IS NULL ORDER BY seq"
            ).fetchall()
        return [
            (
                self.store_id,
                uuid.UUID(event_id),
                self.device,
                seq,
                kind,
                entity_id,
                datetime.fromisoformat(created_at).replace(tzinfo=UTC),
                received_at,
                # What head office keeps: json.dumps(payload, ensure_ascii=False, sort_keys=True).
                json.dumps(json.loads(payload), ensure_ascii=False, sort_keys=True),
            )
            for seq, event_id, kind, entity_id, created_at, payload in rows
        ]

    def close(self) -> None:
        """Close the database and remove the copy."""
        self.database.dispose()
        shutil.rmtree(self.folder, ignore_errors=True)


def copy_store(template: Path, folder: Path, code: str, head_office: HeadOffice) -> Store:
    """A fresh copy of ``template`` with its own code, event ids and device, registered."""
    shutil.copytree(template, folder)
    store_id, token = head_office.register(code, template_timezone(template))
    with closing(sqlite3.connect(folder / STORE_FILE)) as raw:
        raw.create_function("fresh_id", 0, lambda: uuid.uuid4().hex)
        raw.execute("UPDATE store SET code = ?", (code,))
        raw.execute(
            "UPDATE outbox SET event_id = fresh_id() WHERE sent_at IS NULL AND set_aside_at IS NULL"
        )
        raw.commit()
    database = open_store_database(folder).database
    device = device_id(database)
    events = waiting(folder / STORE_FILE)
    return Store(folder, code, store_id, token, database, device, events)


# ----------------------------------------------------------------------- contest 1: the drain


def bare_copy(connection: psycopg.Connection[Any], rows: Sequence[tuple[Any, ...]]) -> None:
    """The baseline: the rows into ``bare_event`` with one COPY, and a commit."""
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {BARE_TABLE} ({', '.join(EVENT_COLUMNS)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
    connection.commit()


def bare_insert(connection: psycopg.Connection[Any], rows: Sequence[tuple[Any, ...]]) -> None:
    """The second baseline: the rows with psycopg's ``executemany`` of one INSERT, a commit.

    psycopg sends them pipelined, not one round trip each. It is reported beside
    the target's figure, not judged: COPY, the faster, is what the target is held to.
    """
    columns = ", ".join(EVENT_COLUMNS)
    placeholders = ", ".join(["%s"] * len(EVENT_COLUMNS))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {BARE_INSERT_TABLE} ({columns}) VALUES ({placeholders})",  # noqa: S608
            rows,
        )
    connection.commit()


@dataclass
class Drain:
    """The drain's and the baseline's times in milliseconds, with the server's own share."""

    events: int
    sync_ms: list[float] = field(default_factory=list)
    bare_ms: list[float] = field(default_factory=list)
    insert_ms: list[float] = field(default_factory=list)
    server_ms: list[float] = field(default_factory=list)
    requests: int = 0

    @property
    def ratio(self) -> float:
        """The drain's median over the baseline's median."""
        return median(self.sync_ms) / median(self.bare_ms)


def check_same_rows(connection: psycopg.Connection[Any], store: Store) -> None:
    """Head office holds exactly the store's events, each as the baseline wrote it."""
    query = (
        "SELECT event_id, device_id, device_seq, kind, entity_id, occurred_at, payload "
        "FROM {} WHERE store_id = %s ORDER BY device_seq"
    )
    held = connection.execute(query.format("ho_event"), (store.store_id,)).fetchall()
    bare = connection.execute(query.format(BARE_TABLE), (store.store_id,)).fetchall()
    connection.rollback()
    if len(held) != store.events:
        raise SystemExit(
            f"head office holds {len(held)} events of {store.code}, not {store.events}"
        )
    if held != bare:
        raise SystemExit(f"head office's rows of {store.code} differ from the baseline's rows")


def run_drains(
    template: Path, scratch: Path, head_office: HeadOffice, database_url: str, rounds: int
) -> Drain:
    """Each round: a fresh registered copy drained over HTTP, and its rows COPYed bare."""
    drain = Drain(events=waiting(template / STORE_FILE))
    with psycopg.connect(admin_url(database_url)) as connection:
        for table in (BARE_TABLE, BARE_INSERT_TABLE):
            connection.execute(f"CREATE TABLE {table} (LIKE ho_event INCLUDING ALL)")
        connection.commit()
        for number in range(WARM_UP_ROUNDS + rounds):
            store = copy_store(
                template, scratch / f"drain-{number}", f"DRAIN{number:04d}", head_office
            )
            try:
                rows = store.bare_rows()

                sent: list[int] = []

                def sync(store: Store = store, sent: list[int] = sent) -> None:
                    sent.append(store.sync(head_office.url))

                def bare(rows: list[tuple[Any, ...]] = rows) -> None:
                    bare_copy(connection, rows)

                def inserted(rows: list[tuple[Any, ...]] = rows) -> None:
                    bare_insert(connection, rows)

                time_round(
                    [(drain.sync_ms, sync), (drain.bare_ms, bare), (drain.insert_ms, inserted)],
                    number,
                    WARM_UP_ROUNDS,
                )
                if sent != [store.events] or waiting(Path(store.database.path)):
                    raise SystemExit(f"{store.code}: {sent} of {store.events} events went")
                if number == 0:
                    check_same_rows(connection, store)
                if number >= WARM_UP_ROUNDS:
                    routes = head_office.request_ms(store.code)
                    drain.server_ms.append(sum(sum(ms) for ms in routes.values()))
                    drain.requests = sum(len(ms) for ms in routes.values())
            finally:
                store.close()
    return drain


# ----------------------------------------------------------------------- contest 2: the burst


@dataclass
class Burst:
    """A burst's stores: each one's latency (ms) and error, and what landed at head office."""

    stores: int
    per_store: int
    latency_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    landed: int = 0
    expected: int = 0
    wall_ms: float = 0.0


def run_burst(
    template: Path,
    scratch: Path,
    head_office: HeadOffice,
    database_url: str,
    count: int,
) -> Burst:
    """``count`` registered stores each run one sync pass at once; what came back and landed."""
    stores = [
        copy_store(template, scratch / f"store-{index}", f"STORE{index:04d}", head_office)
        for index in range(count)
    ]
    burst = Burst(stores=count, per_store=stores[0].events, expected=sum(s.events for s in stores))
    latencies: list[float | None] = [None] * count
    errors: list[str | None] = [None] * count
    barrier = threading.Barrier(count + 1)

    def push(index: int) -> None:
        barrier.wait()
        started = time.perf_counter()
        try:
            stores[index].sync(head_office.url)
        except Exception as error:  # every failure is a result here, whatever it is
            errors[index] = f"{type(error).__name__}: {error}"
        latencies[index] = (time.perf_counter() - started) * 1000

    threads = [
        threading.Thread(target=push, args=(index,), name=f"store-{index}")
        for index in range(count)
    ]
    try:
        for thread in threads:
            thread.start()
        barrier.wait()
        started = time.perf_counter()
        for thread in threads:
            thread.join()
        burst.wall_ms = (time.perf_counter() - started) * 1000
        burst.latency_ms = [ms for ms in latencies if ms is not None]
        burst.errors = [error for error in errors if error is not None]
        with psycopg.connect(admin_url(database_url)) as connection:
            row = connection.execute(
                "SELECT count(*) FROM ho_event WHERE store_id = ANY(%s)",
                ([store.store_id for store in stores],),
            ).fetchone()
        burst.landed = int(row[0]) if row else 0
    finally:
        for store in stores:
            store.close()
    return burst


# ----------------------------------------------------------------------- report


def report(drain: Drain, burst: Burst, rounds: int, pg_version: str) -> str:
    """Both contests as Markdown tables, with the machine."""
    verdict = "PASS" if drain.ratio <= TARGET else "FAIL"
    lines = [
        f"Sync to head office, {rounds} rounds interleaved after {WARM_UP_ROUNDS} warm-up round",
        f"Python {platform.python_version()}, PostgreSQL {pg_version}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}",
        "Head office: counter-app headoffice serve (uvicorn, one process) on loopback",
        f"Drain: {drain.events:,} events, {drain.requests} requests a drain; head office's own "
        f"time (its access log) {median(drain.server_ms):.0f} ms of the "
        f"{median(drain.sync_ms):.0f} ms median",
        "",
        "| contest | sync median | sync p99 | bare COPY median | bare COPY p99 "
        "| ratio of medians | target | result |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        f"| drain {drain.events:,} events "
        f"| {median(drain.sync_ms):.2f} ms | {p99(drain.sync_ms):.2f} ms "
        f"| {median(drain.bare_ms):.2f} ms | {p99(drain.bare_ms):.2f} ms "
        f"| {drain.ratio:.2f}x | {TARGET:.2f}x | {verdict} |",
        "",
        "Beside it, not judged: the same rows with psycopg's executemany of one INSERT, "
        f"median {median(drain.insert_ms):.2f} ms, p99 {p99(drain.insert_ms):.2f} ms; "
        f"the drain is {median(drain.sync_ms) / median(drain.insert_ms):.2f}x that.",
        "",
        f"Burst: {burst.stores} stores (threads, released by a barrier), one sync pass each, "
        f"{burst.per_store} events waiting in each; all done in {burst.wall_ms:.0f} ms",
        "",
        "| burst | stores | p50 latency | p99 latency | errors | events landed |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        f"| {burst.stores} stores at once | {burst.stores} "
        f"| {median(burst.latency_ms):.2f} ms | {p99(burst.latency_ms):.2f} ms "
        f"| {len(burst.errors)} | {burst.landed:,} of {burst.expected:,} |",
    ]
    for error in sorted(set(burst.errors))[:5]:
        lines.append(f"error ({burst.errors.count(error)}x): {error[:300]}")
    return "\n".join(lines)


def profile(template: Path, scratch: Path, head_office: HeadOffice) -> str:
    """Where one more drain's time goes: this side by cProfile, the server's by route."""
    store = copy_store(template, scratch / "drain-profiled", "DRAINPROFILE", head_office)
    try:
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.runcall(store.sync, head_office.url)
        wall = (time.perf_counter() - started) * 1000
    finally:
        store.close()
    out = io.StringIO()
    print(f"One drain of {store.events:,} events: {wall:.0f} ms", file=out)
    print("Head office's own time by route (its access log):", file=out)
    for route, ms in sorted(head_office.request_ms(store.code).items()):
        print(f"  {route}: {len(ms)} requests, {sum(ms):.0f} ms, median {median(ms):.1f}", file=out)
    print("\nThis side (cProfile, by own time):", file=out)
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
    print("This side (cProfile, by cumulative time):", file=out)
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
    return out.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print the tables; with ``--check``, 1 when the drain is over the target."""
    parser = argparse.ArgumentParser(prog="python -m bench.sync", description=__doc__)
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(PG_URL_ENV) or DEFAULT_PG_URL,
        help=f"PostgreSQL to make the run's database on (default ${PG_URL_ENV}, "
        f"else {DEFAULT_PG_URL})",
    )
    parser.add_argument("--rounds", type=int, default=5, help="timed drains (default 5)")
    parser.add_argument(
        "--events",
        type=int,
        default=DEFAULT_EVENTS,
        help=f"events a drain sends ({DEFAULT_EVENTS:,})",
    )
    parser.add_argument(
        "--stores", type=int, default=DEFAULT_STORES, help=f"stores in the burst ({DEFAULT_STORES})"
    )
    parser.add_argument(
        "--per-store",
        type=int,
        default=DEFAULT_PER_STORE,
        help=f"events waiting in each store of the burst ({DEFAULT_PER_STORE})",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when over the target")
    parser.add_argument("--profile", action="store_true", help="profile one more drain")
    options = parser.parse_args(argv)
    if options.rounds < 1:
        parser.error("--rounds must be at least 1")
    for name in ("events", "stores", "per_store"):
        if getattr(options, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")

    pg_version = reachable(options.pg_url)
    if pg_version is None:
        shown = make_url(options.pg_url).render_as_string(hide_password=True)
        print(
            f"PostgreSQL cannot be reached at {shown}: the sync benchmark needs one to run head "
            f"office on. Start it, or name another with --pg-url or ${PG_URL_ENV}.",
            file=sys.stderr,
        )
        return 2

    with (
        tempfile.TemporaryDirectory(prefix="counter-bench-sync-") as scratch_name,
        bench_database(options.pg_url) as database_url,
    ):
        scratch = Path(scratch_name)
        drain_template = prepare_template(scratch / "drain-template", options.events)
        burst_template = scratch / "burst-template"
        if options.per_store <= options.events:
            shutil.copytree(drain_template, burst_template)
            keep_waiting(burst_template / STORE_FILE, options.per_store)
        else:
            prepare_template(burst_template, options.per_store)
        head_office = HeadOffice(database_url, scratch / "headoffice")
        head_office.folder.mkdir()
        try:
            head_office.start()
            drain = run_drains(drain_template, scratch, head_office, database_url, options.rounds)
            burst = run_burst(burst_template, scratch, head_office, database_url, options.stores)
            print(report(drain, burst, options.rounds, pg_version))
            if options.profile:
                print()
                print(profile(drain_template, scratch, head_office))
        finally:
            head_office.stop()
    return 1 if options.check and drain.ratio > TARGET else 0


if __name__ == "__main__":
    sys.exit(main())
