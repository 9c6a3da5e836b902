"""Finding the original sale: by receipt number, or by a scanned item and store-local dates."""

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from counter_app.domain.validation import InputError
from counter_app.services import intake, returns
from counter_app.services.errors import NotFoundError
from counter_app.services.sales import MAX_SALES_FOUND, find_receipt, find_sales_with_item
from db.store.models import Sale, SaleLine

KETTLE_BARCODE = "2000000000015"
TOASTER_BARCODE = "2000000000022"
HEADPHONES_BARCODE = "2000000000039"
RECEIPT = "R-20260612-0001"
SOLD_AT = datetime(2026, 6, 12, 9, 0, tzinfo=UTC)  # 10:00 on 12 June in Dublin


def add_sale(
    seeded: Any, *, receipt: str, sold_at: datetime, key: str = "kettle", quantity: int = 1
) -> uuid.UUID:
    with seeded.database.write() as session:
        sale = Sale(
            store_id=seeded.store.id,
            receipt_number=receipt,
            sold_at=sold_at,
            total_cents=2999 * quantity,
            tender="cash",
        )
        session.add(sale)
        session.flush()
        session.add(
            SaleLine(
                sale_id=sale.id,
                line_no=1,
                product_id=seeded.product_ids[key],
                quantity=quantity,
                unit_price_cents=2999,
            )
        )
        return sale.id


def sales_with(seeded: Any, barcode: str, date_from: date, date_to: date) -> list[str]:
    found = find_sales_with_item(
        database=seeded.database, barcode=barcode, date_from=date_from, date_to=date_to
    )
    return [receipt.receipt_number for receipt in found]


def return_one_kettle(seeded: Any) -> None:
    returns.complete_return(
        database=seeded.database,
        staff=seeded.clerk,
        request={
            "receipt_number": RECEIPT,
            "lines": [{"barcode": KETTLE_BARCODE, "quantity": 1, "condition": "unopened"}],
        },
        now=seeded.now,
    )


# --------------------------------------------------------------------------- find_receipt


def test_receipt_shows_what_was_paid_per_line_after_discounts(seeded):
    receipt = find_receipt(database=seeded.database, receipt_number=RECEIPT)

    assert receipt.id == seeded.sale_id
    assert receipt.receipt_number == RECEIPT
    assert receipt.sold_at == SOLD_AT
    assert (receipt.tender, receipt.card_last4, receipt.sold_by) == ("card", "4242", None)
    assert receipt.total_cents == 2 * 2999 - 600 + 4599
    assert [
        (line.line_no, line.product_name, line.quantity, line.paid_cents, line.returnable)
        for line in receipt.lines
    ] == [
        (1, "Kettle Classic Steel", 2, 5398, 2),
        (2, "Toaster Pro White", 1, 4599, 1),
    ]
    assert [line.product_id for line in receipt.lines] == [
        seeded.product_ids["kettle"],
        seeded.product_ids["toaster"],
    ]
    assert receipt.lines[0].category == "Home & Kitchen"
    assert receipt.lines[0].sku == "SKU-KETTLE"


def test_receipt_number_is_found_as_typed_or_scanned(seeded):
    receipt = find_receipt(database=seeded.database, receipt_number="  r-20260612-0001\t")
    assert receipt.id == seeded.sale_id


def test_unknown_receipt_is_not_found_with_what_to_do(seeded):
    with pytest.raises(NotFoundError) as missing:
        find_receipt(database=seeded.database, receipt_number="R-20260612-0099")
    assert str(missing.value) == (
        "No receipt R-20260612-0099 at this store. Check the number on the receipt, "
        "or find the sale by scanning the item."
    )


@pytest.mark.parametrize("typed", ["", "   ", "R-1\x00", "R" * 41])
def test_bad_receipt_number_names_the_field(seeded, typed):
    with pytest.raises(InputError) as refused:
        find_receipt(database=seeded.database, receipt_number=typed)
    assert [problem.field for problem in refused.value.problems] == ["receipt_number"]


def test_receipt_counts_what_came_back_on_earlier_cases(seeded):
    return_one_kettle(seeded)
    # A return opened through intake counts too: the unit is back either way.
    intake.open_case(
        database=seeded.database,
        staff=seeded.clerk,
        request={
            "case_type": "return",
            "receipt_number": RECEIPT,
            "lines": [
                {
                    "direction": "in",
                    "barcode": TOASTER_BARCODE,
                    "quantity": 1,
                    "condition": "opened",
                }
            ],
        },
        now=seeded.now,
    )

    receipt = find_receipt(database=seeded.database, receipt_number=RECEIPT)
    assert [(line.returned, line.returnable) for line in receipt.lines] == [(1, 1), (1, 0)]


# --------------------------------------------------------------------------- find_sales_with_item


def test_item_finds_its_receipt_on_the_store_date(seeded):
    found = find_sales_with_item(
        database=seeded.database,
        barcode=KETTLE_BARCODE,
        date_from=date(2026, 6, 12),
        date_to=date(2026, 6, 12),
    )
    assert [receipt.id for receipt in found] == [seeded.sale_id]
    assert found[0].lines[0].returnable == 2
    assert sales_with(seeded, TOASTER_BARCODE, date(2026, 6, 1), date(2026, 6, 14)) == [RECEIPT]


