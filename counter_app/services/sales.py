"""Finding the original sale of a return: by receipt number, or by an item and a date range.

What a screen needs per receipt line is what can still come back: bought
minus everything already returned on earlier cases.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import bindparam, func
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


# The reads of a return, built once: building a statement costs as much as running it here.
_RETURNED = (
    select(CaseLine.sale_line_id, func.sum(CaseLine.quantity))
    .where(
        col(CaseLine.sale_line_id).in_(bindparam("sale_line_ids", expanding=True)),
        CaseLine.direction == "in",
    )
    .group_by(col(CaseLine.sale_line_id))
)
# Each line with its catalog item and the units already brought back (index on sale_line_id).
_RETURNED_OF_LINE = (
    select(func.coalesce(func.sum(CaseLine.quantity), 0))
    .where(col(CaseLine.sale_line_id) == col(SaleLine.id), CaseLine.direction == "in")
    .scalar_subquery()
)
_RECEIPT_LINES = (
    select(SaleLine, Product, _RETURNED_OF_LINE)
    .join(Product, col(Product.id) == col(SaleLine.product_id))
    .where(col(SaleLine.sale_id) == bindparam("sale_id"))
    .order_by(col(SaleLine.line_no))
)
_SALE_BY_NUMBER = select(Sale).where(
    col(Sale.store_id) == bindparam("store_id"),
    col(Sale.receipt_number) == bindparam("receipt_number"),
)


def returned_quantities(session: Session, sale_line_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Units of each sale line already brought back on any case."""
    if not sale_line_ids:
        return {}
    rows = session.exec(_RETURNED, params={"sale_line_ids": sale_line_ids}).all()
    return {line_id: int(total) for line_id, total in rows if line_id is not None}


def load_receipt(session: Session, sale: Sale) -> Receipt:
    """A sale with its lines and what is left to return, inside a unit of work."""
    return receipt_and_products(session, sale)[0]


def receipt_and_products(session: Session, sale: Sale) -> tuple[Receipt, dict[uuid.UUID, Product]]:
    """Like :func:`load_receipt`, with the catalog items of its lines by id.

    The return's policy needs those items too; handing back the ones this read
    loaded saves reading them again.
    """
    rows = session.exec(_RECEIPT_LINES, params={"sale_id": sale.id}).all()
    receipt = Receipt(
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
                returned=int(returned),
            )
            for line, product, returned in rows
        ),
    )
    return receipt, {product.id: product for _, product, _ in rows}


def sale_by_receipt(
    session: Session, receipt_number: str, *, store_id: uuid.UUID | None = None
) -> Sale:
    """The sale with this receipt number at this store, inside a unit of work.

    ``store_id`` saves reading the store again when the caller already has it.
    """
    if store_id is None:
        store_id = load_store(session).id
    sale = session.exec(
        _SALE_BY_NUMBER, params={"store_id": store_id, "receipt_number": receipt_number}
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
