"""Complaints: categories from the policy, the facts at intake, what was given, who follows up."""

import json
import sqlite3
import uuid
from contextlib import closing
from datetime import date, timedelta
from decimal import Decimal

import pytest

from counter_app.domain.case_state import CaseStatus, CaseType, IllegalTransitionError
from counter_app.domain.validation import InputError
from counter_app.services import cases, intake
from counter_app.services.complaints import (
    EARLIER_CASES_SHOWN,
    assign_complaint,
    complaint_categories,
    intake_context,
    resolve_complaint,
)
from counter_app.services.errors import (
    ApprovalRequiredError,
    NotFoundError,
    PermissionDeniedError,
    SignInRefusedError,
)
from counter_app.services.policy import save_policy

KETTLE_BARCODE = "2000000000015"
TOASTER_BARCODE = "2000000000022"
MANAGER_PIN = "2468"
CLERK_PIN = "1357"
EXTRA_TABLES = ("payment", "storecredit", "caseoverride", "productfaultflag", "attachment")


def _state(seeded):
    """Everything a refused call must leave as it was."""
    state = seeded.snapshot()
    for table in EXTRA_TABLES:
        state[table] = seeded.count(table)
    state["complaints"] = seeded.sql(
        "SELECT case_id, category, accommodation, accommodation_kind, accommodation_cents, "
        "assignee_id, follow_up_on FROM complaintdetail ORDER BY case_id"
    )
    state["first_contact"] = seeded.sql("SELECT number, resolved_first_contact FROM service_case")
    return state


def _complaint(seeded, *, now=None, **overrides):
    request = seeded.complaint_request(**overrides)
    return intake.open_case(
        database=seeded.database, staff=seeded.clerk, request=request, now=now or seeded.now
    )


def _resolve(seeded, case_ref, staff=None, now=None, **request):
    return resolve_complaint(
        database=seeded.database,
        staff=staff or seeded.clerk,
        case_ref=case_ref,
        request=request,
        now=now or seeded.now,
    )


def _approval(seeded, pin=MANAGER_PIN, reason="Long-standing customer, kettle failed twice."):
    return {"approval": {"manager_id": seeded.manager.staff_id, "pin": pin, "reason": reason}}


def _outbox(seeded, kind):
    return [
        json.loads(payload)["data"]
        for (payload,) in seeded.sql(
            "SELECT payload FROM outbox WHERE kind = ? ORDER BY seq", (kind,)
        )
    ]


# --------------------------------------------------------------------------- categories


def test_a_category_is_matched_in_any_case_and_kept_as_configured(seeded):
    opened = _complaint(
        seeded,
        complaint={"category": "  product QUALITY ", "description": "Lid does not close."},
    )
    view = cases.get_case(database=seeded.database, case_ref=opened.id)
    assert view.complaint_category == "Product quality"
    [payload] = _outbox(seeded, "case.opened")
    assert payload["complaint"]["category"] == "Product quality"


def test_a_category_the_policy_does_not_list_is_refused_with_the_choices(seeded):
    before = _state(seeded)
    with pytest.raises(InputError) as refused:
        _complaint(seeded, complaint={"category": "Parking", "description": "No spaces left."})
    assert refused.value.problems[0].field == "complaint.category"
    assert str(refused.value) == (
        "There is no complaint category 'Parking'; choose one of: "
        "Product quality, Service, Delivery, Billing, Staff, Other."
    )
    assert _state(seeded) == before


def test_the_categories_are_configurable(seeded):
    save_policy(
        database=seeded.database,
        staff=seeded.manager,
        rules={"complaint_categories": ["Hygiene", "Parking"]},
        now=seeded.now - timedelta(hours=1),
    )
    assert complaint_categories(database=seeded.database) == ("Hygiene", "Parking")
    opened = _complaint(seeded, complaint={"category": "parking", "description": "No spaces."})
    assert cases.get_case(database=seeded.database, case_ref=opened.id).complaint_category == (
        "Parking"
    )
    with pytest.raises(InputError) as refused:
        _complaint(seeded)  # "Product quality" is no longer offered
    assert "choose one of: Hygiene, Parking." in str(refused.value)


