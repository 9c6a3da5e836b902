"""A large store database for benchmarks: N cases over three years, the same for the same seed.

Run it as ``python -m bench.big_store --cases 1000000 --seed 7 --out FOLDER``.

The folder becomes a data folder as Counter uses it (``FOLDER/counter.sqlite``):
the demo store is seeded first through the real services (store, staff, catalog,
policy, a month of cases), then three years of history before the demo's month
are written straight into the real tables with ``executemany``, in transactions
of 20,000 cases. The column names come from the models' metadata, so a
renamed column fails here rather than writing a store the services cannot read.

What a day holds: more cases on Saturdays and Fridays, fewer on Sundays, a rush
of returns after Christmas, none on Christmas Day and St Stephen's Day, peaks at
lunch time and late afternoon, and slow growth over the years. A case is a
return (half), an exchange (a fifth) or a complaint; a third came through the
walk-in queue; most have a customer; returns have receipts and lines, refunds
across cash, card and store credit (a voucher issued), exchanges a charge or
refund of the difference (sometimes paid with an earlier voucher), complaints a
category, severity, follow-up and sometimes goodwill; some needed a manager's
override. Old cases are mostly closed, the last weeks' partly open.

Every change leaves the audit event the real service would, with the real hash
chain (``audit_content`` and ``link_hash``), so ``counter-app audit verify``
passes; the generated events follow the demo's in ``seq`` order although they
happened earlier, as an imported history would. Each event has its outbox row,
already sent; its payload's ``data`` is the event's details (``record_change``'s
default), shorter than some services' own payloads.

Beside the database, ``big-store.json`` records the seed, the days and what
each day holds (cases by type and status, money by tender, vouchers, fees,
overrides), so a test can hold the daily summary to what was written.

The demo's own rows get random ids (the services make them), so two runs give
the same figures, numbers and generated ids, but not the same demo ids.
"""

import argparse
import dataclasses
import json
import random
import sqlite3
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

from counter_app.domain.audit_chain import canonical_json, details_digest, link_hash
from counter_app.domain.return_policy import DEFAULT_POLICY
from counter_app.services import search
from counter_app.services.database import open_store_database
from counter_app.services.demo import seed_demo_store
from counter_app.services.recording import RecordedEvent, audit_content
from db.store.database import StoreDatabase
from db.store.models import StoreTable

DEFAULT_CASES = 1_000_000
DEFAULT_SEED = 7
HISTORY_DAYS = 3 * 365
DEMO_NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # the demo month is the same every run
BATCH_CASES = 20_000
Choice = TypeVar("Choice")

# Opening hours 9:00-18:00; lunch and late afternoon are busiest.
HOUR_WEIGHTS = {9: 5, 10: 8, 11: 10, 12: 14, 13: 13, 14: 10, 15: 10, 16: 12, 17: 11}
WEEKDAY_WEIGHTS = (0.9, 0.85, 0.9, 1.0, 1.15, 1.45, 0.7)  # Monday first
MONTH_WEIGHTS = (1.6, 1.1, 0.95, 0.95, 0.9, 0.9, 0.95, 0.95, 0.9, 1.0, 1.05, 1.25)
CLOSED_DAYS = ((12, 25), (12, 26))

CASE_TYPE_WEIGHTS = {"return": 50, "exchange": 20, "complaint": 30}
CONDITION_WEIGHTS = {"unopened": 45, "opened": 35, "damaged": 5, "defective": 15}
DISPOSITION_OF = {
    "unopened": "back_to_stock",
    "opened": "back_to_stock",
    "damaged": "damaged",
    "defective": "return_to_vendor",
}
RETURN_REASONS = ("Changed mind", "Wrong size", "Faulty", "Not as described", "Gift", "Duplicate")
SEVERITY_WEIGHTS = {"low": 30, "medium": 45, "high": 20, "critical": 5}
CATEGORY_WEIGHTS = (35, 25, 10, 10, 10, 10)  # in the order of the policy's categories
ACCOMMODATION_WEIGHTS = {
    "apology": 40,
    "replacement": 15,
    "repair": 10,
    "discount": 10,
    "voucher": 10,
    "refund": 15,
}
DESIRED = ("Refund", "Replacement", "Repair", "Apology", "Explanation")
WALK_IN_LABELS = ("Grey coat", "Red scarf", "With a pram", "Blue jacket", "Tall, glasses", "")
COMPLAINT_WORDS = (
    "stopped working after a week", "arrived with parts missing", "the clerk was rude",
    "charged twice", "delivery came late", "screen cracked on opening", "smells burnt",
    "does not switch on", "wrong colour sent", "battery lasts an hour", "noisy when running",
)  # fmt: skip
FIRST_NAMES = (
    "Zoë", "Seán", "Siobhán", "Aoife", "Ciarán", "Niamh", "Patrick", "Mary", "John", "Emma",
    "José", "François", "Jürgen", "Agnieszka", "Mei", "Oluwaseun", "Fatima", "Liam", "Chloé",
)  # fmt: skip
LAST_NAMES = (
    "Murphy", "O'Brien", "Kelly", "Walsh", "Byrne", "Ryan", "Nguyễn", "García", "Müller",
    "Kowalski", "Chen", "Okafor", "Dubois", "Rossi", "Doyle", "McCarthy", "Lynch",
)  # fmt: skip

