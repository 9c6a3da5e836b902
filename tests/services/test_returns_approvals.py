"""What the policy leaves to a manager: approvals with a PIN and a reason, and their limits.

Every refusal here must leave the store as it was (apart from a wrong PIN,
which counts towards the manager's lockout), and every approval must say who
approved what, for whom, and why.
"""

import json
import uuid
from datetime import timedelta
from typing import Any

import pytest

from counter_app.domain.return_decisions import Verdict
from counter_app.domain.staff import Role
from counter_app.domain.validation import InputError
from counter_app.services import returns
from counter_app.services.audit import verify_audit_chain
from counter_app.services.errors import (
    ApprovalRequiredError,
    NotFoundError,
    PermissionDeniedError,
    SignInRefusedError,
)
from counter_app.services.policy import save_policy
from counter_app.services.staff import LockoutRules, SignedIn, confirm_manager
from db.store.models import Sale, SaleLine, Staff

KETTLE_BARCODE = "2000000000015"
TOASTER_BARCODE = "2000000000022"
HEADPHONES_BARCODE = "2000000000039"
RECEIPT = "R-20260612-0001"
HEADPHONES_RECEIPT = "R-20260613-0021"
MANAGER_PIN, CLERK_PIN = "2468", "1357"
KETTLE_PAID_EACH = 2699
FOUR_HEADPHONES = 4 * 7999
PHONE = "+353 87 123 4567"
APPROVAL_REASON = "Long-standing customer; item checked at the counter."
RETURN_TABLES = ("payment", "storecredit", "caseoverride", "case_search", "policy")


# --------------------------------------------------------------------------- helpers


def kettle(**overrides: Any) -> dict[str, Any]:
    line: dict[str, Any] = {"barcode": KETTLE_BARCODE, "quantity": 1, "condition": "unopened"}
    line.update(overrides)
    return line


def receipted(*lines: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "receipt_number": RECEIPT,
        "lines": list(lines) or [kettle()],
        "card_reference": "AUTH-5531",
    }
    request.update(overrides)
    return request


def headphones_return(**overrides: Any) -> dict[str, Any]:
    """Four headphones at 79.99 by card: 319.96, above the 250.00 a clerk may refund."""
    line = {"barcode": HEADPHONES_BARCODE, "quantity": 4, "condition": "unopened"}
    return receipted(line, receipt_number=HEADPHONES_RECEIPT, **overrides)


def approval(seeded: Any, **overrides: Any) -> dict[str, Any]:
    given: dict[str, Any] = {
        "manager_id": str(seeded.manager.staff_id),
        "pin": MANAGER_PIN,
        "reason": APPROVAL_REASON,
    }
    given.update(overrides)
    return given


def customer(name: str = "Aoife Byrne", phone: str = PHONE, **more: Any) -> dict[str, Any]:
    return {"name": name, "phone": phone, "consent": True, **more}


def complete(seeded: Any, request: Any, *, staff: Any = None, now: Any = None) -> Any:
    return returns.complete_return(
        database=seeded.database,
        staff=staff or seeded.clerk,
        request=request,
        now=now or seeded.now,
    )


def everything(seeded: Any) -> dict[str, Any]:
    state = seeded.snapshot()
    for table in RETURN_TABLES:
        state[table] = seeded.count(table)
    return state


def without_staff_rows(state: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in state.items() if key != "staff_rows"}


