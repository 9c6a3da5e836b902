"""Shared fixtures for the service tests: one seeded store, copied per test.

The template (store, a manager, a clerk, a tiny catalog and one receipt) is
built once per session, because hashing the two PINs costs a fifth of a
second. Each test gets its own copy of the file, so tests may write freely.
"""

import shutil
import sqlite3
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from counter_app.domain.staff import Role
from counter_app.services.audit import verify_audit_chain
from counter_app.services.database import StoreDatabase, open_store_database
from counter_app.services.staff import SignedIn, add_staff
from counter_app.services.store_setup import StoreInfo, create_store
from db.store.models import Product, ProductBarcode, Sale, SaleLine

STORE_DETAILS = {
    "code": "S012",
    "name": "Test Store, Grafton Street",
    "timezone": "Europe/Dublin",
    "currency": "EUR",
    "locale": "en_IE",
}
MANAGER_NAME, MANAGER_PIN = "Maeve Manager", "2468"
CLERK_NAME, CLERK_PIN = "Sam Clerk", "1357"

# Summer: Dublin is UTC+1, so 12:00 UTC is 13:00 on 14 June in the store.
SEED_NOW = datetime(2026, 6, 14, 9, 0, tzinfo=UTC)
CASE_NOW = datetime(2026, 6, 14, 12, 0, tzinfo=UTC)
BUSINESS_DAY = "20260614"

KETTLE_BARCODE = "2000000000015"
TOASTER_BARCODE = "2000000000022"
HEADPHONES_BARCODE = "2000000000039"
RECEIPT = "R-20260612-0001"
KETTLE_PRICE, TOASTER_PRICE, HEADPHONES_PRICE = 2999, 4599, 7999
# The kettle line: 2 x 29.99 with 6.00 off, so each kettle cost (5998 - 600) // 2 = 2699.
KETTLE_PAID_EACH = 2699

TRACKED_TABLES = (
    "store",
    "staff",
    "customer",
    "service_case",
    "caseline",
    "complaintdetail",
    "casenumbercounter",
    "auditevent",
    "outbox",
)


@dataclass(frozen=True)
class Template:
    folder: Path
    store: StoreInfo
    manager: SignedIn
    clerk: SignedIn
    product_ids: dict[str, uuid.UUID]
    sale_id: uuid.UUID


