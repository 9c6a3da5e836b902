"""Exchanges: the policy on what comes back, the catalog price on what goes out, the difference."""

import sqlite3
from contextlib import closing
from typing import Any

import pytest

from counter_app.domain.validation import InputError
from counter_app.services.errors import ApprovalRequiredError, NotFoundError
from counter_app.services.exchanges import complete_exchange, preview_exchange
from counter_app.services.returns import complete_return
from counter_app.services.store_credit import find_voucher

# The seeded store's receipt and barcodes (tests/services/conftest.py).
KETTLE_BARCODE = "2000000000015"
TOASTER_BARCODE = "2000000000022"
HEADPHONES_BARCODE = "2000000000039"
RECEIPT = "R-20260612-0001"
Seeded = Any

KETTLE_IN = {"barcode": KETTLE_BARCODE, "quantity": 1, "condition": "unopened"}


def _exchange(seeded: Seeded, **overrides: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "receipt_number": RECEIPT,
        "lines_in": [KETTLE_IN],
        "lines_out": [{"barcode": KETTLE_BARCODE, "quantity": 1}],
    }
    request.update(overrides)
    return request


def _payments(seeded: Seeded, number: str) -> list[tuple[str, str, int, str | None]]:
    return [
        (kind, tender, amount, last4)
        for kind, tender, amount, last4 in seeded.sql(
            "SELECT p.kind, p.tender, p.amount_cents, p.card_last4 FROM payment p "
            "JOIN service_case c ON c.id = p.case_id WHERE c.number = ? "
            "ORDER BY p.kind, p.tender",
            (number,),
        )
    ]


def test_defective_kettle_for_a_new_one_is_an_even_exchange(seeded: Seeded) -> None:
    done = complete_exchange(
        database=seeded.database,
        staff=seeded.clerk,
        request=_exchange(
            seeded,
            lines_in=[{**KETTLE_IN, "condition": "defective", "reason": "Leaks"}],
            lines_out=[{"barcode": KETTLE_BARCODE, "quantity": 1}],
        ),
        now=seeded.now,
    )
    # The same kettle for the faulty one: even, though a new one costs 29.99 today.
    assert done.to_pay_cents == 0
    assert done.decision.net_refund.minor_units == 0
    assert _payments(seeded, done.number) == []
    lines = seeded.sql(
        "SELECT direction, quantity, unit_price_cents, disposition, refund_cents FROM caseline "
        "JOIN service_case c ON c.id = caseline.case_id WHERE c.number = ? ORDER BY line_no",
        (done.number,),
    )
    assert lines == [("in", 1, 2699, "return_to_vendor", 2699), ("out", 1, 2699, None, None)]


def test_difference_in_the_customers_favour_goes_back_to_the_card(seeded: Seeded) -> None:
    done = complete_exchange(
        database=seeded.database,
        staff=seeded.clerk,
        request=_exchange(
            seeded,
            lines_in=[{"barcode": TOASTER_BARCODE, "quantity": 1, "condition": "unopened"}],
            lines_out=[{"barcode": KETTLE_BARCODE, "quantity": 1}],
            card_reference="AUTH-7781",
        ),
        now=seeded.now,
    )
    # Toaster paid 45.99, kettle costs 29.99: 16.00 back to the card ending 4242.
    assert done.to_pay_cents == 0
    assert done.decision.net_refund.minor_units == 1600
    assert _payments(seeded, done.number) == [("refund", "card", 1600, "4242")]
    assert seeded.sql("SELECT reference FROM payment WHERE tender = 'card'") == [("AUTH-7781",)]


