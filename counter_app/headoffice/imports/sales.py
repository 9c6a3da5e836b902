"""The sales CSV: the receipts returns are checked against, each to the store that sold it.

A receipt goes to the store named in its rows' ``store_code`` column, and only the
receipts of the last ``days`` days (90 unless told) are published: those are what
returns are checked against. Older receipts are counted and left out.

Columns, one row per receipt line: ``store_code, receipt_number, sold_at, tender,
line_no, sku, quantity, unit_price_cents`` and optionally ``card_last4,
discount_cents, tax_cents, staff_name``. ``sold_at`` is ISO 8601; without an
offset it is the store's local time. The receipt total is the sum of its lines
(quantity x unit price - discount). Every SKU must be in the store's catalog feed.
"""

import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session, select

from counter_app.domain.sync_protocol import Feed
from counter_app.headoffice.feeds import publish
from counter_app.headoffice.imports.rows import (
    BadValueError,
    ImportRefusedError,
    ImportResult,
    Row,
    checked,
    dump,
    read_csv,
    refuse,
    registered_stores,
)
from counter_app.sync.feeds.shapes import (
    RECEIPT_MAX,
    SALE_TENDERS,
    SKU_MAX,
    STAFF_NAME_MAX,
    SaleItem,
    SaleLineItem,
)
from db.headoffice.database import HeadOfficeDatabase
from db.headoffice.models import FeedItem, HeadOfficeStore

DEFAULT_SALES_DAYS = 90
# A receipt dated further ahead than this is a mistake in the file, not clock skew.
FUTURE_TOLERANCE = timedelta(days=1)


@dataclass(frozen=True)
class SalesRow:
    """A receipt read from the sales CSV, for one store, with the file line of each sale line."""

    store_code: str
    line: int
    sale: SaleItem
    line_rows: tuple[int, ...]


