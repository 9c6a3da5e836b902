"""The catalog CSV: head office's products, to every registered store or to the one named.

Columns: ``sku, name, category, price_cents`` and optionally ``tax_rate_bp``
(basis points, 2000 = 20 %), ``returnable`` (yes/no), ``barcodes`` (separated by
spaces or ``|``), ``previous_sku`` (renames a product), ``deleted`` (yes takes it
out of the catalog; the other columns may then be empty).
"""

import re
from pathlib import Path
from typing import Any

from counter_app.domain.sync_protocol import Feed
from counter_app.headoffice.feeds import publish
from counter_app.headoffice.imports.rows import (
    BadValueError,
    ImportResult,
    checked,
    dump,
    read_csv,
    refuse,
    registered_stores,
)
from counter_app.sync.feeds.shapes import (
    BARCODE_MAX,
    CATEGORY_MAX,
    PRODUCT_NAME_MAX,
    SKU_MAX,
    CatalogItem,
)
from db.headoffice.database import HeadOfficeDatabase


def read_catalog(path: Path) -> list[CatalogItem]:
    """The products of a catalog CSV, every row checked."""
    rows = read_csv(
        path,
        ("sku", "name", "category", "price_cents"),
        ("tax_rate_bp", "returnable", "barcodes", "previous_sku", "deleted"),
    )
    items: list[CatalogItem] = []
    first_line: dict[str, int] = {}
    barcode_line: dict[str, int] = {}
    for row in rows:
        try:
            sku = row.text("sku", max_length=SKU_MAX)
            if sku in first_line:
                raise BadValueError("sku", f"{sku} is already on line {first_line[sku]}")
            first_line[sku] = row.line
            if row.yes_no("deleted", default=False):
                items.append(CatalogItem(sku=sku, deleted=True))
                continue
            barcodes = tuple(
                code for code in re.split(r"[\s|]+", row.cells.get("barcodes", "").strip()) if code
            )
            for code in barcodes:
                if len(code) > BARCODE_MAX:
                    raise BadValueError(
                        "barcodes", f"{code} is longer than {BARCODE_MAX} characters"
                    )
                if code in barcode_line:
                    raise BadValueError(
                        "barcodes", f"{code} is already given on line {barcode_line[code]}"
                    )
                barcode_line[code] = row.line
            tax = row.whole("tax_rate_bp", default=0)
            if tax > 10000:
                raise BadValueError("tax_rate_bp", f"must be 0 to 10000 (basis points), not {tax}")
            previous = row.text("previous_sku", max_length=SKU_MAX, required=False)
            items.append(
                checked(
                    CatalogItem,
                    {
                        "sku": sku,
                        "name": row.text("name", max_length=PRODUCT_NAME_MAX),
                        "category": row.text("category", max_length=CATEGORY_MAX),
                        "price_cents": row.whole("price_cents"),
                        "tax_rate_bp": tax,
                        "returnable": row.yes_no("returnable", default=True),
                        "barcodes": barcodes,
                        "previous_sku": previous or None,
                    },
                    lambda field: field,
                )
            )
        except BadValueError as bad:
            raise refuse(path, row.line, bad.column, bad.problem) from None
    for item in items:
        if item.previous_sku in first_line and item.previous_sku != item.sku:
            raise refuse(
                path,
                first_line[item.sku],
                "previous_sku",
                f"{item.previous_sku} is renamed here but also listed on line "
                f"{first_line[item.previous_sku]}",
            )
    return items


def import_catalog(
    database: HeadOfficeDatabase, path: Path, *, store_code: str | None = None
) -> ImportResult:
    """Publish a catalog CSV to every store (or one), each product keyed by SKU.

    A row with ``previous_sku`` also publishes the old SKU as deleted, after the
    renamed product, so a store pulling from the start never keeps both.
    """
    products = read_catalog(path)
    items: list[tuple[str, dict[str, Any]]] = []
    for product in products:
        items.append((product.sku, dump(product)))
        if product.previous_sku and product.previous_sku != product.sku:
            withdrawn = CatalogItem(sku=product.previous_sku, deleted=True)
            items.append((product.previous_sku, dump(withdrawn)))
    with database.unit_of_work() as session:
        stores = registered_stores(session, store_code)
        changed = sum(publish(session, store.id, Feed.CATALOG, items) for store in stores)
    return ImportResult(Feed.CATALOG, len(products), len(stores), changed)
