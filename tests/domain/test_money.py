from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.domain.money import Money, MoneyError, minor_unit_digits

# No example database: failing examples are not saved between runs.
quick = settings(database=None, deadline=None)

CURRENCY_DIGITS = {"EUR": 2, "JPY": 0, "KWD": 3}
currencies = st.sampled_from(sorted(CURRENCY_DIGITS))
# Realistic amounts: up to ten trillion major units, far below Decimal's 28-digit precision.
minor_amounts = st.integers(min_value=-(10**16), max_value=10**16)


# --------------------------------------------------------------------------- construction


@pytest.mark.parametrize(("currency", "digits"), sorted(CURRENCY_DIGITS.items()))
def test_minor_unit_digits_come_from_cldr(currency: str, digits: int) -> None:
    assert minor_unit_digits(currency) == digits


@pytest.mark.parametrize("currency", ["XYZ", "eur", "", "EURO"])
def test_unknown_currency_is_refused(currency: str) -> None:
    with pytest.raises(MoneyError, match="not a known currency code"):
        Money.of("1", currency)


def test_constructor_refuses_float() -> None:
    with pytest.raises(MoneyError, match="never a float"):
        Money(19.99, "EUR")  # type: ignore[arg-type]


def test_of_refuses_float() -> None:
    with pytest.raises(MoneyError, match="never a float"):
        Money.of(19.99, "EUR")  # type: ignore[arg-type]


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "-Infinity", "sNaN"])
def test_non_finite_amounts_are_refused(amount: str) -> None:
    with pytest.raises(MoneyError, match="finite"):
        Money.of(amount, "EUR")
    with pytest.raises(MoneyError, match="finite"):
        Money(Decimal(amount), "EUR")


@pytest.mark.parametrize("amount", ["abc", "", "1,50", "€5"])
def test_text_that_is_not_a_number_is_refused(amount: str) -> None:
    with pytest.raises(MoneyError, match="is not an amount of money"):
        Money.of(amount, "EUR")


def test_constructor_refuses_more_decimals_than_the_currency_has() -> None:
    with pytest.raises(MoneyError, match=r"more decimals than EUR allows \(2\)"):
        Money(Decimal("1.005"), "EUR")
    with pytest.raises(MoneyError, match=r"more decimals than JPY allows \(0\)"):
        Money(Decimal("100.5"), "JPY")
    with pytest.raises(MoneyError, match=r"more decimals than KWD allows \(3\)"):
        Money(Decimal("1.0005"), "KWD")


def test_of_accepts_int_text_and_decimal_alike() -> None:
    assert Money.of(5, "EUR") == Money.of("5.00", "EUR") == Money.of(Decimal("5"), "EUR")
    assert Money.of(5, "EUR").amount == Decimal("5.00")


def test_zero() -> None:
    assert Money.zero("EUR").amount == 0
    assert Money.zero("KWD").minor_units == 0
    assert str(Money.zero("EUR")) == "0.00 EUR"


# --------------------------------------------------------------------------- rounding


@pytest.mark.parametrize(
    ("amount", "currency", "rounding", "expected"),
    [
        ("1.005", "EUR", "half_up", "1.01"),
        ("1.005", "EUR", "half_even", "1.00"),
        ("1.015", "EUR", "half_even", "1.02"),
        ("-1.005", "EUR", "half_up", "-1.01"),
        ("-1.005", "EUR", "half_even", "-1.00"),
        ("1.004", "EUR", "half_up", "1.00"),
        ("2.5", "JPY", "half_up", "3"),
        ("2.5", "JPY", "half_even", "2"),
        ("3.5", "JPY", "half_even", "4"),
        ("1.2345", "KWD", "half_up", "1.235"),
        ("1.2345", "KWD", "half_even", "1.234"),
    ],
)
def test_rounding_modes(amount: str, currency: str, rounding: str, expected: str) -> None:
    money = Money.of(amount, currency, rounding=rounding)
    assert money.amount == Decimal(expected)
    assert money.currency == currency


def test_default_rounding_is_half_up() -> None:
    assert Money.of("0.125", "EUR").amount == Decimal("0.13")


def test_unknown_rounding_is_refused() -> None:
    with pytest.raises(MoneyError, match="Unknown rounding 'bankers'"):
        Money.of("1.005", "EUR", rounding="bankers")


def test_percent_rounds_to_the_minor_unit() -> None:
    price = Money.of("19.99", "EUR")
    assert price.percent(Decimal("20")).amount == Decimal("4.00")  # 3.998
    assert Money.of("0.25", "EUR").percent(Decimal("10")).amount == Decimal("0.03")  # 0.025
    assert Money.of("0.25", "EUR").percent(Decimal("10"), rounding="half_even").amount == (
        Decimal("0.02")
    )
    assert Money.of("1000", "JPY").percent(Decimal("8")).amount == Decimal("80")


# --------------------------------------------------------------------------- arithmetic


def test_sums_are_exact_where_floats_are_not() -> None:
    assert sum([0.1] * 10) != 1.0  # the float trap this class exists to avoid
    total = Money.zero("EUR")
    for _ in range(10):
        total = total + Money.of("0.10", "EUR")
    assert total == Money.of("1.00", "EUR")
    assert total.minor_units == 100


def test_subtraction_negation_and_sign() -> None:
    a = Money.of("5.00", "EUR")
    b = Money.of("7.50", "EUR")
    assert (a - b).amount == Decimal("-2.50")
    assert (a - b).is_negative
    assert not a.is_negative
    assert (-a).amount == Decimal("-5.00")
    assert not Money.zero("EUR").is_negative


def test_times_multiplies_exactly() -> None:
    assert Money.of("19.99", "EUR").times(3) == Money.of("59.97", "EUR")
    assert Money.of("0.001", "KWD").times(1000).amount == Decimal("1.000")


