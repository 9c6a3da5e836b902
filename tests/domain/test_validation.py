from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.domain.card_numbers import is_luhn_valid
from counter_app.domain.validation import (
    MAX_PRICE,
    MAX_QUANTITY,
    FieldProblem,
    InputError,
    clean_card_last4,
    clean_email,
    clean_phone,
    clean_price,
    clean_quantity,
    clean_text,
)

quick = settings(database=None, deadline=None)


def _name(value: object, **options: object) -> str:
    arguments: dict = {"field": "name", "label": "Customer name", "max_length": 120}
    arguments.update(options)
    return clean_text(value, **arguments)


def _refusal(error: pytest.ExceptionInfo[InputError]) -> FieldProblem:
    assert len(error.value.problems) == 1
    return error.value.problems[0]


# --------------------------------------------------------------------------- InputError


def test_input_error_carries_one_problem_per_field() -> None:
    error = InputError([FieldProblem("a", "A is wrong."), FieldProblem("b", "B is wrong.")])
    assert [problem.field for problem in error.problems] == ["a", "b"]
    assert str(error) == "A is wrong. B is wrong."
    assert isinstance(error, ValueError)


def test_input_error_single() -> None:
    error = InputError.single("phone", "Phone number is required.")
    assert error.problems == (FieldProblem("phone", "Phone number is required."),)


# --------------------------------------------------------------------------- clean_text


@pytest.mark.parametrize(
    "text",
    [
        "Zoë O'Brien-Ní Bhriain",
        "Robert'); DROP TABLE staff;--",
        "Иван Петров",
        "Γιώργος Παπαδόπουλος",
        "山田太郎",
        "김민준",
        "محمد عبد الله",
        "שרה כהן",
        "Rüdiger 😀 🎉",
        "👨\u200d👩\u200d👧 family emoji with zero-width joiners",
        "👍🏽 skin tone",
        "e\u0301 decomposed accent stays decomposed",
        "<script>alert(1)</script>",
        "%s %d {0} ${HOME} \\n",
        "a  b   c",
    ],
)
def test_text_in_any_script_is_accepted_exactly(text: str) -> None:
    assert _name(text) == text
    assert _name(f"  \t{text} \n ") == text


def test_only_surrounding_whitespace_is_stripped() -> None:
    assert _name("   Ann   Lee   ") == "Ann   Lee"
    assert _name("\u3000山田\u3000") == "山田"  # ideographic space is whitespace too


@pytest.mark.parametrize(
    ("character", "description"),
    [
        ("\x00", "U+0000"),
        ("\x07", "U+0007"),
        ("\x1b", "U+001B"),
        ("\x7f", "U+007F"),
        ("\x85", "U+0085"),
        ("\n", "U+000A"),
        ("\t", "U+0009"),
        ("\r", "U+000D"),
    ],
)
def test_control_characters_are_refused_naming_label_and_code(
    character: str, description: str
) -> None:
    with pytest.raises(InputError) as caught:
        _name(f"Ann{character}Lee")
    problem = _refusal(caught)
    assert problem.field == "name"
    assert problem.message.startswith("Customer name contains a control character")
    assert description in problem.message


@pytest.mark.parametrize(
    ("character", "name"),
    [
        ("\u202e", "Right-To-Left Override (U+202E)"),
        ("\u202d", "Left-To-Right Override (U+202D)"),
        ("\u202a", "U+202A"),
        ("\u2066", "U+2066"),
        ("\u2069", "U+2069"),
    ],
)
def test_direction_overrides_are_refused(character: str, name: str) -> None:
    with pytest.raises(InputError) as caught:
        _name(f"invoice{character}fdp.exe")
    problem = _refusal(caught)
    assert problem.message.startswith("Customer name contains an invisible text-direction")
    assert name in problem.message


def test_direction_override_refused_in_multiline_too() -> None:
    with pytest.raises(InputError, match="text-direction"):
        _name("line one\n\u202eline two", multiline=True)


