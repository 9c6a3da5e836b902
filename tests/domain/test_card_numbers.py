"""A card number typed into free text is masked to its last four digits; nothing else changes."""

import random
import time
import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from counter_app.domain.card_numbers import (
    MAX_DIGITS,
    MIN_DIGITS,
    SEPARATORS,
    MaskedText,
    is_luhn_valid,
    mask_card_numbers,
    mask_for,
    masking_notice,
)
from counter_app.domain.case_number import CaseNumber, CaseNumberError

quick = settings(database=None, deadline=None)
MASK_1111 = "[\u2022\u2022\u2022\u2022 1111]"


def _with_check_digit(body: str) -> str:
    """``body`` followed by the one digit that makes it pass Luhn."""
    for check in "0123456789":
        if is_luhn_valid(body + check):
            return body + check
    raise AssertionError("every body has a Luhn check digit")


def _is_digit(character: str) -> bool:
    return unicodedata.category(character) == "Nd"


def _glued(character: str) -> bool:
    return character.isascii() and character.isalnum()


def _without_case_numbers(text: str) -> str:
    """Slow, plain reference: ``text`` with each case number whose store code has a letter
    blotted out (no letter or digit glued on either side, a real day in the middle)."""
    blotted = list(text)
    for start in range(len(text)):
        if start and _glued(text[start - 1]):
            continue
        for end in range(start + 1, len(text) + 1):
            if end < len(text) and _glued(text[end]):
                continue
            piece = text[start:end]
            store = piece.split("-")[0]
            if not piece.isascii() or piece != piece.strip() or store.isdigit():
                continue
            try:
                CaseNumber.parse(piece)
            except CaseNumberError:
                continue
            blotted[start:end] = "#" * len(piece)
    return "".join(blotted)


# --------------------------------------------------------------------------- Luhn


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("4111111111111111", True),  # Visa test card
        ("5555555555554444", True),  # Mastercard test card
        ("378282246310005", True),  # Amex test card, 15 digits
        ("4222222222222", True),  # Visa, 13 digits
        ("4111111111111112", False),
        ("1234567890123", False),
        ("", False),
        ("4111 1111 1111 1111", False),  # only bare ASCII digits are checked
    ],
)
def test_luhn_check(digits, valid):
    assert is_luhn_valid(digits) is valid


# --------------------------------------------------------------------------- what is masked


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        pytest.param("4111111111111111", MASK_1111, id="one-piece"),
        pytest.param("4111 1111 1111 1111", MASK_1111, id="spaces"),
        pytest.param("4111-1111-1111-1111", MASK_1111, id="dashes"),
        pytest.param("4111 1111-1111 1111", MASK_1111, id="mixed-separators"),
        pytest.param("4111\u00a01111\u00a01111\u00a01111", MASK_1111, id="no-break-spaces"),
        pytest.param("4111\u20131111\u20131111\u20131111", MASK_1111, id="en-dashes"),
        pytest.param("\uff14\uff11\uff11\uff11" + "\uff11" * 12, MASK_1111, id="full-width-digits"),
        pytest.param(
            "card 4111111111111111 declined",
            f"card {MASK_1111} declined",
            id="inside-text",
        ),
        pytest.param(
            "Refund to 4111 1111 1111 1111.",
            f"Refund to {MASK_1111}.",
            id="before-a-full-stop",
        ),
        pytest.param(
            "Visa4111111111111111!",
            f"Visa{MASK_1111}!",
            id="glued-to-letters",
        ),
        pytest.param("3782 822463 10005", "[\u2022\u2022\u2022\u2022 0005]", id="amex-4-6-5"),
        pytest.param("4222222222222", "[\u2022\u2022\u2022\u2022 2222]", id="13-digits"),
        pytest.param(
            _with_check_digit("6" * 18),
            "[\u2022\u2022\u2022\u2022 " + _with_check_digit("6" * 18)[-4:] + "]",
            id="19-digits",
        ),
        pytest.param(
            "Paid 2 x 12 4111 1111 1111 1111 ok",
            f"Paid 2 x 12 {MASK_1111} ok",
            id="after-a-short-number-and-one-space",
        ),
    ],
)
def test_card_numbers_are_masked_to_their_last_four(typed, kept):
    result = mask_card_numbers(typed)
    assert result.text == kept
    assert result.count == 1
    digits = "".join(str(unicodedata.decimal(c)) for c in typed if _is_digit(c))
    assert result.last_fours[0] in digits


