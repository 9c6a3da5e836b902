"""Head office's files reach a store through the feeds: catalog, sales, staff and policy.

Files are imported at the real head office's database, and the store pulls them
from the real server on loopback into its own SQLite file.
"""

import csv
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from headoffice_harness import HeadOfficeServer, SyncingStore
from sqlmodel import Session, select

from counter_app.domain.sync_protocol import Feed, FeedEntry
from counter_app.headoffice.imports import (
    ImportResult,
    import_catalog,
    import_policy,
    import_sales,
    import_staff,
)
from counter_app.services.policy import current_policy
from counter_app.services.search import search_cases
from counter_app.services.staff import sign_in
from counter_app.sync.client import HeadOfficeClient
from counter_app.sync.feed_appliers import FEED_APPLIERS
from counter_app.sync.feeds.catalog import apply_catalog
from counter_app.sync.pull import feed_cursor, pull_feeds
from counter_app.sync.runner import SyncTarget, sync_once
from db.store.models import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples" / "headoffice"
# The example receipts are of 20-22 November 2026; head office imports them "on" the 25th.
IMPORT_DAY = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
CATALOG_HEADER = ("sku", "name", "category", "price_cents", "barcodes", "deleted")


def _import(
    server: HeadOfficeServer, importer: Callable[..., ImportResult], *args: Any, **options: Any
) -> ImportResult:
    database = server.database()
    try:
        return importer(database, *args, **options)
    finally:
        database.dispose()


def _write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _sales_for(store_code: str, folder: Path) -> Path:
    """The example sales file with its receipts moved to ``store_code``."""
    text = (EXAMPLES / "sales.csv").read_text(encoding="utf-8")
    path = folder / f"sales-{store_code}.csv"
    path.write_text(text.replace("\nS012,", f"\n{store_code},"), encoding="utf-8")
    return path


def _import_examples(server: HeadOfficeServer, store: SyncingStore, folder: Path) -> None:
    _import(server, import_catalog, EXAMPLES / "catalog.csv", store_code=store.code)
    _import(server, import_staff, EXAMPLES / "staff.csv", store_code=store.code)
    _import(server, import_policy, EXAMPLES / "policy.json", store_code=store.code)
    _import(server, import_sales, _sales_for(store.code, folder), now=IMPORT_DAY)


def _target(server: HeadOfficeServer, store: SyncingStore) -> SyncTarget:
    return SyncTarget(url=server.url, token=store.token)


def _store_rows(store: SyncingStore) -> dict[str, list[tuple[Any, ...]]]:
    """What the feeds write, as the store holds it (ids left out where the store makes them)."""
    return {
        "products": store.sql(
            "SELECT sku, name, category, price_cents, tax_rate_bp, returnable FROM product "
            "ORDER BY sku"
        ),
        "barcodes": store.sql(
            "SELECT b.barcode, p.sku FROM productbarcode b JOIN product p ON p.id = b.product_id "
            "ORDER BY b.barcode"
        ),
        "sales": store.sql(
            "SELECT s.receipt_number, s.sold_at, s.total_cents, s.tender, s.card_last4, "
            "l.line_no, p.sku, l.quantity, l.unit_price_cents, l.discount_cents, l.tax_cents "
            "FROM sale s JOIN saleline l ON l.sale_id = s.id JOIN product p ON p.id = l.product_id "
            "ORDER BY s.receipt_number, l.line_no"
        ),
        "staff": store.sql(
            "SELECT name, role, active, badge_code, pin_hash FROM staff ORDER BY name"
        ),
        "policy": store.sql("SELECT version, rules FROM policy ORDER BY version"),
        "audit": store.sql("SELECT count(*) FROM auditevent"),
    }


