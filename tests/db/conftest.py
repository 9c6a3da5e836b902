"""Fixtures for the store database tests: a real SQLite file under pytest's tmp_path."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from db.store.database import StoreDatabase
from db.store.opening import OpenedStore, open_store


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def opened(data_dir: Path) -> Iterator[OpenedStore]:
    """A store database opened and migrated to head in an empty data folder."""
    store = open_store(data_dir)
    try:
        yield store
    finally:
        store.database.dispose()


@pytest.fixture
def database(opened: OpenedStore) -> StoreDatabase:
    return opened.database