# The columns each generated row fills, in the order of its tuple.
COLUMNS: dict[str, tuple[str, ...]] = {
    "customer": ("id", "store_id", "name", "phone", "email", "email_key", "consent_at",
                 "created_at"),
    "sale": ("id", "store_id", "receipt_number", "sold_at", "total_cents", "tender",
             "card_last4", "customer_id", "staff_id"),
    "saleline": ("id", "sale_id", "line_no", "product_id", "quantity", "unit_price_cents",
                 "discount_cents", "tax_cents"),
    "service_case": ("id", "store_id", "number", "case_type", "status", "customer_id",
                     "staff_id", "sale_id", "summary", "resolved_first_contact", "arrived_at",
                     "served_at", "resolved_at", "closed_at", "created_at", "updated_at",
                     "from_walk_in"),
    "storecredit": ("id", "store_id", "code", "case_id", "customer_id", "initial_cents",
                    "balance_cents", "issued_at", "expires_on"),
    "caseline": ("id", "case_id", "line_no", "direction", "product_id", "sale_line_id",
                 "description", "quantity", "unit_price_cents", "item_condition", "reason",
                 "disposition", "decision", "refund_cents", "restocking_fee_cents"),
    "payment": ("id", "store_id", "case_id", "kind", "tender", "amount_cents", "card_last4",
                "reference", "store_credit_id", "created_at"),
    "complaintdetail": ("case_id", "category", "severity", "description", "desired_outcome",
                        "accommodation", "accommodation_kind", "accommodation_cents",
                        "product_id", "assignee_id", "follow_up_on"),
    "caseoverride": ("id", "store_id", "case_id", "manager_id", "clerk_id", "kind", "reason",
                     "amount_cents", "created_at"),
    "walk_in": ("id", "store_id", "business_date", "ticket", "label", "reason", "status",
                "arrived_at", "called_at", "finished_at", "added_by", "served_by", "case_id"),
    "auditevent": ("seq", "id", "store_id", "occurred_at", "staff_id", "action", "entity",
                   "entity_id", "case_id", "details", "details_sha256", "prev_hash", "hash"),
    "outbox": ("seq", "event_id", "store_id", "kind", "entity_id", "payload", "created_at",
               "attempts", "sent_at"),
    "casenumbercounter": ("store_id", "business_date", "last_number"),
}  # fmt: skip


def insert_statement(table: str) -> str:
    """``INSERT`` of the generated columns, checked against the models' own table."""
    columns = COLUMNS[table]
    known = StoreTable.metadata.tables[table].columns
    missing = [name for name in columns if name not in known]
    if missing:
        raise RuntimeError(f"{table} has no column {', '.join(missing)}: update the generator")
    marks = ", ".join("?" * len(columns))
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608


@dataclass
class DayFigures:
    """What the generator wrote for one local day, as the daily summary should count it."""

    cases: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    by_status: Counter[str] = field(default_factory=Counter)
    refunds: Counter[str] = field(default_factory=Counter)
    charges: Counter[str] = field(default_factory=Counter)
    vouchers_issued: int = 0
    vouchers_issued_cents: int = 0
    vouchers_redeemed: int = 0
    vouchers_redeemed_cents: int = 0
    restocking_fees_cents: int = 0
    overrides: int = 0
    complaints_by_category: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class BigStore:
    """A generated store: where it is, what went in, and each generated day's figures."""

    data_dir: Path
    database_path: Path
    cases: int
    seed: int
    first_day: date
    last_day: date
    seconds: float
    days: dict[date, DayFigures]