@pytest.mark.parametrize("surrogate", [chr(0xD800), chr(0xDBFF), chr(0xDC00), chr(0xDFFF)])
def test_lone_surrogates_are_refused(surrogate: str) -> None:
    with pytest.raises(InputError) as caught:
        _name(f"Ann{surrogate}")
    assert _refusal(caught).message == "Customer name contains broken characters; type it again."


def test_ten_thousand_characters_are_refused_naming_the_label() -> None:
    with pytest.raises(InputError) as caught:
        _name("a" * 10_000, max_length=500)
    problem = _refusal(caught)
    assert problem.field == "name"
    assert problem.message == "Customer name is too long: 10,000 characters, at most 500."


def test_length_limit_is_inclusive_and_counts_after_stripping() -> None:
    assert _name("a" * 120) == "a" * 120
    assert _name("  " + "a" * 120 + "  ") == "a" * 120
    with pytest.raises(InputError, match="too long: 121 characters, at most 120"):
        _name("a" * 121)


def test_length_counts_characters_not_bytes() -> None:
    assert _name("😀" * 120) == "😀" * 120


@pytest.mark.parametrize("empty", ["", "   ", "\t\n "])
def test_required_text_refuses_empty(empty: str) -> None:
    with pytest.raises(InputError) as caught:
        _name(empty)
    assert _refusal(caught) == FieldProblem("name", "Customer name is required.")


def test_optional_text_may_be_empty() -> None:
    assert _name("   ", required=False) == ""


@pytest.mark.parametrize("value", [None, 42, b"Ann", ["Ann"]])
def test_non_text_is_refused(value: object) -> None:
    with pytest.raises(InputError, match=r"^Customer name must be text\.$"):
        _name(value)


def test_multiline_allows_newlines_and_tabs() -> None:
    text = "First line\nSecond\tline\r\nThird"
    assert _name(text, multiline=True) == text


def test_multiline_still_refuses_other_control_characters() -> None:
    with pytest.raises(InputError, match=r"control character \(.*U\+0000\)"):
        _name("one\ntwo\x00", multiline=True)


DIRECTION_OVERRIDES = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@given(
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cc", "Cs"), blacklist_characters=DIRECTION_OVERRIDES
        ),
        min_size=1,
        max_size=60,
    ).filter(str.strip)
)
@quick
def test_printable_text_comes_back_stripped_and_otherwise_unchanged(text: str) -> None:
    assert _name(text) == text.strip()


# --------------------------------------------------------------------------- clean_phone


@pytest.mark.parametrize(
    "phone",
    ["+44 20 7946 0958", "020 7946 0958", "(01) 234-5678", "+353.1.234.5678", "0171/234567"],
)
def test_phone_numbers_are_accepted_as_typed(phone: str) -> None:
    assert clean_phone(f" {phone} ") == phone


@pytest.mark.parametrize(
    "phone",
    [
        "12345",
        "1234567890123456",
        "call me",
        "+44 20 7946 0958 ext 3",
        "0800-FLOWERS",
        "++4420794609",
    ],
)
def test_bad_phone_numbers_are_refused_with_an_example(phone: str) -> None:
    with pytest.raises(InputError) as caught:
        clean_phone(phone)
    problem = _refusal(caught)
    assert problem.field == "phone"
    assert "Phone number should be 6 to 15 digits, like +44 20 7946 0958" in problem.message


def test_phone_edge_digit_counts() -> None:
    assert clean_phone("123456") == "123456"
    assert clean_phone("123456789012345") == "123456789012345"


@pytest.mark.parametrize("card", ["378282246310005", "3782 822463 10005", "4222222222222"])
def test_a_card_number_typed_as_a_phone_number_is_refused(card: str) -> None:
    with pytest.raises(InputError, match="Phone number looks like a card number"):
        clean_phone(card)


@pytest.mark.parametrize("phone", ["+378282246310005", "004222222222222", "04222222222222"])
def test_a_dialled_number_that_passes_luhn_is_still_a_phone_number(phone: str) -> None:
    digits = phone.lstrip("+")
    assert is_luhn_valid(digits)  # each would be a card number but for its + or 0
    assert clean_phone(phone) == phone