def test_default_categories_are_offered_to_the_screen(seeded):
    assert complaint_categories(database=seeded.database) == (
        "Product quality",
        "Service",
        "Delivery",
        "Billing",
        "Staff",
        "Other",
    )


# --------------------------------------------------------------------------- intake context


def _customer_id(seeded):
    [(customer_id,)] = seeded.sql("SELECT id FROM customer")
    return uuid.UUID(customer_id)


def test_intake_shows_the_customers_earlier_cases_newest_first_and_capped(seeded):
    first = _complaint(
        seeded,
        customer={"name": "Aoife Kelly", "phone": "+353 87 123 4567", "consent": True},
        now=seeded.now - timedelta(days=40),
    )
    customer_id = _customer_id(seeded)
    opened = [first]
    for day in range(1, 12):
        opened.append(
            _complaint(seeded, customer_id=customer_id, now=seeded.now - timedelta(days=40 - day))
        )
    returned = intake.open_case(
        database=seeded.database,
        staff=seeded.clerk,
        request=seeded.return_request(customer_id=customer_id, summary=""),
        now=seeded.now,
    )
    _complaint(seeded)  # someone else's case is not shown

    context = intake_context(database=seeded.database, customer_id=customer_id, now=seeded.now)

    assert context.customer_cases_total == 13
    assert len(context.customer_cases) == EARLIER_CASES_SHOWN == 10
    newest = context.customer_cases[0]
    assert newest.id == returned.id
    assert newest.number == returned.number
    assert newest.case_type is CaseType.RETURN
    assert newest.status is CaseStatus.OPEN
    assert newest.opened_at == seeded.now
    assert newest.summary == "Kettle Classic Steel"  # no summary typed: what came back
    assert [case.id for case in context.customer_cases[1:]] == [
        case.id for case in reversed(opened[-9:])
    ]
    assert context.customer_cases[1].summary == "Kettle stopped working"
    assert context.product is None


def test_intake_shows_the_products_recent_complaints_and_returns(seeded):
    _complaint(seeded, now=seeded.now - timedelta(days=45))  # outside the 30 days
    request = seeded.complaint_request(summary="")
    request["complaint"]["product_barcode"] = KETTLE_BARCODE
    recent = intake.open_case(
        database=seeded.database,
        staff=seeded.clerk,
        request=request,
        now=seeded.now - timedelta(days=2),
    )
    returned = intake.open_case(
        database=seeded.database,
        staff=seeded.clerk,
        request=seeded.return_request(),
        now=seeded.now - timedelta(days=1),
    )

    context = intake_context(
        database=seeded.database, product_barcode=f" {KETTLE_BARCODE} ", now=seeded.now
    )

    product = context.product
    assert product is not None
    assert (product.name, product.sku) == ("Kettle Classic Steel", "SKU-KETTLE")
    assert (product.complaints, product.returns) == (1, 1)
    assert (product.window_days, product.flag_threshold, product.flagged) == (30, 3, False)
    assert [case.id for case in product.recent_cases] == [returned.id, recent.id]
    assert product.recent_cases[1].summary == (
        "Product quality: The kettle does not switch on any more."
    )
    assert context.customer_cases == ()
    assert context.customer_cases_total == 0


def test_intake_says_when_the_product_is_flagged(seeded):
    for _ in range(3):
        request = seeded.complaint_request()
        request["complaint"]["product_barcode"] = TOASTER_BARCODE
        intake.open_case(
            database=seeded.database, staff=seeded.clerk, request=request, now=seeded.now
        )
    context = intake_context(
        database=seeded.database, product_barcode=TOASTER_BARCODE, now=seeded.now
    )
    assert context.product is not None
    assert context.product.flagged
    assert context.product.complaints == 3


def test_intake_context_refuses_an_unknown_customer_or_barcode(seeded):
    with pytest.raises(NotFoundError) as customer:
        intake_context(database=seeded.database, customer_id=uuid.uuid4())
    assert str(customer.value) == "That customer is not in this store's records."
    with pytest.raises(NotFoundError) as product:
        intake_context(database=seeded.database, product_barcode="4006381333931")
    assert "No product with barcode 4006381333931" in str(product.value)


