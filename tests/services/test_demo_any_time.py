"""The demo store seeds the same way at any time of day (its sales and cases are date-relative)."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from counter_app.services.database import open_store_database
from counter_app.services.demo import seed_demo_store

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    "now",
    [datetime(2026, 11, 23, 6, 5, tzinfo=UTC), datetime(2026, 7, 1, 23, 55, tzinfo=UTC)],
    ids=["winter-morning", "summer-midnight"],
)
def test_the_demo_seeds_at_any_time(tmp_path: Path, now: datetime) -> None:
    database = open_store_database(tmp_path / "data").database
    try:
        store = seed_demo_store(database=database, now=now)
        with database.read() as session:
            cases = (
                session.connection()
                .exec_driver_sql(
                    "SELECT case_type, count(*) FROM service_case GROUP BY 1 ORDER BY 1"
                )
                .fetchall()
            )
    finally:
        database.dispose()
    assert store.code == "S012"
    assert cases == [("complaint", 36), ("exchange", 36), ("return", 36)]
