import sqlite3
import uuid
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from counter_app.domain.case_state import CaseStatus, CaseType
from counter_app.domain.money import Money
from db.store.database import StoreDatabase
from db.store.models import (
    CASE_STATUSES,
    CASE_TYPES,
    AuditEvent,
    Case,
    CaseLine,
    Payment,
    Product,
    Staff,
    Store,
    StoreCredit,
    StoreTable,
)

# Declared types that would give a column REAL or NUMERIC storage of amounts.
FLOATY = ("REAL", "FLOA", "DOUB", "NUMERIC", "DECIMAL", "MONEY")


def _now() -> datetime:
    return datetime.now(UTC)


def _columns(path: Path) -> list[tuple[str, str, str]]:
    """(table, column, declared type) for every column of every table in the file."""
    with closing(sqlite3.connect(path)) as raw:
        tables = [
            name
            for (name,) in raw.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return [
            (table, row[1], row[2].upper())
            for table in tables
            for row in raw.execute(f"PRAGMA table_info('{table}')")
        ]


@pytest.fixture
def ids(database: StoreDatabase) -> dict[str, uuid.UUID]:
    """A store, a clerk, a product and an open case to hang other rows on."""
    store = Store(code="S012", name="Main Street", created_at=_now())
    staff = Staff(store_id=store.id, name="Ann", role="clerk", pin_hash="x", created_at=_now())
    product = Product(
        sku="KET-1", name="Kettle", category="kitchen", price_cents=1999, updated_at=_now()
    )
    case = Case(
        store_id=store.id,
        number="S012-20261123-0001",
        case_type="return",
        status="open",
        staff_id=staff.id,
        arrived_at=_now(),
        created_at=_now(),
        updated_at=_now(),
    )
    with database.write() as session:
        session.add(store)
        session.flush()
        session.add(staff)
        session.add(product)
        session.flush()
        session.add(case)
    return {"store": store.id, "staff": staff.id, "product": product.id, "case": case.id}


def _insert(database: StoreDatabase, row: Any) -> None:
    with database.write() as session:
        session.add(row)


# --------------------------------------------------------------------------- money columns


def test_every_cents_column_is_integer(database: StoreDatabase) -> None:
    cents = [(t, c, kind) for t, c, kind in _columns(database.path) if c.endswith("_cents")]
    assert len(cents) >= 14  # the schema has many money columns; none may slip through
    assert {(t, c) for t, c, kind in cents if kind != "INTEGER"} == set()
    assert ("product", "price_cents", "INTEGER") in cents
    assert ("payment", "amount_cents", "INTEGER") in cents
    assert ("caseline", "refund_cents", "INTEGER") in cents


def test_no_column_anywhere_is_real_numeric_or_float(database: StoreDatabase) -> None:
    offenders = [
        (t, c, kind) for t, c, kind in _columns(database.path) if any(f in kind for f in FLOATY)
    ]
    assert offenders == []


def test_model_money_columns_are_integer_too() -> None:
    for table in StoreTable.metadata.tables.values():
        for column in table.columns:
            if column.name.endswith("_cents"):
                assert column.type.python_type is int, f"{table.name}.{column.name}"


def test_1999_cents_round_trips_exactly(database: StoreDatabase, ids: dict[str, uuid.UUID]) -> None:
    price = Money.of("19.99", "EUR")
    _insert(
        database,
        Product(
            sku="TOAST-1",
            name="Toaster",
            category="kitchen",
            price_cents=price.minor_units,
            updated_at=_now(),
        ),
    )
    with database.read() as session:
        stored = session.execute(select(Product).where(Product.sku == "TOAST-1")).scalar_one()
        storage = session.execute(
            text("SELECT typeof(price_cents), price_cents FROM product WHERE sku = 'TOAST-1'")
        ).one()
    assert stored.price_cents == 1999
    assert type(stored.price_cents) is int
    assert Money.from_minor(stored.price_cents, "EUR") == price
    assert tuple(storage) == ("integer", 1999)


def test_large_cents_round_trip(database: StoreDatabase, ids: dict[str, uuid.UUID]) -> None:
    _insert(
        database,
        CaseLine(
            case_id=ids["case"],
            line_no=1,
            direction="in",
            quantity=1,
            unit_price_cents=9_007_199_254_740_993,  # 2**53 + 1: a float would lose the 1
            refund_cents=9_007_199_254_740_991,
        ),
    )
    with closing(sqlite3.connect(database.path)) as raw:
        row = raw.execute(
            "SELECT unit_price_cents, typeof(unit_price_cents), refund_cents FROM caseline"
        ).fetchone()
    assert row == (9_007_199_254_740_993, "integer", 9_007_199_254_740_991)


def test_negative_refund_is_refused(database: StoreDatabase, ids: dict[str, uuid.UUID]) -> None:
    with pytest.raises(IntegrityError, match="CHECK constraint failed: ck_case_line_refund"):
        _insert(
            database,
            CaseLine(case_id=ids["case"], line_no=1, direction="in", quantity=1, refund_cents=-1),
        )


# --------------------------------------------------------------------------- CHECK constraints


def test_case_status_bogus_is_refused(database: StoreDatabase, ids: dict[str, uuid.UUID]) -> None:
    with pytest.raises(IntegrityError, match="CHECK constraint failed: ck_case_status"):
        _insert(
            database,
            Case(
                store_id=ids["store"],
                number="S012-20261123-0002",
                case_type="return",
                status="bogus",
                staff_id=ids["staff"],
                arrived_at=_now(),
                created_at=_now(),
                updated_at=_now(),
            ),
        )


def test_negative_price_is_refused(database: StoreDatabase) -> None:
    with pytest.raises(IntegrityError, match="CHECK constraint failed: ck_product_price"):
        _insert(
            database,
            Product(sku="NEG", name="x", category="x", price_cents=-1, updated_at=_now()),
        )


def test_zero_price_is_allowed(database: StoreDatabase) -> None:
    _insert(database, Product(sku="FREE", name="x", category="x", price_cents=0, updated_at=_now()))


def _payment(ids: dict[str, uuid.UUID], **overrides: object) -> Payment:
    values: dict[str, Any] = {
        "store_id": ids["store"],
        "case_id": ids["case"],
        "kind": "refund",
        "tender": "card",
        "amount_cents": 1999,
        "card_last4": "4242",
        "created_at": _now(),
    }
    values.update(overrides)
    return Payment(**values)


@pytest.mark.parametrize(
    ("overrides", "constraint"),
    [
        ({"kind": "gift"}, "ck_payment_kind"),
        ({"tender": "bitcoin"}, "ck_payment_tender"),
        ({"amount_cents": 0}, "ck_payment_amount"),
        ({"amount_cents": -100}, "ck_payment_amount"),
        ({"card_last4": "42a2"}, "ck_payment_card_last4"),
        ({"card_last4": "424"}, "ck_payment_card_last4"),
        ({"card_last4": "4242424242424242"}, "ck_payment_card_last4"),
        ({"card_last4": "\uff14\uff12\uff14\uff12"}, "ck_payment_card_last4"),
    ],
)
def test_payment_checks(
    database: StoreDatabase, ids: dict[str, uuid.UUID], overrides: dict, constraint: str
) -> None:
    with pytest.raises(IntegrityError, match=f"CHECK constraint failed: {constraint}"):
        _insert(database, _payment(ids, **overrides))
    with closing(sqlite3.connect(database.path)) as raw:
        assert raw.execute("SELECT count(*) FROM payment").fetchone()[0] == 0


@pytest.mark.parametrize("card_last4", ["4242", "0000", None])
def test_valid_payment_is_stored(
    database: StoreDatabase, ids: dict[str, uuid.UUID], card_last4: str | None
) -> None:
    _insert(database, _payment(ids, card_last4=card_last4))
    with closing(sqlite3.connect(database.path)) as raw:
        assert raw.execute("SELECT card_last4 FROM payment").fetchall() == [(card_last4,)]


@pytest.mark.parametrize(
    ("initial", "balance", "constraint"),
    [
        (0, 0, "ck_credit_initial"),
        (1000, -1, "ck_credit_balance"),
        (1000, 1001, "ck_credit_balance"),
    ],
)
def test_store_credit_balance_stays_within_bounds(
    database: StoreDatabase, ids: dict[str, uuid.UUID], initial: int, balance: int, constraint: str
) -> None:
    credit = StoreCredit(
        store_id=ids["store"],
        code="SC-1",
        initial_cents=initial,
        balance_cents=balance,
        issued_at=_now(),
        expires_on=date(2027, 1, 1),
    )
    with pytest.raises(IntegrityError, match=constraint):
        _insert(database, credit)


def test_staff_role_is_checked(database: StoreDatabase, ids: dict[str, uuid.UUID]) -> None:
    with pytest.raises(IntegrityError, match="ck_staff_role"):
        _insert(
            database,
            Staff(store_id=ids["store"], name="Bob", role="admin", pin_hash="x", created_at=_now()),
        )


def test_checks_also_hold_against_raw_sql(
    database: StoreDatabase, ids: dict[str, uuid.UUID]
) -> None:
    with (
        closing(sqlite3.connect(database.path)) as raw,
        pytest.raises(sqlite3.IntegrityError, match="ck_case_status"),
    ):
        raw.execute("UPDATE service_case SET status = 'bogus'")


def test_check_lists_match_the_domain_enums() -> None:
    assert set(CASE_STATUSES) == {str(status) for status in CaseStatus}
    assert set(CASE_TYPES) == {str(kind) for kind in CaseType}


@pytest.mark.parametrize("status", list(CaseStatus))
def test_every_domain_status_is_accepted(
    database: StoreDatabase, ids: dict[str, uuid.UUID], status: CaseStatus
) -> None:
    with database.write() as session:
        session.execute(
            text("UPDATE service_case SET status = :status WHERE id = :id"),
            {"status": str(status), "id": ids["case"].hex},
        )
    with closing(sqlite3.connect(database.path)) as raw:
        assert raw.execute("SELECT status FROM service_case").fetchone()[0] == str(status)


# --------------------------------------------------------------------------- audit triggers


@pytest.fixture
def audit_seq(database: StoreDatabase, ids: dict[str, uuid.UUID]) -> int:
    event = AuditEvent(
        store_id=ids["store"],
        occurred_at=_now(),
        staff_id=ids["staff"],
        action="case.opened",
        entity="case",
        entity_id=str(ids["case"]),
        case_id=ids["case"],
        details="{}",
        prev_hash="0" * 64,
        hash="a" * 64,
    )
    with database.write() as session:
        session.add(event)
        session.flush()
        assert event.seq is not None
        return event.seq


def _audit_rows(path: Path) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as raw:
        return raw.execute("SELECT seq, action, details, hash FROM auditevent").fetchall()


def test_audit_event_can_be_appended(database: StoreDatabase, audit_seq: int) -> None:
    assert _audit_rows(database.path) == [(audit_seq, "case.opened", "{}", "a" * 64)]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE auditevent SET action = 'case.deleted'",
        "UPDATE auditevent SET details = '{\"forged\": true}'",
        "DELETE FROM auditevent",
    ],
)
def test_audit_triggers_refuse_update_and_delete_from_raw_sql(
    database: StoreDatabase, audit_seq: int, statement: str
) -> None:
    before = _audit_rows(database.path)
    with (
        closing(sqlite3.connect(database.path)) as raw,
        pytest.raises(sqlite3.IntegrityError, match="audit events are append-only"),
    ):
        raw.execute(statement)
    assert _audit_rows(database.path) == before


def test_audit_triggers_refuse_update_through_the_orm(
    database: StoreDatabase, audit_seq: int
) -> None:
    before = _audit_rows(database.path)

    def forge() -> None:
        with database.write() as session:
            event = session.get(AuditEvent, audit_seq)
            assert event is not None
            event.details = '{"forged": true}'

    def erase() -> None:
        with database.write() as session:
            session.delete(session.get(AuditEvent, audit_seq))

    with pytest.raises(IntegrityError, match="audit events are append-only"):
        forge()
    with pytest.raises(IntegrityError, match="audit events are append-only"):
        erase()
    assert _audit_rows(database.path) == before