def add_sale(
    seeded: Any,
    *,
    receipt: str,
    days_ago: float,
    lines: list[tuple[str, int, int]],
    tender: str = "card",
    card_last4: str | None = "4242",
    staff_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """A sale of (product key, quantity, unit price) lines, ``days_ago`` before the case."""
    with seeded.database.write() as session:
        sale = Sale(
            store_id=seeded.store.id,
            receipt_number=receipt,
            sold_at=seeded.now - timedelta(days=days_ago),
            total_cents=sum(quantity * unit for _, quantity, unit in lines),
            tender=tender,
            card_last4=card_last4,
            staff_id=staff_id,
        )
        session.add(sale)
        session.flush()
        for line_no, (key, quantity, unit) in enumerate(lines, start=1):
            session.add(
                SaleLine(
                    sale_id=sale.id,
                    line_no=line_no,
                    product_id=seeded.product_ids[key],
                    quantity=quantity,
                    unit_price_cents=unit,
                )
            )
        return sale.id


def add_headphones_sale(seeded: Any) -> None:
    add_sale(seeded, receipt=HEADPHONES_RECEIPT, days_ago=1, lines=[("headphones", 4, 7999)])


def overrides(seeded: Any) -> list[tuple[Any, ...]]:
    return seeded.sql(
        "SELECT o.kind, o.manager_id, o.clerk_id, o.reason, o.amount_cents, c.number "
        "FROM caseoverride o JOIN service_case c ON c.id = o.case_id ORDER BY o.created_at"
    )


def override_events(seeded: Any) -> list[tuple[Any, ...]]:
    return seeded.sql(
        "SELECT staff_id, case_id, details FROM auditevent "
        "WHERE action = 'case.override_approved' ORDER BY seq"
    )


def failed_attempts(seeded: Any, staff_id: uuid.UUID) -> int:
    [(attempts,)] = seeded.sql(
        "SELECT failed_pin_attempts FROM staff WHERE id = ?", (staff_id.hex,)
    )
    return int(attempts)


def line_reasons(seeded: Any, number: str) -> list[list[str]]:
    rows = seeded.sql(
        "SELECT l.decision_reasons FROM caseline l JOIN service_case c ON c.id = l.case_id "
        "WHERE c.number = ? ORDER BY l.line_no",
        (number,),
    )
    return [json.loads(text) for (text,) in rows]


def payment_rows(seeded: Any, number: str) -> list[tuple[Any, ...]]:
    return seeded.sql(
        "SELECT p.tender, p.amount_cents, p.card_last4 FROM payment p "
        "JOIN service_case c ON c.id = p.case_id WHERE c.number = ? ORDER BY p.tender",
        (number,),
    )


def update_staff(seeded: Any, staff_id: uuid.UUID, **values: Any) -> None:
    """Change a staff row behind the services' back, as head office's staff feed might."""
    with seeded.database.write() as session:
        row = session.get(Staff, staff_id)
        assert row is not None
        for name, value in values.items():
            setattr(row, name, value)
        session.add(row)


def limits_policy(seeded: Any) -> None:
    """Cash for a first no-receipt return, store credit for the second, a manager after."""
    save_policy(
        database=seeded.database,
        staff=seeded.manager,
        rules={
            "no_receipt": {
                "refund_tender": "cash",
                "store_credit_only_after": 1,
                "manager_after": 2,
            }
        },
        now=seeded.now - timedelta(days=1),
    )


# ----------------------------------------------------------------- above the clerk's limit


def test_refund_above_the_clerk_limit_needs_a_manager_and_says_why(seeded):
    add_headphones_sale(seeded)
    before = everything(seeded)

    with pytest.raises(ApprovalRequiredError) as needed:
        complete(seeded, headphones_return())

    message = str(needed.value)
    assert "A refund of €319.96 is above the €250.00 a clerk may give" in message
    assert message.startswith("A manager must approve this: ")
    assert message.endswith("Ask a manager for their PIN and write down why.")
    assert any("€319.96" in reason for reason in needed.value.reasons)
    assert everything(seeded) == before


def test_manager_approval_completes_and_records_who_approved_what(seeded):
    add_headphones_sale(seeded)

    done = complete(seeded, headphones_return(approval=approval(seeded)))

    assert done.approved_by == "Maeve Manager"
    assert done.decision.can_complete
    assert "Approved by a manager." in done.decision.reasons
    assert payment_rows(seeded, done.number) == [("card", FOUR_HEADPHONES, "4242")]
    assert overrides(seeded) == [
        (
            "approval",
            seeded.manager.staff_id.hex,
            seeded.clerk.staff_id.hex,
            APPROVAL_REASON,
            FOUR_HEADPHONES,
            done.number,
        )
    ]
    [(staff_id, case_id, details)] = override_events(seeded)
    assert staff_id == seeded.manager.staff_id.hex
    assert case_id == done.id.hex
    recorded = json.loads(details)
    assert recorded["reason"] == APPROVAL_REASON
    assert recorded["clerk_id"] == str(seeded.clerk.staff_id)
    assert recorded["amount_cents"] == FOUR_HEADPHONES
    assert MANAGER_PIN not in details
    [(completed_by,)] = seeded.sql(
        "SELECT staff_id FROM auditevent WHERE action = 'return.completed'"
    )
    assert completed_by == seeded.clerk.staff_id.hex  # the clerk did the return
    assert seeded.count("outbox") == seeded.count("auditevent")
    assert verify_audit_chain(database=seeded.database).intact


def test_wrong_manager_pin_is_refused_and_counts_towards_the_lockout(seeded):
    add_headphones_sale(seeded)
    before = everything(seeded)

    with pytest.raises(SignInRefusedError, match="Wrong PIN"):
        complete(seeded, headphones_return(approval=approval(seeded, pin="0000")))

    after = everything(seeded)
    assert failed_attempts(seeded, seeded.manager.staff_id) == 1
    assert without_staff_rows(after) == without_staff_rows(before)
    assert after["service_case"] == before["service_case"]
    assert after["payment"] == before["payment"]


def test_a_clerk_cannot_approve(seeded):
    add_headphones_sale(seeded)
    before = everything(seeded)

    with pytest.raises(PermissionDeniedError, match="Only a manager can approve a refund"):
        complete(
            seeded,
            headphones_return(
                approval=approval(seeded, manager_id=str(seeded.clerk.staff_id), pin=CLERK_PIN)
            ),
        )

    after = everything(seeded)
    for table in ("service_case", "caseline", "payment", "caseoverride", "case_search"):
        assert after[table] == before[table], table


def test_a_clerk_as_approver_leaves_no_trace(seeded):
    add_headphones_sale(seeded)
    before = everything(seeded)

    with pytest.raises(PermissionDeniedError):
        complete(
            seeded,
            headphones_return(
                approval=approval(seeded, manager_id=str(seeded.clerk.staff_id), pin=CLERK_PIN)
            ),
        )

    assert everything(seeded) == before


def test_a_demoted_manager_cannot_approve(seeded):
    add_headphones_sale(seeded)
    update_staff(seeded, seeded.manager.staff_id, role=Role.CLERK.value)
    with pytest.raises(PermissionDeniedError):
        complete(seeded, headphones_return(approval=approval(seeded)))
    assert seeded.count("service_case") == 0


def test_a_manager_no_longer_on_the_staff_cannot_approve(seeded):
    add_headphones_sale(seeded)
    update_staff(seeded, seeded.manager.staff_id, active=False)
    before = everything(seeded)
    with pytest.raises(NotFoundError, match="not on this store's active staff"):
        complete(seeded, headphones_return(approval=approval(seeded)))
    assert everything(seeded) == before


def test_a_clerk_no_longer_on_the_staff_cannot_return(seeded):
    update_staff(seeded, seeded.clerk.staff_id, active=False)
    before = everything(seeded)
    with pytest.raises(PermissionDeniedError, match="Sign in again"):
        complete(seeded, receipted())
    assert everything(seeded) == before


def test_approval_of_an_unknown_manager_id_is_refused(seeded):
    add_headphones_sale(seeded)
    with pytest.raises(NotFoundError):
        complete(seeded, headphones_return(approval=approval(seeded, manager_id=str(uuid.uuid4()))))
    assert seeded.count("service_case") == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"reason": ""}, "approval.reason"),
        ({"reason": "x" * 501}, "approval.reason"),
        ({"manager_id": "Maeve"}, "approval.manager_id"),
        ({"pin": "1" * 17}, "approval.pin"),
        ({"stamp": True}, "approval.stamp"),
    ],
)
def test_bad_approval_input_names_the_field(seeded, change, field):
    add_headphones_sale(seeded)
    before = everything(seeded)
    with pytest.raises(InputError) as refused:
        complete(seeded, headphones_return(approval=approval(seeded, **change)))
    assert field in [problem.field for problem in refused.value.problems]
    assert everything(seeded) == before


