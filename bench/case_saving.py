"""Saving a three-line return on a 1,000,000-case store, against one bare insert-and-commit.

Run it as ``python -m bench.case_saving [--store FOLDER] [--rounds N] [--check] [--profile]``.

The store is a big store's data folder (``build/big-store`` by default,
generated there first if missing, see ``bench.store_option``). The bench
writes to it, as a counter would: before timing, it seeds receipts of three
lines each (one card sale of three cheap returnable products, two days old),
one per return it will save, under receipt numbers of its own
(``R-BENCH-<run>-<n>``); each round returns a fresh one, since a receipt's
lines come back only once. The service's receipts rotate through sixty
products, so that no product's recent sales (which the policy's lowest recent
price reads) pile up run after run.

What is timed, the project: ``complete_return`` through the real service, as
the return screen calls it once the clerk confirms (a signed-in demo clerk,
the three receipt lines unopened, refunded to the sale's card). In one unit
of work it checks the clerk and the day, loads the policy and the receipt,
runs the policy, and writes:

* one ``casenumbercounter`` update (the day's next case number),
* one ``service_case`` row, three ``caseline`` rows, one ``payment`` row,
* two ``auditevent`` rows (``return.completed`` and ``stock.returned``),
  hash-chained, each with its ``outbox`` row,
* the case's ``case_search`` row (FTS5),

then commits with the store's settings (WAL, ``synchronous=FULL``, foreign keys
on). The products carry an open fault flag before timing (the bench's first
returns raise them when they do not: up to three returns per three products,
once per store), so every timed return writes the same rows; a return that
tips a product over adds a flag, an audit event and an outbox row.

The baseline, on a bare ``sqlite3`` connection to the same file with the same
pragmas: the same rows in one ``BEGIN IMMEDIATE`` ... ``COMMIT``. Their values
are copied from a case the service saved just before, with fresh ids, the next
case number from the counter, its own seeded receipt, and the audit events
linked onto the chain (the project's pure ``link_hash`` and ``details_digest``,
two SHA-256) so the store stays consistent: the audit chain still verifies
afterwards. Once, before timing, the rows of every table are counted before
and after one save of each side; the bench stops if the two wrote different
numbers of rows to any table.

What is left between the two is the service's own work: validating the
request, its reads (policy, receipt, lowest recent price, fault flags), the
ORM and the snapshot for head office. Target (issue): under :data:`TARGET`
times the bare insert, held on the ratio of the medians. Both sides alternate
which goes first each round, after warm-up rounds. It exits 0 whatever it
finds, unless ``--check`` asks for 1 when the ratio is over the target.
"""

import argparse
import cProfile
import gc
import io
import json
import platform
import pstats
import sqlite3
import sys
import uuid
from collections.abc import Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

from bench.contests import Contest, run_rounds
from bench.statistics import median, p99
from bench.store_option import add_store_option, ensure_store, refuse_missing_store
from counter_app.domain.audit_chain import canonical_json, details_digest, link_hash
from counter_app.domain.case_number import CaseNumber
from counter_app.services.database import open_store_database
from counter_app.services.demo import DEMO_STAFF
from counter_app.services.errors import ApprovalRequiredError
from counter_app.services.product_faults import open_flag_for
from counter_app.services.returns import CompletedReturn, complete_return
from counter_app.services.staff import SignedIn, sign_in
from db.store.database import StoreDatabase
from db.store.models import Sale, SaleLine

TARGET = 3.0  # the issue: a return saves in under 3x one bare insert-and-commit of its rows
WARM_UP_ROUNDS = 3
LINES = 3
ROTATION = 60  # products the service's receipts rotate through, three to a receipt
PRIMING_LIMIT = 4  # returns of one triple that may be needed to raise its fault flags
CLERK = DEMO_STAFF[1]  # a clerk of the demo store, signed in with the published PIN
SELLER = DEMO_STAFF[2]
CARD_LAST4 = "4242"
CARD_REFERENCE = "AUTH-BENCH"
# The tables a return writes, in the order the baseline writes them.
WRITTEN = ("service_case", "caseline", "payment", "auditevent", "outbox", "case_search")

