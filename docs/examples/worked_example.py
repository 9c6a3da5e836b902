"""A morning at the demo store's counter, through the same services the screens call.

Four walk-ins: a receipted return with one opened item, a no-receipt return
that gets store credit, an exchange with a price difference, and a complaint
resolved with a voucher. Each prints the policy's decision in the words the
clerk reads out and the receipt prints.

    counter-app --data-dir /tmp/counter-walkthrough demo
    python docs/examples/worked_example.py --data-dir /tmp/counter-walkthrough

It writes four cases into that data folder, so point it at a demo store, not a real one.
"""

import argparse
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from counter_app.domain.money import Money
from counter_app.domain.return_decisions import CaseDecision
from counter_app.services import complaints, exchanges, intake, returns, sales
from counter_app.services.database import StoreDatabase, open_store_database
from counter_app.services.demo import demo_barcode
from counter_app.services.errors import NotFoundError
from counter_app.services.staff import list_staff, sign_in
from counter_app.services.store_setup import current_store

CLERK, CLERK_PIN = "Sam Okafor", "1357"


def money(cents: int) -> str:
    """Cents as the demo store's customers read them."""
    return Money.from_minor(cents, "EUR").format("en_IE")


def show_decision(decision: CaseDecision, descriptions: Iterable[str]) -> None:
    """Print each line's verdict and reasons, as the clerk reads them out."""
    for described, line in zip(descriptions, decision.lines, strict=True):
        print(f"  {line.quantity} x {described}: {line.verdict.label}")
        for reason in line.reasons:
            print(f"      - {reason}")
    for reason in decision.reasons:
        print(f"  - {reason}")


def pick_receipt(database: StoreDatabase, sold_on: str, not_sold_by: uuid.UUID) -> sales.Receipt:
    """The first card receipt of that day, rung up by someone else, with a returnable line."""
    for number in range(1, 186):
        try:
            receipt = sales.find_receipt(
                database=database, receipt_number=f"R-{sold_on}-{number:04d}"
            )
        except NotFoundError:
            continue
        if (
            receipt.tender == "card"
            and receipt.sold_by != not_sold_by
            and receipt.total_cents < 20000
            and any(line.category not in ("Grocery", "Gift Cards") for line in receipt.lines)
        ):
            return receipt
    raise SystemExit(f"No suitable receipt on {sold_on}: is this the demo store?")


def main() -> None:
    """Serve the four walk-ins."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    data_dir = parser.parse_args().data_dir
    database = open_store_database(data_dir).database
    try:
        store = current_store(database=database)
        if store is None or store.code != "S012":
            raise SystemExit("Run 'counter-app --data-dir DIR demo' first.")
        who = {person.name: person.id for person in list_staff(database=database)}
        clerk = sign_in(database=database, staff_id=who[CLERK], pin=CLERK_PIN)
        now = datetime.now(UTC)
        sold_on = (now.astimezone(store.zone) - timedelta(days=3)).strftime("%Y%m%d")

        print("1. A return with the receipt; one item has been opened")
        receipt = pick_receipt(database, sold_on, clerk.staff_id)
        line = next(r for r in receipt.lines if r.category not in ("Grocery", "Gift Cards"))
        done = returns.complete_return(
            database=database,
            staff=clerk,
            request={
                "receipt_number": receipt.receipt_number,
                "lines": [
                    {
                        "sale_line_id": line.id,
                        "quantity": 1,
                        "condition": "opened",
                        "reason": "Does not fit the space",
                    },
                ],
                "card_reference": "AUTH-104233",
            },
        )
        print(f"  Receipt {receipt.receipt_number}, case {done.number}")
        show_decision(done.decision, [line.product_name])
        for paid in done.payments:
            print(
                f"  Refunded {money(paid.amount_cents)} to {paid.tender} "
                f"ending {paid.card_last4}, reference {paid.reference}"
            )

        print("\n2. A return without a receipt: store credit at the lowest recent price")
        done = returns.complete_return(
            database=database,
            staff=clerk,
            request={
                "lines": [
                    {
                        "barcode": demo_barcode(70),
                        "quantity": 1,
                        "condition": "unopened",
                        "reason": "Gift, not wanted",
                    },
                ],
                "customer": {"name": "Aoife Kelly", "phone": "+353 87 555 0199", "consent": True},
            },
        )
        print(f"  Case {done.number}")
        show_decision(done.decision, done.items)
        for paid in done.payments:
            voucher = paid.voucher
            if voucher is None:
                raise SystemExit("A no-receipt return should have given store credit.")
            print(
                f"  Voucher {voucher.code} for {money(voucher.initial_cents)}, "
                f"valid until {voucher.expires_on:%d %B %Y}"
            )

        print("\n3. An exchange: the new item costs more, the customer pays the difference")
        other = pick_receipt(database, (now - timedelta(days=5)).strftime("%Y%m%d"), clerk.staff_id)
        back = next(r for r in other.lines if r.category not in ("Grocery", "Gift Cards"))
        swapped = exchanges.complete_exchange(
            database=database,
            staff=clerk,
            request={
                "receipt_number": other.receipt_number,
                "lines_in": [
                    {
                        "sale_line_id": back.id,
                        "quantity": 1,
                        "condition": "unopened",
                        "reason": "Wrong colour",
                    }
                ],
                "lines_out": [{"barcode": demo_barcode(5), "quantity": 1}],
                "payment": {"tender": "card", "card_last4": "8817", "reference": "AUTH-104240"},
            },
        )
        print(f"  Receipt {other.receipt_number}, case {swapped.number}")
        show_decision(swapped.decision, [back.product_name])
        if swapped.decision.goods_out is not None:
            print(f"  New item: {swapped.decision.goods_out.format('en_IE')}")
        if swapped.to_pay_cents:
            print(f"  The customer pays {money(swapped.to_pay_cents)} by card")
        for paid in swapped.payments:
            if paid.kind == "refund":
                print(f"  Refunded {money(paid.amount_cents)} to {paid.tender}")

        print("\n4. A complaint, resolved at the counter with a voucher")
        opened = intake.open_case(
            database=database,
            staff=clerk,
            request={
                "case_type": "complaint",
                "summary": "Kettle lid broke after a week",
                "complaint": {
                    "category": "Product quality",
                    "severity": "medium",
                    "description": "The lid hinge snapped on the seventh day of use.",
                    "desired_outcome": "Something for the trouble",
                    "product_barcode": demo_barcode(63),
                },
            },
        )
        outcome = complaints.resolve_complaint(
            database=database,
            staff=clerk,
            case_ref=opened.id,
            request={
                "accommodation": "voucher",
                "amount": "10.00",
                "note": "Apologised; voucher for the trouble.",
                "first_contact": True,
            },
        )
        print(f"  Case {outcome.number}: {outcome.status.label}")
        print(f"  {outcome.accommodation}")
    finally:
        database.dispose()


if __name__ == "__main__":
    main()
