"""The catalog feed at the store: products upserted by SKU, with their barcodes."""

import logging
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlmodel import Session, col, delete, select

from counter_app.domain.sync_protocol import Feed, FeedEntry
from counter_app.services.search import index_cases_of_product
from counter_app.sync.feeds import read_items
from counter_app.sync.feeds.shapes import CatalogItem
from db.store.models import (
    CaseLine,
    ComplaintDetail,
    Product,
    ProductBarcode,
    ProductFaultFlag,
    SaleLine,
    Store,
)

log = logging.getLogger("counter.sync")


def _by_sku(session: Session, sku: str) -> Product | None:
    return session.exec(select(Product).where(Product.sku == sku)).first()


def _referenced(session: Session, product: Product) -> bool:
    """Whether a case, a receipt or a fault flag names the product (so it must stay)."""
    for column in (
        CaseLine.product_id,
        ComplaintDetail.product_id,
        SaleLine.product_id,
        ProductFaultFlag.product_id,
    ):
        if session.exec(select(column).where(column == product.id).limit(1)).first() is not None:
            return True
    return False


def _withdraw(session: Session, sku: str, now: datetime) -> None:
    """Take a product out of the catalog, unless something refers to it."""
    product = _by_sku(session, sku)
    if product is None:
        return
    if _referenced(session, product):
        # Cases and receipts must keep their product: it stays, marked changed.
        product.updated_at = now
        session.add(product)
        log.info("catalog: %s was withdrawn at head office but is kept (cases refer to it)", sku)
        return
    session.execute(delete(ProductBarcode).where(col(ProductBarcode.product_id) == product.id))
    session.delete(product)
    session.flush()


def _set_barcodes(session: Session, product: Product, wanted: Sequence[str]) -> None:
    """Make the product's barcodes exactly ``wanted`` (a barcode moves from another product)."""
    session.execute(
        delete(ProductBarcode).where(
            col(ProductBarcode.product_id) == product.id,
            col(ProductBarcode.barcode).not_in(wanted),
        )
    )
    for code in wanted:
        row = session.get(ProductBarcode, code)
        if row is None:
            session.add(ProductBarcode(barcode=code, product_id=product.id))
        elif row.product_id != product.id:
            row.product_id = product.id
            session.add(row)
    session.flush()


def _upsert(session: Session, item: CatalogItem, now: datetime) -> None:
    product = _by_sku(session, item.sku)
    if product is None and item.previous_sku:
        product = _by_sku(session, item.previous_sku)
    if product is None:
        product = Product(
            sku=item.sku,
            name=item.name,
            category=item.category,
            price_cents=item.price_cents,
            tax_rate_bp=item.tax_rate_bp,
            returnable=item.returnable,
            updated_at=now,
        )
        session.add(product)
        session.flush()
        _set_barcodes(session, product, item.barcodes)
        return
    renamed = (product.sku, product.name) != (item.sku, item.name)
    wanted = (
        item.sku,
        item.name,
        item.category,
        item.price_cents,
        item.tax_rate_bp,
        item.returnable,
    )
    held = (
        product.sku,
        product.name,
        product.category,
        product.price_cents,
        product.tax_rate_bp,
        product.returnable,
    )
    if wanted != held:
        product.sku, product.name, product.category = item.sku, item.name, item.category
        product.price_cents, product.tax_rate_bp = item.price_cents, item.tax_rate_bp
        product.returnable = item.returnable
        product.updated_at = now
        session.add(product)
        session.flush()
    _set_barcodes(session, product, item.barcodes)
    if renamed:
        index_cases_of_product(session, product.id)


def apply_catalog(session: Session, store: Store, entries: Sequence[FeedEntry]) -> None:
    """Upsert each product by SKU (or rename it from ``previous_sku``), or withdraw it.

    A product whose name or SKU changed has its cases' search rows rewritten, so
    a search by the new name finds them.
    """
    now = datetime.now(UTC)
    for item in read_items(CatalogItem, Feed.CATALOG, entries):
        if item.deleted:
            _withdraw(session, item.sku, now)
        else:
            _upsert(session, item, now)
