"""Finding the original sale of a return: by receipt number, or by an item and a date range.

What a screen needs per receipt line is what can still come back: bought
minus everything already returned on earlier cases.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from counter_app.domain.validation import InputError, check_day_range, clean_text
from counter_app.i18n import say
from counter_app.services.errors import NotFoundError
from counter_app.services.store_setup import load_store, store_zone
from db.store.database import StoreDatabase
from db.store.models import CaseLine, Product, ProductBarcode, Sale, SaleLine

MAX_DATE_RANGE_DAYS = 366
MAX_SALES_FOUND = 50


@dataclass(frozen=True)
class ReceiptLine:
    """A line of a receipt with what is left to return."""

    id: uuid.UUID
    line_no: int
    product_id: uuid.UUID
    product_name: str
    sku: str
    category: str
    quantity: int
    paid_cents: int  # the whole line, discounts taken off
    returned: int

    @property
    def returnable(self) -> int:
        """Units that may still come back."""
        return max(self.quantity - self.returned, 0)


@dataclass(frozen=True)
class Receipt:
    """A sale as the return screen shows it."""

    id: uuid.UUID
    receipt_number: str
    sold_at: datetime
    total_cents: int
    tender: str
    card_last4: str | None
    sold_by: uuid.UUID | None
    lines: tuple[ReceiptLine, ...]


def clean_receipt_number(value: object) -> str:
    """A receipt number as typed or scanned."""
    return clean_text(
        value, field="receipt_number", label=say("Receipt number"), max_length=40
    ).upper()


def returned_quantities(session: Session, sale_line_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Units of each sale line already brought back on any case."""
    if not sale_line_ids:
        return {}
    rows = session.exec(
        select(CaseLine.sale_line_id, func.sum(CaseLine.quantity))
        .where(col(CaseLine.sale_line_id).in_(sale_line_ids), CaseLine.direction == "in")
        .group_by(col(CaseLine.sale_line_id))
    ).all()
    return {line_id: int(total) for line_id, total in rows if line_id is not None}


def load_receipt(session: Session, sale: Sale) -> Receipt:
    """A sale with its lines and what is left to return, inside a unit of work."""
    rows = session.exec(
        select(SaleLine, Product)
        .join(Product, col(Product.id) == col(SaleLine.product_id))
        .where(SaleLine.sale_id == sale.id)
        .order_by(col(SaleLine.line_no))
    ).all()
    returned = returned_quantities(session, [line.id for line, _ in rows])
    return Receipt(
        id=sale.id,
        receipt_number=sale.receipt_number,
        sold_at=sale.sold_at,
        total_cents=sale.total_cents,
        tender=sale.tender,
        card_last4=sale.card_last4,
        sold_by=sale.staff_id,
        lines=tuple(
            ReceiptLine(
                id=line.id,
                line_no=line.line_no,
                product_id=product.id,
                product_name=product.name,
                sku=product.sku,
                category=product.category,
                quantity=line.quantity,
                paid_cents=line.unit_price_cents * line.quantity - line.discount_cents,
                returned=returned.get(line.id, 0),
            )
            for line, product in rows
        ),
    )


def sale_by_receipt(session: Session, receipt_number: str) -> Sale:
    """The sale with this receipt number at this store, inside a unit of work."""
    store = load_store(session)
    sale = session.exec(
        select(Sale).where(Sale.store_id == store.id, Sale.receipt_number == receipt_number)
    ).first()
    if sale is None:
        raise NotFoundError(
            say(
                "No receipt {number} at this store. Check the number on the receipt, "
                "or find the sale by scanning the item."
            ).format(number=receipt_number)
        )
    return sale


def find_receipt(*, database: StoreDatabase, receipt_number: str) -> Receipt:
    """A receipt by its number as typed or scanned, with what is left to return per line."""
    number = clean_receipt_number(receipt_number)
    with database.read() as session:
        return load_receipt(session, sale_by_receipt(session, number))


def find_sales_with_item(
    *,
    database: StoreDatabase,
    barcode: str,
    date_from: date,
    date_to: date,
) -> list[Receipt]:
    """Sales of the scanned item between two store dates (inclusive), newest first.

    For a customer who lost the receipt but paid by card or remembers the day.
    """
    code = clean_text(barcode, field="barcode", label=say("Barcode"), max_length=32)
    for field, day in (("date_from", date_from), ("date_to", date_to)):
        if not isinstance(day, date) or isinstance(day, datetime):
            raise InputError.single(field, say("Choose the day as a calendar date."))
        check_day_range(day, field=field)
    if date_from > date_to:
        raise InputError.single("date_from", say("The first date is after the last one."))
    if (date_to - date_from).days > MAX_DATE_RANGE_DAYS:
        raise InputError.single("date_from", say("Search at most a year of sales at a time."))
    with database.read() as session:
        store = load_store(session)
        product_id = session.exec(
            select(ProductBarcode.product_id).where(ProductBarcode.barcode == code)
        ).first()
        if product_id is None:
            raise NotFoundError(
                say("No product with barcode {barcode} in the catalog.").format(barcode=code)
            )
        zone = store_zone(store.timezone)
        start = datetime.combine(date_from, time.min, zone).astimezone(UTC)
        end = datetime.combine(date_to + timedelta(days=1), time.min, zone).astimezone(UTC)
        sales = session.exec(
            select(Sale)
            .join(SaleLine, col(SaleLine.sale_id) == col(Sale.id))
            .where(
                Sale.store_id == store.id,
                SaleLine.product_id == product_id,
                col(Sale.sold_at) >= start,
                col(Sale.sold_at) < end,
            )
            .distinct()
            .order_by(col(Sale.sold_at).desc())
            .limit(MAX_SALES_FOUND)
        ).all()
        return [load_receipt(session, sale) for sale in sales]