# --------------------------------------------------------------------------- other manager rules


def test_cash_refund_of_a_card_sale_needs_a_manager(seeded):
    before = everything(seeded)
    with pytest.raises(ApprovalRequiredError) as needed:
        complete(seeded, receipted(refund_tender="cash"))
    assert "Paid by card: a cash refund needs a manager." in str(needed.value)
    assert everything(seeded) == before

    done = complete(seeded, receipted(refund_tender="cash", approval=approval(seeded)))
    assert payment_rows(seeded, done.number) == [("cash", KETTLE_PAID_EACH, None)]
    assert [row[0] for row in overrides(seeded)] == ["approval"]


def test_store_credit_instead_of_the_card_needs_no_manager(seeded):
    done = complete(seeded, receipted(refund_tender="store_credit"))
    assert payment_rows(seeded, done.number) == [("store_credit", KETTLE_PAID_EACH, None)]
    assert overrides(seeded) == []


def test_cash_refund_above_the_cash_limit_needs_a_manager(seeded):
    add_sale(
        seeded,
        receipt="R-20260613-0030",
        days_ago=1,
        lines=[("toaster", 3, 4599)],
        tender="cash",
        card_last4=None,
    )
    request = receipted(
        {"barcode": TOASTER_BARCODE, "quantity": 3, "condition": "unopened"},
        receipt_number="R-20260613-0030",
    )
    with pytest.raises(ApprovalRequiredError) as needed:
        complete(seeded, request)
    assert "above the €100.00 cash limit" in str(needed.value)
    done = complete(seeded, {**request, "approval": approval(seeded)})
    assert payment_rows(seeded, done.number) == [("cash", 3 * 4599, None)]