def test_an_email_address_with_a_card_number_in_it_is_refused() -> None:
    with pytest.raises(InputError, match="Email has a card number in it"):
        clean_email("4111-1111-1111-1111@example.com")
    assert clean_email("pat.4111@example.com") == "pat.4111@example.com"


def test_phone_required_and_control_characters() -> None:
    with pytest.raises(InputError, match="Phone number is required"):
        clean_phone("")
    with pytest.raises(InputError, match="control character"):
        clean_phone("0207946\x000958")


# --------------------------------------------------------------------------- clean_email


@pytest.mark.parametrize(
    "email", ["ann@example.com", "Ann.Lee+returns@mail.example.co.uk", "zoë@exämple.ie"]
)
def test_emails_are_accepted_as_typed(email: str) -> None:
    assert clean_email(f"  {email} ") == email


@pytest.mark.parametrize(
    "email",
    [
        "ann",
        "ann@",
        "@example.com",
        "ann@example",
        "ann@@example.com",
        "ann lee@example.com",
        "ann@example..com",
        "ann@.example.com",
        "a" * 65 + "@example.com",
    ],
)
def test_bad_emails_are_refused(email: str) -> None:
    with pytest.raises(InputError) as caught:
        clean_email(email)
    assert _refusal(caught) == FieldProblem("email", "Email should look like name@example.com.")


def test_email_too_long() -> None:
    with pytest.raises(InputError, match="Email is too long"):
        clean_email("a@" + "b" * 250 + ".com")


# --------------------------------------------------------------------------- clean_quantity


@pytest.mark.parametrize(
    ("value", "expected"), [(1, 1), (999, 999), ("3", 3), (" 12 ", 12), ("007", 7)]
)
def test_quantities_accepted(value: object, expected: int) -> None:
    assert clean_quantity(value) == expected


@pytest.mark.parametrize(
    "value",
    [0, -1, 1000, MAX_QUANTITY + 1, True, False, 2.0, 1.5, "2.5", "-1", "0", "1000", "", "x", None],
)
def test_quantities_refused(value: object) -> None:
    with pytest.raises(InputError) as caught:
        clean_quantity(value)
    assert _refusal(caught) == FieldProblem(
        "quantity", "Quantity must be a whole number from 1 to 999."
    )


@pytest.mark.parametrize("value", ["²", "①"])
def test_digit_like_symbols_are_refused_as_input_error(value: str) -> None:
    with pytest.raises(InputError):
        clean_quantity(value)


@given(st.integers(min_value=1, max_value=MAX_QUANTITY))
@quick
def test_every_quantity_in_range_is_accepted_as_int_or_text(quantity: int) -> None:
    assert clean_quantity(quantity) == quantity
    assert clean_quantity(str(quantity)) == quantity


# --------------------------------------------------------------------------- clean_price


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        ("19.99", 2, Decimal("19.99")),
        ("19,99", 2, Decimal("19.99")),
        (" 19,99 ", 2, Decimal("19.99")),
        ("0", 2, Decimal("0")),
        (5, 2, Decimal("5")),
        (Decimal("4.5"), 2, Decimal("4.5")),
        ("1500", 0, Decimal("1500")),
        ("1.234", 3, Decimal("1.234")),
        ("1000000", 2, MAX_PRICE),
    ],
)
def test_prices_accepted(value: object, decimals: int, expected: Decimal) -> None:
    amount = clean_price(value, decimals=decimals)
    assert amount == expected
    assert isinstance(amount, Decimal)


@pytest.mark.parametrize("value", ["-0.01", -1, Decimal("-5")])
def test_negative_price_refused(value: object) -> None:
    with pytest.raises(InputError) as caught:
        clean_price(value, decimals=2)
    assert _refusal(caught) == FieldProblem("price", "Price cannot be negative.")


