"""Returns at the counter against real SQLite stores: what is saved, refunded and refused.

The policy engine itself is tested in tests/domain; these tests check that the
service feeds it the facts from the database and saves exactly what it decided,
in one unit of work.
"""

import json
import re
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from counter_app.domain.return_decisions import Tender, Verdict
from counter_app.domain.validation import InputError
from counter_app.services import returns
from counter_app.services.audit import verify_audit_chain
from counter_app.services.database import open_store_database
from counter_app.services.errors import ApprovalRequiredError, NotFoundError
from counter_app.services.policy import save_policy
from counter_app.services.sales import find_receipt
from counter_app.services.store_credit import find_voucher
from db.store.models import Product, ProductBarcode, Sale, SaleLine

KETTLE_BARCODE = "2000000000015"
TOASTER_BARCODE = "2000000000022"
HEADPHONES_BARCODE = "2000000000039"
RECEIPT = "R-20260612-0001"
KETTLE_PAID_EACH = 2699  # (2 x 29.99 - 6.00) / 2
KETTLE_LINE_PAID = 5398
TOASTER_PAID = 4599
CARD_REFERENCE = "AUTH-778812"
FIRST_NUMBER = "S012-20260614-0001"
TWO_DAYS_REASON = "Bought 2 days ago, within the 30-day return window."
SAME_CARD_REASON = "Paid by card ending 4242: refunded to the same card."
VOUCHER_CODE = re.compile(r"^SC-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$")
# Tables a return writes besides those the seeded snapshot already counts.
RETURN_TABLES = ("payment", "storecredit", "caseoverride", "case_search", "policy")


# --------------------------------------------------------------------------- helpers


def kettle(**overrides: Any) -> dict[str, Any]:
    """One unopened kettle, scanned."""
    line: dict[str, Any] = {
        "barcode": KETTLE_BARCODE,
        "quantity": 1,
        "condition": "unopened",
        "reason": "Changed mind",
    }
    line.update(overrides)
    return line


def toaster(**overrides: Any) -> dict[str, Any]:
    line: dict[str, Any] = {"barcode": TOASTER_BARCODE, "quantity": 1, "condition": "unopened"}
    line.update(overrides)
    return line