def test_refund_by_the_clerk_who_made_the_sale_needs_a_manager(seeded):
    add_sale(
        seeded,
        receipt="R-20260613-0040",
        days_ago=1,
        lines=[("kettle", 1, 2999)],
        staff_id=seeded.clerk.staff_id,
    )
    request = receipted(receipt_number="R-20260613-0040")
    before = everything(seeded)
    with pytest.raises(ApprovalRequiredError) as needed:
        complete(seeded, request)
    assert "You made this sale: a manager must approve the refund." in str(needed.value)
    assert everything(seeded) == before

    # Another member of staff may refund it without a manager.
    other = SignedIn(seeded.manager.staff_id, seeded.store.id, "Maeve Manager", Role.MANAGER)
    preview = returns.preview_return(
        database=seeded.database, staff=other, request=request, now=seeded.now
    )
    assert preview.decision.can_complete

    done = complete(seeded, {**request, "approval": approval(seeded)})
    assert done.approved_by == "Maeve Manager"
    assert "Approved by a manager." in line_reasons(seeded, done.number)[0]


def test_a_manager_cannot_approve_the_refund_of_their_own_sale(seeded):
    add_sale(
        seeded,
        receipt=HEADPHONES_RECEIPT,
        days_ago=1,
        lines=[("headphones", 4, 7999)],
        staff_id=seeded.manager.staff_id,
    )
    request = {
        "receipt_number": HEADPHONES_RECEIPT,
        "lines": [{"barcode": HEADPHONES_BARCODE, "quantity": 4, "condition": "unopened"}],
    }
    before = everything(seeded)
    with pytest.raises(PermissionDeniedError, match="made this sale, so another manager"):
        complete(seeded, {**request, "approval": approval(seeded)})
    assert without_staff_rows(everything(seeded)) == without_staff_rows(before)


