"""The sales feed at the store: receipts upserted by receipt number, lines by line number."""

import logging
import uuid
from collections.abc import Sequence

from sqlmodel import Session, col, select

from counter_app.domain.sync_protocol import Feed, FeedEntry
from counter_app.sync.feeds import read_items
from counter_app.sync.feeds.shapes import SaleItem
from db.store.models import CaseLine, Product, Sale, SaleLine, Staff, Store

log = logging.getLogger("counter.sync")


def _products(session: Session, items: Sequence[SaleItem]) -> dict[str, uuid.UUID]:
    skus = {line.sku for item in items for line in item.lines}
    rows = session.exec(select(Product.sku, Product.id).where(col(Product.sku).in_(skus))).all()
    return {sku: product_id for sku, product_id in rows}


def _staff(session: Session, store: Store, items: Sequence[SaleItem]) -> dict[str, uuid.UUID]:
    names = {item.staff_name for item in items if item.staff_name}
    if not names:
        return {}
    rows = session.exec(
        select(Staff.name, Staff.id).where(Staff.store_id == store.id, col(Staff.name).in_(names))
    ).all()
    return {name: staff_id for name, staff_id in rows}


def _set_lines(
    session: Session, sale: Sale, item: SaleItem, products: dict[str, uuid.UUID]
) -> None:
    held = {
        line.line_no: line
        for line in session.exec(select(SaleLine).where(SaleLine.sale_id == sale.id)).all()
    }
    for wanted in item.lines:
        line = held.pop(wanted.line_no, None) or SaleLine(
            sale_id=sale.id,
            line_no=wanted.line_no,
            product_id=products[wanted.sku],
            quantity=1,
            unit_price_cents=0,
        )
        line.product_id = products[wanted.sku]
        line.quantity = wanted.quantity
        line.unit_price_cents = wanted.unit_price_cents
        line.discount_cents = wanted.discount_cents
        line.tax_cents = wanted.tax_cents
        session.add(line)
    for gone in held.values():
        returned = session.exec(select(CaseLine.id).where(CaseLine.sale_line_id == gone.id))
        if returned.first() is None:
            session.delete(gone)
        else:
            log.info(
                "sales: line %d of %s is kept (a case refers to it)",
                gone.line_no,
                item.receipt_number,
            )
    session.flush()


def apply_sales(session: Session, store: Store, entries: Sequence[FeedEntry]) -> None:
    """Upsert each receipt by (store, receipt number), its lines by line number.

    A line no longer on the receipt is removed unless a case returned it. A receipt
    naming a SKU the store's catalog lacks is left out (logged): head office's
    import checks every SKU against the store's catalog feed, which is pulled first.
    """
    items = read_items(SaleItem, Feed.SALES, entries)
    products = _products(session, items)
    cashiers = _staff(session, store, items)
    for item in items:
        unknown = sorted({line.sku for line in item.lines} - products.keys())
        if unknown:
            log.warning(
                "sales: receipt %s left out: SKU %s not in this store's catalog",
                item.receipt_number,
                ", ".join(unknown),
            )
            continue
        sale = session.exec(
            select(Sale).where(
                Sale.store_id == store.id, Sale.receipt_number == item.receipt_number
            )
        ).first() or Sale(
            store_id=store.id,
            receipt_number=item.receipt_number,
            sold_at=item.sold_at,
            total_cents=item.total_cents,
            tender=item.tender,
        )
        sale.sold_at = item.sold_at
        sale.total_cents = item.total_cents
        sale.tender = item.tender
        sale.card_last4 = item.card_last4
        sale.staff_id = cashiers.get(item.staff_name) if item.staff_name else None
        session.add(sale)
        session.flush()
        _set_lines(session, sale, item, products)