def test_the_difference_is_paid_from_a_voucher_first_then_by_card(seeded: Seeded) -> None:
    returned = complete_return(
        database=seeded.database,
        staff=seeded.clerk,
        request={
            "receipt_number": RECEIPT,
            "lines": [KETTLE_IN],
            "refund_tender": "store_credit",
        },
        now=seeded.now,
    )
    voucher = returned.payments[0].voucher
    assert voucher is not None
    assert voucher.balance_cents == 2699
    done = complete_exchange(
        database=seeded.database,
        staff=seeded.clerk,
        request=_exchange(
            seeded,
            lines_in=[{**KETTLE_IN, "condition": "opened"}],
            lines_out=[{"barcode": HEADPHONES_BARCODE, "quantity": 1}],
            payment={
                "voucher_code": voucher.code.lower().replace("-", ""),
                "tender": "card",
                "card_last4": "5555",
            },
        ),
        now=seeded.now,
    )
    # Second kettle back opened: 26.99 - 2.70 fee = 24.29; headphones 79.99: 55.70 to pay,
    # 26.99 of it from the voucher and 28.71 by card.
    assert done.to_pay_cents == 5570
    assert _payments(seeded, done.number) == [
        ("charge", "card", 2871, "5555"),
        ("charge", "store_credit", 2699, None),
    ]
    assert find_voucher(database=seeded.database, code=voucher.code).balance_cents == 0


def test_a_difference_to_pay_without_a_payment_is_refused_and_nothing_saved(
    seeded: Seeded,
) -> None:
    before = seeded.snapshot()
    with pytest.raises(InputError, match=r"cost .*more: take the difference"):
        complete_exchange(
            database=seeded.database,
            staff=seeded.clerk,
            request=_exchange(seeded, lines_out=[{"barcode": HEADPHONES_BARCODE, "quantity": 1}]),
            now=seeded.now,
        )
    assert seeded.snapshot() == before


def test_an_unknown_item_out_is_named(seeded: Seeded) -> None:
    with pytest.raises(InputError, match="New item 1: no product with barcode 999"):
        complete_exchange(
            database=seeded.database,
            staff=seeded.clerk,
            request=_exchange(seeded, lines_out=[{"barcode": "999", "quantity": 1}]),
            now=seeded.now,
        )


def test_an_unknown_voucher_is_refused_and_nothing_saved(seeded: Seeded) -> None:
    before = seeded.snapshot()
    with pytest.raises(NotFoundError, match="No voucher SC-"):
        complete_exchange(
            database=seeded.database,
            staff=seeded.clerk,
            request=_exchange(
                seeded,
                lines_out=[{"barcode": HEADPHONES_BARCODE, "quantity": 1}],
                payment={"voucher_code": "SC-00000-00000"},
            ),
            now=seeded.now,
        )
    assert seeded.snapshot() == before


def test_an_exchange_needs_an_item_each_way(seeded: Seeded) -> None:
    with pytest.raises(InputError) as refused:
        complete_exchange(
            database=seeded.database,
            staff=seeded.clerk,
            request=_exchange(seeded, lines_out=[]),
            now=seeded.now,
        )
    assert [problem.field for problem in refused.value.problems] == ["lines_out"]


def test_the_policy_applies_to_what_comes_back(seeded: Seeded) -> None:
    later = seeded.now.replace(month=8)
    plan = preview_exchange(
        database=seeded.database, staff=seeded.clerk, request=_exchange(seeded), now=later
    )
    assert plan.decision.lines[0].verdict.value == "refused"
    with pytest.raises(ApprovalRequiredError, match="past the 30-day return window"):
        complete_exchange(
            database=seeded.database, staff=seeded.clerk, request=_exchange(seeded), now=later
        )


def test_an_exchange_is_audited_and_searchable(seeded: Seeded) -> None:
    done = complete_exchange(
        database=seeded.database,
        staff=seeded.clerk,
        request=_exchange(
            seeded, summary="Wrong colour", lines_in=[{**KETTLE_IN, "condition": "opened"}]
        ),
        now=seeded.now,
    )
    actions = [row[0] for row in seeded.sql("SELECT action FROM auditevent ORDER BY seq")]
    assert actions[-2:] == ["exchange.completed", "stock.returned"]
    with closing(sqlite3.connect(seeded.path)) as raw:
        found = raw.execute(
            "SELECT c.number FROM case_search s JOIN service_case c ON c.rowid = s.rowid "
            "WHERE case_search MATCH 'colour'"
        ).fetchall()
    assert found == [(done.number,)]
