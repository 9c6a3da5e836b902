"""The return policy in force: the default until a manager saves a version, then each version."""

import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from counter_app.domain.return_decisions import Verdict
from counter_app.domain.return_policy import DEFAULT_POLICY, ReturnPolicy
from counter_app.domain.staff import Role
from counter_app.domain.validation import InputError
from counter_app.services import returns
from counter_app.services.errors import ApprovalRequiredError, PermissionDeniedError
from counter_app.services.policy import current_policy, rules_as_data, save_policy
from counter_app.services.staff import SignedIn
from db.store.models import Staff

KETTLE_BARCODE = "2000000000015"
RECEIPT = "R-20260612-0001"


def kettle_return(condition: str = "unopened") -> dict[str, Any]:
    return {
        "receipt_number": RECEIPT,
        "lines": [{"barcode": KETTLE_BARCODE, "quantity": 1, "condition": condition}],
    }


def save(seeded: Any, rules: Any, *, staff: Any = None, now: Any = None) -> Any:
    return save_policy(
        database=seeded.database,
        staff=staff or seeded.manager,
        rules=rules,
        now=now or seeded.now,
    )


def policy_rows(seeded: Any) -> list[tuple[Any, ...]]:
    return seeded.sql("SELECT version, rules, created_by FROM policy ORDER BY version")


def state(seeded: Any) -> dict[str, Any]:
    snapshot = seeded.snapshot()
    snapshot["policy"] = policy_rows(seeded)
    return snapshot


def update_staff(seeded: Any, staff: SignedIn, **values: Any) -> None:
    with seeded.database.write() as session:
        row = session.get(Staff, staff.staff_id)
        assert row is not None
        for name, value in values.items():
            setattr(row, name, value)
        session.add(row)


# --------------------------------------------------------------------------- reading


def test_a_fresh_store_uses_the_default_as_version_0(seeded):
    policy = current_policy(database=seeded.database)
    assert policy.version == 0
    assert policy.rules == DEFAULT_POLICY
    assert policy.effective_from is None
    assert policy_rows(seeded) == []


# --------------------------------------------------------------------------- saving


def test_a_manager_saves_versions_1_then_2(seeded):
    first = save(seeded, {"window_days": 14})
    assert first.version == 1
    assert first.rules.window_days == 14
    assert first.effective_from == seeded.now
    assert current_policy(database=seeded.database) == first

    later = seeded.now + timedelta(hours=1)
    second = save(seeded, {"window_days": 21}, now=later)
    assert second.version == 2
    loaded = current_policy(database=seeded.database)
    assert (loaded.version, loaded.rules.window_days, loaded.effective_from) == (2, 21, later)

    rows = policy_rows(seeded)
    assert [version for version, _, _ in rows] == [1, 2]
    assert json.loads(rows[0][1])["window_days"] == 14  # version 1 is never changed
    assert {created_by for _, _, created_by in rows} == {seeded.manager.staff_id.hex}


def test_unnamed_rules_keep_their_defaults(seeded):
    saved = save(seeded, {"no_receipt": {"refund_tender": "cash"}})
    assert saved.rules.no_receipt.refund_tender == "cash"
    assert saved.rules.window_days == DEFAULT_POLICY.window_days
    assert saved.rules.conditions == DEFAULT_POLICY.conditions


def test_a_checked_policy_object_is_saved_as_is(seeded):
    rules = ReturnPolicy(window_days=60, manager_approval_above=Decimal("99.50"))
    saved = save(seeded, rules)
    assert current_policy(database=seeded.database).rules == rules
    assert saved.rules == rules


def test_saving_records_an_audit_event_and_sends_the_rules_without_floats(seeded):
    saved = save(seeded, {"manager_approval_above": "180.25"})

    [(staff_id, details)] = seeded.sql(
        "SELECT staff_id, details FROM auditevent WHERE action = 'policy.saved'"
    )
    assert staff_id == seeded.manager.staff_id.hex
    assert json.loads(details) == {"version": 1, "previous_version": 0}
    [(payload,)] = seeded.sql("SELECT payload FROM outbox WHERE kind = 'policy.saved'")
    data = json.loads(payload)["data"]
    assert data["version"] == saved.version == 1
    assert data["rules"] == rules_as_data(saved.rules)
    assert data["rules"]["manager_approval_above"] == "180.25"
    assert data["rules"]["conditions"]["opened"]["restocking_fee_percent"] == "10"
    assert ReturnPolicy.model_validate(data["rules"]) == saved.rules


def test_a_clerk_cannot_change_the_policy(seeded):
    before = state(seeded)
    with pytest.raises(PermissionDeniedError) as refused:
        save(seeded, {"window_days": 90}, staff=seeded.clerk)
    assert str(refused.value) == (
        "Only a manager can change the return policy. Ask a manager to sign in."
    )
    assert state(seeded) == before


def test_a_clerk_claiming_to_be_a_manager_is_refused(seeded):
    """The role that counts is the database's, not the one a screen holds."""
    pretending = SignedIn(seeded.clerk.staff_id, seeded.store.id, "Sam Clerk", Role.MANAGER)
    before = state(seeded)
    with pytest.raises(PermissionDeniedError):
        save(seeded, {"window_days": 90}, staff=pretending)
    assert state(seeded) == before


