"""Every released schema upgrades to today's, with its data kept and searchable.

``fixtures/store-schema-NNNN.sqlite`` is a small store database written by
the release that shipped schema NNNN (a store, two staff, a receipt, a
complaint with a customer, a return and an exchange). A new release adds its
own fixture, so every earlier version stays covered.
"""

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from counter_app.services.audit import verify_audit_chain
from counter_app.services.database import open_store_database
from counter_app.services.search import search_cases
from db.store.migrate import head_revision
from db.store.opening import DATABASE_FILENAME, open_store

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("store-schema-*.sqlite"))
KEPT_TABLES = ("store", "staff", "product", "sale", "saleline", "service_case", "caseline")


def _counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as raw:
        return {
            table: raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in (*KEPT_TABLES, "auditevent", "outbox")
        }


def test_there_is_a_fixture_for_every_earlier_schema() -> None:
    names = [path.name for path in FIXTURES]
    earlier = [f"store-schema-{n:04d}.sqlite" for n in range(1, int(head_revision()))]
    assert names == earlier


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda path: path.stem)
def test_a_released_database_upgrades_with_its_data(fixture: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    path = data_dir / DATABASE_FILENAME
    shutil.copy(fixture, path)
    before = _counts(path)

    opened = open_store(data_dir)
    try:
        assert opened.upgrade.changed
        assert opened.upgrade.to_revision == head_revision()
        assert opened.upgrade.backup is not None
        assert opened.upgrade.backup.is_file()
        assert opened.database.integrity_problems() == []
        report = verify_audit_chain(database=opened.database)
    finally:
        opened.database.dispose()
    assert report.intact, report.broken
    assert report.events_checked == before["auditevent"]
    assert _counts(path) == before

    with closing(sqlite3.connect(path)) as raw:
        assert (
            raw.execute("SELECT count(*) FROM case_search").fetchone()[0] == before["service_case"]
        )
        # Accents fold, so "Zoe" finds "Zoë"; phones are indexed as digits.
        found = raw.execute(
            "SELECT c.case_type FROM case_search JOIN service_case c ON c.rowid = case_search.rowid"
            " WHERE case_search MATCH ?",
            ("customer: zoe",),
        ).fetchall()
        assert found
        assert {kind for (kind,) in found} == {"complaint"}
        by_phone = raw.execute(
            "SELECT count(*) FROM case_search WHERE case_search MATCH ?", ('phone: "353871234567"',)
        ).fetchone()[0]
        assert by_phone == 1
        by_receipt = raw.execute(
            "SELECT count(*) FROM case_search WHERE case_search MATCH ?",
            ('receipt: "R-20260612-0001"',),
        ).fetchone()[0]
        assert by_receipt == 1
        # Every email is findable in any case once upgraded.
        emails = raw.execute("SELECT email, email_key FROM customer WHERE email IS NOT NULL")
        assert all(key == email.lower() for email, key in emails)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda path: path.stem)
def test_after_an_upgrade_old_cases_are_found_as_new_ones_are(
    fixture: Path, tmp_path: Path
) -> None:
    """Search rows the migration wrote are rewritten in the search service's own words."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copy(fixture, data_dir / DATABASE_FILENAME)
    database = open_store_database(data_dir).database
    try:
        for typed in ("1234567", "087 123 4567"):
            page = search_cases(database=database, query={"text": typed})
            assert [row.case_type for row in page.rows] == ["complaint"], typed
        named = search_cases(database=database, query={"text": "zoe"})
        assert named.rows
        assert {row.case_type for row in named.rows} == {"complaint"}
        kettle_cases = search_cases(database=database, query={"text": "Kettle Classic"})
        assert len(kettle_cases.rows) == 3  # the complaint, the return and the exchange
    finally:
        database.dispose()
