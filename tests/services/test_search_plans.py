"""Case search on a large store: every kind of query runs on an index or the full-text table.

A module-scoped store (customers, receipts, lines and complaints written with
raw ``executemany``, search rows by ``rebuild_search_index``) is searched
through the real service while the statements it sends are captured. Each
page must equal the same search written plainly (no plan), and ``EXPLAIN
QUERY PLAN`` of every statement must show no full scan of a case, customer,
line or product table; a sort only where few cases lead. The store is built
twice: 5,000 cases in the ordinary run (plans without statistics do not
depend on size, but which condition leads does), and 200,000 cases marked
``slow`` (about a minute to build). Wall-clock times are not asserted
(machines are noisy); ``build_large_store`` is what they were measured on.
"""

import random
import re
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from captured_statements import captured_statements

from counter_app.services import search
from counter_app.services.database import StoreDatabase, open_store_database

LARGE_CASES = 200_000
STORE_CODE = "S012"
FIRST_DAY = datetime(2024, 1, 1, 8, 0, tzinfo=UTC)
LAST_DAY = datetime(2026, 6, 13, 18, 0, tzinfo=UTC)

FIRST_NAMES = (
    "Zoë", "Seán", "Siobhán", "Aoife", "Ciarán", "Niamh", "Patrick", "Mary", "John", "Emma",
    "José", "François", "Jürgen", "Agnieszka", "Дмитрий", "Ольга", "Σοφία", "Γιώργος", "Mei",
    "Oluwaseun", "Fatima", "Liam", "Chloé", "Björn", "Søren", "Ana", "Luca", "Noah", "Ava",
)  # fmt: skip
LAST_NAMES = (
    "Murphy", "O'Brien", "Kelly", "Walsh", "Byrne", "Ryan", "Ó Súilleabháin", "Nguyễn",
    "García", "Müller", "Kowalski", "Иванов", "Смирнова", "Παπαδόπουλος", "Chen", "Okafor",
    "Dubois", "Rossi", "Andersson", "Jensen", "Smith", "Doyle", "McCarthy", "Lynch",
)  # fmt: skip
PRODUCT_WORDS = (
    "kettle", "toaster", "headphones", "blender", "lamp", "mixer", "speaker", "charger",
    "cable", "router", "monitor", "keyboard", "mouse", "fan", "heater", "iron", "vacuum",
    "drill", "saw", "jacket", "boots", "shirt", "mug", "pan", "knife", "clock", "camera",
)  # fmt: skip
ADJECTIVES = (
    "classic", "pro", "max", "mini", "steel", "white", "black", "red", "smart", "compact",
    "deluxe", "travel", "wireless", "silent", "turbo", "eco",
)  # fmt: skip
NOTE_WORDS = (
    "stopped", "working", "broken", "leaking", "noisy", "scratched", "missing", "parts",
    "wrong", "size", "colour", "changed", "mind", "gift", "duplicate", "faulty", "battery",
    "screen", "cracked", "late", "delivery", "rude", "staff", "refund", "replacement",
    "repair", "warranty", "smell", "burnt", "cold", "does", "not", "switch", "on", "after",
    "week", "two", "days", "customer", "wants", "money", "back", "box", "opened", "unused",
)  # fmt: skip
CATEGORIES = ("Product quality", "Service", "Delivery", "Pricing", "Staff", "Store")
PIN_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$bm90LWEtcmVhbC1oYXNo"


@dataclass(frozen=True)
class LargeStore:
    """A generated store and a few facts the tests look for."""

    path: Path
    cases: int
    store_id: str
    case_id: str
    customer_id: str
    phone: str
    product_id: str
    product_barcode: str
    receipt: str
    case_number: str


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _phone(chance: random.Random) -> str:
    tail = f"{chance.randrange(10**7):07d}"
    shape = chance.randrange(4)
    if shape == 0:
        return f"+353 8{chance.randrange(3, 10)} {tail[:3]} {tail[3:]}"
    if shape == 1:
        return f"08{chance.randrange(3, 10)} {tail[:3]} {tail[3:]}"
    if shape == 2:
        return f"(01) {tail[:3]}-{tail[3:]}"
    return f"+44 20 {tail[:3]}{chance.randrange(10)} {tail[3:]}"