def test_imported_files_reach_the_store_and_a_second_pull_applies_nothing(
    head_office: HeadOfficeServer, syncing_store: SyncingStore, tmp_path: Path
) -> None:
    _import_examples(head_office, syncing_store, tmp_path)

    report = sync_once(syncing_store.database, _target(head_office, syncing_store))

    assert report.pulled.applied == {"catalog": 5, "staff": 3, "sales": 3, "policy": 1}
    assert syncing_store.sql(
        "SELECT name, price_cents, returnable FROM product WHERE sku = 'HO-10002'"
    ) == [("Noise-Cancelling Headphones Black", 14999, 1)]
    assert syncing_store.sql(
        "SELECT b.barcode FROM productbarcode b JOIN product p ON p.id = b.product_id "
        "WHERE p.sku = 'HO-10002' ORDER BY b.barcode"
    ) == [("0194252721100",), ("2000000100027",)]
    receipts = syncing_store.sql(
        "SELECT s.receipt_number, s.total_cents, s.tender, s.card_last4, st.name, count(l.id) "
        "FROM sale s JOIN saleline l ON l.sale_id = s.id LEFT JOIN staff st ON st.id = s.staff_id "
        "WHERE s.receipt_number LIKE 'R-202611__-9%' GROUP BY s.id ORDER BY s.receipt_number"
    )
    assert receipts == [
        ("R-20261120-9001", 3499 + 2 * 2999 - 600, "card", "4242", "Sam Okafor", 2),
        ("R-20261121-9002", 14999, "cash", None, "Lena Novak", 1),
        ("R-20261122-9003", 3 * 499, "card", "1881", None, 1),
    ]
    # A time without an offset is the store's local time (Dublin is on UTC in November).
    assert syncing_store.sql("SELECT sold_at FROM sale WHERE receipt_number = 'R-20261122-9003'")[
        0
    ][0].startswith("2026-11-22 11:05:00")
    staff = {
        name: (role, badge, active)
        for name, role, badge, active in syncing_store.sql(
            "SELECT name, role, badge_code, active FROM staff"
        )
    }
    assert staff["Niamh Walsh"] == ("manager", "STAFF-NW01", 1)
    assert staff["Grace Adeyemi"] == ("clerk", None, 1)
    assert "Maeve Byrne" in staff  # the store's own people stay
    niamh = syncing_store.sql("SELECT id FROM staff WHERE name = 'Niamh Walsh'")[0][0]
    signed_in = sign_in(database=syncing_store.database, staff_id=uuid.UUID(hex=niamh), pin="5928")
    assert signed_in.is_manager
    policy = current_policy(database=syncing_store.database)
    assert (policy.version, policy.rules.window_days) == (1, 28)
    assert policy.rules.category_window_days == {"Electronics": 14}

    before = _store_rows(syncing_store)
    again = sync_once(syncing_store.database, _target(head_office, syncing_store))
    assert again.pulled.total == 0
    after = _store_rows(syncing_store)
    after["audit"] = before["audit"]  # the sign-in above is audited; the pull added nothing
    assert after == before


def test_the_same_page_applied_twice_leaves_the_store_as_once(
    head_office: HeadOfficeServer, syncing_store: SyncingStore, tmp_path: Path
) -> None:
    _import_examples(head_office, syncing_store, tmp_path)
    with HeadOfficeClient(head_office.url, syncing_store.token, syncing_store.code) as client:
        pages = {feed: client.pull(feed, 0).entries for feed in FEED_APPLIERS}
    assert all(pages.values())

    def apply_all() -> None:
        for feed, apply in FEED_APPLIERS.items():
            with syncing_store.database.write() as session:
                apply(session, _store(session), pages[feed])

    apply_all()
    once = _store_rows(syncing_store)
    apply_all()
    assert _store_rows(syncing_store) == once
    assert len(once["policy"]) == 1


def _store(session: Session) -> Store:
    store = session.exec(select(Store)).first()
    assert store is not None
    return store


