"""The demo store: a believable catalog, a month of sales and cases, for training and trials.

Everything is made from a fixed seed, so two demo stores are the same and a
support call can refer to "receipt R-...-0001 in the demo". Cases go through
the real intake service, so they carry their audit events and outbox rows.
"""

import random
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Protocol

from barcode import EAN13
from sqlalchemy import insert
from sqlmodel import col, select

from counter_app.domain.case_state import CaseStatus, CaseType
from counter_app.domain.return_policy import DEFAULT_POLICY
from counter_app.domain.staff import Role
from counter_app.i18n import say
from counter_app.services import cases, exchanges, intake, returns
from counter_app.services.database import open_store_database
from counter_app.services.errors import ApprovalRequiredError
from counter_app.services.staff import SignedIn, add_staff
from counter_app.services.store_setup import StoreInfo, create_store
from counter_app.services.walk_ins import add_walk_in, call_walk_in
from db.store.database import StoreDatabase
from db.store.models import Product, ProductBarcode, Sale, SaleLine, Store

Progress = Callable[[str, int, int], None]
STAGING_FOLDER = ".demo-staging"

DEMO_STORE = {
    "code": "S012",
    "name": "Counter Demo Store, Grafton Street",
    "address": "12 Grafton Street\nDublin 2, D02 XY12\nIreland",
    "phone": "+353 1 555 0142",
    "timezone": "Europe/Dublin",
    "currency": "EUR",
    "locale": "en_IE",
}


@dataclass(frozen=True)
class DemoPerson:
    """A demo staff member; the PINs are published in the README for training."""

    name: str
    role: Role
    pin: str


DEMO_STAFF = (
    DemoPerson("Maeve Byrne", Role.MANAGER, "2468"),
    DemoPerson("Sam Okafor", Role.CLERK, "1357"),
    DemoPerson("Lena Novak", Role.CLERK, "8642"),
)

# category: (nouns, price range in cents, tax in basis points, returnable)
CATALOG: dict[str, tuple[tuple[str, ...], tuple[int, int], int, bool]] = {
    "Electronics": (
        (
            "Headphones",
            "Bluetooth Speaker",
            "Phone Charger",
            "USB-C Cable",
            "Smart Watch",
            "E-Reader",
            "Webcam",
            "Keyboard",
            "Wireless Mouse",
            "Power Bank",
        ),
        (999, 24999),
        2300,
        True,
    ),
    "Home & Kitchen": (
        (
            "Kettle",
            "Toaster",
            "Frying Pan",
            "Knife Set",
            "Blender",
            "Coffee Maker",
            "Saucepan",
            "Cutting Board",
            "Mixing Bowls",
            "Tea Towels",
        ),
        (499, 12999),
        2300,
        True,
    ),
    "Clothing": (
        (
            "Rain Jacket",
            "Wool Jumper",
            "Jeans",
            "T-Shirt",
            "Scarf",
            "Running Shoes",
            "Socks (3 pack)",
            "Hoodie",
            "Chinos",
            "Fleece",
        ),
        (799, 8999),
        2300,
        True,
    ),
    "Toys & Games": (
        (
            "Building Blocks",
            "Jigsaw Puzzle",
            "Board Game",
            "Plush Bear",
            "Remote Car",
            "Card Game",
            "Train Set",
            "Craft Kit",
            "Science Kit",
            "Doll House",
        ),
        (599, 7999),
        2300,
        True,
    ),
    "Books": (
        (
            "Cookbook",
            "Travel Guide",
            "Novel",
            "Atlas",
            "Notebook",
            "Diary",
            "Colouring Book",
            "Dictionary",
            "Biography",
            "Poetry Collection",
        ),
        (499, 3999),
        0,
        True,
    ),
    "Garden": (
        (
            "Hose",
            "Trowel",
            "Plant Pot",
            "Watering Can",
            "Pruning Shears",
            "Bird Feeder",
            "Seed Kit",
            "Garden Gloves",
            "Lantern",
            "Compost Bin",
        ),
        (399, 9999),
        2300,
        True,
    ),
    "Beauty": (
        (
            "Shampoo",
            "Hand Cream",
            "Lip Balm",
            "Face Serum",
            "Hair Dryer",
            "Perfume",
            "Body Lotion",
            "Nail Kit",
            "Razor",
            "Sun Cream",
        ),
        (299, 6999),
        2300,
        True,
    ),
    "Grocery": (
        (
            "Coffee Beans",
            "Loose Tea",
            "Chocolate Box",
            "Olive Oil",
            "Honey",
            "Biscuits",
            "Jam",
            "Pasta",
            "Granola",
            "Sparkling Water",
        ),
        (199, 1999),
        1350,
        False,
    ),
    "Gift Cards": (
        ("Gift Card",),
        (1000, 10000),
        0,
        False,
    ),
}
VARIANTS = (
    "Classic",
    "Pro",
    "Mini",
    "Plus",
    "Eco",
    "Deluxe",
    "Travel",
    "Essential",
    "Premium",
    "Compact",
    "Family",
    "Studio",
    "Sport",
    "Max",
    "Lite",
    "Signature",
)
COLOURS = ("Black", "White", "Grey", "Navy", "Red", "Green", "Oak", "Steel")