def receipted(*lines: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    """A return against the seeded receipt (paid by card ending 4242)."""
    request: dict[str, Any] = {
        "receipt_number": RECEIPT,
        "lines": list(lines) or [kettle()],
        "card_reference": CARD_REFERENCE,
        "summary": "Changed mind",
    }
    request.update(overrides)
    return request


def no_receipt(*lines: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    """A return without a receipt, by a new customer who consents to being kept."""
    request: dict[str, Any] = {
        "lines": list(lines) or [kettle()],
        "customer": {"name": "Aoife Byrne", "phone": "+353 87 123 4567", "consent": True},
    }
    request.update(overrides)
    return request


def complete(seeded: Any, request: Any, *, staff: Any = None, now: Any = None) -> Any:
    return returns.complete_return(
        database=seeded.database,
        staff=staff or seeded.clerk,
        request=request,
        now=now or seeded.now,
    )


def preview(seeded: Any, request: Any, *, now: Any = None) -> returns.ReturnPlan:
    return returns.preview_return(
        database=seeded.database, staff=seeded.clerk, request=request, now=now or seeded.now
    )


def everything(seeded: Any) -> dict[str, Any]:
    """The seeded snapshot plus the tables only returns write."""
    state = seeded.snapshot()
    for table in RETURN_TABLES:
        state[table] = seeded.count(table)
    return state


def add_sale(
    seeded: Any,
    *,
    receipt: str,
    sold_at: datetime,
    lines: list[tuple[str | uuid.UUID, int, int, int]],
    tender: str = "card",
    card_last4: str | None = "4242",
    staff_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """A sale of (product key or id, quantity, unit price, line discount) lines."""
    with seeded.database.write() as session:
        sale = Sale(
            store_id=seeded.store.id,
            receipt_number=receipt,
            sold_at=sold_at,
            total_cents=sum(qty * unit - off for _, qty, unit, off in lines),
            tender=tender,
            card_last4=card_last4,
            staff_id=staff_id,
        )
        session.add(sale)
        session.flush()
        for line_no, (key, quantity, unit, discount) in enumerate(lines, start=1):
            session.add(
                SaleLine(
                    sale_id=sale.id,
                    line_no=line_no,
                    product_id=key if isinstance(key, uuid.UUID) else seeded.product_ids[key],
                    quantity=quantity,
                    unit_price_cents=unit,
                    discount_cents=discount,
                )
            )
        return sale.id


def add_product(seeded: Any, *, sku: str, name: str, category: str, barcode: str) -> uuid.UUID:
    with seeded.database.write() as session:
        product = Product(
            sku=sku, name=name, category=category, price_cents=2500, updated_at=seeded.now
        )
        session.add(product)
        session.flush()
        session.add(ProductBarcode(barcode=barcode, product_id=product.id))
        return product.id


def case_lines(seeded: Any, number: str) -> list[tuple[Any, ...]]:
    return seeded.sql(
        "SELECT l.line_no, l.direction, l.sale_line_id, l.quantity, l.unit_price_cents, "
        "l.item_condition, l.disposition, l.decision, l.decision_reasons, l.refund_cents, "
        "l.restocking_fee_cents FROM caseline l JOIN service_case c ON c.id = l.case_id "
        "WHERE c.number = ? ORDER BY l.line_no",
        (number,),
    )


def payments(seeded: Any, number: str) -> list[tuple[Any, ...]]:
    return seeded.sql(
        "SELECT p.kind, p.tender, p.amount_cents, p.card_last4, p.reference, p.store_credit_id "
        "FROM payment p JOIN service_case c ON c.id = p.case_id WHERE c.number = ? "
        "ORDER BY p.tender",
        (number,),
    )


def kettle_sale_line_id(seeded: Any) -> str:
    [(line_id,)] = seeded.sql(
        "SELECT id FROM saleline WHERE sale_id = ? AND line_no = 1", (seeded.sale_id.hex,)
    )
    return str(uuid.UUID(line_id))


def refunded_on_kettle_line(seeded: Any) -> int:
    [(total,)] = seeded.sql(
        "SELECT coalesce(sum(l.refund_cents), 0) FROM caseline l "
        "JOIN saleline s ON s.id = l.sale_line_id WHERE s.sale_id = ? AND s.line_no = 1",
        (seeded.sale_id.hex,),
    )
    return int(total)


def problem_fields(error: InputError) -> list[str]:
    return [problem.field for problem in error.problems]


# --------------------------------------------------------------------------- receipted


def test_unopened_kettle_goes_back_to_the_same_card(seeded):
    done = complete(seeded, receipted())

    assert done.number == FIRST_NUMBER
    assert done.decision.verdict is Verdict.ALLOWED
    assert done.approved_by is None
    assert [(p.tender, p.amount_cents, p.card_last4, p.reference) for p in done.payments] == [
        ("card", KETTLE_PAID_EACH, "4242", CARD_REFERENCE)
    ]
    assert payments(seeded, done.number) == [
        ("refund", "card", KETTLE_PAID_EACH, "4242", CARD_REFERENCE, None)
    ]
    [case] = seeded.sql(
        "SELECT case_type, status, resolved_first_contact, arrived_at, served_at, resolved_at, "
        "sale_id, staff_id, summary FROM service_case WHERE number = ?",
        (done.number,),
    )
    case_type, status, first_contact, arrived, served, resolved, sale_id, staff_id, summary = case
    assert (case_type, status, first_contact) == ("return", "resolved", 1)
    assert arrived is not None
    assert served is not None
    assert resolved is not None
    assert sale_id == seeded.sale_id.hex
    assert staff_id == seeded.clerk.staff_id.hex
    assert summary == "Changed mind"

    [line] = case_lines(seeded, done.number)
    (_, direction, sale_line_id, quantity, unit, condition, disposition, verdict, reasons) = line[
        :9
    ]
    assert (direction, quantity, unit, condition) == ("in", 1, KETTLE_PAID_EACH, "unopened")
    assert str(uuid.UUID(sale_line_id)) == kettle_sale_line_id(seeded)
    assert disposition == "back_to_stock"
    assert verdict == "allowed"
    saved_reasons = json.loads(reasons)
    assert isinstance(saved_reasons, list)
    assert TWO_DAYS_REASON in saved_reasons
    assert SAME_CARD_REASON in saved_reasons
    assert line[9:] == (KETTLE_PAID_EACH, 0)


def test_case_is_numbered_by_the_store_date_and_keeps_the_arrival_time(seeded):
    """23:30 UTC on 14 June is 00:30 on 15 June in Dublin; the customer queued 20 minutes."""
    late = datetime(2026, 6, 14, 23, 30, tzinfo=UTC)
    arrived = late - timedelta(minutes=20)
    first = complete(seeded, receipted(arrived_at=arrived.isoformat()), now=late)
    second = complete(seeded, receipted(), now=late + timedelta(minutes=1))

    assert (first.number, second.number) == ("S012-20260615-0001", "S012-20260615-0002")
    [(arrived_at, served_at, resolved_at)] = seeded.sql(
        "SELECT arrived_at, served_at, resolved_at FROM service_case WHERE number = ?",
        (first.number,),
    )
    assert datetime.fromisoformat(arrived_at).replace(tzinfo=UTC) == arrived
    assert datetime.fromisoformat(served_at).replace(tzinfo=UTC) == late
    assert datetime.fromisoformat(resolved_at).replace(tzinfo=UTC) == late


def test_card_refund_keeps_no_other_card_digits(seeded):
    """Only the receipt's last four and the reference are kept; a PAN typed by mistake is not."""
    pan = "4111 1111 1111 1111"
    done = complete(seeded, receipted(card_reference=pan, summary=f"Card {pan}"))

    [(kind, tender, amount, last4, reference, _)] = payments(seeded, done.number)
    assert (kind, tender, amount, last4) == ("refund", "card", KETTLE_PAID_EACH, "4242")
    assert "4111" not in (reference or "").replace(" ", "")[:-4]
    stored = " ".join(
        str(value)
        for table in ("payment", "service_case", "caseline", "auditevent", "outbox", "case_search")
        for row in seeded.sql(f"SELECT * FROM {table}")  # noqa: S608 (constant names)
        for value in row
    )
    assert "4111111111111111" not in stored.replace(" ", "").replace("-", "")


def test_return_writes_audit_outbox_and_search_row_and_the_chain_verifies(seeded):
    done = complete(seeded, receipted())

    events = seeded.sql(
        "SELECT action, staff_id, case_id FROM auditevent WHERE case_id = ? ORDER BY seq",
        (done.id.hex,),
    )
    assert [action for action, _, _ in events] == ["return.completed", "stock.returned"]
    assert {staff for _, staff, _ in events} == {seeded.clerk.staff_id.hex}
    [(payload_text,)] = seeded.sql(
        "SELECT payload FROM outbox WHERE kind = 'return.completed' AND entity_id = ?",
        (str(done.id),),
    )
    data = json.loads(payload_text)["data"]
    assert data["number"] == done.number
    assert data["policy_version"] == 0
    assert [(line["quantity"], line["refund_cents"]) for line in data["lines"]] == [
        (1, KETTLE_PAID_EACH)
    ]
    assert data["lines"][0]["disposition"] == "back_to_stock"
    assert data["payments"] == [
        {
            "kind": "refund",
            "tender": "card",
            "amount_cents": KETTLE_PAID_EACH,
            "card_last4": "4242",
            "reference": CARD_REFERENCE,
            "voucher_code": None,
        }
    ]
    [(stock_text,)] = seeded.sql(
        "SELECT payload FROM outbox WHERE kind = 'stock.returned' AND entity_id = ?",
        (str(done.id),),
    )
    [item] = json.loads(stock_text)["data"]["items"]
    assert {key: item[key] for key in ("product_id", "quantity", "condition", "disposition")} == {
        "product_id": str(seeded.product_ids["kettle"]),
        "quantity": 1,
        "condition": "unopened",
        "disposition": "back_to_stock",
    }
    [(indexed,)] = seeded.sql(
        "SELECT count(*) FROM case_search WHERE rowid = "
        "(SELECT rowid FROM service_case WHERE number = ?)",
        (done.number,),
    )
    assert indexed == 1
    [(found,)] = seeded.sql(
        "SELECT count(*) FROM case_search WHERE case_search MATCH ?", ('"Kettle"',)
    )
    assert found == 1
    report = verify_audit_chain(database=seeded.database)
    assert report.intact, report.broken
    assert report.events_checked == seeded.count("auditevent")
    assert seeded.count("auditevent") == seeded.count("outbox")


def test_opened_kettle_keeps_a_ten_percent_restocking_fee(seeded):
    done = complete(seeded, receipted(kettle(condition="opened")))

    line = done.decision.lines[0]
    assert line.verdict is Verdict.ALLOWED_WITH_CONDITIONS
    assert line.restocking_fee.minor_units == 270  # 10% of 26.99, rounded half up
    assert line.refund.minor_units == 2429
    assert done.decision.verdict is Verdict.ALLOWED_WITH_CONDITIONS
    [row] = case_lines(seeded, done.number)
    assert row[7] == "allowed_with_conditions"
    assert row[9:] == (2429, 270)
    assert any("10% restocking fee" in reason for reason in json.loads(row[8]))
    assert payments(seeded, done.number)[0][2] == 2429


@pytest.mark.parametrize(
    ("condition", "disposition", "expected"),
    [
        ("unopened", None, "back_to_stock"),
        ("opened", None, "back_to_stock"),
        ("defective", None, "return_to_vendor"),
        ("damaged", None, "damaged"),
        ("defective", "damaged", "damaged"),
        ("unopened", "return_to_vendor", "return_to_vendor"),
    ],
)
def test_disposition_follows_the_condition_unless_the_clerk_says(
    seeded, condition, disposition, expected
):
    line = kettle(condition=condition)
    if disposition is not None:
        line["disposition"] = disposition
    done = complete(seeded, receipted(line))

    [row] = case_lines(seeded, done.number)
    assert row[6] == expected
    [(stock_text,)] = seeded.sql("SELECT payload FROM outbox WHERE kind = 'stock.returned'")
    assert json.loads(stock_text)["data"]["items"][0]["disposition"] == expected


def test_kettle_and_toaster_in_one_case_total_by_tender(seeded):
    done = complete(seeded, receipted(kettle(), toaster(condition="opened")))

    assert [line.refund.minor_units for line in done.decision.lines] == [2699, 4139]
    assert done.decision.total_fees.minor_units == 460  # 10% of 45.99
    assert [(tender, money.minor_units) for tender, money in done.decision.by_tender] == [
        (Tender.CARD, 2699 + 4139)
    ]
    assert payments(seeded, done.number) == [("refund", "card", 6838, "4242", CARD_REFERENCE, None)]
    rows = case_lines(seeded, done.number)
    assert [(row[0], row[3], row[9], row[10]) for row in rows] == [
        (1, 1, 2699, 0),
        (2, 1, 4139, 460),
    ]
    [(case_count,)] = seeded.sql("SELECT count(*) FROM service_case")
    assert case_count == 1


def test_cash_sale_is_refunded_in_cash(seeded):
    add_sale(
        seeded,
        receipt="R-20260613-0007",
        sold_at=seeded.now - timedelta(days=1),
        lines=[("kettle", 1, 2999, 0)],
        tender="cash",
        card_last4=None,
    )
    done = complete(
        seeded, {"receipt_number": "R-20260613-0007", "lines": [kettle()], "refund_tender": "cash"}
    )
    assert payments(seeded, done.number) == [("refund", "cash", 2999, None, None, None)]
    assert json.loads(case_lines(seeded, done.number)[0][8])[-1] == (
        "Paid in cash: refunded in cash."
    )


# --------------------------------------------------------------------------- partial returns


def test_partial_return_leaves_one_kettle_returnable(seeded):
    complete(seeded, receipted())

    receipt = find_receipt(database=seeded.database, receipt_number=RECEIPT)
    kettle_line = receipt.lines[0]
    assert (kettle_line.quantity, kettle_line.returned, kettle_line.returnable) == (2, 1, 1)
    assert receipt.lines[1].returnable == 1  # the toaster is untouched


def test_returning_more_than_is_left_is_refused_and_nothing_is_saved(seeded):
    complete(seeded, receipted())
    before = everything(seeded)

    with pytest.raises(InputError) as refused:
        complete(seeded, receipted(kettle(quantity=2)))

    assert problem_fields(refused.value) == ["lines.0"]
    message = str(refused.value)
    assert message.startswith("Line 1: ")
    assert "Only 1 of the 2 bought on receipt R-20260612-0001 can still come back" in message
    assert everything(seeded) == before


def test_a_refusal_does_not_tell_the_clerk_it_was_refunded(seeded):
    complete(seeded, receipted(kettle(quantity=2)))
    with pytest.raises(InputError) as refused:
        complete(seeded, receipted(kettle(quantity=1)))
    assert str(refused.value) == (
        "Line 1: Only 0 of the 2 bought on receipt R-20260612-0001 can still come back "
        "(2 already returned)."
    )


def test_the_kettle_line_never_refunds_more_than_was_paid(seeded):
    complete(seeded, receipted())
    complete(seeded, receipted(kettle(quantity=1)))
    with pytest.raises(InputError):
        complete(seeded, receipted(kettle(quantity=1)))

    assert refunded_on_kettle_line(seeded) == KETTLE_LINE_PAID
    assert find_receipt(database=seeded.database, receipt_number=RECEIPT).lines[0].returnable == 0


def test_two_lines_on_the_same_receipt_line_share_what_is_left(seeded):
    """Two kettles entered as two lines of one case take 26.99 each, then the line is spent."""
    done = complete(seeded, receipted(kettle(), kettle(condition="opened")))

    assert sorted(line.gross.minor_units for line in done.decision.lines) == [2699, 2699]
    with pytest.raises(InputError):
        complete(seeded, receipted(kettle()))
    assert refunded_on_kettle_line(seeded) == KETTLE_LINE_PAID - 270


def test_three_kettle_lines_on_a_line_of_two_refuse_the_case(seeded):
    before = everything(seeded)
    with pytest.raises(InputError) as refused:
        complete(seeded, receipted(kettle(), kettle(), kettle()))
    assert "Only" in str(refused.value)
    assert everything(seeded) == before


def test_two_counters_returning_the_same_kettles_at_once_refund_them_once(seeded):
    """The check of what is left and the save are one unit of work: no double refund."""
    second = open_store_database(seeded.folder).database
    start = threading.Barrier(2)

    def counter(database: Any) -> str:
        start.wait(timeout=10)
        try:
            returns.complete_return(
                database=database,
                staff=seeded.clerk,
                request=receipted(kettle(quantity=2)),
                now=seeded.now,
            )
        except InputError as refused:
            return str(refused)
        return "done"

    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            outcomes = list(pool.map(counter, [seeded.database, second]))
    finally:
        second.dispose()

    assert outcomes.count("done") == 1
    [refusal] = [outcome for outcome in outcomes if outcome != "done"]
    assert "Only 0 of the 2 bought on receipt R-20260612-0001 can still come back" in refusal
    assert refunded_on_kettle_line(seeded) == KETTLE_LINE_PAID
    assert seeded.count("payment") == 1
    assert verify_audit_chain(database=seeded.database).intact


# --------------------------------------------------------------------------- finding the lines


def test_line_can_be_picked_by_its_receipt_line_id(seeded):
    line = {"sale_line_id": kettle_sale_line_id(seeded), "quantity": 2, "condition": "unopened"}
    done = complete(seeded, receipted(line))

    assert done.decision.lines[0].refund.minor_units == KETTLE_LINE_PAID
    [row] = case_lines(seeded, done.number)
    assert str(uuid.UUID(row[2])) == kettle_sale_line_id(seeded)


def test_receipt_number_is_found_as_typed(seeded):
    done = complete(seeded, receipted(receipt_number="  r-20260612-0001 "))
    [(sale_id,)] = seeded.sql("SELECT sale_id FROM service_case WHERE number = ?", (done.number,))
    assert sale_id == seeded.sale_id.hex


def test_item_not_on_the_receipt_is_named(seeded):
    before = everything(seeded)
    headphones = {"barcode": HEADPHONES_BARCODE, "quantity": 1, "condition": "unopened"}
    with pytest.raises(InputError) as refused:
        complete(seeded, receipted(kettle(), headphones))

    assert problem_fields(refused.value) == ["lines.1"]
    assert str(refused.value) == ("Line 2: Headphones Max Black is not on receipt R-20260612-0001.")
    with pytest.raises(InputError) as alone:
        complete(seeded, receipted(headphones))
    assert str(alone.value) == "Line 1: Headphones Max Black is not on receipt R-20260612-0001."
    assert everything(seeded) == before


def _two_kettle_lines(seeded: Any) -> list[str]:
    """A receipt with the kettle on two lines, at two prices; the lines' ids in order."""
    sale = add_sale(
        seeded,
        receipt="R-20260613-0002",
        sold_at=seeded.now - timedelta(days=1),
        lines=[("kettle", 1, 2999, 0), ("kettle", 1, 2499, 0)],
    )
    rows = seeded.sql("SELECT id FROM saleline WHERE sale_id = ? ORDER BY line_no", (sale.hex,))
    return [str(uuid.UUID(line_id)) for (line_id,) in rows]


def test_each_scan_of_an_item_comes_back_on_a_receipt_line_with_units_left(seeded):
    first, second = _two_kettle_lines(seeded)
    done = complete(seeded, receipted(kettle(), kettle(), receipt_number="R-20260613-0002"))

    assert [line.verdict for line in done.decision.lines] == [Verdict.ALLOWED] * 2
    rows = case_lines(seeded, done.number)
    assert [(str(uuid.UUID(row[2])), row[9]) for row in rows] == [(first, 2999), (second, 2499)]


def test_a_scan_beside_a_picked_line_takes_the_other_line(seeded):
    first, second = _two_kettle_lines(seeded)
    picked = {"sale_line_id": first, "quantity": 1, "condition": "unopened"}
    done = complete(seeded, receipted(kettle(), picked, receipt_number="R-20260613-0002"))

    assert [line.verdict for line in done.decision.lines] == [Verdict.ALLOWED] * 2
    assert sorted(str(uuid.UUID(row[2])) for row in case_lines(seeded, done.number)) == sorted(
        [first, second]
    )
    # Both lines are back now: a third scan has nothing left to come back on.
    plan = preview(seeded, receipted(kettle(), receipt_number="R-20260613-0002"))
    assert plan.decision.lines[0].verdict is Verdict.REFUSED


def test_a_scan_on_an_open_receipt_counts_on_the_next_line_with_a_unit_left(seeded):
    first, second = _two_kettle_lines(seeded)

    def line_for(counted: dict[str, int]) -> str:
        return str(
            returns.receipt_line_for_scan(
                database=seeded.database,
                receipt_number="r-20260613-0002",
                barcode=f" {KETTLE_BARCODE} ",
                counted={uuid.UUID(line): units for line, units in counted.items()},
            )
        )

    assert line_for({}) == first
    assert line_for({first: 1}) == second
    with pytest.raises(InputError) as full:
        line_for({first: 1, second: 1})
    assert str(full.value) == (
        "Kettle Classic Steel: everything on receipt R-20260613-0002 that can come back is "
        "already counted."
    )
    with pytest.raises(InputError) as elsewhere:
        returns.receipt_line_for_scan(
            database=seeded.database,
            receipt_number="R-20260613-0002",
            barcode=TOASTER_BARCODE,
            counted={},
        )
    assert str(elsewhere.value) == "Toaster Pro White is not on receipt R-20260613-0002."
    with pytest.raises(InputError) as empty:
        returns.receipt_line_for_scan(
            database=seeded.database, receipt_number="R-20260613-0002", barcode="  ", counted={}
        )
    assert [problem.field for problem in empty.value.problems] == ["barcode"]


def test_receipt_line_of_another_receipt_is_refused(seeded):
    other = add_sale(
        seeded,
        receipt="R-20260613-0002",
        sold_at=seeded.now - timedelta(days=1),
        lines=[("toaster", 1, 4599, 0)],
    )
    [(foreign_line,)] = seeded.sql("SELECT id FROM saleline WHERE sale_id = ?", (other.hex,))
    line = {"sale_line_id": str(uuid.UUID(foreign_line)), "quantity": 1, "condition": "unopened"}
    with pytest.raises(InputError) as refused:
        complete(seeded, receipted(line))
    assert str(refused.value) == "Line 1: that line is not on receipt R-20260612-0001."


def test_receipt_line_without_the_receipt_number_is_refused(seeded):
    line = {"sale_line_id": kettle_sale_line_id(seeded), "quantity": 1, "condition": "unopened"}
    with pytest.raises(InputError) as refused:
        complete(seeded, no_receipt(line))
    assert "needs the receipt number" in str(refused.value)


def test_unknown_barcode_is_refused_with_the_code(seeded):
    before = everything(seeded)
    with pytest.raises(InputError) as refused:
        complete(seeded, receipted(kettle(barcode="9999999999994")))
    assert problem_fields(refused.value) == ["lines.0.barcode"]
    assert "no product with barcode 9999999999994" in str(refused.value)
    assert everything(seeded) == before


def test_every_bad_line_is_listed_at_once(seeded):
    headphones = {"barcode": HEADPHONES_BARCODE, "quantity": 1, "condition": "unopened"}
    with pytest.raises(InputError) as refused:
        complete(seeded, receipted(kettle(barcode="123456"), kettle(), headphones))
    assert problem_fields(refused.value) == ["lines.0.barcode", "lines.2"]


def test_unknown_receipt_is_not_found(seeded):
    before = everything(seeded)
    with pytest.raises(NotFoundError, match="No receipt R-20990101-0001 at this store"):
        complete(seeded, receipted(receipt_number="R-20990101-0001"))
    assert everything(seeded) == before


def test_barcode_that_looks_like_a_card_number_is_still_found(seeded):
    """2000000000404 is a valid EAN-13 that also passes Luhn, as 1 in 10 barcodes do.

    A barcode is an identifier, so it must not be masked like a card number in free text.
    """
    add_product(
        seeded, sku="SKU-MUG", name="Mug Blue", category="Home & Kitchen", barcode="2000000000404"
    )
    done = complete(
        seeded, no_receipt({"barcode": "2000000000404", "quantity": 1, "condition": "unopened"})
    )
    assert done.decision.lines[0].refund.minor_units == 2500


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"quantity": 1.0}, "lines.0.quantity"),
        ({"quantity": 1.5}, "lines.0.quantity"),
        ({"quantity": 0}, "lines.0.quantity"),
        ({"quantity": -1}, "lines.0.quantity"),
        ({"quantity": 1000}, "lines.0.quantity"),
        ({"quantity": True}, "lines.0.quantity"),
        ({"condition": None}, "lines.0.condition"),
        ({"condition": "like new"}, "lines.0.condition"),
        ({"disposition": "bin"}, "lines.0.disposition"),
        ({"colour": "red"}, "lines.0.colour"),
        ({"barcode": None}, "lines.0.barcode"),
        ({"barcode": "2000000000015\x00"}, "lines.0.barcode"),
        ({"reason": "x" * 501}, "lines.0.reason"),
    ],
)
def test_bad_line_input_names_the_field(seeded, change, field):
    line = kettle()
    for key, value in change.items():
        if value is None:
            line.pop(key)
        else:
            line[key] = value
    before = everything(seeded)
    with pytest.raises(InputError) as refused:
        complete(seeded, receipted(line))
    assert field in problem_fields(refused.value)
    assert all(problem.message.startswith("Line 1: ") for problem in refused.value.problems)
    assert everything(seeded) == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"refund_tender": "bitcoin"}, "refund_tender"),
        ({"refund_tender": "original"}, "refund_tender"),
        ({"till": 3}, "till"),
        ({"lines": []}, "lines"),
        ({"lines": None}, "lines"),
        ({"receipt_number": ""}, "receipt_number"),
        ({"receipt_number": 12}, "receipt_number"),
        ({"customer_id": "not-an-id"}, "customer_id"),
        ({"card_reference": "x" * 65}, "card_reference"),
        ({"arrived_at": "2026-06-14T11:00:00"}, "arrived_at"),
        ({"arrived_at": "2026-06-12T11:00:00+00:00"}, "arrived_at"),
        ({"customer": {"name": "Aoife", "consent": False}}, "customer"),
    ],
)
def test_bad_request_input_names_the_field(seeded, change, field):
    request = receipted()
    for key, value in change.items():
        if value is None:
            request.pop(key)
        else:
            request[key] = value
    before = everything(seeded)
    with pytest.raises(InputError) as refused:
        complete(seeded, request)
    assert field in problem_fields(refused.value)
    assert str(refused.value)
    assert everything(seeded) == before