def test_a_changed_product_reaches_the_store_and_its_cases_are_found_by_the_new_name(
    head_office: HeadOfficeServer, syncing_store: SyncingStore, tmp_path: Path
) -> None:
    sku, category, price, product_id = syncing_store.sql(
        "SELECT p.sku, p.category, p.price_cents, p.id FROM product p "
        "JOIN caseline l ON l.product_id = p.id GROUP BY p.id ORDER BY p.sku LIMIT 1"
    )[0]
    barcodes = " ".join(
        row[0]
        for row in syncing_store.sql(
            "SELECT barcode FROM productbarcode WHERE product_id = ?", (product_id,)
        )
    )
    case_ids = {
        row[0]
        for row in syncing_store.sql(
            "SELECT DISTINCT case_id FROM caseline WHERE product_id = ?", (product_id,)
        )
    }
    new_name = "Zanzibar Lantern Quartz"
    assert search_cases(database=syncing_store.database, query={"text": "Zanzibar"}).rows == ()
    catalog = _write_csv(
        tmp_path / "catalog.csv", CATALOG_HEADER, [(sku, new_name, category, price, barcodes, "")]
    )
    _import(head_office, import_catalog, catalog, store_code=syncing_store.code)
    version = head_office.sql(
        "SELECT f.version FROM ho_feed_item f JOIN ho_store s ON s.id = f.store_id "
        "WHERE s.code = :code AND f.feed = 'catalog' AND f.key = :sku",
        code=syncing_store.code,
        sku=sku,
    )[0][0]

    report = sync_once(syncing_store.database, _target(head_office, syncing_store))

    assert report.pulled.applied["catalog"] == 1
    assert syncing_store.sql("SELECT name FROM product WHERE sku = ?", (sku,)) == [(new_name,)]
    with syncing_store.database.read() as session:
        assert feed_cursor(session, Feed.CATALOG) == version
    found = search_cases(database=syncing_store.database, query={"text": "Zanzibar"}, limit=100)
    assert {row.id.hex for row in found.rows} == case_ids

    # Withdrawn at head office: the product with cases stays, one without any goes.
    lonely = syncing_store.sql(
        "SELECT p.sku FROM product p WHERE NOT EXISTS (SELECT 1 FROM caseline l WHERE "
        "l.product_id = p.id) AND NOT EXISTS (SELECT 1 FROM saleline s WHERE s.product_id = "
        "p.id) AND NOT EXISTS (SELECT 1 FROM complaintdetail d WHERE d.product_id = p.id) "
        "ORDER BY p.sku LIMIT 1"
    )[0][0]
    withdrawn = _write_csv(
        tmp_path / "withdrawn.csv",
        CATALOG_HEADER,
        [(sku, "", "", "", "", "yes"), (lonely, "", "", "", "", "yes")],
    )
    _import(head_office, import_catalog, withdrawn, store_code=syncing_store.code)
    sync_once(syncing_store.database, _target(head_office, syncing_store))
    assert syncing_store.sql("SELECT name FROM product WHERE sku = ?", (sku,)) == [(new_name,)]
    assert syncing_store.sql("SELECT count(*) FROM product WHERE sku = ?", (lonely,)) == [(0,)]


def test_pages_smaller_than_the_feed_and_the_cursor_moves_only_with_what_was_applied(
    head_office: HeadOfficeServer, syncing_store: SyncingStore, tmp_path: Path
) -> None:
    rows = [(f"PG-{n:04d}", f"Paged Item {n}", "Paging", 100 + n, "", "") for n in range(1, 26)]
    catalog = _write_csv(tmp_path / "catalog.csv", CATALOG_HEADER, rows)
    _import(head_office, import_catalog, catalog, store_code=syncing_store.code)
    versions = [
        row[0]
        for row in head_office.sql(
            "SELECT f.version FROM ho_feed_item f JOIN ho_store s ON s.id = f.store_id "
            "WHERE s.code = :code AND f.feed = 'catalog' ORDER BY f.version",
            code=syncing_store.code,
        )
    ]
    assert len(versions) == 25
    calls = []

    def failing_on_the_second_page(
        session: Session, store: Store, entries: Sequence[FeedEntry]
    ) -> None:
        calls.append(len(entries))
        if len(calls) == 2:
            raise RuntimeError("the counter PC lost power")
        apply_catalog(session, store, entries)

    def paged() -> int:
        return int(syncing_store.sql("SELECT count(*) FROM product WHERE sku LIKE 'PG-%'")[0][0])

    with HeadOfficeClient(head_office.url, syncing_store.token, syncing_store.code) as client:
        with pytest.raises(RuntimeError, match="lost power"):
            pull_feeds(
                syncing_store.database,
                client,
                {Feed.CATALOG: failing_on_the_second_page},
                page_size=10,
            )
        assert calls == [10, 10]
        assert paged() == 10
        with syncing_store.database.read() as session:
            assert feed_cursor(session, Feed.CATALOG) == versions[9]

        report = pull_feeds(
            syncing_store.database, client, {Feed.CATALOG: apply_catalog}, page_size=10
        )
    assert report.applied == {"catalog": 15}
    assert paged() == 25
    with syncing_store.database.read() as session:
        assert feed_cursor(session, Feed.CATALOG) == versions[-1]