# Cheap, returnable products (far from any approval limit), the same every run.
PRODUCTS = """
    SELECT id, price_cents FROM product
    WHERE returnable AND category != 'Gift Cards' AND price_cents > 0
    ORDER BY price_cents, sku LIMIT ?
"""
NEXT_NUMBER = """
    UPDATE casenumbercounter SET last_number = last_number + 1
    WHERE store_id = ? AND business_date = ? RETURNING last_number
"""
LAST_EVENT = "SELECT seq, hash FROM auditevent ORDER BY seq DESC LIMIT 1"


@dataclass(frozen=True)
class Receipt:
    """A seeded sale of three lines, waiting to be returned."""

    id: uuid.UUID
    number: str
    line_ids: tuple[uuid.UUID, ...]

    def request(self) -> dict[str, Any]:
        """The return of all its lines as the return screen sends it."""
        return {
            "receipt_number": self.number,
            "lines": [
                {
                    "sale_line_id": str(line_id),
                    "quantity": 1,
                    "condition": "unopened",
                    "reason": "Changed mind",
                }
                for line_id in self.line_ids
            ],
            "card_reference": CARD_REFERENCE,
            "summary": "Return at the counter",
        }


def bare_connection(path: Path) -> sqlite3.Connection:
    """A plain connection with the store's own settings; BEGIN and COMMIT are sent by hand."""
    raw = sqlite3.connect(path, isolation_level=None, timeout=10)
    raw.execute("PRAGMA busy_timeout = 10000")
    raw.execute("PRAGMA journal_mode = WAL")
    raw.execute("PRAGMA synchronous = FULL")
    raw.execute("PRAGMA foreign_keys = ON")
    return raw


def pragmas(database: StoreDatabase, raw: sqlite3.Connection) -> str:
    """The journal mode and sync level both sides commit with, as SQLite reports them."""
    levels = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}
    with database.read() as session:
        service = (
            session.execute(text("PRAGMA journal_mode")).scalar_one(),
            session.execute(text("PRAGMA synchronous")).scalar_one(),
        )
    bare = (
        raw.execute("PRAGMA journal_mode").fetchone()[0],
        raw.execute("PRAGMA synchronous").fetchone()[0],
    )
    return ", ".join(
        f"{side}: journal_mode={mode}, synchronous={levels.get(int(sync), sync)}"
        for side, (mode, sync) in (("service", service), ("baseline", bare))
    )


def row_counts(raw: sqlite3.Connection) -> dict[str, int]:
    """Rows in every table of the store (the full-text index's own tables left out)."""
    names = [
        name
        for (name,) in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE 'case_search_%' ORDER BY name"
        )
    ]
    return {
        name: raw.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]  # noqa: S608 - schema
        for name in names
    }


def grown(before: Mapping[str, int], after: Mapping[str, int]) -> dict[str, int]:
    """The tables whose row count changed, with by how much."""
    return {name: after[name] - before[name] for name in after if after[name] != before[name]}


Product = tuple[str, int]  # a product's id (hex) and price in cents
Triple = tuple[Product, ...]


@dataclass
class Seeder:
    """Seeds card sales of three products, sold two days ago, numbered for this run; untimed."""

    database: StoreDatabase
    store_id: uuid.UUID
    seller: uuid.UUID
    run: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y%m%d%H%M%S"))
    made: int = 0

    def receipts(self, triples: Sequence[Triple]) -> list[Receipt]:
        """One receipt per triple of products, written in one transaction."""
        sold_at = datetime.now(UTC) - timedelta(days=2)
        receipts, sales, lines = [], [], []
        for products in triples:
            self.made += 1
            receipt = Receipt(
                uuid.uuid4(),
                f"R-BENCH-{self.run}-{self.made:04d}",
                tuple(uuid.uuid4() for _ in products),
            )
            receipts.append(receipt)
            sales.append(
                {
                    "id": receipt.id,
                    "store_id": self.store_id,
                    "receipt_number": receipt.number,
                    "sold_at": sold_at,
                    "total_cents": sum(price for _, price in products),
                    "tender": "card",
                    "card_last4": CARD_LAST4,
                    "staff_id": self.seller,
                }
            )
            for line_no, (line_id, (product_id, price)) in enumerate(
                zip(receipt.line_ids, products, strict=True), start=1
            ):
                lines.append(
                    {
                        "id": line_id,
                        "sale_id": receipt.id,
                        "line_no": line_no,
                        "product_id": uuid.UUID(hex=product_id),
                        "quantity": 1,
                        "unit_price_cents": price,
                        "discount_cents": 0,
                        "tax_cents": 0,
                    }
                )
        with self.database.write() as session:
            session.execute(insert(Sale), sales)
            session.execute(insert(SaleLine), lines)
        return receipts