def test_comparisons() -> None:
    small = Money.of("1.00", "EUR")
    big = Money.of("2.00", "EUR")
    assert small < big
    assert small <= big
    assert small <= Money.of("1", "EUR")
    assert big > small
    assert big >= small
    assert not big < small


@pytest.mark.parametrize(
    "operation",
    [
        lambda a, b: a + b,
        lambda a, b: a - b,
        lambda a, b: a < b,
        lambda a, b: a <= b,
        lambda a, b: a > b,
        lambda a, b: a >= b,
    ],
    ids=["add", "sub", "lt", "le", "gt", "ge"],
)
def test_currency_mismatch_is_refused(operation: object) -> None:
    euros = Money.of("1.00", "EUR")
    dollars = Money.of("1.00", "USD")
    with pytest.raises(MoneyError, match=r"^Cannot combine (EUR with USD|USD with EUR)\.$"):
        operation(euros, dollars)  # type: ignore[operator]


def test_same_amount_in_different_currencies_is_not_equal() -> None:
    assert Money.of("1.00", "EUR") != Money.of("1.00", "USD")


@given(
    st.lists(st.integers(min_value=-(10**12), max_value=10**12), max_size=50),
    currencies,
)
@quick
def test_sum_of_money_equals_sum_of_minor_units(cents: list[int], currency: str) -> None:
    total = Money.zero(currency)
    for value in cents:
        total = total + Money.from_minor(value, currency)
    assert total.minor_units == sum(cents)
    assert total == Money.from_minor(sum(cents), currency)


@given(minor_amounts, minor_amounts, currencies)
@quick
def test_add_then_subtract_gives_back_the_start(a: int, b: int, currency: str) -> None:
    first = Money.from_minor(a, currency)
    second = Money.from_minor(b, currency)
    assert (first + second) - second == first
    assert first + second == second + first
    assert first - first == Money.zero(currency)


@given(minor_amounts, st.integers(min_value=0, max_value=999), currencies)
@quick
def test_times_equals_repeated_minor_units(cents: int, quantity: int, currency: str) -> None:
    assert Money.from_minor(cents, currency).times(quantity).minor_units == cents * quantity


# --------------------------------------------------------------------------- minor units


@pytest.mark.parametrize(
    ("minor", "currency", "amount"),
    [
        (1999, "EUR", "19.99"),
        (1999, "JPY", "1999"),
        (1999, "KWD", "1.999"),
        (-5, "EUR", "-0.05"),
        (0, "KWD", "0.000"),
    ],
)
def test_from_minor(minor: int, currency: str, amount: str) -> None:
    money = Money.from_minor(minor, currency)
    assert money.amount == Decimal(amount)
    assert money.minor_units == minor
    assert isinstance(money.minor_units, int)


@pytest.mark.parametrize("value", [19.99, True, "1999", Decimal("1999"), None])
def test_from_minor_refuses_anything_but_int(value: object) -> None:
    with pytest.raises(MoneyError, match="whole number"):
        Money.from_minor(value, "EUR")  # type: ignore[arg-type]


@given(minor_amounts, currencies)
@quick
def test_minor_units_round_trip(minor: int, currency: str) -> None:
    money = Money.from_minor(minor, currency)
    assert money.minor_units == minor
    assert Money.of(money.amount, currency) == money
    assert Money.of(str(money.amount), currency).minor_units == minor


@given(minor_amounts, currencies)
@quick
def test_text_of_a_minor_unit_amount_round_trips(minor: int, currency: str) -> None:
    digits = CURRENCY_DIGITS[currency]
    text = str(Decimal(minor).scaleb(-digits))
    assert Money.of(text, currency).minor_units == minor


# --------------------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "expected"),
    [
        ("1234.50", "EUR", "en_IE", "€1,234.50"),
        ("1234.50", "EUR", "de_DE", "1.234,50\u00a0€"),
        ("-5", "EUR", "en_IE", "-€5.00"),
        ("-5", "EUR", "de_DE", "-5,00\u00a0€"),
        ("1234", "JPY", "de_DE", "1.234\u00a0¥"),
        ("1234.567", "KWD", "de_DE", "1.234,567\u00a0KWD"),
    ],
)
def test_format_follows_the_locale(amount: str, currency: str, locale: str, expected: str) -> None:
    assert Money.of(amount, currency).format(locale) == expected


def test_format_uses_the_currency_minor_unit() -> None:
    yen = Money.of("1234", "JPY").format("en_IE")
    assert yen.endswith("1,234")
    assert "." not in yen
    assert Money.of("1234.567", "KWD").format("en_IE").endswith("1,234.567")


def test_format_defaults_to_en_ie() -> None:
    money = Money.of("1234.50", "EUR")
    assert money.format() == money.format("en_IE") == "€1,234.50"


@pytest.mark.parametrize("locale", ["xx_XX", "not a locale!!"])
def test_format_falls_back_to_english_for_an_unknown_locale(locale: str) -> None:
    money = Money.of("1234.50", "EUR")
    assert money.format(locale) == money.format("en") == "€1,234.50"


def test_str_shows_amount_and_code() -> None:
    assert str(Money.of("19.99", "EUR")) == "19.99 EUR"
    assert str(Money.of("1999", "JPY")) == "1999 JPY"
    assert str(Money.of("1.5", "KWD")) == "1.500 KWD"


def test_money_is_immutable() -> None:
    money = Money.of("1.00", "EUR")
    with pytest.raises(AttributeError):
        money.amount = Decimal("2.00")  # type: ignore[misc]


def test_absurdly_large_amount_is_refused_as_money_error() -> None:
    with pytest.raises(MoneyError):
        Money.of("1e30", "EUR")
