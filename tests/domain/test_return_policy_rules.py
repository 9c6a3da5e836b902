"""The written return policy as data: what it accepts, what it refuses, how it round-trips."""

import json
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from counter_app.domain.return_policy import (
    CONDITIONS,
    DEFAULT_POLICY,
    ConditionRule,
    NoReceiptRule,
    ReturnPolicy,
)


def _with(**changes: Any) -> dict[str, Any]:
    """The default policy as plain data, with ``changes`` on top (as a manager's edit)."""
    data: dict[str, Any] = json.loads(DEFAULT_POLICY.model_dump_json())
    data.update(changes)
    return data


def _error_text(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(str(problem["msg"]) for problem in error.value.errors())


# --------------------------------------------------------------------------- defaults


def test_default_policy_states_the_documented_rules() -> None:
    """The built-in policy is what a store gets before anyone edits it, so pin it down."""
    policy = DEFAULT_POLICY
    assert policy.window_days == 30
    assert policy.category_window_days == {}
    assert policy.receipt_required is False
    assert policy.non_returnable_categories == ("Gift Cards", "Grocery")
    assert policy.conditions["unopened"].restocking_fee_percent == 0
    assert policy.conditions["opened"].restocking_fee_percent == Decimal(10)
    assert policy.conditions["damaged"].restocking_fee_percent == Decimal(25)
    assert policy.conditions["defective"].restocking_fee_percent == 0
    assert all(policy.conditions[condition].accepted for condition in CONDITIONS)
    assert policy.manager_approval_above == Decimal(250)
    assert policy.refunds.cash_limit == Decimal(100)
    assert policy.no_receipt.refund_tender == "store_credit"
    assert policy.no_receipt.store_credit_only_after == 2
    assert policy.no_receipt.manager_after == 3


def test_default_policy_round_trips_through_json_unchanged() -> None:
    text = DEFAULT_POLICY.model_dump_json()
    again = ReturnPolicy.model_validate_json(text)
    assert again == DEFAULT_POLICY
    assert again.model_dump_json() == text


def test_edited_policy_round_trips_through_json_unchanged() -> None:
    policy = ReturnPolicy.model_validate(
        _with(
            window_days=14,
            category_window_days={"Electronics": 15, "Toys": 60},
            manager_approval_above="199.99",
            conditions={
                "unopened": {"accepted": True, "restocking_fee_percent": "0"},
                "opened": {"accepted": True, "restocking_fee_percent": "12.5"},
                "damaged": {"accepted": False, "restocking_fee_percent": "0"},
                "defective": {"accepted": True, "restocking_fee_percent": "0"},
            },
        )
    )
    assert ReturnPolicy.model_validate_json(policy.model_dump_json()) == policy


def test_policy_is_frozen() -> None:
    """A decision must be made from the rules as they were read, never from a mutated copy."""
    with pytest.raises(ValidationError):
        DEFAULT_POLICY.window_days = 90  # type: ignore[misc]


# --------------------------------------------------------------------------- amounts without floats


def test_amount_given_as_text_parses_to_the_exact_decimal() -> None:
    policy = ReturnPolicy.model_validate(
        _with(manager_approval_above="250.00", refunds={"cash_limit": "99.99"})
    )
    assert type(policy.manager_approval_above) is Decimal
    assert policy.manager_approval_above == Decimal("250.00")
    assert str(policy.manager_approval_above) == "250.00"
    assert type(policy.refunds.cash_limit) is Decimal
    assert str(policy.refunds.cash_limit) == "99.99"


def test_amount_in_json_text_parses_to_the_exact_decimal() -> None:
    data = _with(manager_approval_above="0.10")
    policy = ReturnPolicy.model_validate_json(json.dumps(data))
    assert type(policy.manager_approval_above) is Decimal
    assert str(policy.manager_approval_above) == "0.10"


def test_amount_given_as_a_json_number_is_not_widened_through_binary_float() -> None:
    """0.1 as a binary float is 0.1000000000000000055...; the policy must hold 0.1."""
    policy = ReturnPolicy.model_validate_json('{"manager_approval_above": 0.1}')
    assert policy.manager_approval_above == Decimal("0.1")


def test_percent_given_as_text_parses_to_the_exact_decimal() -> None:
    rule = ConditionRule.model_validate({"restocking_fee_percent": "12.5"})
    assert type(rule.restocking_fee_percent) is Decimal
    assert rule.restocking_fee_percent == Decimal("12.5")


# --------------------------------------------------------------------------- refused values


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"window_days": -1}, id="negative-window"),
        pytest.param({"window_days": 3651}, id="window-over-ten-years"),
        pytest.param({"category_window_days": {"Electronics": -5}}, id="negative-category-window"),
        pytest.param({"manager_approval_above": "-0.01"}, id="negative-manager-threshold"),
        pytest.param({"manager_approval_above": "1000000.01"}, id="threshold-too-large"),
        pytest.param({"manager_approval_above": "NaN"}, id="threshold-not-a-number"),
        pytest.param({"manager_approval_above": "Infinity"}, id="threshold-infinite"),
        pytest.param({"manager_approval_above": "250.0001"}, id="threshold-too-precise"),
        pytest.param({"manager_approval_above": "lots"}, id="threshold-text"),
        pytest.param({"refunds": {"cash_limit": "-1"}}, id="negative-cash-limit"),
        pytest.param({"voucher_valid_days": 0}, id="voucher-valid-zero-days"),
        pytest.param({"no_receipt": {"price_lookback_days": -1}}, id="negative-lookback"),
        pytest.param({"no_receipt": {"limit_window_days": 0}}, id="zero-limit-window"),
        pytest.param({"no_receipt": {"refund_tender": "card"}}, id="no-receipt-to-card"),
        pytest.param({"fault_flag": {"count": 1}}, id="fault-flag-on-one-report"),
        pytest.param({"window_day": 30}, id="misspelled-rule"),
        pytest.param({"no_receipt": {"allowd": False}}, id="misspelled-nested-rule"),
    ],
)
def test_bad_values_are_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        ReturnPolicy.model_validate(_with(**changes))


