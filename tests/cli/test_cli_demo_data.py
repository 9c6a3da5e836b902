"""What ``counter-app demo`` puts in the store: a believable month, checked from the file."""

from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

DUBLIN = ZoneInfo("Europe/Dublin")


def ean13_is_valid(code):
    """Our own EAN-13 check: weights 1,3,1,3... over 12 digits, then the check digit."""
    if len(code) != 13 or not code.isascii() or not code.isdigit():
        return False
    digits = [int(character) for character in code]
    weighted = sum(digit * (3 if position % 2 else 1) for position, digit in enumerate(digits[:12]))
    return (10 - weighted % 10) % 10 == digits[12]


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("4006381333931", True),  # a well-known published EAN-13
        ("5901234123457", True),
        ("4006381333932", False),
        ("400638133393", False),
        ("40063813339a1", False),
    ],
)
def test_our_own_ean13_check(code, valid):
    assert ean13_is_valid(code) is valid


def test_the_demo_has_a_catalog_of_500_products_with_valid_barcodes(demo_template, query):
    products = query(demo_template, "SELECT id, price_cents, typeof(price_cents) FROM product")
    assert len(products) >= 500
    assert all(price > 0 and kind == "integer" for _, price, kind in products)
    barcodes = query(demo_template, "SELECT barcode, product_id FROM productbarcode")
    invalid = [code for code, _ in barcodes if not ean13_is_valid(code)]
    assert not invalid, f"barcodes with a wrong check digit: {invalid[:5]}"
    assert len({code for code, _ in barcodes}) == len(barcodes)
    assert {product_id for _, product_id in barcodes} == {row[0] for row in products}


def test_the_demo_has_thirty_days_of_sales(demo_template, query):
    sales = query(demo_template, "SELECT id, sold_at, total_cents FROM sale")
    assert len(sales) >= 5_000
    days = {
        datetime.fromisoformat(sold_at).replace(tzinfo=UTC).astimezone(DUBLIN).date()
        for _, sold_at, _ in sales
    }
    assert len(days) == 30
    assert max(days) - min(days) == timedelta(days=29)
    lines = query(
        demo_template,
        "SELECT sale_id, sum(unit_price_cents * quantity - discount_cents), count(*) "
        "FROM saleline GROUP BY sale_id",
    )
    totals = {sale_id: (paid, count) for sale_id, paid, count in lines}
    assert set(totals) == {sale_id for sale_id, _, _ in sales}
    for sale_id, _, total in sales:
        assert totals[sale_id][0] == total
    receipts = query(demo_template, "SELECT count(DISTINCT receipt_number) FROM sale")
    assert receipts == [(len(sales),)]


def test_the_demo_has_dozens_of_cases_of_each_type(demo_template, query):
    per_type = dict(query(demo_template, "SELECT case_type, count(*) FROM service_case GROUP BY 1"))
    assert set(per_type) == {"complaint", "return", "exchange"}
    assert all(count >= 24 for count in per_type.values()), per_type
    statuses = Counter(row[0] for row in query(demo_template, "SELECT status FROM service_case"))
    assert {"open", "resolved", "closed"} <= set(statuses)
    complaints = query(demo_template, "SELECT count(*) FROM complaintdetail")
    assert complaints == [(per_type["complaint"],)]
    # Returns without a receipt get store credit, as the default policy says.
    returns_without_receipt = query(
        demo_template,
        "SELECT c.number, group_concat(p.tender) FROM service_case c "
        "JOIN payment p ON p.case_id = c.id "
        "WHERE c.case_type = 'return' AND c.sale_id IS NULL GROUP BY c.id",
    )
    assert returns_without_receipt
    assert {tenders for _, tenders in returns_without_receipt} == {"store_credit"}
    every_decided = query(
        demo_template,
        "SELECT count(*) FROM caseline WHERE direction = 'in' AND "
        "(decision IS NULL OR decision_reasons IS NULL OR refund_cents IS NULL)",
    )
    assert every_decided == [(0,)]
    numbers = [row[0] for row in query(demo_template, "SELECT number FROM service_case")]
    assert len(set(numbers)) == len(numbers)
    assert all(number.startswith("S012-") for number in numbers)


def test_every_demo_case_has_its_audit_event_and_outbox_row(demo_template, query):
    cases = {row[0] for row in query(demo_template, "SELECT id FROM service_case")}
    # A complaint is opened; a return or an exchange is completed at the counter in one step.
    saved = "('case.opened', 'return.completed', 'exchange.completed')"
    events = Counter(
        row[0].replace("-", "")
        for row in query(
            demo_template,
            f"SELECT entity_id FROM auditevent WHERE action IN {saved}",  # noqa: S608
        )
    )
    queued = Counter(
        row[0].replace("-", "")
        for row in query(
            demo_template,
            f"SELECT entity_id FROM outbox WHERE kind IN {saved}",  # noqa: S608
        )
    )
    assert events == queued == Counter(list(cases))


def test_the_demo_has_a_manager_and_clerks(demo_template, query):
    staff = query(demo_template, "SELECT name, role, pin_hash FROM staff WHERE active")
    roles = Counter(role for _, role, _ in staff)
    assert roles["manager"] == 1
    assert roles["clerk"] >= 2
    assert all(pin_hash.startswith("$argon2id$") for _, _, pin_hash in staff)
    [(code, zone, currency)] = query(demo_template, "SELECT code, timezone, currency FROM store")
    assert (code, zone, currency) == ("S012", "Europe/Dublin", "EUR")