PRODUCTS_PER_CATEGORY = 62
SALES_DAYS = 30
SALES_PER_DAY = 185
CASES_PER_TYPE = 36
COMPLAINT_CATEGORIES = DEFAULT_POLICY.complaint_categories
REASONS = ("Changed mind", "Wrong size", "Faulty", "Not as described", "Gift, not wanted")


class DemoAlreadySetUpError(Exception):
    """This data folder already has a store; the demo never writes over real data."""


def demo_barcode(number: int) -> str:
    """A valid EAN-13 in the 20-29 in-store range, check digit included."""
    return str(EAN13(f"20{number:010d}").get_fullcode())


def _catalog_rows(
    rng: random.Random, now: datetime
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    products: list[dict[str, object]] = []
    barcodes: list[dict[str, object]] = []
    serial = 0
    for category, (nouns, (low, high), tax, returnable) in CATALOG.items():
        count = 5 if category == "Gift Cards" else PRODUCTS_PER_CATEGORY
        for index in range(count):
            serial += 1
            noun = nouns[index % len(nouns)]
            if category == "Gift Cards":
                price = (index + 1) * 1000 if index < 4 else 10000
                name = f"Gift Card {price // 100} EUR"
            else:
                price = rng.randrange(low, high, 100) + 99
                name = (
                    f"{noun} {VARIANTS[index // len(nouns) % len(VARIANTS)]} "
                    f"{COLOURS[index % len(COLOURS)]}"
                )
            product_id = uuid.uuid4()
            products.append(
                {
                    "id": product_id,
                    "sku": f"SKU-{serial:05d}",
                    "name": name,
                    "category": category,
                    "price_cents": price,
                    "tax_rate_bp": tax,
                    "returnable": returnable,
                    "updated_at": now,
                }
            )
            barcodes.append({"barcode": demo_barcode(serial), "product_id": product_id})
    return products, barcodes


def _seed_catalog_and_sales(
    database: StoreDatabase,
    store: StoreInfo,
    cashiers: list[SignedIn],
    rng: random.Random,
    now: datetime,
    progress: Progress,
) -> None:
    products, barcodes = _catalog_rows(rng, now)
    sellable = [product for product in products if product["category"] != "Gift Cards"]
    total_sales = SALES_DAYS * SALES_PER_DAY
    progress("Catalog", 0, len(products))
    with database.write() as session:
        session.execute(insert(Product), products)
        session.execute(insert(ProductBarcode), barcodes)
    progress("Catalog", len(products), len(products))
    zone = store.zone
    today = now.astimezone(zone).date()
    made = 0
    for day_offset in range(SALES_DAYS, 0, -1):
        day = today - timedelta(days=day_offset)
        sales: list[dict[str, object]] = []
        lines: list[dict[str, object]] = []
        for number in range(1, SALES_PER_DAY + 1):
            opening = datetime.combine(day, time(9, 0), zone)
            sold_at = (opening + timedelta(seconds=rng.randrange(0, 9 * 3600))).astimezone(UTC)
            sale_id = uuid.uuid4()
            total = 0
            for line_no in range(1, rng.choice((1, 1, 2, 2, 3, 4)) + 1):
                product = rng.choice(sellable)
                quantity = rng.choice((1, 1, 1, 2, 3))
                price = int(str(product["price_cents"]))
                discount = price * quantity // 10 if rng.random() < 0.1 else 0
                total += price * quantity - discount
                lines.append(
                    {
                        "id": uuid.uuid4(),
                        "sale_id": sale_id,
                        "line_no": line_no,
                        "product_id": product["id"],
                        "quantity": quantity,
                        "unit_price_cents": price,
                        "discount_cents": discount,
                        "tax_cents": 0,
                    }
                )
            tender = rng.choice(("card", "card", "card", "cash"))
            sales.append(
                {
                    "id": sale_id,
                    "store_id": store.id,
                    "receipt_number": f"R-{day:%Y%m%d}-{number:04d}",
                    "sold_at": sold_at,
                    "total_cents": total,
                    "tender": tender,
                    "card_last4": f"{rng.randrange(10000):04d}" if tender == "card" else None,
                    "staff_id": rng.choice(cashiers).staff_id,
                }
            )
        with database.write() as session:
            session.execute(insert(Sale), sales)
            session.execute(insert(SaleLine), lines)
        made += len(sales)
        progress("Sales receipts", made, total_sales)


class _Completed(Protocol):
    @property
    def id(self) -> uuid.UUID: ...


def _with_approval(
    complete: Callable[..., _Completed],
    *,
    database: StoreDatabase,
    clerk: SignedIn,
    manager: SignedIn,
    request: dict[str, object],
    now: datetime,
) -> _Completed:
    """Complete a return or exchange; where the policy wants a manager, the manager approves."""
    try:
        return complete(database=database, staff=clerk, request=request, now=now)
    except ApprovalRequiredError:
        approval = {
            "manager_id": manager.staff_id,
            "pin": DEMO_STAFF[0].pin,
            "reason": "Receipt and item checked at the counter; regular customer.",
        }
        return complete(
            database=database, staff=clerk, request={**request, "approval": approval}, now=now
        )


def _seed_cases(
    database: StoreDatabase,
    people: list[SignedIn],
    rng: random.Random,
    now: datetime,
    progress: Progress,
) -> None:
    manager, clerks = people[0], people
    with database.read() as session:
        sales = session.exec(
            select(Sale.receipt_number, Sale.sold_at).order_by(col(Sale.sold_at))
        ).all()
        barcodes_by_receipt: dict[str, list[str]] = {}
        rows = session.exec(
            select(Sale.receipt_number, ProductBarcode.barcode, Product.returnable)
            .join(SaleLine, col(SaleLine.sale_id) == col(Sale.id))
            .join(Product, col(Product.id) == col(SaleLine.product_id))
            .join(ProductBarcode, col(ProductBarcode.product_id) == col(Product.id))
        ).all()
        for receipt, barcode, returnable in rows:
            if returnable:
                barcodes_by_receipt.setdefault(receipt, []).append(barcode)
        all_barcodes = session.exec(select(ProductBarcode.barcode)).all()
        returnable_barcodes = sorted(
            {code for codes in barcodes_by_receipt.values() for code in codes}
        )
    total = CASES_PER_TYPE * 3
    done = 0
    returned: set[tuple[str, str]] = set()
    for index in range(CASES_PER_TYPE):
        for case_type in (CaseType.COMPLAINT, CaseType.RETURN, CaseType.EXCHANGE):
            days_back = (index * 29) // CASES_PER_TYPE
            moment = now - timedelta(days=days_back, minutes=rng.randrange(0, 300))
            clerk = rng.choice(clerks)
            request: dict[str, object] = {
                "arrived_at": moment - timedelta(minutes=rng.randrange(1, 25)),
            }
            if index % 3 == 0:
                request["customer"] = {
                    "name": rng.choice(
                        (
                            "Aoife Kelly",
                            "Jonas Weber",
                            "Chloé Martin",
                            "Ravi Patel",
                            "Ana Souza",
                            "Dmitri Volkov",
                        )
                    ),
                    "phone": f"+353 87 {rng.randrange(1000000, 9999999)}",
                    "consent": True,
                }
            if case_type is CaseType.COMPLAINT:
                request["case_type"] = case_type.value
                request["summary"] = "Customer complaint at the counter"
                request["complaint"] = {
                    "category": rng.choice(COMPLAINT_CATEGORIES),
                    "severity": rng.choice(("low", "medium", "medium", "high")),
                    "description": "Customer reported the problem in person; details noted.",
                    "desired_outcome": rng.choice(("Repair", "Refund", "Apology", "Replacement")),
                    "product_barcode": rng.choice(all_barcodes),
                }
                opened = intake.open_case(
                    database=database, staff=clerk, request=request, now=moment
                )
                case_id = opened.id
                if index % 4 != 3:  # most complaints are dealt with; a few stay open
                    cases.change_status(
                        database=database,
                        staff=clerk,
                        case_ref=case_id,
                        target=CaseStatus.RESOLVED,
                        now=moment + timedelta(minutes=6),
                    )
            else:
                window = [
                    number
                    for number, sold_at in sales
                    if moment - timedelta(days=25) <= sold_at < moment - timedelta(hours=1)
                    and number in barcodes_by_receipt
                ]
                if index % 6 == 3 and case_type is CaseType.RETURN and "customer" in request:
                    request["lines"] = [
                        {
                            "barcode": rng.choice(returnable_barcodes),
                            "quantity": 1,
                            "condition": "unopened",
                            "reason": "No receipt: gift",
                        }
                    ]
                else:
                    # Each receipt line comes back at most once, whatever the time of day.
                    receipt, barcode = rng.choice(
                        [
                            (number, code)
                            for number in window
                            for code in barcodes_by_receipt[number]
                            if (number, code) not in returned
                        ]
                    )
                    returned.add((receipt, barcode))
                    request["receipt_number"] = receipt
                    request["lines" if case_type is CaseType.RETURN else "lines_in"] = [
                        {
                            "barcode": barcode,
                            "quantity": 1,
                            "condition": rng.choice(("unopened", "opened", "defective")),
                            "reason": rng.choice(REASONS),
                        }
                    ]
                if case_type is CaseType.RETURN:
                    request["summary"] = "Return at the counter"
                    completed = _with_approval(
                        returns.complete_return,
                        database=database,
                        clerk=clerk,
                        manager=manager,
                        request=request,
                        now=moment,
                    )
                else:
                    request["summary"] = "Exchange at the counter"
                    request["lines_out"] = [
                        {"barcode": rng.choice(returnable_barcodes), "quantity": 1}
                    ]
                    request["payment"] = {"tender": "card", "card_last4": "4242"}
                    completed = _with_approval(
                        exchanges.complete_exchange,
                        database=database,
                        clerk=clerk,
                        manager=manager,
                        request=request,
                        now=moment,
                    )
                case_id = completed.id
            if index % 2 == 0 and index % 4 != 3:
                cases.change_status(
                    database=database,
                    staff=clerk,
                    case_ref=case_id,
                    target=CaseStatus.CLOSED,
                    now=moment + timedelta(minutes=9),
                )
            done += 1
            progress("Cases", done, total)


def install_demo_store(*, data_dir: Path, progress: Progress | None = None) -> StoreInfo:
    """Set up the demo store in ``data_dir``, all or nothing.

    The demo is built in a staging folder and copied into the real database in
    one step, so an interrupted run leaves the data folder as it was and can
    simply be run again.

    Raises:
        DemoAlreadySetUpError: a store is already set up there; nothing is changed.
    """
    target = open_store_database(data_dir).database
    staging_dir = target.path.parent / STAGING_FOLDER
    try:
        if has_store(database=target):
            raise DemoAlreadySetUpError(
                say("This data folder already has a store; the demo was not added.")
            )
        shutil.rmtree(staging_dir, ignore_errors=True)
        staged = open_store_database(staging_dir).database
        try:
            store = seed_demo_store(database=staged, progress=progress)
        finally:
            staged.dispose()
        if has_store(database=target):  # someone set a store up meanwhile: keep theirs
            raise DemoAlreadySetUpError(
                say("A store was set up in this data folder meanwhile; the demo was not added.")
            )
        target.load_from(staged.path)
        return store
    finally:
        target.dispose()
        shutil.rmtree(staging_dir, ignore_errors=True)


def has_store(*, database: StoreDatabase) -> bool:
    """Whether a store is already set up in this database."""
    with database.read() as session:
        return session.exec(select(Store.id)).first() is not None


def seed_demo_store(
    *,
    database: StoreDatabase,
    progress: Progress | None = None,
    seed: int = 12,
    now: datetime | None = None,
) -> StoreInfo:
    """Fill an empty database with the demo store.

    Raises:
        DemoAlreadySetUpError: a store is already set up here; nothing is changed.
    """
    report = progress or (lambda _step, _done, _total: None)
    if has_store(database=database):
        raise DemoAlreadySetUpError(
            say("This data folder already has a store; the demo was not added.")
        )
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    store = create_store(database=database, details=DEMO_STORE, now=moment)
    manager = None
    people: list[SignedIn] = []
    for person in DEMO_STAFF:
        member = add_staff(
            database=database,
            by=manager,
            person={"name": person.name, "role": person.role, "pin": person.pin},
            now=moment,
        )
        signed = SignedIn(member.id, store.id, member.name, member.role)
        manager = manager or signed
        people.append(signed)
    # Clerks ring up sales; the manager approves what the policy leaves to a manager.
    cashiers = [person for person in people if not person.is_manager]
    _seed_catalog_and_sales(database, store, cashiers, rng, moment, report)
    _seed_cases(database, people, rng, moment, report)
    _seed_queue(database, cashiers, moment)
    return store


# Who is at the counter as the demo opens: (minutes ago, who, for what, called minutes ago).
DEMO_QUEUE = (
    (11, "Grey coat, kettle", "return", 3),
    (6, "Mr Dunne", "exchange", None),
    (2, "", "complaint", None),
)


def _seed_queue(database: StoreDatabase, cashiers: list[SignedIn], moment: datetime) -> None:
    """A short queue, one customer at the counter, so the home screen shows a live day."""
    for minutes_ago, label, reason, called_ago in DEMO_QUEUE:
        walk_in = add_walk_in(
            database=database,
            staff=cashiers[0],
            label=label,
            reason=reason,
            now=moment - timedelta(minutes=minutes_ago),
        )
        if called_ago is not None:
            call_walk_in(
                database=database,
                staff=cashiers[-1],
                walk_in_id=walk_in.id,
                now=moment - timedelta(minutes=called_ago),
            )