def test_return_past_the_window_is_refused_then_taken_back_as_goodwill(seeded):
    add_sale(seeded, receipt="R-20260501-0005", days_ago=44, lines=[("kettle", 1, 2999)])
    request = receipted(receipt_number="R-20260501-0005")
    before = everything(seeded)

    with pytest.raises(ApprovalRequiredError) as needed:
        complete(seeded, request)
    assert "Bought 44 days ago, past the 30-day return window." in str(needed.value)
    assert everything(seeded) == before

    done = complete(seeded, {**request, "approval": approval(seeded)})
    assert done.decision.lines[0].approved_by_manager
    assert done.decision.lines[0].refund.minor_units == 2999
    [reasons] = line_reasons(seeded, done.number)
    assert reasons[0] == "Bought 44 days ago, past the 30-day return window."
    assert "Accepted by a manager as goodwill." in reasons
    [(decision,)] = seeded.sql("SELECT decision FROM caseline")
    assert decision == Verdict.ALLOWED_WITH_CONDITIONS.value
    [(kind, manager_id, clerk_id, reason, amount, number)] = overrides(seeded)
    assert (kind, amount, number) == ("goodwill", 2999, done.number)
    assert (manager_id, clerk_id) == (seeded.manager.staff_id.hex, seeded.clerk.staff_id.hex)
    assert reason == APPROVAL_REASON
    [(staff_id, _, details)] = override_events(seeded)
    assert staff_id == seeded.manager.staff_id.hex
    assert json.loads(details)["kind"] == "goodwill"


def test_manager_can_waive_the_restocking_fee(seeded):
    opened = receipted(kettle(condition="opened"))
    assert complete(seeded, opened).decision.lines[0].refund.minor_units == 2429

    done = complete(seeded, {**opened, "approval": approval(seeded, waive_restocking_fees=True)})

    line = done.decision.lines[0]
    assert (line.restocking_fee.minor_units, line.refund.minor_units) == (0, KETTLE_PAID_EACH)
    assert "Restocking fee waived by a manager." in line_reasons(seeded, done.number)[0]
    [(fee, refund)] = seeded.sql(
        "SELECT l.restocking_fee_cents, l.refund_cents FROM caseline l "
        "JOIN service_case c ON c.id = l.case_id WHERE c.number = ?",
        (done.number,),
    )
    assert (fee, refund) == (0, KETTLE_PAID_EACH)
    assert payment_rows(seeded, done.number) == [("card", KETTLE_PAID_EACH, "4242")]
    [(kind, *_)] = overrides(seeded)
    assert kind == "goodwill"


def test_waiver_override_records_only_the_fee_let_through(seeded):
    done = complete(
        seeded,
        receipted(
            kettle(condition="opened"), approval=approval(seeded, waive_restocking_fees=True)
        ),
    )
    [(_, _, _, _, amount, number)] = overrides(seeded)
    assert number == done.number
    assert amount == 270


def test_waiving_fees_still_needs_the_right_pin(seeded):
    before = everything(seeded)
    with pytest.raises(SignInRefusedError):
        complete(
            seeded,
            receipted(
                kettle(condition="opened"),
                approval=approval(seeded, pin="9999", waive_restocking_fees=True),
            ),
        )
    assert without_staff_rows(everything(seeded)) == without_staff_rows(before)


def test_a_line_refused_for_its_quantity_cannot_be_approved(seeded):
    before = everything(seeded)
    with pytest.raises(InputError) as refused:
        complete(seeded, receipted(kettle(quantity=3), approval=approval(seeded)))
    assert "Only 2 were bought on receipt R-20260612-0001." in str(refused.value)
    after = everything(seeded)
    for table in ("service_case", "caseline", "payment", "caseoverride", "storecredit"):
        assert after[table] == before[table], table