def product_triples(raw: sqlite3.Connection) -> tuple[Triple, list[Triple]]:
    """The baseline's three products, and the triples the service's returns rotate through.

    Spreading the service's receipts over :data:`ROTATION` products keeps each
    product's recent sales near the store's own (its lowest recent price reads
    them), run after run; the baseline reads no sales, so its receipts keep to one
    triple, which the service returns only to give the baseline its rows.
    """
    products = [(str(pid), int(price)) for pid, price in raw.execute(PRODUCTS, (LINES + ROTATION,))]
    if len(products) < LINES + ROTATION:
        raise SystemExit(f"The catalog has fewer than {LINES + ROTATION} returnable products.")
    rotating = products[LINES:]
    return tuple(products[:LINES]), [
        tuple(rotating[start : start + LINES]) for start in range(0, ROTATION, LINES)
    ]


def signed_in_clerk(database: StoreDatabase, raw: sqlite3.Connection) -> tuple[SignedIn, uuid.UUID]:
    """The demo clerk, signed in with the published PIN, and another clerk as the seller."""
    ids = dict(
        raw.execute(
            "SELECT name, id FROM staff WHERE name IN (?, ?) AND active", (CLERK.name, SELLER.name)
        ).fetchall()
    )
    if CLERK.name not in ids or SELLER.name not in ids:
        raise SystemExit(f"The store has no active {CLERK.name} or {SELLER.name} (demo staff).")
    clerk = sign_in(database=database, staff_id=uuid.UUID(ids[CLERK.name]), pin=CLERK.pin)
    return clerk, uuid.UUID(ids[SELLER.name])


def return_all(database: StoreDatabase, clerk: SignedIn, receipt: Receipt) -> CompletedReturn:
    """The project's side: the receipt's three lines back, through the real service."""
    try:
        return complete_return(database=database, staff=clerk, request=receipt.request())
    except ApprovalRequiredError as refused:
        raise SystemExit(f"The policy wants a manager for the bench's return: {refused}") from None


def raise_fault_flags(
    database: StoreDatabase, clerk: SignedIn, seeder: Seeder, triples: Sequence[Triple]
) -> int:
    """Return each triple until its products all have an open fault flag; how many it took."""

    def unflagged(products: Triple) -> bool:
        with database.read() as session:
            return any(open_flag_for(session, uuid.UUID(hex=pid)) is None for pid, _ in products)

    made = 0
    for products in triples:
        for _ in range(PRIMING_LIMIT + 1):
            if not unflagged(products):
                break
            [receipt] = seeder.receipts([products])
            return_all(database, clerk, receipt)
            made += 1
        else:
            raise SystemExit(f"No fault flag for the bench's products after {made} returns.")
    return made


def _columns(cursor: sqlite3.Cursor) -> list[str]:
    return [column[0] for column in cursor.description]


def _rows(raw: sqlite3.Connection, sql: str, parameters: Sequence[Any]) -> list[dict[str, Any]]:
    cursor = raw.execute(sql, parameters)
    names = _columns(cursor)
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _uuid_forms(value: str | uuid.UUID) -> tuple[str, str]:
    """A stored id as the tables hold it (hex) and as JSON holds it (with dashes)."""
    as_uuid = value if isinstance(value, uuid.UUID) else uuid.UUID(hex=value)
    return as_uuid.hex, str(as_uuid)


def _aware_iso(stored: str) -> str:
    """A stored UTC time as the audit chain's content writes it."""
    return datetime.fromisoformat(stored).replace(tzinfo=UTC).isoformat()