def _sold_at(row: Row, zone: ZoneInfo) -> datetime:
    value = row.text("sold_at", max_length=40)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise BadValueError(
            "sold_at", f"{value!r} is not a date and time like 2026-11-20T14:05:00+01:00"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def read_sales(path: Path, stores: Mapping[str, HeadOfficeStore]) -> list[SalesRow]:
    """The receipts of a sales CSV (one row per line), grouped, every row checked.

    Args:
        stores: the registered stores by code; a row naming another code is refused.
    """
    rows = read_csv(
        path,
        (
            "store_code",
            "receipt_number",
            "sold_at",
            "tender",
            "line_no",
            "sku",
            "quantity",
            "unit_price_cents",
        ),
        ("card_last4", "discount_cents", "tax_cents", "staff_name"),
    )
    heads: dict[tuple[str, str], tuple[int, dict[str, Any]]] = {}
    lines: dict[tuple[str, str], list[tuple[int, SaleLineItem]]] = {}
    line_columns = {"line_no", "sku", "quantity", "unit_price_cents", "discount_cents", "tax_cents"}
    for row in rows:
        try:
            code = row.text("store_code", max_length=16).upper()
            store = stores.get(code)
            if store is None:
                raise BadValueError("store_code", f"no store {code} is registered")
            receipt = row.text("receipt_number", max_length=RECEIPT_MAX)
            tender = row.text("tender", max_length=16).lower()
            if tender not in SALE_TENDERS:
                raise BadValueError("tender", f"must be one of {', '.join(SALE_TENDERS)}")
            last4 = row.text("card_last4", max_length=4, required=False)
            if last4 and not re.fullmatch(r"[0-9]{4}", last4):
                raise BadValueError("card_last4", "must be the card's last four digits, or empty")
            head = {
                "receipt_number": receipt,
                "sold_at": _sold_at(row, _zone(store.timezone)),
                "tender": tender,
                "card_last4": last4 or None,
                "staff_name": row.text("staff_name", max_length=STAFF_NAME_MAX, required=False)
                or None,
            }
            key = (code, receipt)
            if key in heads:
                first, earlier = heads[key]
                for column, value in head.items():
                    if earlier[column] != value:
                        raise BadValueError(
                            column,
                            f"differs from line {first} of the same receipt {receipt}",
                        )
            else:
                heads[key] = (row.line, head)
            quantity = row.whole("quantity", low=1)
            price = row.whole("unit_price_cents")
            discount = row.whole("discount_cents", default=0)
            if discount > quantity * price:
                raise BadValueError("discount_cents", "is more than the line's price")
            line = checked(
                SaleLineItem,
                {
                    "line_no": row.whole("line_no", low=1),
                    "sku": row.text("sku", max_length=SKU_MAX),
                    "quantity": quantity,
                    "unit_price_cents": price,
                    "discount_cents": discount,
                    "tax_cents": row.whole("tax_cents", default=0),
                },
                lambda field: field if field in line_columns else "line_no",
            )
            taken = [seen for seen, other in lines.get(key, []) if other.line_no == line.line_no]
            if taken:
                raise BadValueError(
                    "line_no",
                    f"line {line.line_no} of receipt {receipt} is already on line {taken[0]}",
                )
            lines.setdefault(key, []).append((row.line, line))
        except BadValueError as bad:
            raise refuse(path, row.line, bad.column, bad.problem) from None
    receipts = []
    for (code, receipt), (first, head) in heads.items():
        ordered = sorted(lines[(code, receipt)], key=lambda pair: pair[1].line_no)
        receipt_lines = [line for _, line in ordered]
        total = sum(
            line.quantity * line.unit_price_cents - line.discount_cents for line in receipt_lines
        )
        try:
            sale = checked(
                SaleItem,
                {**head, "total_cents": total, "lines": receipt_lines},
                lambda field: field if field != "lines" else "line_no",
            )
        except BadValueError as bad:
            raise refuse(path, first, bad.column, bad.problem) from None
        receipts.append(SalesRow(code, first, sale, tuple(at for at, _ in ordered)))
    return receipts


def _catalog_of(session: Session, store_id: uuid.UUID) -> set[str]:
    """The SKUs in a store's catalog feed now (withdrawn ones left out)."""
    rows = session.exec(
        select(FeedItem.key, FeedItem.data).where(
            FeedItem.store_id == store_id, FeedItem.feed == Feed.CATALOG.value
        )
    ).all()
    return {key for key, data in rows if not json.loads(data).get("deleted")}


def import_sales(
    database: HeadOfficeDatabase,
    path: Path,
    *,
    store_code: str | None = None,
    days: int = DEFAULT_SALES_DAYS,
    now: datetime | None = None,
) -> ImportResult:
    """Publish a sales CSV: each receipt of the last ``days`` days to its own store.

    Args:
        store_code: only that store's receipts (the others' rows are still checked).
        days: how far back receipts go to the stores; older ones are left out.
    """
    if days < 1:
        raise ImportRefusedError("The sales window must be at least 1 day.")
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    since = moment - timedelta(days=days)
    only = store_code.strip().upper() if store_code else None
    with database.unit_of_work() as session:
        registered = {store.code: store for store in registered_stores(session, None)}
        if only is not None and only not in registered:
            raise ImportRefusedError(
                f"No store {store_code!r} is registered; add it with add-store."
            )
        receipts = read_sales(path, registered)
        catalogs: dict[str, set[str]] = {}
        for receipt in receipts:
            if receipt.sale.sold_at > moment + FUTURE_TOLERANCE:
                raise refuse(path, receipt.line, "sold_at", "is in the future")
            known = catalogs.get(receipt.store_code)
            if known is None:
                known = catalogs[receipt.store_code] = _catalog_of(
                    session, registered[receipt.store_code].id
                )
            for at, line in zip(receipt.line_rows, receipt.sale.lines, strict=True):
                if line.sku not in known:
                    raise refuse(
                        path,
                        at,
                        "sku",
                        f"{line.sku} is not in store {receipt.store_code}'s catalog "
                        "(import the catalog first)",
                    )
        chosen = [r for r in receipts if only is None or r.store_code == only]
        recent = [r for r in chosen if r.sale.sold_at >= since]
        by_store: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for receipt in recent:
            by_store.setdefault(receipt.store_code, []).append(
                (receipt.sale.receipt_number, dump(receipt.sale))
            )
        changed = sum(
            publish(session, registered[code].id, Feed.SALES, items)
            for code, items in by_store.items()
        )
    return ImportResult(
        Feed.SALES, len(recent), len(by_store), changed, left_out=len(chosen) - len(recent)
    )