def test_too_many_lines_are_refused(seeded):
    with pytest.raises(InputError) as refused:
        complete(seeded, receipted(*[kettle() for _ in range(101)]))
    assert problem_fields(refused.value) == ["lines"]


def test_pick_an_existing_customer_or_a_new_one_not_both(seeded):
    complete(seeded, no_receipt())
    [(customer_id,)] = seeded.sql("SELECT id FROM customer")
    before = everything(seeded)
    with pytest.raises(InputError) as refused:
        complete(seeded, no_receipt(customer_id=str(uuid.UUID(customer_id))))
    assert problem_fields(refused.value) == ["customer"]
    assert everything(seeded) == before


def test_unknown_customer_id_is_refused(seeded):
    before = everything(seeded)
    with pytest.raises(InputError) as refused:
        complete(seeded, receipted(customer_id=str(uuid.uuid4())))
    assert problem_fields(refused.value) == ["customer_id"]
    assert everything(seeded) == before


# --------------------------------------------------------------------------- preview


def test_preview_saves_nothing_and_matches_what_complete_saves(seeded):
    request = receipted(kettle(condition="opened"), toaster())
    before = everything(seeded)

    plan = preview(seeded, request)

    assert everything(seeded) == before
    assert plan.policy_version == 0
    assert plan.receipt is not None
    assert plan.receipt.receipt_number == RECEIPT
    assert [line.product.name for line in plan.lines] == [
        "Kettle Classic Steel",
        "Toaster Pro White",
    ]
    done = complete(seeded, request)
    assert done.decision == plan.decision