@dataclass
class BareReturn:
    """The rows one saved return wrote, written again with fresh ids on a bare connection."""

    raw: sqlite3.Connection
    case: dict[str, Any]
    lines: list[dict[str, Any]]
    payments: list[dict[str, Any]]
    events: list[dict[str, Any]]
    outbox: list[dict[str, Any]]
    search: dict[str, Any]
    number: CaseNumber
    receipt: Receipt

    @classmethod
    def of_case(
        cls, raw: sqlite3.Connection, case_id: uuid.UUID, receipt: Receipt, outbox_after: int
    ) -> "BareReturn":
        """Read back every row the service wrote for ``case_id``."""
        case = _rows(raw, "SELECT rowid AS rowid_, * FROM service_case WHERE id = ?", [case_id.hex])
        if len(case) != 1:
            raise SystemExit(f"The saved case {case_id} is not in the store.")
        found = case[0]
        search = _rows(
            raw,
            "SELECT number, customer, phone, receipt, products, notes FROM case_search"
            " WHERE rowid = ?",
            [found.pop("rowid_")],
        )
        if len(search) != 1:
            raise SystemExit(f"The saved case {found['number']} has no search row.")
        lines = _rows(
            raw, "SELECT * FROM caseline WHERE case_id = ? ORDER BY line_no", [case_id.hex]
        )
        return cls(
            raw=raw,
            case=found,
            lines=lines,
            payments=_rows(raw, "SELECT * FROM payment WHERE case_id = ?", [case_id.hex]),
            events=_rows(
                raw, "SELECT * FROM auditevent WHERE case_id = ? ORDER BY seq", [case_id.hex]
            ),
            outbox=_rows(raw, "SELECT * FROM outbox WHERE seq > ? ORDER BY seq", [outbox_after]),
            search=search[0],
            number=CaseNumber.parse(found["number"]),
            receipt=receipt,
        )

    def __post_init__(self) -> None:
        if len(self.events) != len(self.outbox):
            raise SystemExit(
                f"The service wrote {len(self.events)} audit events but {len(self.outbox)}"
                " outbox rows for its return."
            )
        self._insert = {
            table: self._insert_sql(table, rows[0])
            for table, rows in (
                ("service_case", [self.case]),
                ("caseline", self.lines),
                ("payment", self.payments),
                ("auditevent", self.events),
                ("outbox", [{k: v for k, v in self.outbox[0].items() if k != "seq"}]),
                ("case_search", [{"rowid": 0, **self.search}]),
            )
        }
        self._content = [
            {
                "store_id": str(uuid.UUID(hex=event["store_id"])),
                "occurred_at": _aware_iso(event["occurred_at"]),
                "staff_id": str(uuid.UUID(hex=event["staff_id"])) if event["staff_id"] else None,
                "action": event["action"],
                "entity": event["entity"],
            }
            for event in self.events
        ]

    @staticmethod
    def _insert_sql(table: str, row: Mapping[str, Any]) -> str:
        names = ", ".join(f'"{name}"' for name in row)
        marks = ", ".join(f":{name}" for name in row)
        return f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - our own columns

    def save(self, receipt: Receipt) -> int:
        """Write the same rows for ``receipt`` in one transaction and commit; the case's rowid."""
        raw = self.raw
        raw.execute("BEGIN IMMEDIATE")
        try:
            (last,) = raw.execute(
                NEXT_NUMBER, (self.case["store_id"], self.number.business_date.isoformat())
            ).fetchone()
            number = str(CaseNumber(self.number.store_code, self.number.business_date, last))
            case_id = uuid.uuid4()
            swaps = {self.case["number"]: number, self.receipt.number: receipt.number}
            for old, new in (
                (self.case["id"], case_id),
                (self.case["sale_id"], receipt.id),
                *zip((line["sale_line_id"] for line in self.lines), receipt.line_ids, strict=True),
            ):
                swaps.update(zip(_uuid_forms(old), _uuid_forms(new), strict=True))
            line_ids = [uuid.uuid4() for _ in self.lines]
            for line, new_id in zip(self.lines, line_ids, strict=True):
                swaps.update(zip(_uuid_forms(line["id"]), _uuid_forms(new_id), strict=True))

            def swapped(value: Any) -> Any:
                if isinstance(value, str):
                    for old, new in swaps.items():
                        value = value.replace(old, new)
                return value

            case = {**self.case, "id": case_id.hex, "number": number, "sale_id": receipt.id.hex}
            rowid = raw.execute(self._insert["service_case"], case).lastrowid
            raw.executemany(
                self._insert["caseline"],
                [
                    {**line, "id": new_id.hex, "case_id": case_id.hex, "sale_line_id": sold.hex}
                    for line, new_id, sold in zip(
                        self.lines, line_ids, receipt.line_ids, strict=True
                    )
                ],
            )
            raw.executemany(
                self._insert["payment"],
                [{**pay, "id": uuid.uuid4().hex, "case_id": case_id.hex} for pay in self.payments],
            )
            seq, prev_hash = raw.execute(LAST_EVENT).fetchone()
            for event, content, box in zip(self.events, self._content, self.outbox, strict=True):
                seq += 1
                event_id = uuid.uuid4()
                details = swapped(event["details"])
                digest = details_digest(details)
                entity_id = swapped(event["entity_id"])
                link = link_hash(
                    prev_hash,
                    {
                        **content,
                        "seq": seq,
                        "id": str(event_id),
                        "entity_id": entity_id,
                        "case_id": str(case_id),
                        "details_sha256": digest,
                    },
                )
                raw.execute(
                    self._insert["auditevent"],
                    {
                        **event,
                        "seq": seq,
                        "id": event_id.hex,
                        "entity_id": entity_id,
                        "case_id": case_id.hex,
                        "details": details,
                        "details_sha256": digest,
                        "prev_hash": prev_hash,
                        "hash": link,
                    },
                )
                payload = json.loads(swapped(box["payload"]))
                payload["audit"] = {"id": str(event_id), "seq": seq, "hash": link}
                row = {k: v for k, v in box.items() if k != "seq"}
                raw.execute(
                    self._insert["outbox"],
                    {
                        **row,
                        "event_id": uuid.uuid4().hex,
                        "entity_id": swapped(box["entity_id"]),
                        "payload": canonical_json(payload),
                    },
                )
                prev_hash = link
            raw.execute(
                self._insert["case_search"],
                {
                    "rowid": rowid,
                    **self.search,
                    "number": number,
                    "receipt": receipt.number,
                },
            )
            raw.execute("COMMIT")
        except BaseException:
            raw.execute("ROLLBACK")
            raise
        return int(rowid or 0)


