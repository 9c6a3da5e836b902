"""Money as Decimal with its currency: exact sums, the currency's own minor unit.

Amounts are stored as integer minor units (cents) and never pass through a
float. Formatting and minor-unit sizes come from Babel's CLDR data, so JPY has
no decimals and KWD has three without a table of our own.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache

from babel.core import UnknownLocaleError
from babel.numbers import format_currency, get_currency_precision, is_currency

from counter_app.i18n import say

ROUNDING_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN}


class MoneyError(ValueError):
    """An amount or currency that cannot be money."""


@cache  # CLDR's data does not change while the app runs; every Money asks this
def minor_unit_digits(currency: str) -> int:
    """How many decimals ``currency`` uses (2 for EUR, 0 for JPY, 3 for KWD)."""
    if not is_currency(currency):
        raise MoneyError(
            say("{currency} is not a known currency code (use e.g. EUR, USD, GBP).").format(
                currency=repr(currency)
            )
        )
    return int(get_currency_precision(currency))


def _quantize(value: Decimal, digits: int, rounding: str) -> Decimal:
    """Round to ``digits`` decimals; refuse amounts too large to hold exactly."""
    try:
        return value.quantize(Decimal(1).scaleb(-digits), rounding=rounding)
    except InvalidOperation:
        raise MoneyError(
            say("{amount} is too large to be an amount of money.").format(amount=value)
        ) from None


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount in one currency, always at the currency's minor unit."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise MoneyError(say("Money takes a Decimal amount, never a float."))
        if not self.amount.is_finite():
            raise MoneyError(say("An amount must be a finite number."))
        digits = minor_unit_digits(self.currency)
        if self.amount != _quantize(self.amount, digits, ROUND_HALF_UP):
            raise MoneyError(
                say(
                    "{amount} has more decimals than {currency} allows ({digits}); "
                    "round it first with Money.of(..., rounding=...)."
                ).format(amount=self.amount, currency=self.currency, digits=digits)
            )

    @classmethod
    def of(
        cls, amount: Decimal | int | str, currency: str, *, rounding: str = "half_up"
    ) -> "Money":
        """Build money from a Decimal, int or text, rounded to the currency's minor unit."""
        if isinstance(amount, float):
            raise MoneyError(say("Money takes a Decimal, int or text amount, never a float."))
        try:
            value = Decimal(amount)
        except (InvalidOperation, ValueError) as error:
            raise MoneyError(
                say("{amount} is not an amount of money.").format(amount=repr(amount))
            ) from error
        if not value.is_finite():
            raise MoneyError(say("An amount must be a finite number."))
        digits = minor_unit_digits(currency)
        mode = ROUNDING_MODES.get(rounding)
        if mode is None:
            raise MoneyError(
                say("Unknown rounding {rounding}; use one of {modes}.").format(
                    rounding=repr(rounding), modes=sorted(ROUNDING_MODES)
                )
            )
        return cls(_quantize(value, digits, mode), currency)

    @classmethod
    def zero(cls, currency: str) -> "Money":
        """Nothing, in ``currency``."""
        return cls.of(0, currency)

    @classmethod
    def from_minor(cls, minor_units: int, currency: str) -> "Money":
        """Money from the integer minor units kept in the database."""
        if isinstance(minor_units, bool) or not isinstance(minor_units, int):
            raise MoneyError(say("Minor units must be a whole number."))
        return cls(Decimal(minor_units).scaleb(-minor_unit_digits(currency)), currency)

    @property
    def minor_units(self) -> int:
        """The amount as integer minor units (cents), for storage."""
        return int(self.amount.scaleb(minor_unit_digits(self.currency)))

    def _same_currency(self, other: "Money") -> None:
        if self.currency != other.currency:
            raise MoneyError(
                say("Cannot combine {currency} with {other}.").format(
                    currency=self.currency, other=other.currency
                )
            )

    def __add__(self, other: "Money") -> "Money":
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: "Money") -> "Money":
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> "Money":
        return Money(-self.amount, self.currency)

    def __lt__(self, other: "Money") -> bool:
        self._same_currency(other)
        return self.amount < other.amount

    def __le__(self, other: "Money") -> bool:
        self._same_currency(other)
        return self.amount <= other.amount

    def times(self, quantity: int) -> "Money":
        """This amount ``quantity`` times (a unit price times a line quantity)."""
        return Money(self.amount * quantity, self.currency)

    def percent(self, rate: Decimal, *, rounding: str = "half_up") -> "Money":
        """``rate`` percent of this amount, rounded to the minor unit (fees, tax)."""
        return Money.of(self.amount * rate / 100, self.currency, rounding=rounding)

    @property
    def is_negative(self) -> bool:
        """Below zero."""
        return self.amount < 0

    def format(self, locale: str = "en_IE") -> str:
        """The amount as the store's customers read it, e.g. ``€1,234.50`` or ``1.234,50 €``."""
        try:
            return str(format_currency(self.amount, self.currency, locale=locale))
        except (UnknownLocaleError, ValueError):
            return str(format_currency(self.amount, self.currency, locale="en"))

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"