# --------------------------------------------------------------------------- resolving


def test_an_apology_resolves_the_complaint_at_first_contact(seeded):
    arrived = seeded.now - timedelta(minutes=12)
    opened = _complaint(seeded, arrived_at=arrived.isoformat())
    resolved_at = seeded.now + timedelta(minutes=8)

    outcome = _resolve(
        seeded,
        opened.number,
        now=resolved_at,
        accommodation="apology",
        note="Explained how to descale it.",
        first_contact=True,
    )

    assert outcome.number == opened.number
    assert outcome.status is CaseStatus.RESOLVED
    assert outcome.accommodation == "Apology"
    assert (outcome.amount_cents, outcome.voucher, outcome.refund) == (None, None, None)
    assert outcome.first_contact
    [(status, first, arrived_text, served, resolved)] = seeded.sql(
        "SELECT status, resolved_first_contact, arrived_at, served_at, resolved_at "
        "FROM service_case"
    )
    assert (status, first) == ("resolved", 1)
    # Waiting time (arrived -> served) and time to resolution (-> resolved) can be reported.
    assert arrived_text.startswith("2026-06-14 11:48:00")
    assert served.startswith("2026-06-14 12:00:00")
    assert resolved.startswith("2026-06-14 12:08:00")
    [(kind, cents, words)] = seeded.sql(
        "SELECT accommodation_kind, accommodation_cents, accommodation FROM complaintdetail"
    )
    assert (kind, cents, words) == ("apology", None, "Apology. Explained how to descale it.")
    # The note is searchable straight away.
    assert seeded.sql("SELECT count(*) FROM case_search WHERE case_search MATCH 'descale'") == [
        (1,)
    ]
    [payload] = _outbox(seeded, "complaint.resolved")
    assert payload["status"] == "resolved"
    assert payload["resolved_first_contact"] is True
    assert payload["complaint"]["accommodation_kind"] == "apology"
    assert payload["payments"] == []

    closed = cases.change_status(
        database=seeded.database,
        staff=seeded.clerk,
        case_ref=opened.id,
        target="closed",
        now=resolved_at + timedelta(days=1),
    )
    assert closed is CaseStatus.CLOSED
    assert seeded.sql("SELECT closed_at FROM service_case")[0][0].startswith("2026-06-15 12:08")


def test_a_voucher_is_issued_with_the_policys_validity(seeded):
    opened = _complaint(seeded, customer={"name": "Aoife Kelly", "consent": True})

    outcome = _resolve(seeded, opened.id, accommodation="voucher", amount="20.00")

    voucher = outcome.voucher
    assert voucher is not None
    assert voucher.initial_cents == voucher.balance_cents == 2000
    assert voucher.expires_on == date(2027, 6, 14)
    assert outcome.accommodation == f"Voucher {voucher.code} for €20.00, valid until 14 Jun 2027"
    assert (outcome.amount_cents, outcome.amount_text, outcome.currency) == (2000, "€20.00", "EUR")
    [(code, case_id, customer_id, initial)] = seeded.sql(
        "SELECT code, case_id, customer_id, initial_cents FROM storecredit"
    )
    assert (code, case_id, initial) == (voucher.code, opened.id.hex, 2000)
    assert customer_id == _customer_id(seeded).hex
    assert seeded.sql("SELECT accommodation_kind, accommodation_cents FROM complaintdetail") == [
        ("voucher", 2000)
    ]
    assert seeded.count("payment") == 0
    assert [p["code"] for p in _outbox(seeded, "voucher.issued")] == [voucher.code]
    assert _outbox(seeded, "complaint.resolved")[0]["voucher"]["code"] == voucher.code