def test_an_approved_return_refused_outright_saves_nothing(seeded):
    before = everything(seeded)
    with pytest.raises(InputError):
        complete(seeded, receipted(kettle(quantity=3), approval=approval(seeded)))
    assert everything(seeded) == before


# --------------------------------------------------------------------------- no-receipt limits


def no_receipt(customer_details: dict[str, Any] | None = None, **more: Any) -> dict[str, Any]:
    return {"lines": [kettle()], "customer": customer_details or customer(), **more}


def tender_or_refusal(seeded: Any, request: dict[str, Any]) -> str:
    """The tender the refund went back in, or the words of the refusal."""
    try:
        done = complete(seeded, request)
    except InputError as refused:
        return str(refused)
    return str(payment_rows(seeded, done.number)[0][0])


def test_no_receipt_limits_go_from_cash_to_store_credit_to_a_manager(seeded):
    limits_policy(seeded)

    first = complete(seeded, no_receipt(customer("Aoife Byrne")))
    assert payment_rows(seeded, first.number) == [("cash", KETTLE_PAID_EACH, None)]

    # The same person added again as a new record (same phone) still counts.
    second = complete(seeded, no_receipt(customer("A. Byrne")))
    assert payment_rows(seeded, second.number) == [("store_credit", KETTLE_PAID_EACH, None)]
    assert (
        "More than 1 no-receipt returns in 180 days: store credit only."
        in (line_reasons(seeded, second.number)[0])
    )

    before = everything(seeded)
    with pytest.raises(ApprovalRequiredError) as needed:
        complete(seeded, no_receipt(customer("Aoife B")))
    assert "no-receipt return number 3 in 180 days: a manager must approve" in str(needed.value)
    assert everything(seeded) == before

    third = complete(seeded, no_receipt(customer("Aoife B"), approval=approval(seeded)))
    assert payment_rows(seeded, third.number) == [("store_credit", KETTLE_PAID_EACH, None)]
    assert [row[0] for row in overrides(seeded)] == ["approval"]
    [(policy_version,)] = seeded.sql(
        "SELECT json_extract(payload, '$.data.policy_version') FROM outbox "
        "WHERE kind = 'return.completed' AND entity_id = ?",
        (str(third.id),),
    )
    assert policy_version == 1


def test_cash_asked_past_the_credit_only_limit_needs_a_manager(seeded):
    limits_policy(seeded)
    complete(seeded, no_receipt())
    with pytest.raises(ApprovalRequiredError) as needed:
        complete(seeded, no_receipt(refund_tender="cash"))
    assert "Only store credit is allowed here; cash needs a manager." in str(needed.value)


def test_the_same_email_in_any_case_counts_as_the_same_customer(seeded):
    limits_policy(seeded)
    complete(seeded, no_receipt(customer("Aoife", phone="", email="aoife@example.ie")))
    second = complete(seeded, no_receipt(customer("Aoife", phone="", email="AOIFE@Example.ie")))
    assert payment_rows(seeded, second.number)[0][0] == "store_credit"


def test_other_customers_and_receipted_returns_do_not_count(seeded):
    limits_policy(seeded)
    complete(seeded, receipted(customer=customer()))
    complete(seeded, no_receipt(customer("Niamh Walsh", phone="+353 86 555 0101")))
    done = complete(seeded, no_receipt(customer()))
    assert payment_rows(seeded, done.number) == [("cash", KETTLE_PAID_EACH, None)]


def test_no_receipt_returns_outside_the_window_do_not_count(seeded):
    limits_policy(seeded)
    long_ago = seeded.now - timedelta(days=181)
    complete(seeded, no_receipt(), now=long_ago)
    complete(seeded, no_receipt(customer("A. Byrne")), now=long_ago + timedelta(hours=1))
    done = complete(seeded, no_receipt())
    assert payment_rows(seeded, done.number) == [("cash", KETTLE_PAID_EACH, None)]


