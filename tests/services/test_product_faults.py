"""Repeated complaints or returns of one product flag it for the manager, once, until cleared."""

import json
import sqlite3
import uuid
from contextlib import closing
from datetime import timedelta

import pytest

from counter_app.domain.validation import InputError
from counter_app.services import intake
from counter_app.services.errors import NotFoundError, PermissionDeniedError
from counter_app.services.policy import save_policy
from counter_app.services.product_faults import (
    check_product_faults,
    clear_fault_flag,
    open_fault_flags,
)
from counter_app.services.store_setup import load_store

KETTLE_BARCODE = "2000000000015"
TOASTER_BARCODE = "2000000000022"


def _complain(seeded, *, barcode=KETTLE_BARCODE, now=None, **complaint):
    request = seeded.complaint_request()
    request["complaint"]["product_barcode"] = barcode
    request["complaint"].update(complaint)
    return intake.open_case(
        database=seeded.database, staff=seeded.clerk, request=request, now=now or seeded.now
    )


def _return_kettle(seeded, now=None, lines=None):
    request = seeded.return_request(receipt_number=None)
    if lines is not None:
        request["lines"] = lines
    return intake.open_case(
        database=seeded.database, staff=seeded.clerk, request=request, now=now or seeded.now
    )


def _flags(seeded):
    return seeded.sql(
        "SELECT product_id, case_id, complaints, returns, window_days, cleared_at, cleared_by "
        "FROM productfaultflag ORDER BY raised_at"
    )


def _state(seeded):
    state = seeded.snapshot()
    state["flags"] = _flags(seeded)
    return state


# --------------------------------------------------------------------------- raising


def test_the_third_complaint_in_the_window_flags_the_product(seeded):
    first = _complain(seeded, now=seeded.now - timedelta(days=20))
    second = _complain(seeded, now=seeded.now - timedelta(days=3))
    assert first.fault_flags == second.fault_flags == ()
    assert _flags(seeded) == []

    third = _complain(seeded)

    [flag] = third.fault_flags
    assert flag.product_id == seeded.product_ids["kettle"]
    assert (flag.product_name, flag.sku) == ("Kettle Classic Steel", "SKU-KETTLE")
    assert (flag.complaints, flag.returns, flag.window_days) == (3, 0, 30)
    assert flag.case_id == third.id
    assert flag.case_number == third.number
    assert flag.raised_at == seeded.now
    assert flag.cleared_at is None
    assert (
        flag.explanation
        == "Kettle Classic Steel (SKU-KETTLE): 3 complaints and 0 returns in 30 days."
    )
    assert _flags(seeded) == [
        (seeded.product_ids["kettle"].hex, third.id.hex, 3, 0, 30, None, None)
    ]

    [(entity_id, case_id, staff_id, details)] = seeded.sql(
        "SELECT entity_id, case_id, staff_id, details FROM auditevent "
        "WHERE action = 'product.fault_flagged'"
    )
    assert entity_id == str(flag.id)
    assert case_id == third.id.hex
    assert staff_id == seeded.clerk.staff_id.hex
    assert json.loads(details)["threshold"] == 3
    [(payload,)] = seeded.sql("SELECT payload FROM outbox WHERE kind = 'product.fault_flagged'")
    data = json.loads(payload)["data"]
    assert data["product_id"] == str(seeded.product_ids["kettle"])
    assert data["case_id"] == str(third.id)
    assert (data["complaints"], data["returns"], data["window_days"]) == (3, 0, 30)


def test_complaints_and_returns_count_together(seeded):
    _complain(seeded)
    _return_kettle(seeded)
    exchanged = intake.open_case(
        database=seeded.database,
        staff=seeded.clerk,
        request=seeded.exchange_request(),
        now=seeded.now,
    )
    [flag] = exchanged.fault_flags
    assert (flag.complaints, flag.returns) == (1, 2)
    assert flag.case_id == exchanged.id


def test_an_item_going_out_in_an_exchange_does_not_count(seeded):
    # The toaster goes out in each exchange; only the kettle comes back.
    for _ in range(3):
        intake.open_case(
            database=seeded.database,
            staff=seeded.clerk,
            request=seeded.exchange_request(),
            now=seeded.now,
        )
    assert [row[0] for row in _flags(seeded)] == [seeded.product_ids["kettle"].hex]