@pytest.mark.parametrize("percent", ["100.01", "101", "-0.01", "12.345", "NaN"])
def test_restocking_fee_percent_out_of_range_is_refused(percent: str) -> None:
    with pytest.raises(ValidationError):
        ConditionRule.model_validate({"restocking_fee_percent": percent})


@pytest.mark.parametrize("percent", ["0", "100", "99.99", "12.5"])
def test_restocking_fee_percent_in_range_is_kept(percent: str) -> None:
    rule = ConditionRule.model_validate({"restocking_fee_percent": percent})
    assert rule.restocking_fee_percent == Decimal(percent)


def test_manager_limit_below_store_credit_limit_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        NoReceiptRule(store_credit_only_after=3, manager_after=2)
    assert "manager limit for no-receipt returns cannot be below" in _error_text(error)


def test_manager_limit_equal_to_store_credit_limit_is_kept() -> None:
    rule = NoReceiptRule(store_credit_only_after=2, manager_after=2)
    assert (rule.store_credit_only_after, rule.manager_after) == (2, 2)


def test_missing_condition_is_refused_and_named() -> None:
    conditions = {
        "unopened": {"accepted": True},
        "opened": {"accepted": True, "restocking_fee_percent": "10"},
        "damaged": {"accepted": True, "restocking_fee_percent": "25"},
    }
    with pytest.raises(ValidationError) as error:
        ReturnPolicy.model_validate(_with(conditions=conditions))
    assert "missing: defective" in _error_text(error)


def test_unknown_condition_is_refused() -> None:
    conditions: dict[str, dict[str, bool]] = {
        condition: {"accepted": True} for condition in CONDITIONS
    }
    conditions["soaked"] = {"accepted": False}
    with pytest.raises(ValidationError):
        ReturnPolicy.model_validate(_with(conditions=conditions))


@pytest.mark.parametrize(
    "field",
    ["non_returnable_categories", "complaint_categories"],
    ids=["non-returnable", "complaint"],
)
def test_category_named_twice_in_any_case_is_refused(field: str) -> None:
    with pytest.raises(ValidationError) as error:
        ReturnPolicy.model_validate(_with(**{field: ["Grocery", " grocery "]}))
    assert "a name is listed twice" in _error_text(error)


@pytest.mark.parametrize("name", ["", "   ", "x" * 61])
def test_blank_or_overlong_category_name_is_refused(name: str) -> None:
    with pytest.raises(ValidationError) as error:
        ReturnPolicy.model_validate(_with(non_returnable_categories=["Grocery", name]))
    assert "1 to 60 characters" in _error_text(error)


def test_category_names_are_kept_without_surrounding_spaces() -> None:
    policy = ReturnPolicy.model_validate(_with(non_returnable_categories=["  Gift Cards "]))
    assert policy.non_returnable_categories == ("Gift Cards",)


def test_no_complaint_categories_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        ReturnPolicy.model_validate(_with(complaint_categories=[]))
    assert "at least one complaint category" in _error_text(error)


def test_category_window_named_twice_in_any_case_is_refused() -> None:
    with pytest.raises(ValidationError):
        ReturnPolicy.model_validate(
            _with(category_window_days={"Electronics": 14, "electronics": 60})
        )


def test_category_window_names_are_cleaned_like_other_category_names() -> None:
    with pytest.raises(ValidationError):
        ReturnPolicy.model_validate(_with(category_window_days={"  ": 14}))
    policy = ReturnPolicy.model_validate(_with(category_window_days={" Electronics ": 14}))
    assert policy.window_for("Electronics") == (14, True)


# --------------------------------------------------------------------------- lookups


def test_window_for_a_category_with_its_own_window_in_any_case() -> None:
    policy = ReturnPolicy(category_window_days={"Electronics": 14})
    assert policy.window_for("Electronics") == (14, True)
    assert policy.window_for("ELECTRONICS") == (14, True)
    assert policy.window_for("electronics") == (14, True)


def test_window_for_any_other_category_is_the_default() -> None:
    policy = ReturnPolicy(window_days=28, category_window_days={"Electronics": 14})
    assert policy.window_for("Toys") == (28, False)


@pytest.mark.parametrize("category", ["Gift Cards", "gift cards", "GROCERY", "grocery"])
def test_non_returnable_categories_match_in_any_case(category: str) -> None:
    assert DEFAULT_POLICY.is_returnable_category(category) is False


@pytest.mark.parametrize("category", ["Electronics", "Gift", "Groceries"])
def test_other_categories_are_returnable(category: str) -> None:
    assert DEFAULT_POLICY.is_returnable_category(category) is True


def test_complaint_category_matches_typed_text_in_any_case() -> None:
    assert DEFAULT_POLICY.complaint_category("  product QUALITY ") == "Product quality"
    assert DEFAULT_POLICY.complaint_category("Weather") is None