def _stamp(moment: datetime) -> str:
    """A naive UTC time as ``UTCDateTime`` stores it (always with microseconds)."""
    return moment.isoformat(" ", "microseconds")


def _iso(moment: datetime) -> str:
    return moment.replace(tzinfo=UTC).isoformat()


@dataclass(frozen=True)
class _Demo:
    """What the generated history hangs on: the demo store's own rows."""

    store_id: uuid.UUID
    zone: ZoneInfo
    manager: uuid.UUID
    clerks: tuple[uuid.UUID, ...]
    products: tuple[tuple[uuid.UUID, str, int, str], ...]  # id, name, price, category
    first_demo_day: date
    last_seq: int
    last_hash: str


def _read_demo(path: Path) -> _Demo:
    with closing(sqlite3.connect(path)) as raw:
        store_id, zone = raw.execute("SELECT id, timezone FROM store").fetchone()
        staff = raw.execute("SELECT id, role FROM staff ORDER BY name").fetchall()
        products = raw.execute(
            "SELECT id, name, price_cents, category FROM product WHERE returnable = 1 ORDER BY sku"
        ).fetchall()
        first = raw.execute(
            "SELECT min(t) FROM (SELECT min(created_at) AS t FROM service_case"
            " UNION ALL SELECT min(sold_at) FROM sale"
            " UNION ALL SELECT min(arrived_at) FROM walk_in)"
        ).fetchone()[0]
        seq, last_hash = raw.execute(
            "SELECT seq, hash FROM auditevent ORDER BY seq DESC LIMIT 1"
        ).fetchone()
    local_zone = ZoneInfo(zone)
    first_moment = datetime.fromisoformat(first).replace(tzinfo=UTC).astimezone(local_zone)
    return _Demo(
        store_id=uuid.UUID(store_id),
        zone=local_zone,
        manager=next(uuid.UUID(sid) for sid, role in staff if role == "manager"),
        clerks=tuple(uuid.UUID(sid) for sid, role in staff if role == "clerk"),
        products=tuple((uuid.UUID(pid), name, price, cat) for pid, name, price, cat in products),
        first_demo_day=first_moment.date(),
        last_seq=int(seq),
        last_hash=str(last_hash),
    )


def _days(first: date, last: date, cases: int, chance: random.Random) -> list[tuple[date, int]]:
    """Each day with its number of cases: weekday, season, holidays and growth."""
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    weights = []
    for number, day in enumerate(days):
        weight = WEEKDAY_WEIGHTS[day.weekday()] * MONTH_WEIGHTS[day.month - 1]
        weight *= 1 + 0.1 * number / 365  # slow growth
        weight *= chance.uniform(0.85, 1.15)
        if (day.month, day.day) in CLOSED_DAYS:
            weight = 0
        weights.append(weight)
    total = sum(weights)
    counts = [int(cases * weight / total) for weight in weights]
    busiest = sorted(range(len(days)), key=lambda n: -weights[n])
    for n in busiest[: cases - sum(counts)]:
        counts[n] += 1
    return list(zip(days, counts, strict=True))


class _Writer:
    """Rows gathered per table and written in one transaction per batch of cases."""

    def __init__(self, raw: sqlite3.Connection) -> None:
        self.raw = raw
        self.rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        self.statements = {table: insert_statement(table) for table in COLUMNS}

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        self.rows[table].append(row)

    def flush(self) -> None:
        self.raw.execute("BEGIN")
        for table in COLUMNS:  # parents before children
            if self.rows[table]:
                self.raw.executemany(self.statements[table], self.rows[table])
        self.raw.execute("COMMIT")
        self.rows.clear()