@dataclass(frozen=True)
class Prepared:
    """The contest, and what the header says about the store and the rows."""

    contest: Contest
    cases_total: int
    wrote: dict[str, int]
    primed: int
    settings: str
    clerk: SignedIn
    profile_receipt: Receipt


def prepare(database: StoreDatabase, raw: sqlite3.Connection, rounds: int) -> Prepared:
    """Seed the receipts, raise the flags, check once both sides write the same rows."""
    clerk, seller = signed_in_clerk(database, raw)
    store_id = uuid.UUID(hex=raw.execute("SELECT id FROM store").fetchone()[0])
    seeder = Seeder(database, store_id, seller)
    fixed, rotating = product_triples(raw)
    primed = raise_fault_flags(database, clerk, seeder, [fixed, *rotating])
    played = WARM_UP_ROUNDS + rounds
    receipts = iter(
        seeder.receipts(
            [fixed, fixed, *(rotating[index % len(rotating)] for index in range(played + 1))]
        )
    )
    bare_receipts = iter(seeder.receipts([fixed] * played))
    template_receipt, bare_receipt = next(receipts), next(receipts)
    before = row_counts(raw)
    outbox_after = raw.execute("SELECT coalesce(max(seq), 0) FROM outbox").fetchone()[0]
    saved = return_all(database, clerk, template_receipt)
    after_service = row_counts(raw)
    bare = BareReturn.of_case(raw, saved.id, template_receipt, outbox_after)
    bare.save(bare_receipt)
    after_bare = row_counts(raw)
    service_wrote = grown(before, after_service)
    bare_wrote = grown(after_service, after_bare)
    if service_wrote != bare_wrote:
        raise SystemExit(
            f"The baseline wrote other rows than the service: service {service_wrote}, "
            f"baseline {bare_wrote}"
        )
    expected = {"service_case": 1, "caseline": LINES, "payment": 1, "case_search": 1}
    if any(service_wrote.get(table) != count for table, count in expected.items()):
        raise SystemExit(f"The service's return wrote unexpected rows: {service_wrote}")

    requests = iter([next(receipts) for _ in range(played)])
    profile_receipt = next(receipts)

    def service() -> CompletedReturn:
        return complete_return(database=database, staff=clerk, request=next(requests).request())

    def baseline() -> int:
        return bare.save(next(bare_receipts))

    contest = Contest(
        "return, 3 lines",
        service,
        baseline,
        f"return, 3 lines: receipt {template_receipt.number} as case {saved.number}, "
        f"refunded {saved.decision.net_refund.minor_units / 100:.2f} to the card",
    )
    return Prepared(
        contest,
        after_bare["service_case"],
        service_wrote,
        primed,
        pragmas(database, raw),
        clerk,
        profile_receipt,
    )