def test_a_return_with_two_lines_of_the_product_counts_once(seeded):
    line = {"direction": "in", "barcode": KETTLE_BARCODE, "quantity": 1, "condition": "opened"}
    _return_kettle(seeded, lines=[line, line])
    second = _complain(seeded)
    assert second.fault_flags == ()  # one return case + one complaint: two customers, not three
    third = _complain(seeded)
    assert [(f.complaints, f.returns) for f in third.fault_flags] == [(2, 1)]


def test_complaints_before_the_window_do_not_count(seeded):
    _complain(seeded, now=seeded.now - timedelta(days=31))
    _complain(seeded, now=seeded.now - timedelta(days=1))
    assert _complain(seeded).fault_flags == ()  # only two of the three are within 30 days
    assert _flags(seeded) == []


def test_a_complaint_just_inside_the_window_counts(seeded):
    _complain(seeded, now=seeded.now - timedelta(days=29))
    _complain(seeded, now=seeded.now - timedelta(days=1))
    assert [flag.complaints for flag in _complain(seeded).fault_flags] == [3]


def test_the_count_and_window_come_from_the_policy(seeded):
    save_policy(
        database=seeded.database,
        staff=seeded.manager,
        rules={"fault_flag": {"count": 2, "window_days": 7}},
        now=seeded.now - timedelta(days=30),
    )
    _complain(seeded, barcode=TOASTER_BARCODE, now=seeded.now - timedelta(days=8))
    assert _complain(seeded, barcode=TOASTER_BARCODE).fault_flags == ()

    flagged = _complain(seeded, barcode=TOASTER_BARCODE, now=seeded.now + timedelta(hours=1))
    assert [(f.complaints, f.returns, f.window_days) for f in flagged.fault_flags] == [(2, 0, 7)]


def test_a_product_already_flagged_is_not_flagged_again(seeded):
    for _ in range(3):
        _complain(seeded)
    fourth = _complain(seeded)
    fifth = _return_kettle(seeded)
    assert fourth.fault_flags == fifth.fault_flags == ()
    assert len(_flags(seeded)) == 1
    assert seeded.count("auditevent WHERE action = 'product.fault_flagged'") == 1


def test_other_products_are_not_flagged_by_the_kettle(seeded):
    for _ in range(3):
        _complain(seeded)
    _complain(seeded, barcode=TOASTER_BARCODE)
    assert [row[0] for row in _flags(seeded)] == [seeded.product_ids["kettle"].hex]


def test_a_refused_case_raises_no_flag(seeded):
    _complain(seeded)
    _complain(seeded)
    before = _state(seeded)
    with pytest.raises(InputError) as refused:
        _complain(seeded, follow_up_on="2026-06-01")
    assert "follow-up date cannot be in the past" in str(refused.value)
    assert _state(seeded) == before


def test_the_check_runs_inside_a_callers_unit_of_work(seeded):
    """The returns service calls the check in its own unit of work: the flag goes with it."""
    cases = [_complain(seeded) for _ in range(2)]
    save_policy(
        database=seeded.database,
        staff=seeded.manager,
        rules={"fault_flag": {"count": 2, "window_days": 30}},
        now=seeded.now,
    )

    def check(session):
        return check_product_faults(
            session,
            store=load_store(session),
            product_ids=[seeded.product_ids["kettle"], seeded.product_ids["kettle"]],
            case_id=cases[-1].id,
            staff_id=seeded.clerk.staff_id,
            now=seeded.now,
        )

    raised_before_failing = []

    def fail_after_check():
        with seeded.database.write() as session:
            raised_before_failing.extend(check(session))
            raise RuntimeError("the caller failed after the check")

    before = _state(seeded)
    with pytest.raises(RuntimeError):
        fail_after_check()
    assert [flag.complaints for flag in raised_before_failing] == [2]
    assert _state(seeded) == before

    with seeded.database.write() as session:
        assert check(session) != []
        assert check(session) == []  # flagged already, within the same unit of work
    assert len(_flags(seeded)) == 1


# --------------------------------------------------------------------------- the manager's list