def test_a_card_refund_keeps_only_the_last_four_digits_and_the_reference(seeded):
    opened = _complaint(seeded)
    outcome = _resolve(
        seeded,
        opened.id,
        accommodation="refund",
        amount=Decimal("45.99"),
        refund_tender="card",
        card_last4="4242",
        card_reference="AUTH-778812",
    )
    assert outcome.accommodation == "Refund of €45.99 to the card ending 4242"
    assert outcome.refund is not None
    assert (outcome.refund.tender, outcome.refund.amount_cents) == ("card", 4599)
    assert seeded.sql(
        "SELECT kind, tender, amount_cents, card_last4, reference, case_id FROM payment"
    ) == [("refund", "card", 4599, "4242", "AUTH-778812", opened.id.hex)]
    [payload] = _outbox(seeded, "complaint.resolved")
    assert payload["payments"][0]["card_last4"] == "4242"
    assert payload["payments"][0]["reference"] == "AUTH-778812"
    assert seeded.count("caseoverride") == 0  # under both limits: the clerk may give it


def test_a_whole_card_number_is_refused_and_never_stored(seeded):
    opened = _complaint(seeded)
    before = _state(seeded)
    with pytest.raises(InputError) as refused:
        _resolve(
            seeded,
            opened.id,
            accommodation="refund",
            amount="10",
            refund_tender="card",
            card_last4="4242 4242 4242 4242",
            card_reference="AUTH-1",
        )
    assert "only the last four digits" in str(refused.value)
    assert _state(seeded) == before
    written = seeded.sql("SELECT details FROM auditevent") + seeded.sql(
        "SELECT payload FROM outbox"
    )
    assert not any("4242424242424242" in row[0].replace(" ", "") for row in written)


@pytest.mark.parametrize(
    ("request_fields", "field", "message"),
    [
        pytest.param(
            {"accommodation": "voucher", "amount": 19.99},
            "amount",
            "Amount must be typed as an amount, like 19.99.",
            id="float",
        ),
        pytest.param(
            {"accommodation": "voucher", "amount": "12.345"},
            "amount",
            "Amount can have at most 2 decimals.",
            id="three-decimals",
        ),
        pytest.param(
            {"accommodation": "discount", "amount": "-5"},
            "amount",
            "Amount cannot be negative.",
            id="negative",
        ),
        pytest.param(
            {"accommodation": "voucher", "amount": "0"},
            "amount",
            "A voucher must be for more than nothing.",
            id="zero-voucher",
        ),
        pytest.param(
            {"accommodation": "refund", "amount": "abc", "refund_tender": "cash"},
            "amount",
            "Amount must be an amount, like 19.99.",
            id="not-a-number",
        ),
        pytest.param(
            {"accommodation": "voucher"}, "amount", "Enter the amount of the voucher.", id="none"
        ),
        pytest.param(
            {"accommodation": "apology", "amount": "5"},
            "amount",
            "An apology has no amount; choose discount, voucher or refund to give money.",
            id="apology-amount",
        ),
        pytest.param(
            {"accommodation": "refund", "amount": "5"},
            "refund_tender",
            "Choose how the refund is paid: cash or card.",
            id="refund-no-tender",
        ),
        pytest.param(
            {"accommodation": "voucher", "amount": "5", "refund_tender": "cash"},
            "refund_tender",
            "How the money is paid back only applies to a refund.",
            id="tender-not-refund",
        ),
        pytest.param(
            {"accommodation": "refund", "amount": "5", "refund_tender": "card"},
            "card_last4",
            "Enter the last four digits of the card the refund goes to.",
            id="card-no-digits",
        ),
        pytest.param(
            {
                "accommodation": "refund",
                "amount": "5",
                "refund_tender": "card",
                "card_last4": "4242",
            },
            "card_reference",
            "Enter the reference the card terminal gave for the refund.",
            id="card-no-reference",
        ),
        pytest.param(
            {
                "accommodation": "refund",
                "amount": "5",
                "refund_tender": "cash",
                "card_last4": "4242",
            },
            "card_last4",
            "Card digits and reference belong to a card refund only.",
            id="cash-with-card",
        ),
        pytest.param(
            {"accommodation": "repair", "resolve_now": False},
            "follow_up_on",
            "Set a follow-up date for a complaint kept open.",
            id="open-no-date",
        ),
        pytest.param(
            {
                "accommodation": "repair",
                "resolve_now": False,
                "follow_up_on": "2026-06-20",
                "first_contact": True,
            },
            "first_contact",
            "A complaint kept open was not resolved at first contact; "
            "untick first contact or resolve it now.",
            id="open-first-contact",
        ),
        pytest.param(
            {"accommodation": "repair", "follow_up_on": "2026-06-13"},
            "follow_up_on",
            "The follow-up date cannot be in the past.",
            id="past-follow-up",
        ),
        pytest.param(
            {"accommodation": "apology", "note": "fine\x1b[31m"},
            "note",
            "Note contains a control character",
            id="note-control",
        ),
        pytest.param(
            {"accommodation": "voucher", "amount": "5", "approval": {"pin": "2468"}},
            "approval.manager_id",
            "Manager id is required.",
            id="pin-without-manager",
        ),
        pytest.param(
            {"accommodation": "gift basket"},
            "accommodation",
            "Accommodation must be one of:",
            id="unknown-kind",
        ),
    ],
)
def test_a_wrong_resolution_is_refused_in_words_and_saves_nothing(
    seeded, request_fields, field, message
):
    opened = _complaint(seeded)
    before = _state(seeded)
    with pytest.raises(InputError) as refused:
        _resolve(seeded, opened.id, **request_fields)
    assert refused.value.problems[0].field == field
    assert message in str(refused.value)
    assert _state(seeded) == before