def report(prepared: Prepared, rounds: int, path: Path) -> str:
    """The results as a Markdown table, with what was measured and where."""
    contest = prepared.contest
    wrote = ", ".join(f"{table} +{count}" for table, count in sorted(prepared.wrote.items()))
    verdict = "PASS" if contest.ratio <= TARGET else "FAIL"
    return "\n".join(
        [
            f"Case saving, {rounds} rounds interleaved after {WARM_UP_ROUNDS} warm-up rounds",
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
            f"{platform.machine()}",
            f"Store: {path} ({path.stat().st_size / 2**30:.1f} GiB), "
            f"{prepared.cases_total:,} cases",
            f"Commits: {prepared.settings}",
            f"Each side writes per return: {wrote} (casenumbercounter updated); "
            f"checked once by counting every table",
            f"Fault flags: {prepared.primed} priming returns before timing",
            contest.described,
            "",
            "| case | save median | save p99 | bare insert median | bare insert p99 "
            "| ratio of medians | target | result |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
            f"| {contest.name} "
            f"| {median(contest.project_ms):.2f} ms | {p99(contest.project_ms):.2f} ms "
            f"| {median(contest.baseline_ms):.2f} ms | {p99(contest.baseline_ms):.2f} ms "
            f"| {contest.ratio:.2f}x | {TARGET:.2f}x | {verdict} |",
        ]
    )


def profile(database: StoreDatabase, prepared: Prepared) -> str:
    """Where one more save's time goes: the top functions by their own and cumulative time."""
    profiler = cProfile.Profile()
    profiler.runcall(return_all, database, prepared.clerk, prepared.profile_receipt)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(15)
    stats.sort_stats("cumulative").print_stats(25)
    return out.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print the table; with ``--check``, 1 when the ratio is over the target."""
    parser = argparse.ArgumentParser(prog="python -m bench.case_saving", description=__doc__)
    add_store_option(parser)
    parser.add_argument("--rounds", type=int, default=100, help="timed rounds (default 100)")
    parser.add_argument("--check", action="store_true", help="exit 1 when over the target")
    parser.add_argument("--profile", action="store_true", help="cProfile one more return")
    options = parser.parse_args(argv)
    if options.rounds < 1:
        parser.error("--rounds must be at least 1")
    refuse_missing_store(parser, options.store)
    folder = ensure_store(options.store)

    database = open_store_database(folder).database
    path = Path(database.path)
    try:
        with closing(bare_connection(path)) as raw:
            prepared = prepare(database, raw, options.rounds)
            gc.collect()
            gc.freeze()
            run_rounds([prepared.contest], options.rounds, WARM_UP_ROUNDS)
            print(report(prepared, options.rounds, path))
            if options.profile:
                print()
                print(profile(database, prepared))
    finally:
        database.dispose()
    contest = prepared.contest
    return 1 if options.check and contest.ratio > TARGET else 0


if __name__ == "__main__":
    sys.exit(main())