def test_every_card_number_in_a_text_is_masked_in_order():
    result = mask_card_numbers(
        "First 4111 1111 1111 1111, then 5555-5555-5555-4444\nand 378282246310005."
    )
    assert result == MaskedText(
        f"First {MASK_1111}, then {mask_for('4444')}\nand {mask_for('0005')}.",
        ("1111", "4444", "0005"),
    )
    assert result.count == 3


def test_a_card_number_beside_a_case_number_is_masked_and_the_case_number_kept():
    result = mask_card_numbers("S012-20261207-0001 4111 1111 1111 1111")
    assert result.text == "S012-20261207-0001 " + MASK_1111
    # Without a letter in the store code, the same digits may be a card: masked.
    assert mask_card_numbers("012-20261207-0001").last_fours == ("0001",)
    # Not a real day in the middle: not a case number either.
    assert mask_card_numbers("S012-20261340-0009").last_fours == ("0009",)


def test_two_card_numbers_one_space_apart_are_masked_each():
    result = mask_card_numbers("4111111111111111 5555555555554444")
    assert result.text == f"{MASK_1111} {mask_for('4444')}"
    assert result.last_fours == ("1111", "4444")


def test_overlapping_card_numbers_are_masked_as_one_and_no_digit_of_either_survives():
    # "6 4111 1111 1111" (13 digits) and "4111 1111 1111 1111" (16) both pass Luhn.
    assert is_luhn_valid("6411111111111")
    result = mask_card_numbers("ref 6 4111 1111 1111 1111 end")
    assert result.text == f"ref {MASK_1111} end"
    assert result.last_fours == ("1111",)


# --------------------------------------------------------------------------- what is left alone


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("4111 1111 1111 1112", id="fails-luhn"),
        pytest.param("Order 1234567890123 shipped", id="order-number"),
        pytest.param("Call +353 87 765 4321", id="phone-number"),
        pytest.param("Call 0035387765432 1", id="long-phone-number"),
        pytest.param(_with_check_digit("41111111111"), id="12-digits-passing-luhn"),
        pytest.param(_with_check_digit("4" * 19), id="20-digits-passing-luhn"),
        pytest.param("999" + "4111111111111111" + "999", id="inside-a-longer-run"),
        pytest.param("7" + "4111111111111111", id="one-digit-glued-in-front"),
        pytest.param("4111111111111111" + "0", id="one-digit-glued-behind"),
        pytest.param("4111 1111 1111 111", id="one-digit-short"),
        pytest.param("Receipt R-20260612-0001, kettle 2x 29.99", id="receipt-and-prices"),
        pytest.param("Dates 2026-06-14 2026-06-15", id="dates"),
        # 15 digits in dash-joined groups that pass Luhn, as one case number in ten does.
        pytest.param("See S012-20261207-0001 (kettle)", id="case-number"),
        pytest.param("s012-20261207-0001", id="case-number-typed-in-lower-case"),
        pytest.param("Cases S012-20261207-0001, S012-20261207-0001.", id="case-numbers"),
        pytest.param("", id="empty"),
        pytest.param("Kettle 🔥 broke ☕ 山田太郎", id="no-digits"),
        pytest.param(MASK_1111, id="already-masked"),
    ],
)
def test_text_without_a_card_number_comes_back_unchanged(typed):
    result = mask_card_numbers(typed)
    assert result.text == typed
    assert result.last_fours == ()
    assert result.count == 0


def test_the_mask_is_shorter_than_any_card_number():
    # So masking never pushes a text over its field's length limit.
    assert len(mask_for("1234")) < MIN_DIGITS


# --------------------------------------------------------------------------- the clerk's notice


def test_notice_names_the_field_and_the_last_four():
    assert masking_notice("Reason", ["1111"]) == (
        "Reason: a card number was typed; only its last four digits (1111) were kept. "
        "Never write down a customer's card number."
    )


def test_notice_for_several_card_numbers():
    assert masking_notice("Summary", ("1111", "4444")) == (
        "Summary: 2 card numbers were typed; only their last four digits (1111, 4444) "
        "were kept. Never write down a customer's card number."
    )


# --------------------------------------------------------------------------- speed


def _random_text(alphabet: str) -> str:
    chooser = random.Random(7)
    return "".join(chooser.choice(alphabet) for _ in range(100_000))