def test_a_store_only_ever_sees_its_own_sales(
    head_office: HeadOfficeServer, syncing_store: SyncingStore, tmp_path: Path
) -> None:
    other_code, other_token = head_office.register()
    for code in (syncing_store.code, other_code):
        _import(head_office, import_catalog, EXAMPLES / "catalog.csv", store_code=code)
    ours = _sales_for(syncing_store.code, tmp_path).read_text(encoding="utf-8")
    theirs = (EXAMPLES / "sales.csv").read_text(encoding="utf-8")
    theirs = theirs.replace("\nS012,", f"\n{other_code},").replace("-900", "-800")
    both = tmp_path / "both.csv"
    both.write_text(ours + theirs.split("\n", 1)[1], encoding="utf-8")
    result = _import(head_office, import_sales, both, now=IMPORT_DAY)
    assert (result.rows, result.stores) == (6, 2)

    sync_once(syncing_store.database, _target(head_office, syncing_store))

    held = syncing_store.sql(
        "SELECT receipt_number FROM sale WHERE receipt_number LIKE 'R-202611__-8%' "
        "OR receipt_number LIKE 'R-202611__-9%' ORDER BY receipt_number"
    )
    assert held == [("R-20261120-9001",), ("R-20261121-9002",), ("R-20261122-9003",)]
    with HeadOfficeClient(head_office.url, other_token, other_code) as client:
        page = client.pull(Feed.SALES, 0)
    assert sorted(entry.key for entry in page.entries) == [
        "R-20261120-8001",
        "R-20261121-8002",
        "R-20261122-8003",
    ]


def test_a_renamed_sku_keeps_the_product_and_its_cases_find_it_by_the_new_sku(
    head_office: HeadOfficeServer, syncing_store: SyncingStore, tmp_path: Path
) -> None:
    old_sku, name, category, price, product_id = syncing_store.sql(
        "SELECT p.sku, p.name, p.category, p.price_cents, p.id FROM product p "
        "JOIN caseline l ON l.product_id = p.id GROUP BY p.id ORDER BY p.sku DESC LIMIT 1"
    )[0]
    case_ids = {
        row[0]
        for row in syncing_store.sql(
            "SELECT DISTINCT case_id FROM caseline WHERE product_id = ?", (product_id,)
        )
    }
    new_sku = "RENAMED-QX7731"
    renamed = _write_csv(
        tmp_path / "renamed.csv",
        (*CATALOG_HEADER, "previous_sku"),
        [(new_sku, name, category, price, "", "", old_sku)],
    )
    _import(head_office, import_catalog, renamed, store_code=syncing_store.code)
    published = {
        key: data
        for key, data in head_office.sql(
            "SELECT f.key, f.data FROM ho_feed_item f JOIN ho_store s ON s.id = f.store_id "
            "WHERE s.code = :code AND f.feed = 'catalog'",
            code=syncing_store.code,
        )
    }
    assert '"deleted": true' in published[old_sku]

    report = sync_once(syncing_store.database, _target(head_office, syncing_store))

    assert report.pulled.applied["catalog"] == 2
    assert syncing_store.sql("SELECT id FROM product WHERE sku = ?", (new_sku,)) == [(product_id,)]
    assert syncing_store.sql("SELECT count(*) FROM product WHERE sku = ?", (old_sku,)) == [(0,)]
    # The row had no barcodes: the product's set is now empty, as head office said.
    assert syncing_store.sql(
        "SELECT count(*) FROM productbarcode WHERE product_id = ?", (product_id,)
    ) == [(0,)]
    found = search_cases(database=syncing_store.database, query={"text": new_sku}, limit=100)
    assert {row.id.hex for row in found.rows} == case_ids