def test_a_cash_refund_over_the_cash_limit_needs_a_manager(seeded):
    opened = _complaint(seeded)
    before = _state(seeded)
    with pytest.raises(ApprovalRequiredError) as needed:
        _resolve(seeded, opened.id, accommodation="refund", amount="120", refund_tender="cash")
    assert needed.value.reasons == ("A cash refund above €100.00 needs a manager.",)
    assert "Ask a manager for their PIN" in str(needed.value)
    assert _state(seeded) == before

    outcome = _resolve(
        seeded,
        opened.id,
        accommodation="refund",
        amount="120",
        refund_tender="cash",
        **_approval(seeded),
    )

    assert outcome.approved_by == seeded.manager.staff_id
    assert outcome.accommodation == "Refund of €120.00 in cash"
    assert seeded.sql("SELECT tender, amount_cents, card_last4 FROM payment") == [
        ("cash", 12000, None)
    ]
    assert seeded.sql(
        "SELECT manager_id, clerk_id, kind, reason, amount_cents, case_id FROM caseoverride"
    ) == [
        (
            seeded.manager.staff_id.hex,
            seeded.clerk.staff_id.hex,
            "approval",
            "Long-standing customer, kettle failed twice.",
            12000,
            opened.id.hex,
        )
    ]
    [(staff_id,)] = seeded.sql(
        "SELECT staff_id FROM auditevent WHERE action = 'case.override_approved'"
    )
    assert staff_id == seeded.manager.staff_id.hex
    assert _outbox(seeded, "complaint.resolved")[0]["approved_by"] == str(seeded.manager.staff_id)


def test_refunds_and_vouchers_on_one_case_add_up_towards_the_manager_limit(seeded):
    opened = _complaint(seeded)
    _resolve(
        seeded,
        opened.id,
        accommodation="voucher",
        amount="200",
        resolve_now=False,
        follow_up_on="2026-06-20",
    )
    before = _state(seeded)
    with pytest.raises(ApprovalRequiredError) as needed:
        _resolve(
            seeded,
            opened.id,
            accommodation="refund",
            amount="60",
            refund_tender="card",
            card_last4="4242",
            card_reference="AUTH-2",
        )
    assert needed.value.reasons == (
        "Refunds and vouchers on this case would come to €260.00, "
        "more than the €250.00 a clerk may give.",
    )
    assert _state(seeded) == before


def test_a_wrong_manager_pin_saves_nothing_but_the_wrong_attempt(seeded):
    opened = _complaint(seeded)
    before = _state(seeded)
    with pytest.raises(SignInRefusedError) as refused:
        _resolve(
            seeded,
            opened.id,
            accommodation="voucher",
            amount="300",
            **_approval(seeded, pin="0000"),
        )
    assert "Wrong PIN" in str(refused.value)
    after = _state(seeded)
    [attempts] = [row[1] for row in after["staff_rows"] if row[0] == seeded.manager.name]
    assert attempts == 1  # the lockout counts it
    for key in (*EXTRA_TABLES, "complaints", "cases", "auditevent", "outbox"):
        assert after[key] == before[key], key