@pytest.mark.parametrize(
    ("date_from", "date_to"),
    [
        (date(2026, 6, 13), date(2026, 6, 14)),
        (date(2026, 6, 1), date(2026, 6, 11)),
        (date(2025, 6, 12), date(2025, 6, 12)),
    ],
)
def test_item_is_not_found_outside_the_dates(seeded, date_from, date_to):
    assert sales_with(seeded, KETTLE_BARCODE, date_from, date_to) == []


def test_an_item_not_sold_in_the_dates_finds_nothing(seeded):
    assert sales_with(seeded, HEADPHONES_BARCODE, date(2026, 6, 1), date(2026, 6, 14)) == []


def test_dates_are_the_stores_not_utc(seeded):
    """23:30 UTC in June is 00:30 the next day in Dublin; in January Dublin is on UTC."""
    add_sale(seeded, receipt="R-LATE-JUNE", sold_at=datetime(2026, 6, 5, 23, 30, tzinfo=UTC))
    add_sale(seeded, receipt="R-LATE-JANUARY", sold_at=datetime(2026, 1, 5, 23, 30, tzinfo=UTC))

    assert sales_with(seeded, KETTLE_BARCODE, date(2026, 6, 5), date(2026, 6, 5)) == []
    assert sales_with(seeded, KETTLE_BARCODE, date(2026, 6, 6), date(2026, 6, 6)) == ["R-LATE-JUNE"]
    assert sales_with(seeded, KETTLE_BARCODE, date(2026, 1, 5), date(2026, 1, 5)) == [
        "R-LATE-JANUARY"
    ]
    assert sales_with(seeded, KETTLE_BARCODE, date(2026, 1, 6), date(2026, 1, 6)) == []


def test_sales_come_newest_first_and_at_most_fifty(seeded):
    first = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    for day in range(MAX_SALES_FOUND + 5):
        add_sale(seeded, receipt=f"R-OLD-{day:03d}", sold_at=first + timedelta(days=day))

    found = sales_with(seeded, KETTLE_BARCODE, date(2026, 1, 1), date(2026, 6, 14))

    assert len(found) == MAX_SALES_FOUND == 50
    assert found[0] == RECEIPT
    assert found[1:] == [f"R-OLD-{day:03d}" for day in range(54, 54 - 49, -1)]


def test_a_sale_with_the_item_twice_is_found_once(seeded):
    with seeded.database.write() as session:
        sale = Sale(
            store_id=seeded.store.id,
            receipt_number="R-TWICE",
            sold_at=datetime(2026, 6, 10, 12, 0, tzinfo=UTC),
            total_cents=5998,
            tender="cash",
        )
        session.add(sale)
        session.flush()
        for line_no in (1, 2):
            session.add(
                SaleLine(
                    sale_id=sale.id,
                    line_no=line_no,
                    product_id=seeded.product_ids["kettle"],
                    quantity=1,
                    unit_price_cents=2999,
                )
            )
    assert sales_with(seeded, KETTLE_BARCODE, date(2026, 6, 10), date(2026, 6, 10)) == ["R-TWICE"]


def test_found_receipts_show_what_is_left_to_return(seeded):
    return_one_kettle(seeded)
    [receipt] = find_sales_with_item(
        database=seeded.database,
        barcode=KETTLE_BARCODE,
        date_from=date(2026, 6, 12),
        date_to=date(2026, 6, 12),
    )
    assert receipt.lines[0].returnable == 1


def test_unknown_barcode_is_not_found(seeded):
    with pytest.raises(NotFoundError, match="No product with barcode 9999999999994"):
        sales_with(seeded, "9999999999994", date(2026, 6, 1), date(2026, 6, 14))


def test_barcode_is_found_as_scanned_with_spaces_around(seeded):
    assert sales_with(seeded, f" {KETTLE_BARCODE} ", date(2026, 6, 12), date(2026, 6, 12)) == [
        RECEIPT
    ]


@pytest.mark.parametrize("typed", ["", "1" * 33, "2000\x1b0015"])
def test_bad_barcode_names_the_field(seeded, typed):
    with pytest.raises(InputError) as refused:
        sales_with(seeded, typed, date(2026, 6, 1), date(2026, 6, 14))
    assert [problem.field for problem in refused.value.problems] == ["barcode"]


def test_reversed_dates_are_refused_in_words(seeded):
    with pytest.raises(InputError) as refused:
        sales_with(seeded, KETTLE_BARCODE, date(2026, 6, 14), date(2026, 6, 1))
    assert [problem.field for problem in refused.value.problems] == ["date_from"]
    assert str(refused.value) == "The first date is after the last one."


def test_more_than_a_year_is_refused_in_words(seeded):
    with pytest.raises(InputError) as refused:
        sales_with(seeded, KETTLE_BARCODE, date(2025, 6, 12), date(2026, 6, 14))
    assert [problem.field for problem in refused.value.problems] == ["date_from"]
    assert str(refused.value) == "Search at most a year of sales at a time."


def test_a_whole_leap_year_may_be_searched(seeded):
    """2028 has 366 days: 1 January to 31 December is one year, not more."""
    assert sales_with(seeded, KETTLE_BARCODE, date(2028, 1, 1), date(2028, 12, 31)) == []
    assert sales_with(seeded, KETTLE_BARCODE, date(2025, 6, 14), date(2026, 6, 14)) == [RECEIPT]