def test_picking_an_existing_record_still_counts_the_same_phone(seeded):
    limits_policy(seeded)
    complete(seeded, no_receipt(customer("Aoife Byrne")))
    complete(seeded, no_receipt(customer("A. Byrne")))
    [(newest,)] = seeded.sql("SELECT id FROM customer WHERE name = 'A. Byrne'")

    with pytest.raises(ApprovalRequiredError):
        complete(seeded, {"lines": [kettle()], "customer_id": str(uuid.UUID(newest))})


def test_the_same_phone_typed_differently_still_counts(seeded):
    limits_policy(seeded)
    complete(seeded, no_receipt(customer(phone="+353 87 123 4567")))
    done = complete(seeded, no_receipt(customer(phone="+353871234567")))
    assert payment_rows(seeded, done.number)[0][0] == "store_credit"


@pytest.mark.parametrize(
    ("first", "second"),
    [("087 123 4567", "+353 87 123 4567"), ("+353 87 123 4567", "00353 87-123-4567")],
)
def test_the_national_and_international_forms_are_one_phone(seeded, first, second):
    limits_policy(seeded)
    complete(seeded, no_receipt(customer(phone=first)))
    done = complete(seeded, no_receipt(customer(phone=second)))
    assert payment_rows(seeded, done.number)[0][0] == "store_credit"


def test_a_different_phone_is_a_different_customer(seeded):
    limits_policy(seeded)
    complete(seeded, no_receipt(customer(phone="+353 87 123 4567")))
    done = complete(seeded, no_receipt(customer(phone="+353 86 765 4321")))
    assert payment_rows(seeded, done.number)[0][0] == "cash"


def test_a_customer_given_by_name_alone_cannot_escape_the_limits(seeded):
    limits_policy(seeded)
    name_only = {"name": "Aoife Byrne", "consent": True}
    complete(seeded, no_receipt(name_only))
    outcome = tender_or_refusal(seeded, no_receipt(name_only))
    assert outcome == "store_credit"  # the second return under the same name was counted


# --------------------------------------------------------------------------- confirm_manager


def test_confirm_manager_answers_with_the_manager(seeded):
    person = confirm_manager(
        database=seeded.database,
        staff_id=seeded.manager.staff_id,
        pin=MANAGER_PIN,
        doing="approve a refund",
        now=seeded.now,
    )
    assert person == seeded.manager
    assert person.is_manager


def test_confirm_manager_refuses_a_clerk_with_the_task_in_words(seeded):
    with pytest.raises(PermissionDeniedError) as refused:
        confirm_manager(
            database=seeded.database,
            staff_id=seeded.clerk.staff_id,
            pin=CLERK_PIN,
            doing="approve a refund",
            now=seeded.now,
        )
    assert str(refused.value) == "Only a manager can approve a refund. Ask a manager to sign in."


def test_confirm_manager_locks_the_manager_out_after_too_many_wrong_pins(seeded):
    rules = LockoutRules(attempts=3, minutes=30)
    messages = []
    for _ in range(3):
        with pytest.raises(SignInRefusedError) as refused:
            confirm_manager(
                database=seeded.database,
                staff_id=seeded.manager.staff_id,
                pin="1111",
                doing="approve a refund",
                rules=rules,
                now=seeded.now,
            )
        messages.append(str(refused.value))
    assert messages[:2] == ["Wrong PIN. 2 tries left.", "Wrong PIN. 1 try left."]
    assert "locked out for 30 minutes" in messages[2]

    # Even the right PIN is refused while locked out, and an approval cannot go through.
    add_headphones_sale(seeded)
    with pytest.raises(SignInRefusedError, match="locked out until"):
        complete(seeded, headphones_return(approval=approval(seeded)))
    assert seeded.count("service_case") == 0