def test_a_clerk_cannot_approve(seeded):
    opened = _complaint(seeded)
    before = _state(seeded)
    with pytest.raises(PermissionDeniedError) as refused:
        _resolve(
            seeded,
            opened.id,
            accommodation="voucher",
            amount="300",
            approval={"manager_id": seeded.clerk.staff_id, "pin": CLERK_PIN, "reason": "I say so."},
        )
    assert "Only a manager can approve" in str(refused.value)
    after = _state(seeded)
    for key in (*EXTRA_TABLES, "complaints", "cases"):
        assert after[key] == before[key], key


def test_an_approval_needs_a_reason(seeded):
    opened = _complaint(seeded)
    before = _state(seeded)
    with pytest.raises(InputError) as refused:
        _resolve(
            seeded, opened.id, accommodation="voucher", amount="300", **_approval(seeded, reason="")
        )
    assert refused.value.problems[0].field == "approval.reason"
    assert str(refused.value) == "Reason for the approval is required."
    after = _state(seeded)
    for key in (*EXTRA_TABLES, "complaints", "cases"):
        assert after[key] == before[key], key


def test_an_approval_not_needed_records_no_override(seeded):
    opened = _complaint(seeded)
    outcome = _resolve(seeded, opened.id, accommodation="voucher", amount="10", **_approval(seeded))
    assert outcome.approved_by is None
    assert seeded.count("caseoverride") == 0


@pytest.mark.parametrize(
    ("kind", "amount", "words", "cents"),
    [
        ("discount", None, "Discount", None),
        ("discount", "5", "Discount of €5.00", 500),
        ("replacement", None, "Replacement", None),
        ("replacement", "29.99", "Replacement worth €29.99", 2999),
        ("repair", "0", "Repair worth €0.00", 0),
    ],
)
def test_other_accommodations_keep_their_kind_amount_and_words(seeded, kind, amount, words, cents):
    opened = _complaint(seeded)
    request = {"accommodation": kind, "note": "Done at the counter."}
    if amount is not None:
        request["amount"] = amount
    outcome = _resolve(seeded, opened.id, **request)
    assert outcome.accommodation == words
    assert seeded.sql(
        "SELECT accommodation_kind, accommodation_cents, accommodation FROM complaintdetail"
    ) == [(kind, cents, f"{words}. Done at the counter.")]
    assert seeded.count("payment") == seeded.count("storecredit") == 0


def test_a_complaint_kept_open_moves_to_in_progress_and_resolves_later(seeded):
    opened = _complaint(seeded)
    kept = _resolve(
        seeded,
        opened.id,
        accommodation="repair",
        note="Sent to the workshop.",
        resolve_now=False,
        follow_up_on="2026-06-21",
    )
    assert kept.status is CaseStatus.IN_PROGRESS
    assert kept.follow_up_on == date(2026, 6, 21)
    assert seeded.sql("SELECT status, resolved_at FROM service_case") == [("in_progress", None)]
    assert len(_outbox(seeded, "complaint.kept_open")) == 1

    later = seeded.now + timedelta(days=7)
    done = _resolve(seeded, opened.id, now=later, accommodation="replacement")
    assert done.status is CaseStatus.RESOLVED
    assert not done.first_contact
    [(status, resolved_at, first)] = seeded.sql(
        "SELECT status, resolved_at, resolved_first_contact FROM service_case"
    )
    assert (status, first) == ("resolved", 0)
    assert resolved_at.startswith("2026-06-21 12:00")


def test_a_resolved_complaint_cannot_be_resolved_again(seeded):
    opened = _complaint(seeded)
    _resolve(seeded, opened.id, accommodation="apology")
    before = _state(seeded)
    with pytest.raises(IllegalTransitionError) as refused:
        _resolve(seeded, opened.id, accommodation="voucher", amount="5")
    assert str(refused.value) == (
        f"Case {opened.number} is already resolved; reopen it before giving the customer "
        "anything more."
    )
    assert _state(seeded) == before