@pytest.mark.parametrize(("value", "decimals"), [("19.999", 2), ("1500.5", 0), ("1.2345", 3)])
def test_too_many_decimals_refused(value: str, decimals: int) -> None:
    with pytest.raises(InputError) as caught:
        clean_price(value, decimals=decimals)
    assert _refusal(caught).message == f"Price can have at most {decimals} decimals."


@pytest.mark.parametrize("value", [19.99, 0.0, float("nan"), True])
def test_float_and_bool_prices_refused(value: object) -> None:
    with pytest.raises(InputError, match=r"must be typed as an amount, like 19\.99\.$"):
        clean_price(value, decimals=2)


@pytest.mark.parametrize(
    "value",
    ["NaN", "Infinity", "-Infinity", "inf", "sNaN", Decimal("NaN"), Decimal("Infinity")],
)
def test_non_finite_prices_refused(value: object) -> None:
    with pytest.raises(InputError) as caught:
        clean_price(value, decimals=2)
    assert _refusal(caught).message == "Price must be an amount, like 19.99."


@pytest.mark.parametrize("value", ["", "abc", "19.99€", "1,000.50", None, [19]])
def test_non_amount_prices_refused(value: object) -> None:
    with pytest.raises(InputError, match=r"^Price must be an amount, like 19\.99\.$"):
        clean_price(value, decimals=2)


def test_absurd_price_refused() -> None:
    with pytest.raises(InputError, match="cannot be more than 1,000,000"):
        clean_price("1000000.01", decimals=2)


def test_price_field_and_label_are_used() -> None:
    with pytest.raises(InputError) as caught:
        clean_price("-1", decimals=2, field="refund", label="Refund")
    assert _refusal(caught) == FieldProblem("refund", "Refund cannot be negative.")


@given(st.integers(min_value=0, max_value=100_000_000))
@quick
def test_cent_amounts_round_trip_through_either_separator(cents: int) -> None:
    text = f"{cents // 100}.{cents % 100:02d}"
    assert clean_price(text, decimals=2) == Decimal(cents) / 100
    assert clean_price(text.replace(".", ","), decimals=2) == Decimal(cents) / 100


# --------------------------------------------------------------------------- clean_card_last4


@pytest.mark.parametrize(
    ("value", "expected"),
    [("4242", "4242"), (" 42 42 ", "4242"), ("42-42", "4242"), ("0000", "0000")],
)
def test_last_four_accepted(value: str, expected: str) -> None:
    assert clean_card_last4(value) == expected


@pytest.mark.parametrize(
    "card",
    [
        "4242424242424242",
        "4242 4242 4242 4242",
        "4242-4242-4242-4242",
        "378282246310005",
        "424242424242",
    ],
)
def test_full_card_number_refused_asking_for_last_four(card: str) -> None:
    with pytest.raises(InputError) as caught:
        clean_card_last4(card)
    problem = _refusal(caught)
    assert problem.field == "card_last4"
    assert problem.message == (
        "Enter only the last four digits of the card, never the whole card number."
    )
    assert card.replace(" ", "").replace("-", "") not in str(caught.value)


@pytest.mark.parametrize("value", ["424", "42424", "abcd", "42a2", "12345678901"])
def test_other_card_digits_refused(value: str) -> None:
    with pytest.raises(
        InputError, match=r"^Card digits must be the last four digits, like 4242\.$"
    ):
        clean_card_last4(value)


def test_card_digits_required() -> None:
    with pytest.raises(InputError, match=r"^Card digits is required\.$"):
        clean_card_last4("  ")


@pytest.mark.parametrize("value", ["\uff14\uff12\uff14\uff12", "\u0664\u0662\u0664\u0662"])
def test_only_ascii_digits_are_accepted_as_card_digits(value: str) -> None:
    # The payment table's CHECK (card_last4 NOT GLOB '*[^0-9]*') would refuse these at save time.
    with pytest.raises(InputError, match="must be the last four digits"):
        clean_card_last4(value)