@pytest.mark.parametrize(
    "shape",
    [
        pytest.param(lambda: "1 " * 50_000, id="single-digits-and-spaces"),
        pytest.param(lambda: "4111 " * 20_000, id="groups-of-four"),
        pytest.param(lambda: "7" * 100_000, id="one-long-run"),
        pytest.param(lambda: _random_text("0123456789 -"), id="random-digits-spaces-dashes"),
        pytest.param(lambda: _random_text("0123456789 "), id="random-digits-and-spaces"),
        pytest.param(lambda: "4111-1111-1111-1111 " * 5_000, id="card-numbers"),
    ],
)
def test_a_hundred_thousand_characters_are_scanned_quickly(shape):
    typed = shape()
    assert len(typed) == 100_000
    started = time.perf_counter()
    result = mask_card_numbers(typed)
    elapsed = time.perf_counter() - started
    # Linear: a fraction of a second here; any backtracking would take minutes.
    assert elapsed < 3.0, f"{elapsed:.2f} s for 100,000 characters"
    assert "4111111111111111" not in result.text.replace(" ", "").replace("-", "")


# --------------------------------------------------------------------------- properties

_NOISE = st.text(
    st.one_of(
        st.sampled_from("0123456789 -\u00a0\u2013.,:#x\n[]\u2022"),
        st.characters(exclude_categories=("Cs",)),
    ),
    max_size=40,
)


@st.composite
def card_numbers(draw: st.DrawFn) -> tuple[str, str]:
    """A Luhn-valid number of 13 to 19 digits, and how it was typed (maybe grouped)."""
    length = draw(st.integers(MIN_DIGITS, MAX_DIGITS))
    body = draw(st.text(st.sampled_from("0123456789"), min_size=length - 1, max_size=length - 1))
    digits = _with_check_digit(body)
    cuts = sorted(draw(st.sets(st.integers(1, length - 1), max_size=length - 1)))
    typed, previous = [], 0
    for cut in cuts:
        typed.append(digits[previous:cut])
        typed.append(draw(st.sampled_from(sorted(SEPARATORS))))
        previous = cut
    typed.append(digits[previous:])
    return digits, "".join(typed)


@quick
@given(card=card_numbers(), before=_NOISE, after=_NOISE)
def test_an_embedded_card_number_never_survives(card, before, after):
    digits, typed = card
    # Digits glued straight onto the number make it part of a longer run: not a card.
    assume(not before or not _is_digit(before[-1]))
    assume(not after or not _is_digit(after[0]))
    assume(all(number not in noise for number in (digits, typed) for noise in (before, after)))
    # A case number is left alone; one made around the card by chance is not this test's.
    assume(_without_case_numbers(before + typed + after) == before + typed + after)

    result = mask_card_numbers(before + typed + after)

    assert typed not in result.text
    assert digits not in result.text
    assert result.count >= 1


@quick
@given(card=card_numbers())
def test_a_card_number_alone_keeps_exactly_its_last_four(card):
    digits, typed = card
    assert mask_card_numbers(typed) == MaskedText(mask_for(digits[-4:]), (digits[-4:],))


def _has_card_number(text: str) -> bool:
    """Slow, plain reference: does any stretch of ``text`` read as a card number?"""
    for start in range(len(text)):
        if not _is_digit(text[start]) or (start and _is_digit(text[start - 1])):
            continue
        digits = ""
        for end in range(start, len(text)):
            character = text[end]
            if _is_digit(character):
                digits += str(unicodedata.decimal(character))
            elif not (character in SEPARATORS and _is_digit(text[end - 1])):
                break
            else:
                continue
            ends_here = end + 1 == len(text) or not _is_digit(text[end + 1])
            if ends_here and MIN_DIGITS <= len(digits) <= MAX_DIGITS and is_luhn_valid(digits):
                return True
    return False


@settings(quick, max_examples=400)
@given(text=st.text(st.sampled_from("0123456789 -x"), max_size=45))
def test_masks_exactly_when_the_plain_reference_finds_a_card_number(text):
    result = mask_card_numbers(text)
    assert (result.count > 0) == _has_card_number(_without_case_numbers(text))
    if result.count == 0:
        assert result.text == text


@quick
@given(text=_NOISE)
def test_text_without_a_card_number_is_returned_as_is(text):
    assume(not _has_card_number(_without_case_numbers(text)))
    assert mask_card_numbers(text) == MaskedText(text, ())


@quick
@given(before=_NOISE, card=st.one_of(st.none(), card_numbers()), after=_NOISE)
def test_masking_twice_changes_nothing_more(before, card, after):
    typed = before + (card[1] if card else "") + after
    once = mask_card_numbers(typed)
    twice = mask_card_numbers(once.text)
    assert twice == MaskedText(once.text, ())
    assert len(once.text) <= len(typed)