def _words(chance: random.Random, count: int) -> str:
    # Zipf-like: a few words are everywhere, most are rare.
    picked = [NOTE_WORDS[min(int(chance.paretovariate(1.2)) - 1, len(NOTE_WORDS) - 1)]]
    picked += [chance.choice(NOTE_WORDS) for _ in range(count - 1)]
    return " ".join(picked)


def build_large_store(folder: Path, cases: int, *, seed: int = 20260614) -> LargeStore:
    """A migrated store database in ``folder`` with ``cases`` cases, built with raw SQL."""
    chance = random.Random(seed)

    def new_id() -> str:
        return uuid.UUID(int=chance.getrandbits(128), version=4).hex

    opened = open_store_database(folder)
    path = opened.database.path
    opened.database.dispose()
    with closing(sqlite3.connect(path, isolation_level=None)) as raw:
        raw.execute("PRAGMA synchronous = OFF")
        raw.execute("PRAGMA cache_size = -512000")  # random UUID keys: keep the indexes in memory
        raw.execute("BEGIN")
        store_id, staff_id = new_id(), new_id()
        raw.execute(
            "INSERT INTO store (id, code, name, address, phone, timezone, currency, locale,"
            " created_at) VALUES (?, ?, 'Large Store', '', '', 'Europe/Dublin', 'EUR', 'en_IE', ?)",
            (store_id, STORE_CODE, _stamp(FIRST_DAY)),
        )
        raw.execute(
            "INSERT INTO staff (id, store_id, name, role, pin_hash, failed_pin_attempts, active,"
            " created_at) VALUES (?, ?, 'Sam Clerk', 'clerk', ?, 0, 1, ?)",
            (staff_id, store_id, PIN_HASH, _stamp(FIRST_DAY)),
        )
        product_count = 2_000
        products = []
        for index in range(product_count):
            name = " ".join(
                [chance.choice(PRODUCT_WORDS), chance.choice(ADJECTIVES), chance.choice(ADJECTIVES)]
            ).title()
            products.append((new_id(), f"SKU-{index:05d}", name, f"{5000000000000 + index}"))
        raw.executemany(
            "INSERT INTO product (id, sku, name, category, price_cents, tax_rate_bp, returnable,"
            " updated_at) VALUES (?, ?, ?, 'General', 1999, 2300, 1, ?)",
            [(pid, sku, name, _stamp(FIRST_DAY)) for pid, sku, name, _ in products],
        )
        raw.executemany(
            "INSERT INTO productbarcode (barcode, product_id) VALUES (?, ?)",
            [(barcode, pid) for pid, _, _, barcode in products],
        )
        customers = []
        for _ in range(max(cases // 4, 10)):
            name = f"{chance.choice(FIRST_NAMES)} {chance.choice(LAST_NAMES)}"
            customers.append((new_id(), store_id, name, _phone(chance), _stamp(FIRST_DAY)))
        raw.executemany(
            "INSERT INTO customer (id, store_id, name, phone, consent_at, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(*row[:4], row[4], row[4]) for row in customers],
        )
        span = (LAST_DAY - FIRST_DAY) / cases
        case_rows, line_rows, complaint_rows, sale_rows = [], [], [], []
        sequence_of_day: dict[date, int] = {}
        for index in range(cases):
            moment = FIRST_DAY + span * index + timedelta(seconds=chance.randrange(60))
            day = moment.date()
            sequence_of_day[day] = sequence_of_day.get(day, 0) + 1
            number = f"{STORE_CODE}-{day:%Y%m%d}-{sequence_of_day[day]:04d}"
            kind = chance.choices(("complaint", "return", "exchange"), (35, 45, 20))[0]
            recent = index > cases - cases // 50
            status = (
                chance.choice(("open", "in_progress", "resolved"))
                if recent
                else chance.choices(("closed", "resolved", "open"), (90, 8, 2))[0]
            )
            customer = chance.choice(customers)[0] if chance.random() < 0.7 else None
            case_id, sale_id = new_id(), None
            if kind != "complaint" and chance.random() < 0.8:
                sale_id = new_id()
                receipt = f"R-{day:%Y%m%d}-{len(sale_rows) + 1:06d}"
                sale_rows.append((sale_id, store_id, receipt, _stamp(moment), 1999, "card"))
            case_rows.append(
                (case_id, store_id, number, kind, status, customer, staff_id, sale_id,
                 _words(chance, 3), _stamp(moment), _stamp(moment), _stamp(moment), _stamp(moment))
            )  # fmt: skip
            # Popular products are popular: a skewed pick, like real returns.
            picks = [products[min(int(chance.expovariate(1 / 200)), product_count - 1)]]
            if kind == "exchange" or chance.random() < 0.3:
                picks.append(chance.choice(products))
            if kind == "complaint":
                product = picks[0][0] if chance.random() < 0.5 else None
                complaint_rows.append(
                    (case_id, chance.choice(CATEGORIES), "medium", _words(chance, 12),
                     "Replacement", "", product)
                )  # fmt: skip
            else:
                for line_no, (pid, _, name, _) in enumerate(picks, start=1):
                    direction = "out" if kind == "exchange" and line_no == 2 else "in"
                    line_rows.append(
                        (new_id(), case_id, line_no, direction, pid, name, 1, 1999,
                         "opened" if direction == "in" else None, _words(chance, 2))
                    )  # fmt: skip
        raw.executemany(
            "INSERT INTO sale (id, store_id, receipt_number, sold_at, total_cents, tender)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            sale_rows,
        )
        raw.executemany(
            "INSERT INTO service_case (id, store_id, number, case_type, status, customer_id,"
            " staff_id, sale_id, summary, arrived_at, served_at, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            case_rows,
        )
        raw.executemany(
            "INSERT INTO caseline (id, case_id, line_no, direction, product_id, description,"
            " quantity, unit_price_cents, item_condition, reason)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            line_rows,
        )
        raw.executemany(
            "INSERT INTO complaintdetail (case_id, category, severity, description,"
            " desired_outcome, accommodation, product_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            complaint_rows,
        )
        raw.execute("COMMIT")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database = StoreDatabase.open(path)
    try:
        assert search.rebuild_search_index(database=database) == cases
    finally:
        database.dispose()
    middle = case_rows[cases // 2]
    later = case_rows[cases // 2 :]
    sale_of_later = next(row[7] for row in later if row[7] is not None)
    customer_id = next(row[5] for row in later if row[5] is not None)
    return LargeStore(
        path=path,
        cases=cases,
        store_id=store_id,
        case_id=middle[0],
        customer_id=customer_id,
        phone=next(row[3] for row in customers if row[0] == customer_id),
        product_id=products[0][0],
        product_barcode=products[0][3],
        receipt=next(row[2] for row in sale_rows if row[0] == sale_of_later),
        case_number=middle[2],
    )


# --------------------------------------------------------------------------- the tests

SIZES = [
    pytest.param(5_000, id="5k-cases"),
    pytest.param(LARGE_CASES, id="200k-cases", marks=pytest.mark.slow),
]
# Reading every row of these tables would grow with the store; the store table has one row.
FULL_SCAN = re.compile(
    r"^SCAN (c|cu|s|l|p|cd|service_case|customer|caseline|complaintdetail|product"
    r"|productbarcode|sale)\b"
)
NEWEST_FIRST_WALK = re.compile(r"^SEARCH c USING (COVERING )?INDEX ix_case_(store|type)_created")
SORT = "USE TEMP B-TREE FOR ORDER BY"
ACCESS = ("SEARCH", "SCAN", "MULTI-INDEX OR")


@pytest.fixture(scope="module", params=SIZES)
def large(request, tmp_path_factory) -> LargeStore:
    folder = tmp_path_factory.mktemp(f"search-{request.param}") / "data"
    return build_large_store(folder, request.param)


@pytest.fixture(scope="module")
def large_database(large) -> Iterator[StoreDatabase]:
    database = StoreDatabase.open(large.path)
    try:
        yield database
    finally:
        database.dispose()


def _plan(path: Path, statement: str, parameters: Any) -> list[str]:
    with closing(sqlite3.connect(path)) as raw:
        # The service reads a prefix's terms from a temporary table of its own connection.
        raw.execute(
            "CREATE VIRTUAL TABLE temp.case_search_terms "
            "USING fts5vocab(main, case_search, 'instance')"
        )
        return [row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + statement, parameters)]


def _queries(large: LargeStore) -> dict[str, dict[str, Any]]:
    """One query of each kind a clerk makes; facts are picked from the generated store."""
    month = {"date_from": "2025-03-01", "date_to": "2025-03-31"}
    return {
        "everything": {},
        "one type": {"case_type": ["return"]},
        "two types": {"case_type": ["return", "exchange"]},
        "a month": month,
        "a day": {"date_from": "2025-03-23", "date_to": "2025-03-23"},
        "closed cases": {"status": ["closed"]},
        "open work": {"status": ["open", "in_progress"]},
        "a customer": {"customer_id": large.customer_id},
        "a popular product": {"product_id": large.product_id},
        "a case number": {"text": large.case_number},
        "part of a case number": {"text": large.case_number[-4:]},
        "a receipt": {"text": large.receipt},
        "a phone": {"text": large.phone},
        "the last digits of a phone": {"text": large.phone[-8:]},
        "a name": {"text": "zoe"},
        "a cyrillic name": {"text": "ольга"},
        "a common word": {"text": "stopped"},
        "a prefix being typed": {"text": "ke"},
        "two words": {"text": "kettle classic"},
        "a scanned barcode": {"text": large.product_barcode},
        "words and a status": {"text": "kettle", "status": ["open"]},
        "words and dates": {"text": "kettle", **month},
        "a customer and dates": {"customer_id": large.customer_id, **month},
        "everything at once": {
            "text": "kettle",
            "status": ["closed", "resolved"],
            "case_type": ["return"],
            "product_id": large.product_id,
            **month,
        },
    }


# Queries whose best plan does not depend on the store's size: a walk of the newest-first
# index (no sort), or a lead by a handful of rows (sorted, but few).
WALKS = {"everything", "one type", "two types", "a month", "closed cases", "a common word"}
LEADS = {"a customer", "a case number", "a receipt", "a phone", "a customer and dates"}


def _oracle(path: Path, large: LargeStore, query: dict[str, Any], limit: int) -> list[str]:
    """The same search written plainly, without any plan: what the page must hold."""
    where, parameters = ["1"], []
    if query.get("text"):
        where.append("(c.rowid IN (SELECT rowid FROM case_search WHERE case_search MATCH ?)")
        parameters.append(search.match_expression(query["text"]))
        where[-1] += (
            " OR c.id IN (SELECT l.case_id FROM caseline l JOIN productbarcode b"
            " ON b.product_id = l.product_id WHERE b.barcode = ?)"
            " OR c.id IN (SELECT d.case_id FROM complaintdetail d JOIN productbarcode b"
            " ON b.product_id = d.product_id WHERE b.barcode = ?))"
        )
        parameters += [query["text"], query["text"]]
    for column in ("status", "case_type"):
        if query.get(column):
            where.append(f"c.{column} IN ({', '.join('?' * len(query[column]))})")
            parameters += query[column]
    if query.get("customer_id"):
        where.append("c.customer_id = ?")
        parameters.append(query["customer_id"])
    if query.get("product_id"):
        where.append(
            "c.id IN (SELECT case_id FROM caseline WHERE product_id = ?"
            " UNION SELECT case_id FROM complaintdetail WHERE product_id = ?)"
        )
        parameters += [query["product_id"]] * 2
    dublin = ZoneInfo("Europe/Dublin")
    if query.get("date_from"):
        start = datetime.combine(date.fromisoformat(query["date_from"]), time(0), dublin)
        where.append("c.created_at >= ?")
        parameters.append(_stamp(start))
    if query.get("date_to"):
        end = datetime.combine(date.fromisoformat(query["date_to"]), time(0), dublin)
        where.append("c.created_at < ?")
        parameters.append(_stamp(end + timedelta(days=1)))
    sql = (
        "SELECT c.number FROM service_case c WHERE "  # noqa: S608 - test SQL, no input
        + " AND ".join(where)
        + " ORDER BY c.created_at DESC, c.rowid DESC LIMIT ?"
    )
    with closing(sqlite3.connect(path)) as raw:
        return [row[0] for row in raw.execute(sql, [*parameters, limit])]


def _check_plans(path: Path, large: LargeStore, database: StoreDatabase) -> None:
    ways: set[str] = set()
    for name, query in _queries(large).items():
        with captured_statements(database) as statements:
            page = search.search_cases(database=database, query=query, limit=50)
            deeper = search.search_cases(database=database, query=query, offset=100, limit=50)
            count = search.count_cases(database=database, query=query)
        expected = _oracle(path, large, query, 150)
        assert [row.number for row in page.rows] == expected[:50], name
        assert [row.number for row in deeper.rows] == expected[100:150], name
        assert page.has_more == (len(expected) > 50), name
        assert len(expected) <= count <= search.COUNT_CAP + 1, name

        pages = [s for s, _ in statements if "ORDER BY" in s and not s.startswith("SELECT count")]
        assert pages or count == 0, name
        for statement, parameters in statements:
            steps = _plan(path, statement, parameters)
            assert not [step for step in steps if FULL_SCAN.match(step)], (name, statement, steps)
            if "ORDER BY" not in statement:
                continue
            first = next(step for step in steps if step.startswith(ACCESS))
            if "ORDER BY case_search.rowid DESC" in statement:
                # A word in many cases: its newest rowids, straight from the full-text index.
                assert name not in LEADS, (name, steps)
                assert first.startswith("SCAN case_search VIRTUAL TABLE"), (name, steps)
                assert SORT not in steps, (name, steps)
                ways.add("newest by rowid")
            elif SORT in steps:
                # Sorting is for a few rows only: the lead is an index search.
                assert name not in WALKS, (name, steps)
                assert count <= search.LEAD_LIMIT, (name, count, steps)
                assert first.startswith(("SEARCH c USING", "MULTI-INDEX OR")), (name, steps)
                ways.add("lead and sort")
            else:
                assert name not in LEADS, (name, steps)
                assert NEWEST_FIRST_WALK.match(first), (name, steps)
                ways.add("walk")
    assert ways == {"newest by rowid", "lead and sort", "walk"}


def test_every_kind_of_search_uses_an_index_and_sorts_only_a_few_rows(large, large_database):
    _check_plans(large.path, large, large_database)


def test_counting_stops_at_the_cap(large, large_database):
    counted = search.count_cases(database=large_database, query={})
    assert counted == min(large.cases, search.COUNT_CAP + 1)


def _copy(large: LargeStore, folder: Path, change: str, parameters: Any = ()) -> Path:
    """A copy of the generated store with one raw change made to it."""
    copy = folder / large.path.name
    with closing(sqlite3.connect(large.path)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
        target.execute(change, parameters)
        target.commit()
    return copy


def test_the_plans_hold_once_sqlite_has_statistics(large, tmp_path):
    # PRAGMA optimize or ANALYZE may run one day; the hints must still steer the plans.
    copy = _copy(large, tmp_path, "ANALYZE")
    database = StoreDatabase.open(copy)
    try:
        _check_plans(copy, large, database)
    finally:
        database.dispose()


def test_a_clock_put_back_does_not_hide_a_newer_case_from_a_common_word(large, tmp_path):
    # Rowids follow the order cases were saved; times follow the PC's clock. Give the
    # oldest case holding a common word the latest time, as a clock set wrong would.
    common = {"text": "stopped"}
    copy = _copy(
        large,
        tmp_path,
        "UPDATE service_case SET created_at = '2030-01-01 00:00:00.000000' WHERE rowid = "
        "(SELECT min(rowid) FROM case_search WHERE case_search MATCH ?)",
        (search.match_expression(common["text"]),),
    )
    with closing(sqlite3.connect(copy)) as raw:
        [(moved,)] = raw.execute(
            "SELECT number FROM service_case WHERE created_at > '2029-01-01'"
        ).fetchall()
    database = StoreDatabase.open(copy)
    try:
        assert search.count_cases(database=database, query=common) > search.LEAD_LIMIT
        page = search.search_cases(database=database, query=common, limit=20)
    finally:
        database.dispose()

    assert [row.number for row in page.rows] == _oracle(copy, large, common, 20)
    assert page.rows[0].number == moved


class _UndoError(Exception):
    """Raised to roll a unit of work back once its statements are captured."""


def _write_then_undo(database: StoreDatabase, write: Any) -> None:
    with database.write() as session:
        write(session)
        raise _UndoError


def test_writing_search_rows_reads_only_the_cases_it_rewrites(large, large_database):
    writers = {
        "index_case": lambda session: search.index_case(session, uuid.UUID(large.case_id)),
        "index_cases_of_customer": lambda session: search.index_cases_of_customer(
            session, uuid.UUID(large.customer_id)
        ),
        "index_cases_of_product": lambda session: search.index_cases_of_product(
            session, uuid.UUID(large.product_id)
        ),
    }
    for name, write in writers.items():
        with captured_statements(large_database) as statements, pytest.raises(_UndoError):
            _write_then_undo(large_database, write)
        reads = [s for s in statements if s[0].lstrip().startswith(("SELECT", "DELETE"))]
        assert len(reads) >= 2, name
        for statement, parameters in reads:
            steps = _plan(large.path, statement, parameters)
            assert not [step for step in steps if FULL_SCAN.match(step)], (name, steps)


def test_cases_saved_out_of_time_order_are_still_listed_by_time(large, tmp_path):
    # The two newest cases holding a common word swap times: both are read from the
    # full-text index, and the page must list them by time, not by the order saved.
    common = {"text": "stopped"}
    copy = _copy(large, tmp_path, "SELECT 1")
    with closing(sqlite3.connect(copy)) as raw, raw:
        newest, second = raw.execute(
            "SELECT c.rowid, c.created_at FROM case_search JOIN service_case c "
            "ON c.rowid = case_search.rowid WHERE case_search MATCH ? "
            "ORDER BY c.rowid DESC LIMIT 2",
            (search.match_expression(common["text"]),),
        ).fetchall()
        raw.executemany(
            "UPDATE service_case SET created_at = ? WHERE rowid = ?",
            [(second[1], newest[0]), (newest[1], second[0])],
        )
    database = StoreDatabase.open(copy)
    try:
        page = search.search_cases(database=database, query=common, limit=5)
    finally:
        database.dispose()

    assert [row.number for row in page.rows] == _oracle(copy, large, common, 5)
    times = [row.created_at for row in page.rows]
    assert times == sorted(times, reverse=True)


def test_a_filter_keeping_few_of_a_common_words_cases_falls_back_to_the_walk(large, tmp_path):
    # One customer owns the oldest 1,100 cases: too many to lead, and none of them among
    # the newest cases holding a common word, so reading those newest first would not
    # fill a page; the search must walk the time index instead, and find them all.
    copy = _copy(
        large,
        tmp_path,
        "UPDATE service_case SET customer_id = ? WHERE rowid <= 1100",
        (large.customer_id,),
    )
    query = {"text": "stopped", "customer_id": large.customer_id}
    database = StoreDatabase.open(copy)
    try:
        with captured_statements(database) as statements:
            page = search.search_cases(database=database, query=query, limit=20)
    finally:
        database.dispose()

    assert [row.number for row in page.rows] == _oracle(copy, large, query, 20)
    assert len(page.rows) == 20
    sent = " ".join(statement for statement, _ in statements)
    assert "ORDER BY case_search.rowid DESC" in sent  # tried first ...
    assert "ORDER BY c.created_at DESC, c.rowid DESC" in sent  # ... then walked


def _month_saved_first(large: LargeStore, folder: Path, cases: int) -> Path:
    """A copy where the first ``cases`` cases saved were opened after all the others.

    As in a store whose own month was saved before its history was imported:
    the newest rowids are then not the newest cases.
    """
    return _copy(
        large,
        folder,
        "UPDATE service_case SET created_at = strftime('%Y-%m-%d %H:%M:%f000', "
        "'2026-07-01 09:00:00', '+' || (rowid * 7) || ' minutes') WHERE rowid <= ?",
        (cases,),
    )


WALK_ORDER = "ORDER BY c.created_at DESC, c.rowid DESC"
MONTH_CASES = 60  # about half hold the common word: fewer than a page


@pytest.mark.parametrize(
    "query",
    [
        pytest.param({"text": "stopped"}, id="a common word"),
        pytest.param({"text": "stopped", "case_type": ["return"]}, id="a common word and a type"),
    ],
)
def test_a_month_saved_before_its_history_is_listed_by_time_without_the_walk(
    large, tmp_path, query
):
    # The month's cases holding the word are looked up among the words' rows: the page
    # is still read newest rowid first, not by walking past every case of the month.
    copy = _month_saved_first(large, tmp_path, MONTH_CASES)
    database = StoreDatabase.open(copy)
    try:
        with captured_statements(database) as statements:
            page = search.search_cases(database=database, query=query, limit=50)
            deeper = search.search_cases(database=database, query=query, offset=50, limit=50)
    finally:
        database.dispose()

    expected = _oracle(copy, large, query, 100)
    assert [row.number for row in page.rows] == expected[:50]
    assert [row.number for row in deeper.rows] == expected[50:]
    with closing(sqlite3.connect(copy)) as raw:
        month = {
            row[0] for row in raw.execute("SELECT number FROM service_case WHERE rowid <= 300")
        }
    assert month & set(expected[:50])  # the month's cases do come first ...
    assert not month >= set(expected)  # ... and the history's follow them on the pages
    sent = " ".join(statement for statement, _ in statements)
    assert "ORDER BY case_search.rowid DESC" in sent
    assert WALK_ORDER not in sent


def test_too_many_cases_saved_out_of_order_send_the_page_to_the_walk(large, tmp_path):
    common = {"text": "stopped"}
    copy = _month_saved_first(large, tmp_path, search.OUT_OF_ORDER_LIMIT + 100)
    database = StoreDatabase.open(copy)
    try:
        with captured_statements(database) as statements:
            page = search.search_cases(database=database, query=common, limit=50)
    finally:
        database.dispose()

    assert [row.number for row in page.rows] == _oracle(copy, large, common, 50)
    sent = " ".join(statement for statement, _ in statements)
    assert "ORDER BY case_search.rowid DESC" in sent  # tried first ...
    assert WALK_ORDER in sent  # ... then walked


def test_a_page_counts_a_words_cases_only_as_far_as_choosing_its_way(large, large_database):
    # Whether the words lead or the walk does only needs "more than LEAD_LIMIT?".
    with captured_statements(large_database) as statements:
        page = search.search_cases(database=large_database, query={"text": "stopped"}, limit=50)
    probes = [(s, p) for s, p in statements if s.startswith("SELECT count(*)")]

    assert len(page.rows) == 50
    assert probes
    assert all(parameters[-1] == search.LEAD_LIMIT + 1 for _, parameters in probes), probes


@pytest.mark.parametrize("typed", ["stopped", "kettle classic", "zoe"])
def test_counting_words_alone_reads_only_the_full_text_index(large, large_database, typed):
    # A store's file holds one store and every search row is one of its cases: the words'
    # rows are counted as they are, once, without joining them to the cases.
    with closing(sqlite3.connect(large.path)) as raw:
        [(exact,)] = raw.execute(
            "SELECT count(*) FROM service_case WHERE rowid IN "
            "(SELECT rowid FROM case_search WHERE case_search MATCH ?)",
            (search.match_expression(typed),),
        )
    with captured_statements(large_database) as statements:
        count = search.count_cases(database=large_database, query={"text": typed})

    assert exact > 0
    assert count == min(exact, search.COUNT_CAP + 1)
    searches = [statement for statement, _ in statements if "MATCH" in statement]
    assert len(searches) == 1, searches
    assert "service_case" not in searches[0]


def _exact_count(large: LargeStore, typed: str) -> int:
    """How many cases FTS5's own query for ``typed`` finds (prefixes as ``"word" *``)."""
    with closing(sqlite3.connect(large.path)) as raw:
        [(exact,)] = raw.execute(
            "SELECT count(*) FROM case_search WHERE case_search MATCH ?",
            (search.match_expression(typed),),
        )
    return int(exact)


def _sent_matches(statements: list[tuple[str, Any]]) -> set[str]:
    """The FTS5 queries a service sent (the parameters that hold a column filter)."""
    return {
        value
        for statement, parameters in statements
        if "MATCH" in statement
        for value in parameters
        if isinstance(value, str) and "{number customer" in value
    }


@pytest.mark.parametrize("typed", ["stop", "stopped", "Kettle clas", "head", "wireles", "zzzzq"])
def test_a_prefix_is_searched_as_the_whole_terms_it_begins_and_finds_the_same(
    large, large_database, typed
):
    # FTS5 merges every row of a long prefix before the first one comes back; its few
    # terms, spelled out, are read lazily. What is found must not change.
    with captured_statements(large_database) as statements:
        page = search.search_cases(database=large_database, query={"text": typed}, limit=50)
        count = search.count_cases(database=large_database, query={"text": typed})

    expected = _oracle(large.path, large, {"text": typed}, 51)
    assert [row.number for row in page.rows] == expected[:50]
    assert page.has_more == (len(expected) > 50)
    assert count == min(_exact_count(large, typed), search.COUNT_CAP + 1)
    sent = _sent_matches(statements)
    assert sent
    assert not [match for match in sent if "*" in match], sent


def test_a_prefix_beginning_too_many_terms_is_left_to_fts5(large, large_database):
    # "8" begins phone endings, dates and numbers by the hundred: spelling them out
    # would cost more than FTS5's own merge.
    with captured_statements(large_database) as statements:
        page = search.search_cases(database=large_database, query={"text": "8"}, limit=50)
        count = search.count_cases(database=large_database, query={"text": "8"})

    assert [row.number for row in page.rows] == _oracle(large.path, large, {"text": "8"}, 50)
    assert count == min(_exact_count(large, "8"), search.COUNT_CAP + 1)
    assert _sent_matches(statements) == {search.match_expression("8")}
