"""The store's written return policy, as data: versioned, edited by a manager, synced.

Fairness starts with a written policy applied the same way to everyone, so the
rules live here as one checked structure, never as ``if`` statements spread
through the screens. Amounts are Decimal in the store's currency; percentages
are Decimal too, so no rule ever passes through a float.
"""

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from counter_app.i18n import say, say_later

Condition = Literal["unopened", "opened", "damaged", "defective"]
CONDITIONS: tuple[Condition, ...] = ("unopened", "opened", "damaged", "defective")
_CONDITION_NAMES: dict[Condition, str] = {
    "unopened": say_later("unopened"),
    "opened": say_later("opened"),
    "damaged": say_later("damaged"),
    "defective": say_later("defective"),
}


def condition_name(condition: Condition) -> str:
    """The condition as a person reads it, in lower case ("opened"), in the language in force."""
    return say(_CONDITION_NAMES[condition])


Days = Annotated[int, Field(ge=0, le=3650)]
Amount = Annotated[Decimal, Field(ge=0, le=1_000_000, decimal_places=3, allow_inf_nan=False)]
Percent = Annotated[Decimal, Field(ge=0, le=100, decimal_places=2, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0, le=1000)]
RetentionMonths = Annotated[int, Field(ge=1, le=600)]
DEFAULT_RETENTION_MONTHS = 24


class _Rules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class ConditionRule(_Rules):
    """Whether an item in this condition is taken back, and the fee kept if so."""

    accepted: bool = True
    restocking_fee_percent: Percent = Decimal(0)


class NoReceiptRule(_Rules):
    """What a customer without a receipt gets, and how often."""

    allowed: bool = True
    refund_tender: Literal["store_credit", "cash"] = "store_credit"
    # Refund at the lowest price the item sold for in this many days (or its price now).
    price_lookback_days: Days = 90
    customer_required: bool = True
    limit_window_days: Annotated[int, Field(ge=1, le=3650)] = 180
    # Past this many no-receipt returns in the window: store credit only.
    store_credit_only_after: Count = 2
    # Past this many: a manager must approve.
    manager_after: Count = 3

    @model_validator(mode="after")
    def _limits_in_order(self) -> "NoReceiptRule":
        if self.manager_after < self.store_credit_only_after:
            raise ValueError(
                say(
                    "the manager limit for no-receipt returns cannot be below "
                    "the store-credit limit"
                )
            )
        return self


class RefundRule(_Rules):
    """How refunds are paid."""

    # A cash refund above this amount needs a manager.
    cash_limit: Amount = Decimal(100)
    # Paying back a card sale in cash (or a cash sale to a card) needs a manager.
    other_tender_needs_manager: bool = True


class FaultFlagRule(_Rules):
    """When repeated complaints or returns of one product flag a possible fault."""

    count: Annotated[int, Field(ge=2, le=1000)] = 3
    window_days: Annotated[int, Field(ge=1, le=365)] = 30


def _default_conditions() -> dict[Condition, ConditionRule]:
    return {
        "unopened": ConditionRule(),
        "opened": ConditionRule(restocking_fee_percent=Decimal(10)),
        "damaged": ConditionRule(restocking_fee_percent=Decimal(25)),
        "defective": ConditionRule(),
    }


class ReturnPolicy(_Rules):
    """Every rule the counter applies to returns and exchanges."""

    window_days: Days = 30
    category_window_days: dict[str, Days] = Field(default_factory=dict)
    receipt_required: bool = False
    no_receipt: NoReceiptRule = Field(default_factory=NoReceiptRule)
    non_returnable_categories: tuple[str, ...] = ("Gift Cards", "Grocery")
    conditions: dict[Condition, ConditionRule] = Field(default_factory=_default_conditions)
    # A case refunding more than this needs a manager.
    manager_approval_above: Amount = Decimal(250)
    # A refund given by the clerk who made the sale needs a manager.
    sale_clerk_needs_manager: bool = True
    refunds: RefundRule = Field(default_factory=RefundRule)
    voucher_valid_days: Annotated[int, Field(ge=1, le=3650)] = 365
    complaint_categories: tuple[str, ...] = (
        "Product quality",
        "Service",
        "Delivery",
        "Billing",
        "Staff",
        "Other",
    )
    fault_flag: FaultFlagRule = Field(default_factory=FaultFlagRule)
    # Customers' personal data is erased this many months after their last case closed;
    # None keeps it until a manager erases it (see counter_app.services.personal_data).
    personal_data_months: RetentionMonths | None = DEFAULT_RETENTION_MONTHS

    @field_validator("conditions")
    @classmethod
    def _every_condition(
        cls, value: dict[Condition, ConditionRule]
    ) -> dict[Condition, ConditionRule]:
        missing = [condition for condition in CONDITIONS if condition not in value]
        if missing:
            raise ValueError(
                say("a rule is needed for every condition; missing: {missing}").format(
                    missing=", ".join(missing)
                )
            )
        return value

    @field_validator("complaint_categories", "non_returnable_categories")
    @classmethod
    def _clean_names(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        names = tuple(name.strip() for name in value)
        if any(not name or len(name) > 60 for name in names):
            raise ValueError(say("each name must be 1 to 60 characters"))
        if not all(name.replace(" ", "").isprintable() for name in names):
            # A name with a control or invisible character could never be typed to match.
            raise ValueError(say("a name holds a control or invisible character; type it again"))
        if len({name.casefold() for name in names}) != len(names):
            raise ValueError(say("a name is listed twice"))
        return names

    @field_validator("category_window_days")
    @classmethod
    def _clean_window_names(cls, value: dict[str, int]) -> dict[str, int]:
        cleaned = {name.strip(): days for name, days in value.items()}
        if any(not name or len(name) > 60 for name in cleaned):
            raise ValueError(say("each category name must be 1 to 60 characters"))
        if not all(name.replace(" ", "").isprintable() for name in cleaned):
            raise ValueError(say("a name holds a control or invisible character; type it again"))
        if len({name.casefold() for name in cleaned}) != len(value):
            raise ValueError(say("a category is given two windows"))
        return cleaned

    @field_validator("complaint_categories")
    @classmethod
    def _some_categories(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError(say("list at least one complaint category"))
        return value

    def window_for(self, category: str) -> tuple[int, bool]:
        """The return window in days for ``category``, and whether it is the category's own."""
        for name, days in self.category_window_days.items():
            if name.casefold() == category.casefold():
                return days, True
        return self.window_days, False

    def is_returnable_category(self, category: str) -> bool:
        """Whether items of ``category`` may come back at all."""
        folded = category.casefold()
        return all(name.casefold() != folded for name in self.non_returnable_categories)

    def complaint_category(self, typed: str) -> str | None:
        """The configured complaint category matching ``typed`` (any case), if there is one."""
        folded = typed.strip().casefold()
        return next((name for name in self.complaint_categories if name.casefold() == folded), None)


DEFAULT_POLICY = ReturnPolicy()