class _History:
    """Writes the cases of the generated days, one at a time, with everything they leave."""

    def __init__(self, demo: _Demo, writer: _Writer, chance: random.Random) -> None:
        self.demo = demo
        self.writer = writer
        self.chance = chance
        self.store = demo.store_id
        self.store_hex = demo.store_id.hex
        self.seq = demo.last_seq
        self.prev_hash = demo.last_hash
        self.customers: dict[int, uuid.UUID] = {}
        self.vouchers: dict[uuid.UUID, list[Any]] = {}  # id -> [code, initial, balance]
        self.open_vouchers: list[uuid.UUID] = []
        self.sales = 0
        self.figures: dict[date, DayFigures] = defaultdict(DayFigures)

    # ----------------------------------------------------------------- small helpers

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.chance.getrandbits(128), version=4)

    def local_day(self, moment: datetime) -> date:
        """The store's local day of a naive UTC time."""
        return moment.replace(tzinfo=UTC).astimezone(self.demo.zone).date()

    def event(
        self,
        moment: datetime,
        staff: uuid.UUID | None,
        action: str,
        entity: str,
        entity_id: str,
        case_id: uuid.UUID | None,
        details: dict[str, Any],
    ) -> None:
        """One audit event in the hash chain, and its outbox row, sent a little later."""
        self.seq += 1
        text = canonical_json(details)
        event = RecordedEvent(
            seq=self.seq,
            id=self.new_id(),
            store_id=self.store,
            occurred_at=moment.replace(tzinfo=UTC),
            staff_id=staff,
            action=action,
            entity=entity,
            entity_id=entity_id,
            case_id=case_id,
            details=text,
            details_sha256=details_digest(text),
            prev_hash=self.prev_hash,
            hash="",  # not part of what the hash covers
        )
        digest = link_hash(self.prev_hash, audit_content(event))
        stamp = _stamp(moment)
        self.writer.add(
            "auditevent",
            (self.seq, event.id.hex, self.store_hex, stamp, staff.hex if staff else None, action,
             entity, entity_id, case_id.hex if case_id else None, event.details,
             event.details_sha256, self.prev_hash, digest),
        )  # fmt: skip
        # canonical_json({"audit": {...}, "data": details}), without encoding the details twice
        payload = (
            f'{{"audit":{{"hash":"{digest}","id":"{event.id}","seq":{self.seq}}},'
            f'"data":{event.details}}}'
        )
        sent = moment + timedelta(seconds=self.chance.randint(2, 300))
        self.writer.add(
            "outbox",
            (self.seq, self.new_id().hex, self.store_hex, action, entity_id,
             payload, stamp, 1, _stamp(sent)),
        )  # fmt: skip
        self.prev_hash = digest

    def customer(self, moment: datetime, staff: uuid.UUID, pool: int) -> uuid.UUID | None:
        """A customer of the case (regulars come back), written the first time they come."""
        if self.chance.random() < 0.3:
            return None
        number = min(int(self.chance.paretovariate(0.6)) - 1, pool - 1)
        number = number if self.chance.random() < 0.5 else self.chance.randrange(pool)
        if number in self.customers:
            return self.customers[number]
        customer_id = self.new_id()
        self.customers[number] = customer_id
        name = f"{self.chance.choice(FIRST_NAMES)} {self.chance.choice(LAST_NAMES)}"
        phone = f"+353 8{self.chance.randint(3, 9)} {self.chance.randrange(10**7):07d}"
        email = f"customer{number}@example.ie" if self.chance.random() < 0.5 else None
        stamp = _stamp(moment)
        self.writer.add(
            "customer",
            (customer_id.hex, self.store_hex, name, phone, email, email and email.lower(), stamp,
             stamp),
        )  # fmt: skip
        self.event(
            moment, staff, "customer.added", "customer", str(customer_id), None,
            {"customer_id": str(customer_id)},
        )  # fmt: skip
        return customer_id

    def voucher(
        self, moment: datetime, staff: uuid.UUID, case_id: uuid.UUID, customer: uuid.UUID | None,
        cents: int,
    ) -> uuid.UUID:  # fmt: skip
        """A store-credit voucher issued in a case."""
        voucher_id = self.new_id()
        code = f"SC-{self.chance.getrandbits(40):010X}"
        expires = (moment + timedelta(days=365)).date()
        self.writer.add(
            "storecredit",
            (voucher_id.hex, self.store_hex, code, case_id.hex, customer.hex if customer else None,
             cents, cents, _stamp(moment), expires.isoformat()),
        )  # fmt: skip
        self.vouchers[voucher_id] = [code, cents, cents]
        self.open_vouchers.append(voucher_id)
        self.event(
            moment, staff, "voucher.issued", "store_credit", str(voucher_id), case_id,
            {"amount_cents": cents, "code": code},
        )  # fmt: skip
        figures = self.figures[self.local_day(moment)]
        figures.vouchers_issued += 1
        figures.vouchers_issued_cents += cents
        return voucher_id

    def payment(
        self, moment: datetime, case_id: uuid.UUID, kind: str, tender: str, cents: int,
        voucher: uuid.UUID | None = None,
    ) -> None:  # fmt: skip
        card = f"{self.chance.randrange(10**4):04d}" if tender == "card" else None
        reference = f"PSP-{self.chance.getrandbits(48):012x}" if tender == "card" else None
        self.writer.add(
            "payment",
            (self.new_id().hex, self.store_hex, case_id.hex, kind, tender, cents, card, reference,
             voucher.hex if voucher else None, _stamp(moment)),
        )  # fmt: skip
        figures = self.figures[self.local_day(moment)]
        (figures.refunds if kind == "refund" else figures.charges)[tender] += cents
        if kind == "charge" and tender == "store_credit":
            figures.vouchers_redeemed += 1
            figures.vouchers_redeemed_cents += cents

    def pick(self, weights: dict[Choice, int]) -> Choice:
        return self.chance.choices(tuple(weights), tuple(weights.values()))[0]

    # ----------------------------------------------------------------- one case

    def write_case(
        self, day: date, number_of_day: int, arrived: datetime, recent: bool, pool: int
    ) -> None:
        """One case from arrival to its last status, with its rows and events."""
        chance = self.chance
        staff = chance.choice(self.demo.clerks) if chance.random() < 0.85 else self.demo.manager
        case_type = self.pick(CASE_TYPE_WEIGHTS)
        served = arrived + timedelta(seconds=int(chance.lognormvariate(5.5, 0.7)))
        created = served + timedelta(seconds=chance.randint(90, 720))
        case_id = self.new_id()
        number = f"S012-{day:%Y%m%d}-{number_of_day:04d}"
        customer = self.customer(created, staff, pool)
        figures = self.figures[day]

        from_walk_in = chance.random() < 0.33
        if from_walk_in:
            self.walk_in(day, number_of_day, arrived, served, created, staff, case_type, case_id)

        sale_id = None
        if case_type == "complaint":
            resolved, closed = self.complaint(
                created, case_id, number, staff, customer, recent, figures
            )
            status = "closed" if closed else "resolved" if resolved else "open"
            if status == "open" and chance.random() < 0.4:
                status = "in_progress"
            first_contact = resolved is not None and resolved - created < timedelta(hours=1)
        else:
            sale_id = self.return_or_exchange(
                case_type, created, case_id, number, staff, customer, figures
            )
            resolved = created
            closed = None if recent or chance.random() < 0.3 else created + timedelta(days=14)
            status = "closed" if closed else "resolved"
            first_contact = True
            if closed:
                self.event(
                    closed, staff, "case.status_changed", "case", str(case_id), case_id,
                    {"from": "resolved", "note": "", "number": number, "to": "closed"},
                )  # fmt: skip
        updated = closed or resolved or created
        self.writer.add(
            "service_case",
            (case_id.hex, self.store_hex, number, case_type, status,
             customer.hex if customer else None, staff.hex, sale_id.hex if sale_id else None,
             f"{case_type.title()} at the counter", int(first_contact), _stamp(arrived),
             _stamp(served), _stamp(resolved) if resolved else None,
             _stamp(closed) if closed else None, _stamp(created), _stamp(updated),
             int(from_walk_in)),
        )  # fmt: skip
        figures.cases += 1
        figures.by_type[case_type] += 1
        figures.by_status[status] += 1

    def walk_in(
        self, day: date, ticket: int, arrived: datetime, called: datetime, done: datetime,
        staff: uuid.UUID, reason: str, case_id: uuid.UUID,
    ) -> None:  # fmt: skip
        walk_in_id = self.new_id()
        label = self.chance.choice(WALK_IN_LABELS)
        self.writer.add(
            "walk_in",
            (walk_in_id.hex, self.store_hex, day.isoformat(), ticket, label, reason, "done",
             _stamp(arrived), _stamp(called), _stamp(done), staff.hex, staff.hex, case_id.hex),
        )  # fmt: skip
        details: dict[str, Any] = {
            "ticket": ticket, "business_date": day.isoformat(), "label": label, "reason": reason,
            "status": "waiting", "arrived_at": _iso(arrived), "called_at": None,
            "finished_at": None, "served_by": None,
        }  # fmt: skip
        entity = str(walk_in_id)
        self.event(arrived, staff, "walk_in.arrived", "walk_in", entity, None, details)
        details |= {"status": "serving", "called_at": _iso(called), "served_by": str(staff)}
        self.event(called, staff, "walk_in.called", "walk_in", entity, None, dict(details))
        details |= {"status": "done", "finished_at": _iso(done)}
        self.event(done, staff, "walk_in.served", "walk_in", entity, case_id, details)

    def return_or_exchange(
        self, case_type: str, created: datetime, case_id: uuid.UUID, number: str,
        staff: uuid.UUID, customer: uuid.UUID | None, figures: DayFigures,
    ) -> uuid.UUID | None:  # fmt: skip
        """Lines in (and out), the sale they came from, the money; returns the sale's id."""
        chance = self.chance
        products = self.demo.products
        count = 1 if chance.random() < 0.8 else 2
        picks = [products[min(int(chance.expovariate(1 / 60)), len(products) - 1)]]
        picks += [chance.choice(products) for _ in range(count - 1)]
        sale_id = None
        sale_lines: list[uuid.UUID | None] = [None] * count
        if chance.random() < 0.8:
            sale_id = self.new_id()
            self.sales += 1
            sold = created - timedelta(days=chance.randint(1, 30), minutes=chance.randint(0, 300))
            sale_lines = [self.new_id() for _ in picks]
            for line_no, (line_id, (product_id, _, price, _)) in enumerate(
                zip(sale_lines, picks, strict=True), start=1
            ):
                self.writer.add(
                    "saleline",
                    (cast(uuid.UUID, line_id).hex, sale_id.hex, line_no, product_id.hex, 1, price,
                     0, price * 23 // 123),
                )  # fmt: skip
            tender = "card" if chance.random() < 0.7 else "cash"
            self.writer.add(
                "sale",
                (sale_id.hex, self.store_hex, f"R-{sold:%Y%m%d}-{self.sales:07d}", _stamp(sold),
                 sum(price for _, _, price, _ in picks), tender,
                 f"{chance.randrange(10**4):04d}" if tender == "card" else None,
                 customer.hex if customer else None, chance.choice(self.demo.clerks).hex),
            )  # fmt: skip
        refund = fees = 0
        items = []
        line_no = 0
        for (product_id, name, price, _), sale_line in zip(picks, sale_lines, strict=True):
            line_no += 1
            condition = self.pick(CONDITION_WEIGHTS)
            fee = price // 10 if condition == "opened" and chance.random() < 0.3 else 0
            decision = "allowed_with_conditions" if fee else "allowed"
            refund += price - fee
            fees += fee
            self.writer.add(
                "caseline",
                (self.new_id().hex, case_id.hex, line_no, "in", product_id.hex,
                 sale_line.hex if sale_line else None, name, 1, price, condition,
                 chance.choice(RETURN_REASONS), DISPOSITION_OF[condition], decision,
                 price - fee, fee),
            )  # fmt: skip
            items.append(
                {"condition": condition, "direction": "in",
                 "disposition": DISPOSITION_OF[condition], "product_id": str(product_id),
                 "quantity": 1}
            )  # fmt: skip
        figures.restocking_fees_cents += fees
        charged = 0
        if case_type == "exchange":
            category = picks[0][3]
            product_id, name, price, _ = chance.choice(
                [product for product in products if product[3] == category]
            )
            line_no += 1
            self.writer.add(
                "caseline",
                (self.new_id().hex, case_id.hex, line_no, "out", product_id.hex, None, name, 1,
                 price, None, "", None, None, None, None),
            )  # fmt: skip
            charged, refund = max(price - refund, 0), max(refund - price, 0)
        if refund:
            tender = chance.choices(("card", "cash", "store_credit"), (55, 30, 15))[0]
            if sale_id is None:
                tender = "store_credit" if chance.random() < 0.6 else "cash"
            voucher = None
            if tender == "store_credit":
                voucher = self.voucher(created, staff, case_id, customer, refund)
            self.payment(created, case_id, "refund", tender, refund, voucher)
        if charged:
            self.charge(created, case_id, staff, number, charged)
        details = {"lines": line_no, "number": number, "policy_version": 1, "refund_cents": refund}
        if case_type == "exchange":
            details["charged_cents"] = charged
        self.event(created, staff, f"{case_type}.completed", "case", str(case_id), case_id, details)
        if chance.random() < 0.06:
            self.override(created, case_id, staff, number, "approval", refund + fees, figures)
        self.event(
            created, staff, "stock.returned", "case", str(case_id), case_id,
            {"items": items, "number": number},
        )  # fmt: skip
        return sale_id

    def charge(
        self, moment: datetime, case_id: uuid.UUID, staff: uuid.UUID, number: str, cents: int
    ) -> None:
        """The customer pays the difference: by card or cash, or with an earlier voucher."""
        chance = self.chance
        if self.open_vouchers and chance.random() < 0.2:
            voucher_id = self.open_vouchers[chance.randrange(len(self.open_vouchers))]
            code, _, balance = self.vouchers[voucher_id]
            if balance >= cents:
                self.vouchers[voucher_id][2] = balance - cents
                if balance == cents:
                    self.open_vouchers.remove(voucher_id)
                self.payment(moment, case_id, "charge", "store_credit", cents, voucher_id)
                self.event(
                    moment, staff, "voucher.spent", "store_credit", str(voucher_id), case_id,
                    {"amount_cents": cents, "balance_cents": balance - cents, "code": code},
                )  # fmt: skip
                return
        tender = "card" if chance.random() < 0.7 else "cash"
        self.payment(moment, case_id, "charge", tender, cents)

    def override(
        self, moment: datetime, case_id: uuid.UUID, clerk: uuid.UUID, number: str, kind: str,
        cents: int, figures: DayFigures,
    ) -> None:  # fmt: skip
        reason = "Receipt and item checked at the counter; regular customer."
        self.writer.add(
            "caseoverride",
            (self.new_id().hex, self.store_hex, case_id.hex, self.demo.manager.hex, clerk.hex,
             kind, reason, cents, _stamp(moment)),
        )  # fmt: skip
        self.event(
            moment, self.demo.manager, "case.override_approved", "case", str(case_id), case_id,
            {"amount_cents": cents, "clerk_id": str(clerk), "kind": kind, "number": number,
             "reason": reason, "waived_fees": False},
        )  # fmt: skip
        figures.overrides += 1

    def complaint(
        self, created: datetime, case_id: uuid.UUID, number: str, staff: uuid.UUID,
        customer: uuid.UUID | None, recent: bool, figures: DayFigures,
    ) -> tuple[datetime | None, datetime | None]:  # fmt: skip
        """The complaint's details and how it ended: (resolved at, closed at)."""
        chance = self.chance
        category = chance.choices(DEFAULT_POLICY.complaint_categories, CATEGORY_WEIGHTS)[0]
        severity = self.pick(SEVERITY_WEIGHTS)
        product = chance.choice(self.demo.products) if chance.random() < 0.6 else None
        self.event(
            created, staff, "case.opened", "case", str(case_id), case_id,
            {"case_type": "complaint", "lines": 0, "number": number},
        )  # fmt: skip
        resolved = closed = None
        still_open = chance.random() < (0.5 if recent else 0.02)
        if not still_open:
            resolved = created + timedelta(minutes=chance.choice((5, 20, 240, 1440, 4320)))
            closed = None if recent or chance.random() < 0.25 else resolved + timedelta(days=7)
        kind = self.pick(ACCOMMODATION_WEIGHTS) if resolved else None
        cents = None
        if resolved and kind in ("voucher", "refund"):
            cents = chance.randint(5, 50) * 100
            if kind == "voucher":
                self.voucher(resolved, staff, case_id, customer, cents)
            else:
                self.payment(resolved, case_id, "refund", chance.choice(("cash", "card")), cents)
        follow_up = None
        if not resolved and chance.random() < 0.7:
            follow_up = (created + timedelta(days=chance.randint(2, 10))).date().isoformat()
        self.writer.add(
            "complaintdetail",
            (case_id.hex, category, severity, chance.choice(COMPLAINT_WORDS).capitalize() + ".",
             chance.choice(DESIRED), kind.title() if kind else "", kind, cents,
             product[0].hex if product else None,
             self.demo.manager.hex if chance.random() < 0.3 else None, follow_up),
        )  # fmt: skip
        figures.complaints_by_category[category] += 1
        for moment, before, after in (
            (resolved, "open", "resolved"),
            (closed, "resolved", "closed"),
        ):
            if moment:
                self.event(
                    moment, staff, "case.status_changed", "case", str(case_id), case_id,
                    {"from": before, "note": "", "number": number, "to": after},
                )  # fmt: skip
        return resolved, closed


def _arrivals(day: date, count: int, zone: ZoneInfo, chance: random.Random) -> list[datetime]:
    """The naive UTC arrival times of a day's cases, in order."""
    offset = datetime(day.year, day.month, day.day, 12, tzinfo=zone).utcoffset() or timedelta()
    hours = chance.choices(tuple(HOUR_WEIGHTS), tuple(HOUR_WEIGHTS.values()), k=count)
    local = sorted(
        datetime(day.year, day.month, day.day, hour)
        + timedelta(seconds=chance.randrange(3600), microseconds=chance.randrange(10**6))
        for hour in hours
    )
    return [moment - offset for moment in local]


def generate(
    data_dir: Path,
    *,
    cases: int = DEFAULT_CASES,
    seed: int = DEFAULT_SEED,
    progress: Callable[[str], None] | None = None,
) -> BigStore:
    """Seed the demo store into an empty ``data_dir`` and write ``cases`` cases of history."""
    say_progress = progress or (lambda _message: None)
    started = time.perf_counter()
    opened = open_store_database(data_dir)
    database = opened.database
    try:
        say_progress("seeding the demo store through the services")
        seed_demo_store(database=database, now=DEMO_NOW)
    finally:
        database.dispose()
    path = Path(database.path)
    demo = _read_demo(path)
    last_day = demo.first_demo_day - timedelta(days=1)
    first_day = last_day - timedelta(days=HISTORY_DAYS - 1)
    chance = random.Random(seed)
    plan = _days(first_day, last_day, cases, chance)

    with closing(sqlite3.connect(path, isolation_level=None)) as raw:
        raw.execute("PRAGMA foreign_keys = ON")
        raw.execute("PRAGMA synchronous = OFF")
        raw.execute("PRAGMA cache_size = -1000000")  # random UUID keys: keep indexes in memory
        writer = _Writer(raw)
        history = _History(demo, writer, chance)
        pool = max(cases // 4, 10)
        recent_from = last_day - timedelta(days=14)
        written = 0
        for day, count in plan:
            for number, arrived in enumerate(_arrivals(day, count, demo.zone, chance), start=1):
                history.write_case(day, number, arrived, day >= recent_from, pool)
            if count:
                writer.add("casenumbercounter", (demo.store_id.hex, day.isoformat(), count))
            written += count
            if len(writer.rows["service_case"]) >= BATCH_CASES:
                writer.flush()
                say_progress(f"{written:,} of {cases:,} cases")
        writer.flush()
        raw.execute("BEGIN")
        raw.executemany(
            "UPDATE storecredit SET balance_cents = ? WHERE id = ?",
            [
                (balance, voucher_id.hex)
                for voucher_id, (_, initial, balance) in history.vouchers.items()
                if balance != initial
            ],
        )
        raw.execute("COMMIT")
    say_progress("writing the search index")
    _rebuild_search(path)
    return BigStore(
        data_dir=data_dir,
        database_path=path,
        cases=cases,
        seed=seed,
        first_day=first_day,
        last_day=last_day,
        seconds=time.perf_counter() - started,
        days=dict(history.figures),
    )


MANIFEST = "big-store.json"


def _plain(figures: DayFigures) -> dict[str, Any]:
    """A day's figures as JSON can hold them (counters as plain objects)."""
    return {
        name.name: dict(value) if isinstance(value, Counter) else value
        for name in dataclasses.fields(figures)
        for value in [getattr(figures, name.name)]
    }


def write_manifest(store: BigStore) -> Path:
    """What was generated, next to the database: the benchmark and the tests read it."""
    manifest = store.data_dir / MANIFEST
    content = {
        "cases": store.cases,
        "seed": store.seed,
        "first_day": store.first_day.isoformat(),
        "last_day": store.last_day.isoformat(),
        "seconds": round(store.seconds, 1),
        "days": {day.isoformat(): _plain(figures) for day, figures in sorted(store.days.items())},
    }
    manifest.write_text(json.dumps(content, indent=1, sort_keys=True), encoding="utf-8")
    return manifest


def _rebuild_search(path: Path) -> None:
    database = StoreDatabase.open(path)
    try:
        search.rebuild_search_index(database=database)
    finally:
        database.dispose()


def _progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the store into ``--out`` (a data folder that must not hold a store yet)."""
    parser = argparse.ArgumentParser(prog="python -m bench.big_store", description=__doc__)
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, required=True, help="an empty or new data folder")
    options = parser.parse_args(argv)
    if options.cases < 1:
        parser.error("--cases must be at least 1")
    if options.out.exists() and any(options.out.iterdir()):
        parser.error(f"{options.out} is not empty; choose a new folder")
    store = generate(options.out, cases=options.cases, seed=options.seed, progress=_progress)
    write_manifest(store)
    size = store.database_path.stat().st_size
    print(
        f"{store.cases:,} cases, {store.first_day} to {store.last_day}, seed {store.seed}: "
        f"{store.database_path} ({size / 2**20:,.0f} MiB) in {store.seconds:,.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