def test_open_flags_are_listed_newest_first(seeded):
    for _ in range(3):
        _complain(seeded, now=seeded.now - timedelta(hours=2))
    for _ in range(3):
        _complain(seeded, barcode=TOASTER_BARCODE)
    listed = open_fault_flags(database=seeded.database)
    assert [flag.sku for flag in listed] == ["SKU-TOASTER", "SKU-KETTLE"]
    assert all(flag.case_number.startswith("S012-2026061") for flag in listed)


def test_a_manager_clears_a_flag_with_a_note(seeded):
    for _ in range(3):
        _complain(seeded)
    [flag] = open_fault_flags(database=seeded.database)
    later = seeded.now + timedelta(hours=2)

    cleared = clear_fault_flag(
        database=seeded.database,
        staff=seeded.manager,
        flag_id=flag.id,
        note="Batch 42 had a loose switch; supplier told.",
        now=later,
    )

    assert cleared.cleared_at == later
    assert cleared.cleared_by == seeded.manager.staff_id
    assert open_fault_flags(database=seeded.database) == []
    [(staff_id, details)] = seeded.sql(
        "SELECT staff_id, details FROM auditevent WHERE action = 'product.fault_cleared'"
    )
    assert staff_id == seeded.manager.staff_id.hex
    assert json.loads(details)["note"] == "Batch 42 had a loose switch; supplier told."
    [(payload,)] = seeded.sql("SELECT payload FROM outbox WHERE kind = 'product.fault_cleared'")
    assert json.loads(payload)["data"]["cleared_by"] == str(seeded.manager.staff_id)

    with pytest.raises(InputError) as again:
        clear_fault_flag(
            database=seeded.database, staff=seeded.manager, flag_id=flag.id, note="x", now=later
        )
    assert str(again.value) == "This flag was already cleared on 14 Jun 2026 by Maeve Manager."


def test_after_clearing_only_new_cases_count(seeded):
    for _ in range(3):
        _complain(seeded)
    [flag] = open_fault_flags(database=seeded.database)
    clear_fault_flag(
        database=seeded.database,
        staff=seeded.manager,
        flag_id=flag.id,
        note="Checked the stock: fine.",
        now=seeded.now + timedelta(minutes=10),
    )
    later = seeded.now + timedelta(minutes=20)
    assert _complain(seeded, now=later).fault_flags == ()
    assert _complain(seeded, now=later).fault_flags == ()
    [new_flag] = _complain(seeded, now=later).fault_flags
    assert new_flag.complaints == 3
    assert [flag.id for flag in open_fault_flags(database=seeded.database)] == [new_flag.id]


@pytest.mark.parametrize(
    ("who", "note", "error", "words"),
    [
        ("clerk", "Looked at it.", PermissionDeniedError, "Only a manager can clear"),
        ("manager", "   ", InputError, "What you found is required."),
        ("manager", "bad\x00note", InputError, "control character"),
    ],
)
def test_clearing_is_refused_for_a_clerk_or_without_a_note(seeded, who, note, error, words):
    for _ in range(3):
        _complain(seeded)
    [flag] = open_fault_flags(database=seeded.database)
    before = _state(seeded)
    with pytest.raises(error) as refused:
        clear_fault_flag(
            database=seeded.database,
            staff=getattr(seeded, who),
            flag_id=flag.id,
            note=note,
            now=seeded.now,
        )
    assert words in str(refused.value)
    assert _state(seeded) == before


def test_a_manager_demoted_since_signing_in_cannot_clear(seeded):
    for _ in range(3):
        _complain(seeded)
    [flag] = open_fault_flags(database=seeded.database)
    with closing(sqlite3.connect(seeded.path)) as raw, raw:
        raw.execute("UPDATE staff SET role = 'clerk' WHERE name = ?", (seeded.manager.name,))
    before = _state(seeded)
    with pytest.raises(PermissionDeniedError):
        clear_fault_flag(
            database=seeded.database,
            staff=seeded.manager,
            flag_id=flag.id,
            note="Looked.",
            now=seeded.now,
        )
    assert _state(seeded) == before


def test_clearing_an_unknown_flag_is_not_found(seeded):
    with pytest.raises(NotFoundError) as missing:
        clear_fault_flag(
            database=seeded.database,
            staff=seeded.manager,
            flag_id=uuid.uuid4(),
            note="Looked.",
            now=seeded.now,
        )
    assert "not in this store's records" in str(missing.value)
