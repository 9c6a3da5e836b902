import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Column, Engine, Integer, MetaData, Table, create_engine, insert, select
from sqlalchemy.exc import StatementError

from db.types import UTCDateTime

metadata = MetaData()
events = Table(
    "event",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime(), nullable=True),
)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_engine(f"sqlite:///{tmp_path / 'types.sqlite'}")
    metadata.create_all(engine)
    try:
        yield engine
    finally:
        engine.dispose()


def _store_and_load(engine: Engine, value: datetime | None) -> datetime | None:
    with engine.begin() as connection:
        row_id = connection.execute(insert(events).values(at=value)).inserted_primary_key[0]
    with engine.connect() as connection:
        return connection.execute(select(events.c.at).where(events.c.id == row_id)).scalar_one()


def test_aware_utc_time_round_trips_aware(engine: Engine) -> None:
    moment = datetime(2026, 11, 23, 9, 30, 15, 123456, tzinfo=UTC)
    loaded = _store_and_load(engine, moment)
    assert loaded == moment
    assert loaded is not None
    assert loaded.tzinfo is UTC


def test_other_zones_are_stored_as_utc(engine: Engine, tmp_path: Path) -> None:
    dublin_summer = timezone(timedelta(hours=1))
    moment = datetime(2026, 7, 1, 10, 0, tzinfo=dublin_summer)
    loaded = _store_and_load(engine, moment)
    assert loaded == moment
    assert loaded is not None
    assert loaded.utcoffset() == timedelta(0)
    assert loaded.hour == 9
    raw = sqlite3.connect(tmp_path / "types.sqlite")
    try:
        (stored,) = raw.execute("SELECT at FROM event").fetchone()
    finally:
        raw.close()
    assert stored.startswith("2026-07-01 09:00:00")


def test_naive_time_is_refused(engine: Engine) -> None:
    with pytest.raises(StatementError) as caught:
        _store_and_load(engine, datetime(2026, 11, 23, 9, 30))
    assert isinstance(caught.value.orig, ValueError)
    assert "naive datetime" in str(caught.value)
    with engine.connect() as connection:
        assert connection.execute(select(events.c.id)).all() == []


def test_none_stays_none(engine: Engine) -> None:
    assert _store_and_load(engine, None) is None


def test_bind_param_directly() -> None:
    column_type = UTCDateTime()
    dialect = create_engine("sqlite://").dialect
    plus_two = timezone(timedelta(hours=2))
    stored = column_type.process_bind_param(datetime(2026, 1, 1, 12, tzinfo=plus_two), dialect)
    assert stored == datetime(2026, 1, 1, 10)
    assert stored is not None
    assert stored.tzinfo is None
    with pytest.raises(ValueError, match="naive datetime"):
        column_type.process_bind_param(datetime(2026, 1, 1, 12), dialect)


def test_result_value_marks_utc_and_refuses_non_datetimes() -> None:
    column_type = UTCDateTime()
    dialect = create_engine("sqlite://").dialect
    loaded = column_type.process_result_value(datetime(2026, 1, 1, 10), dialect)
    assert loaded == datetime(2026, 1, 1, 10, tzinfo=UTC)
    assert column_type.process_result_value(None, dialect) is None
    with pytest.raises(TypeError, match="expected a datetime from the database, got str"):
        column_type.process_result_value("2026-01-01 10:00:00", dialect)