def test_a_demoted_manager_cannot_change_the_policy(seeded):
    update_staff(seeded, seeded.manager, role=Role.CLERK.value)
    before = state(seeded)
    with pytest.raises(PermissionDeniedError, match="Only a manager"):
        save(seeded, {"window_days": 90})
    assert state(seeded) == before


def test_a_manager_no_longer_on_the_staff_cannot_change_the_policy(seeded):
    update_staff(seeded, seeded.manager, active=False)
    before = state(seeded)
    with pytest.raises(PermissionDeniedError, match="Sign in again"):
        save(seeded, {"window_days": 90})
    assert state(seeded) == before


@pytest.mark.parametrize(
    ("rules", "field"),
    [
        ({"window_days": -1}, "window_days"),
        ({"window_days": 3651}, "window_days"),
        ({"window_days": "thirty"}, "window_days"),
        ({"windw_days": 30}, "windw_days"),
        ({"conditions": {"opened": {"restocking_fee_percent": 150}}}, "conditions"),
        (
            {
                "conditions": {
                    "unopened": {},
                    "opened": {"restocking_fee_percent": "150"},
                    "damaged": {},
                    "defective": {},
                }
            },
            "conditions.opened.restocking_fee_percent",
        ),
        ({"conditions": {"unopened": {}}}, "conditions"),
        ({"manager_approval_above": "-1"}, "manager_approval_above"),
        ({"manager_approval_above": "NaN"}, "manager_approval_above"),
        ({"manager_approval_above": "10.0001"}, "manager_approval_above"),
        ({"refunds": {"cash_limit": "2000000"}}, "refunds.cash_limit"),
        ({"no_receipt": {"refund_tender": "card"}}, "no_receipt.refund_tender"),
        ({"no_receipt": {"store_credit_only_after": 5, "manager_after": 2}}, "no_receipt"),
        ({"no_receipt": {"limit_window_days": 0}}, "no_receipt.limit_window_days"),
        ({"non_returnable_categories": ["Gift Cards", "gift cards"]}, "non_returnable_categories"),
        ({"complaint_categories": []}, "complaint_categories"),
        ({"voucher_valid_days": 0}, "voucher_valid_days"),
    ],
)
def test_bad_rules_are_refused_naming_the_field(seeded, rules, field):
    before = state(seeded)
    with pytest.raises(InputError) as refused:
        save(seeded, rules)
    fields = [problem.field for problem in refused.value.problems]
    assert any(name == field or name.startswith(field + ".") for name in fields), fields
    assert all(problem.message for problem in refused.value.problems)
    assert state(seeded) == before


def test_every_bad_rule_is_listed_at_once(seeded):
    with pytest.raises(InputError) as refused:
        save(seeded, {"window_days": -1, "voucher_valid_days": 0, "colour": "red"})
    assert sorted(problem.field for problem in refused.value.problems) == [
        "colour",
        "voucher_valid_days",
        "window_days",
    ]


# --------------------------------------------------------------------------- deciding by it


def test_a_one_day_window_refuses_the_two_day_old_kettle(seeded):
    assert returns.preview_return(
        database=seeded.database, staff=seeded.clerk, request=kettle_return(), now=seeded.now
    ).decision.can_complete

    save(seeded, {"window_days": 1})

    plan = returns.preview_return(
        database=seeded.database, staff=seeded.clerk, request=kettle_return(), now=seeded.now
    )
    assert plan.policy_version == 1
    assert plan.decision.lines[0].verdict is Verdict.REFUSED
    assert plan.decision.lines[0].reasons[0] == "Bought 2 days ago, past the 1-day return window."
    before = state(seeded)
    with pytest.raises(ApprovalRequiredError, match="past the 1-day return window"):
        returns.complete_return(
            database=seeded.database, staff=seeded.clerk, request=kettle_return(), now=seeded.now
        )
    assert state(seeded) == before


def test_a_saved_fee_changes_the_refund_and_the_version_is_sent(seeded):
    rules = rules_as_data(DEFAULT_POLICY)
    rules["conditions"]["opened"]["restocking_fee_percent"] = "20"
    save(seeded, rules)
    save(seeded, rules)  # saved twice: still a new version each time

    done = returns.complete_return(
        database=seeded.database,
        staff=seeded.clerk,
        request=kettle_return("opened"),
        now=seeded.now,
    )
    line = done.decision.lines[0]
    assert (line.restocking_fee.minor_units, line.refund.minor_units) == (540, 2159)
    [(version,)] = seeded.sql(
        "SELECT json_extract(payload, '$.data.policy_version') FROM outbox "
        "WHERE kind = 'return.completed'"
    )
    assert version == 2


def test_a_category_window_applies_to_its_category_only(seeded):
    save(seeded, {"window_days": 1, "category_window_days": {"home & kitchen": 7}})
    plan = returns.preview_return(
        database=seeded.database, staff=seeded.clerk, request=kettle_return(), now=seeded.now
    )
    assert plan.decision.can_complete
    assert "within the 7-day window for Home & Kitchen" in plan.decision.lines[0].reasons[0]