@dataclass
class Seeded:
    """A private copy of the seeded store, open, with helpers for requests and raw SQL."""

    database: StoreDatabase
    folder: Path
    store: StoreInfo
    manager: SignedIn
    clerk: SignedIn
    product_ids: dict[str, uuid.UUID]
    sale_id: uuid.UUID
    now: datetime = CASE_NOW

    @property
    def path(self) -> Path:
        return self.database.path

    # ------------------------------------------------------------------ raw SQL

    def sql(self, query: str, parameters: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run one statement on a plain sqlite3 connection, apart from the engine under test."""
        with closing(sqlite3.connect(self.path)) as raw:
            return raw.execute(query, parameters).fetchall()

    def count(self, table: str) -> int:
        return int(self.sql(f"SELECT count(*) FROM {table}")[0][0])  # noqa: S608

    def snapshot(self) -> dict[str, Any]:
        """Row counts of every table a service writes, plus the state of every case."""
        with closing(sqlite3.connect(self.path)) as raw:
            state: dict[str, Any] = {
                table: raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
                for table in TRACKED_TABLES
            }
            state["numbers_given"] = raw.execute(
                "SELECT coalesce(sum(last_number), 0) FROM casenumbercounter"
            ).fetchone()[0]
            state["cases"] = raw.execute(
                "SELECT number, status, resolved_at, closed_at, updated_at FROM service_case "
                "ORDER BY number"
            ).fetchall()
            state["staff_rows"] = raw.execute(
                "SELECT name, failed_pin_attempts, locked_until FROM staff ORDER BY name"
            ).fetchall()
        return state

    # ------------------------------------------------------------------ requests

    def complaint_request(self, **overrides: Any) -> dict[str, Any]:
        request: dict[str, Any] = {
            "case_type": "complaint",
            "summary": "Kettle stopped working",
            "complaint": {
                "category": "Product quality",
                "severity": "medium",
                "description": "The kettle does not switch on any more.",
                "desired_outcome": "Replacement",
            },
        }
        request.update(overrides)
        return request

    def return_request(self, **overrides: Any) -> dict[str, Any]:
        request: dict[str, Any] = {
            "case_type": "return",
            "summary": "Changed mind",
            "receipt_number": RECEIPT,
            "lines": [
                {
                    "direction": "in",
                    "barcode": KETTLE_BARCODE,
                    "quantity": 1,
                    "condition": "unopened",
                    "reason": "Changed mind",
                }
            ],
        }
        request.update(overrides)
        return request

    def exchange_request(self, **overrides: Any) -> dict[str, Any]:
        request: dict[str, Any] = {
            "case_type": "exchange",
            "summary": "Swap kettle for toaster",
            "lines": [
                {
                    "direction": "in",
                    "barcode": KETTLE_BARCODE,
                    "quantity": 1,
                    "condition": "opened",
                },
                {"direction": "out", "barcode": TOASTER_BARCODE, "quantity": 1},
            ],
        }
        request.update(overrides)
        return request


def _seed_catalog(
    database: StoreDatabase, store: StoreInfo
) -> tuple[dict[str, uuid.UUID], uuid.UUID]:
    products = {
        "kettle": Product(
            sku="SKU-KETTLE",
            name="Kettle Classic Steel",
            category="Home & Kitchen",
            price_cents=KETTLE_PRICE,
            tax_rate_bp=2300,
            updated_at=SEED_NOW,
        ),
        "toaster": Product(
            sku="SKU-TOASTER",
            name="Toaster Pro White",
            category="Home & Kitchen",
            price_cents=TOASTER_PRICE,
            tax_rate_bp=2300,
            updated_at=SEED_NOW,
        ),
        "headphones": Product(
            sku="SKU-HEADPHONES",
            name="Headphones Max Black",
            category="Electronics",
            price_cents=HEADPHONES_PRICE,
            tax_rate_bp=2300,
            updated_at=SEED_NOW,
        ),
    }
    barcodes = {
        "kettle": KETTLE_BARCODE,
        "toaster": TOASTER_BARCODE,
        "headphones": HEADPHONES_BARCODE,
    }
    sale = Sale(
        store_id=store.id,
        receipt_number=RECEIPT,
        sold_at=SEED_NOW - timedelta(days=2),
        total_cents=2 * KETTLE_PRICE - 600 + TOASTER_PRICE,
        tender="card",
        card_last4="4242",
    )
    with database.write() as session:
        for key, product in products.items():
            session.add(product)
            session.add(ProductBarcode(barcode=barcodes[key], product_id=product.id))
        session.add(sale)
        session.flush()
        session.add(
            SaleLine(
                sale_id=sale.id,
                line_no=1,
                product_id=products["kettle"].id,
                quantity=2,
                unit_price_cents=KETTLE_PRICE,
                discount_cents=600,
            )
        )
        session.add(
            SaleLine(
                sale_id=sale.id,
                line_no=2,
                product_id=products["toaster"].id,
                quantity=1,
                unit_price_cents=TOASTER_PRICE,
            )
        )
    return {key: product.id for key, product in products.items()}, sale.id


@pytest.fixture(scope="session")
def store_template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    folder = tmp_path_factory.mktemp("store-template") / "data"
    database = open_store_database(folder).database
    try:
        store = create_store(database=database, details=STORE_DETAILS, now=SEED_NOW)
        first = add_staff(
            database=database,
            by=None,
            person={"name": MANAGER_NAME, "role": "manager", "pin": MANAGER_PIN},
            now=SEED_NOW,
        )
        manager = SignedIn(first.id, store.id, first.name, Role.MANAGER)
        second = add_staff(
            database=database,
            by=manager,
            person={"name": CLERK_NAME, "role": "clerk", "pin": CLERK_PIN},
            now=SEED_NOW,
        )
        clerk = SignedIn(second.id, store.id, second.name, Role.CLERK)
        product_ids, sale_id = _seed_catalog(database, store)
    finally:
        database.dispose()  # checkpoints the WAL, so the folder copies as one file
    return Template(folder, store, manager, clerk, product_ids, sale_id)


@pytest.fixture
def seeded(store_template: Template, tmp_path: Path) -> Iterator[Seeded]:
    """A private, open copy of the seeded store."""
    folder = tmp_path / "data"
    shutil.copytree(store_template.folder, folder)
    database = open_store_database(folder).database
    value = Seeded(
        database=database,
        folder=folder,
        store=store_template.store,
        manager=store_template.manager,
        clerk=store_template.clerk,
        product_ids=store_template.product_ids,
        sale_id=store_template.sale_id,
    )
    try:
        yield value
    finally:
        database.dispose()
        value.database.dispose()  # a test may have reopened it


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[StoreDatabase]:
    """A migrated store database with no store set up yet."""
    database = open_store_database(tmp_path / "empty").database
    try:
        yield database
    finally:
        database.dispose()


# --------------------------------------------------------------------------- a writer process

WRITER_SCRIPT = """
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

from counter_app.domain.staff import Role
from counter_app.services import intake
from counter_app.services.database import open_store_database
from counter_app.services.staff import SignedIn

folder, staff_id, store_id, limit = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
database = open_store_database(Path(folder)).database
clerk = SignedIn(uuid.UUID(staff_id), uuid.UUID(store_id), "Sam Clerk", Role.CLERK)
now = datetime(2026, 6, 14, 12, 0, tzinfo=UTC)
kettle = {"direction": "in", "barcode": "__KETTLE__", "quantity": 1, "condition": "opened"}
toaster = {"direction": "out", "barcode": "__TOASTER__", "quantity": 1}
complaint = {"category": "Product quality", "description": "Stopped working."}
requests = [
    {"case_type": "complaint", "summary": "Writer complaint", "complaint": complaint},
    {
        "case_type": "complaint",
        "complaint": complaint,
        "customer": {"name": "Dmitri Volkov", "phone": "+353 87 765 4321", "consent": True},
    },
    # No receipt: the receipt's two kettles would run out, and a writer runs until killed.
    {"case_type": "return", "lines": [kettle]},
    {"case_type": "exchange", "lines": [kettle, toaster]},
]
made = 0
while limit == 0 or made < limit:
    request = requests[made % len(requests)]
    opened = intake.open_case(database=database, staff=clerk, request=request, now=now)
    print(opened.number, flush=True)
    made += 1
database.dispose()
"""


@pytest.fixture
def writer_script(tmp_path: Path) -> Path:
    """A script that opens cases in ``argv[1]`` and prints each number once it is saved."""
    script = tmp_path / "writer.py"
    text = WRITER_SCRIPT.replace("__KETTLE__", KETTLE_BARCODE).replace(
        "__TOASTER__", TOASTER_BARCODE
    )
    script.write_text(text, encoding="utf-8")
    return script


def assert_consistent(folder: Path) -> dict[str, Any]:
    """Check a store database as a crash or a race may have left it; return what was found.

    Every case has exactly one ``case.opened`` audit event and outbox row, every new
    customer exactly one ``customer.added`` pair, nothing points at a missing case, case
    numbers have no gaps, the file is sound and the audit chain verifies.
    """
    path = folder / "counter.sqlite"
    with closing(sqlite3.connect(path)) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        cases = {
            uuid.UUID(row[0]): (row[1], row[2])
            for row in raw.execute("SELECT id, number, case_type FROM service_case")
        }
        customers = {uuid.UUID(row[0]) for row in raw.execute("SELECT id FROM customer")}

        def entities(table: str, column: str, action: str) -> Counter[uuid.UUID]:
            query = f"SELECT entity_id FROM {table} WHERE {column} = ?"  # noqa: S608
            return Counter(uuid.UUID(row[0]) for row in raw.execute(query, (action,)))

        opened_events = entities("auditevent", "action", "case.opened")
        opened_outbox = entities("outbox", "kind", "case.opened")
        customer_events = entities("auditevent", "action", "customer.added")
        customer_outbox = entities("outbox", "kind", "customer.added")
        complaints = {
            uuid.UUID(row[0]) for row in raw.execute("SELECT case_id FROM complaintdetail")
        }
        lined = {uuid.UUID(row[0]) for row in raw.execute("SELECT DISTINCT case_id FROM caseline")}
        audit_count = raw.execute("SELECT count(*) FROM auditevent").fetchone()[0]
        outbox_count = raw.execute("SELECT count(*) FROM outbox").fetchone()[0]
        counters = raw.execute(
            "SELECT business_date, last_number FROM casenumbercounter"
        ).fetchall()

    every_case = Counter(list(cases))
    assert opened_events == every_case, "each case needs exactly one case.opened event"
    assert opened_outbox == every_case, "each case needs exactly one case.opened outbox row"
    assert customer_events == Counter(list(customers))
    assert customer_outbox == Counter(list(customers))
    assert audit_count == outbox_count
    for case_id, (_, case_type) in cases.items():
        assert (case_id in complaints) == (case_type == "complaint")
        assert (case_id in lined) == (case_type != "complaint")

    numbers = sorted(number for number, _ in cases.values())
    sequences = sorted(int(number.rsplit("-", 1)[1]) for number in numbers)
    assert sequences == list(range(1, len(numbers) + 1)), "case numbers skip or repeat"
    assert sum(last for _, last in counters) == len(numbers)

    opened = open_store_database(folder)
    try:
        assert opened.upgrade.backup is None
        assert not opened.upgrade.changed
        report = verify_audit_chain(database=opened.database)
    finally:
        opened.database.dispose()
    assert report.intact, report.broken
    assert report.events_checked == audit_count
    return {"numbers": numbers, "cases": len(cases), "customers": len(customers)}


@pytest.fixture
def check_consistent() -> Any:
    return assert_consistent
