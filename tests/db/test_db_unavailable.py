"""A full or failing disk is told plainly, and the change is not half-saved."""

import sqlite3
import uuid
from contextlib import closing
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import func, select

from db.errors import DatabaseUnavailableError
from db.store.database import StoreDatabase
from db.store.models import Product, Store

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _product(index: int) -> Product:
    return Product(
        sku=f"SKU-{index:06d}",
        name="A long product name " * 9,
        category="Test",
        price_cents=100,
        updated_at=NOW,
    )


def test_full_disk_is_reported_in_words_and_the_unit_of_work_is_rolled_back(
    database: StoreDatabase,
) -> None:
    with database.write() as session:
        session.add(Store(code="S001", name="Test", created_at=NOW))
    with database.read() as session:
        pages = session.connection().exec_driver_sql("PRAGMA page_count").scalar_one()

    def save_more_than_fits() -> None:
        with database.write() as session:
            # Cap this connection's file size just above what it holds: the next pages fail.
            session.connection().exec_driver_sql(f"PRAGMA max_page_count = {pages + 2}")
            for index in range(2_000):
                session.add(_product(index))
            session.flush()

    with pytest.raises(DatabaseUnavailableError, match="disk of this PC is full") as caught:
        save_more_than_fits()
    assert "saved before is safe" in str(caught.value)

    database.dispose()  # drop the capped connection from the pool
    with closing(sqlite3.connect(database.path)) as raw:
        assert raw.execute("SELECT count(*) FROM product").fetchone() == (0,)
        assert raw.execute("SELECT count(*) FROM store").fetchone() == (1,)
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_bug_is_not_disguised_as_an_environment_problem(database: StoreDatabase) -> None:
    def save_two_stores_with_one_code() -> None:
        with database.write() as session:
            session.add(Store(id=uuid.uuid4(), code="S001", name="One", created_at=NOW))
            session.add(Store(id=uuid.uuid4(), code="S001", name="Same code", created_at=NOW))
            session.flush()

    with pytest.raises(IntegrityError):
        save_two_stores_with_one_code()
    with database.read() as session:
        assert session.exec(select(func.count()).select_from(Store)).one() == 0