def test_only_a_complaint_can_be_resolved_here(seeded):
    returned = intake.open_case(
        database=seeded.database,
        staff=seeded.clerk,
        request=seeded.return_request(),
        now=seeded.now,
    )
    before = _state(seeded)
    with pytest.raises(InputError) as refused:
        _resolve(seeded, returned.number, accommodation="apology")
    assert str(refused.value) == f"Case {returned.number} is a return, not a complaint."
    with pytest.raises(NotFoundError):
        _resolve(seeded, "S012-20260614-0099", accommodation="apology")
    with pytest.raises(InputError) as typed:
        _resolve(seeded, "not a number", accommodation="apology")
    assert "is not a case number" in str(typed.value)
    assert _state(seeded) == before


def test_someone_taken_off_the_staff_cannot_resolve(seeded):
    opened = _complaint(seeded)
    with closing(sqlite3.connect(seeded.path)) as raw, raw:
        raw.execute("UPDATE staff SET active = 0 WHERE name = ?", (seeded.clerk.name,))
    before = _state(seeded)
    with pytest.raises(PermissionDeniedError):
        _resolve(seeded, opened.id, accommodation="apology")
    assert _state(seeded) == before


# --------------------------------------------------------------------------- follow-up


def test_a_complaint_is_assigned_with_a_follow_up_date(seeded):
    opened = _complaint(seeded)
    assigned = assign_complaint(
        database=seeded.database,
        staff=seeded.clerk,
        case_ref=opened.number,
        assignee_id=seeded.manager.staff_id,
        follow_up_on=date(2026, 6, 18),
        now=seeded.now,
    )
    assert assigned.assignee_name == "Maeve Manager"
    assert assigned.follow_up_on == date(2026, 6, 18)
    assert seeded.sql("SELECT assignee_id, follow_up_on FROM complaintdetail") == [
        (seeded.manager.staff_id.hex, "2026-06-18")
    ]
    [(details,)] = seeded.sql("SELECT details FROM auditevent WHERE action = 'complaint.assigned'")
    assert json.loads(details)["assignee_id"] == str(seeded.manager.staff_id)

    cleared = assign_complaint(
        database=seeded.database,
        staff=seeded.clerk,
        case_ref=opened.id,
        assignee_id=None,
        follow_up_on=None,
        now=seeded.now,
    )
    assert cleared.assignee_id is None
    assert seeded.sql("SELECT assignee_id, follow_up_on FROM complaintdetail") == [(None, None)]


def test_assigning_to_someone_not_on_the_staff_or_in_the_past_is_refused(seeded):
    opened = _complaint(seeded)
    with closing(sqlite3.connect(seeded.path)) as raw, raw:
        raw.execute("UPDATE staff SET active = 0 WHERE name = ?", (seeded.manager.name,))
    before = _state(seeded)
    for assignee in (uuid.uuid4(), seeded.manager.staff_id):
        with pytest.raises(NotFoundError) as missing:
            assign_complaint(
                database=seeded.database,
                staff=seeded.clerk,
                case_ref=opened.id,
                assignee_id=assignee,
                follow_up_on=None,
                now=seeded.now,
            )
        assert str(missing.value) == "That staff member is not on this store's active staff."
    with pytest.raises(InputError) as past:
        assign_complaint(
            database=seeded.database,
            staff=seeded.clerk,
            case_ref=opened.id,
            assignee_id=seeded.clerk.staff_id,
            follow_up_on=date(2026, 6, 1),
            now=seeded.now,
        )
    assert str(past.value) == "The follow-up date cannot be in the past."
    assert _state(seeded) == before


def test_a_closed_complaint_is_not_assigned(seeded):
    opened = _complaint(seeded)
    for target in ("resolved", "closed"):
        cases.change_status(
            database=seeded.database,
            staff=seeded.clerk,
            case_ref=opened.id,
            target=target,
            now=seeded.now,
        )
    before = _state(seeded)
    with pytest.raises(InputError) as refused:
        assign_complaint(
            database=seeded.database,
            staff=seeded.clerk,
            case_ref=opened.id,
            assignee_id=seeded.clerk.staff_id,
            follow_up_on=None,
            now=seeded.now,
        )
    assert str(refused.value) == f"Case {opened.number} is closed; reopen it to follow it up."
    assert _state(seeded) == before