def test_preview_of_a_refused_return_explains_and_saves_nothing(seeded):
    """The preview answers even where complete would refuse: that is what it is for."""
    before = everything(seeded)
    plan = preview(seeded, receipted(kettle(quantity=3)))
    assert plan.decision.lines[0].verdict is Verdict.REFUSED
    assert not plan.decision.lines[0].overridable
    assert everything(seeded) == before


def test_preview_of_a_return_needing_a_manager_says_so(seeded):
    before = everything(seeded)
    plan = preview(seeded, receipted(refund_tender="cash"))
    assert plan.decision.verdict is Verdict.NEEDS_MANAGER
    assert not plan.decision.can_complete
    assert everything(seeded) == before


# --------------------------------------------------------------------------- no receipt


def test_no_receipt_without_a_customer_asks_for_their_details(seeded):
    before = everything(seeded)
    with pytest.raises(InputError) as refused:
        complete(seeded, {"lines": [kettle()]})
    assert problem_fields(refused.value) == ["lines.0"]
    assert "add the customer's details first" in str(refused.value)
    assert everything(seeded) == before


def test_no_receipt_refunds_store_credit_at_the_lowest_price_of_90_days(seeded):
    # 35 days ago one kettle went for 24.99; 120 days ago one went for 19.99 (too long ago).
    add_sale(
        seeded,
        receipt="R-20260510-0003",
        sold_at=seeded.now - timedelta(days=35),
        lines=[("kettle", 1, 2999, 500)],
    )
    add_sale(
        seeded,
        receipt="R-20260215-0009",
        sold_at=seeded.now - timedelta(days=120),
        lines=[("kettle", 1, 2999, 1000)],
    )
    done = complete(seeded, no_receipt())

    line = done.decision.lines[0]
    assert line.refund.minor_units == 2499
    assert "No receipt: refunded at the lowest price of the last 90 days (€24.99 each)." in (
        line.reasons
    )
    [payment] = done.payments
    assert payment.tender == "store_credit"
    assert payment.voucher is not None
    voucher = payment.voucher
    assert VOUCHER_CODE.match(voucher.code)
    assert (voucher.initial_cents, voucher.balance_cents) == (2499, 2499)
    assert voucher.expires_on == date(2027, 6, 14)

    [(kind, tender, amount, last4, reference, credit_id)] = payments(seeded, done.number)
    assert (kind, tender, amount, last4, reference) == ("refund", "store_credit", 2499, None, None)
    [(code, initial, balance, case_id, customer_id)] = seeded.sql(
        "SELECT code, initial_cents, balance_cents, case_id, customer_id FROM storecredit "
        "WHERE id = ?",
        (credit_id,),
    )
    assert (code, initial, balance) == (voucher.code, 2499, 2499)
    assert case_id == done.id.hex
    [(case_customer,)] = seeded.sql(
        "SELECT customer_id FROM service_case WHERE id = ?", (done.id.hex,)
    )
    assert customer_id == case_customer is not None
    [row] = case_lines(seeded, done.number)
    assert row[2] is None  # no receipt line
    assert row[9] == 2499

    typed = voucher.code.lower().replace("-", "")
    assert find_voucher(database=seeded.database, code=typed) == voucher
    actions = [a for (a,) in seeded.sql("SELECT action FROM auditevent ORDER BY seq")]
    assert actions[-4:] == [
        "customer.added",
        "voucher.issued",
        "return.completed",
        "stock.returned",
    ]
    [(payload_text,)] = seeded.sql("SELECT payload FROM outbox WHERE kind = 'return.completed'")
    assert json.loads(payload_text)["data"]["payments"][0]["voucher_code"] == voucher.code


def test_no_receipt_price_is_never_above_the_catalog_price(seeded):
    """With no sale in the lookback, the refund is the product's price now."""
    done = complete(seeded, no_receipt(toaster()), now=seeded.now + timedelta(days=100))
    assert done.decision.lines[0].refund.minor_units == 4599


def test_no_receipt_return_of_two_units_refunds_twice_the_lowest_price(seeded):
    done = complete(seeded, no_receipt(kettle(quantity=2)))
    assert done.decision.lines[0].refund.minor_units == 2 * KETTLE_PAID_EACH
    [row] = case_lines(seeded, done.number)
    assert row[4] == KETTLE_PAID_EACH


def test_no_receipt_when_the_policy_needs_receipts_is_refused(seeded):
    save_policy(database=seeded.database, staff=seeded.manager, rules={"receipt_required": True})
    with pytest.raises(ApprovalRequiredError) as refused:
        complete(seeded, no_receipt())
    assert "This store needs the receipt for a return." in str(refused.value)


# --------------------------------------------------------------------------- refusals


def test_non_returnable_category_is_refused(seeded):
    gift_card = add_product(
        seeded,
        sku="SKU-GIFT-25",
        name="Gift Card 25",
        category="Gift Cards",
        barcode="2000000000046",
    )
    add_sale(
        seeded,
        receipt="R-20260613-0004",
        sold_at=seeded.now - timedelta(days=1),
        lines=[(gift_card, 1, 2500, 0)],
    )
    gift = {"barcode": "2000000000046", "quantity": 1, "condition": "unopened"}
    before = everything(seeded)
    with pytest.raises(ApprovalRequiredError) as refused:
        complete(seeded, receipted(gift, receipt_number="R-20260613-0004"))
    assert "Gift Cards items cannot be returned." in str(refused.value)
    with pytest.raises(ApprovalRequiredError) as refused_without_receipt:
        complete(seeded, no_receipt(gift))
    assert "Gift Cards items cannot be returned." in str(refused_without_receipt.value)
    plan = preview(seeded, no_receipt(gift))
    assert plan.decision.lines[0].verdict is Verdict.REFUSED
    assert everything(seeded) == before
