"""Checks for everything a clerk types, answering in words a clerk can act on.

Each check returns the cleaned value or raises :class:`InputError` naming the
field. Text in any script, emoji included, is accepted exactly as typed
(surrounding spaces aside); what is refused is what no person means to type:
control characters, invisible direction overrides, broken Unicode, and text
too long for the receipt or the database.

A ``label`` is the field as the clerk knows it: either English marked with
``say_later`` (said here, in the language in force) or words already said.
"""

import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from counter_app.domain.card_numbers import MIN_DIGITS as MIN_CARD_DIGITS
from counter_app.domain.card_numbers import is_luhn_valid, mask_card_numbers
from counter_app.i18n import say, say_later, say_plural

_DIRECTION_OVERRIDES = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_MULTILINE_ALLOWED = frozenset("\n\r\t")
_PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ().\-/]+$")
_EMAIL_SHAPE = re.compile(r"^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+$")

MAX_QUANTITY = 999
# Days a counter can work with: none before 1970, and none so far ahead that the
# day after it cannot be counted (a year typed as 9999, or 2O26 read as 2026).
FIRST_DAY = date(1970, 1, 1)
LAST_DAY = date(2999, 12, 31)
MAX_PRICE = Decimal("1000000")

PHONE_LABEL = say_later("Phone number")
EMAIL_LABEL = say_later("Email")
QUANTITY_LABEL = say_later("Quantity")
PRICE_LABEL = say_later("Price")
CARD_DIGITS_LABEL = say_later("Card digits")
AMOUNT_EXAMPLE = say_later("{label} must be an amount, like 19.99.")


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One field's problem: which field, and what to do about it."""

    field: str
    message: str


class InputError(ValueError):
    """Input a clerk can correct; carries one message per field at fault."""

    def __init__(self, problems: Iterable[FieldProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__(" ".join(problem.message for problem in self.problems))

    @classmethod
    def single(cls, field: str, message: str) -> "InputError":
        """An error about one field."""
        return cls([FieldProblem(field, message)])


def as_id(value: object) -> uuid.UUID | None:
    """An id picked on screen, as a UUID or its text; ``None`` when ``value`` is no id at all.

    Lets a service answer "not found" in words for anything that is not an id,
    where the database would fail on it.
    """
    if isinstance(value, uuid.UUID):
        return value
    if isinstance(value, str) and len(value) <= 64:
        try:
            return uuid.UUID(value)
        except ValueError:
            return None
    return None


def shown_key(key: object) -> str:
    """A field name someone else sent, safe to put in a sentence: short and printable."""
    if isinstance(key, str) and key.isprintable() and len(key) <= 40:
        return key
    return repr(key)[:40]


def check_day_range(day: date, *, field: str) -> date:
    """Refuse a day before 1970 or centuries ahead: a slip of the keyboard, never a store day."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InputError.single(
            field,
            say(
                "{day} is not a day the counter can use; choose a day from {first} to {last}."
            ).format(day=day.isoformat(), first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat()),
        )
    return day


def _describe(character: str) -> str:
    name = unicodedata.name(character, None)
    code = f"U+{ord(character):04X}"
    return f"{name.title()} ({code})" if name else code


def clean_text(
    value: object,
    *,
    field: str,
    label: str,
    max_length: int,
    required: bool = True,
    multiline: bool = False,
) -> str:
    """Check free text and return it without surrounding whitespace.

    Args:
        value: what was typed.
        field: the field's name, for the screen to highlight it.
        label: the field as the clerk knows it ("Customer name").
        max_length: most characters allowed.
        required: whether empty text is refused.
        multiline: whether line breaks and tabs are allowed.
    """
    label = say(label)
    if not isinstance(value, str):
        raise InputError.single(field, say("{label} must be text.").format(label=label))
    text = value.strip()
    if not text:
        if required:
            raise InputError.single(field, say("{label} is required.").format(label=label))
        return ""
    if len(text) > max_length:
        raise InputError.single(
            field,
            say("{label} is too long: {length} characters, at most {most}.").format(
                label=label, length=f"{len(text):,}", most=f"{max_length:,}"
            ),
        )
    for character in text:
        category = unicodedata.category(character)
        if category == "Cs":
            raise InputError.single(
                field, say("{label} contains broken characters; type it again.").format(label=label)
            )
        if category == "Cc" and not (multiline and character in _MULTILINE_ALLOWED):
            raise InputError.single(
                field,
                say(
                    "{label} contains a control character ({character}); "
                    "remove it and type the text again."
                ).format(label=label, character=_describe(character)),
            )
        if character in _DIRECTION_OVERRIDES:
            raise InputError.single(
                field,
                say(
                    "{label} contains an invisible text-direction character ({character}); "
                    "remove it."
                ).format(label=label, character=_describe(character)),
            )
    return text


def clean_phone(value: object, *, field: str = "phone", label: str = PHONE_LABEL) -> str:
    """Check a phone number's shape: 6 to 15 digits, with + ( ) - . / and spaces allowed."""
    label = say(label)
    text = clean_text(value, field=field, label=label, max_length=32)
    digits = sum(character.isdigit() for character in text)
    if not _PHONE_CHARACTERS.match(text) or not 6 <= digits <= 15:
        raise InputError.single(
            field,
            say("{label} should be 6 to 15 digits, like +44 20 7946 0958 or 020 7946 0958.").format(
                label=label
            ),
        )
    if _looks_like_a_card_number(text):
        raise InputError.single(
            field,
            say(
                "{label} looks like a card number. Type the customer's phone number; "
                "card numbers are never kept."
            ).format(label=label),
        )
    return text


def _looks_like_a_card_number(phone: str) -> bool:
    """A 13-15 digit number passing Luhn that no one dials as typed (no leading + or 0).

    A phone field is not masked like free text (a mask is not a phone number), so a
    card number typed there is refused. Numbers dialled abroad start with + or 00 and
    national ones with 0, so a real phone number is never taken for a card.
    """
    digits = "".join(str(unicodedata.decimal(c, 0)) for c in phone if c.isdigit())
    leading = phone.lstrip(" (")
    if leading.startswith(("+", "0")) or len(digits) < MIN_CARD_DIGITS:
        return False
    return is_luhn_valid(digits)


def clean_email(value: object, *, field: str = "email", label: str = EMAIL_LABEL) -> str:
    """Check an email address's shape (name@domain.tld); the address is kept as typed."""
    label = say(label)
    text = clean_text(value, field=field, label=label, max_length=254)
    if not _EMAIL_SHAPE.match(text):
        raise InputError.single(
            field, say("{label} should look like name@example.com.").format(label=label)
        )
    if mask_card_numbers(text).count:  # an address is not masked: a mask is no address
        raise InputError.single(
            field,
            say(
                "{label} has a card number in it. Type the customer's email address; "
                "card numbers are never kept."
            ).format(label=label),
        )
    return text


def clean_quantity(value: object, *, field: str = "quantity", label: str = QUANTITY_LABEL) -> int:
    """Check a count of items: a whole number from 1 to 999."""
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_QUANTITY:
        raise InputError.single(
            field,
            say("{label} must be a whole number from 1 to {most}.").format(
                label=say(label), most=MAX_QUANTITY
            ),
        )
    return value


def refuse_float(value: object, *, field: str = "price", label: str = PRICE_LABEL) -> object:
    """Refuse a float (or bool) amount: a float has already lost cents, so it is never money.

    Anything else that is no amount at all (a list, bytes) is refused here too, so the
    clerk hears about the amount, not about each type an amount could have been.
    """
    if isinstance(value, float | bool):
        raise InputError.single(
            field, say("{label} must be typed as an amount, like 19.99.").format(label=say(label))
        )
    if value is not None and not isinstance(value, str | int | Decimal):
        raise InputError.single(field, say(AMOUNT_EXAMPLE).format(label=say(label)))
    return value


def clean_price(
    value: object, *, decimals: int, field: str = "price", label: str = PRICE_LABEL
) -> Decimal:
    """Check a typed amount: not negative, not absurd, no more decimals than the currency."""
    label = say(label)
    refuse_float(value, field=field, label=label)
    if isinstance(value, str):
        value = value.strip().replace(",", ".")
    if not isinstance(value, str | int | Decimal):
        raise InputError.single(field, say(AMOUNT_EXAMPLE).format(label=label))
    try:
        amount = Decimal(value)
    except (InvalidOperation, ValueError):
        raise InputError.single(field, say(AMOUNT_EXAMPLE).format(label=label)) from None
    if not amount.is_finite():
        raise InputError.single(field, say(AMOUNT_EXAMPLE).format(label=label))
    if amount < 0:
        raise InputError.single(field, say("{label} cannot be negative.").format(label=label))
    if amount > MAX_PRICE:
        raise InputError.single(
            field,
            say("{label} cannot be more than {most}.").format(label=label, most=f"{MAX_PRICE:,}"),
        )
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > decimals:
        raise InputError.single(
            field,
            say_plural(
                "{label} can have at most {decimals} decimal.",
                "{label} can have at most {decimals} decimals.",
                decimals,
            ).format(label=label, decimals=decimals),
        )
    return amount


def clean_card_last4(value: object, *, field: str = "card_last4") -> str:
    """Check the last four digits of a card; a whole card number is refused, never stored."""
    typed = clean_text(value, field=field, label=CARD_DIGITS_LABEL, max_length=40)
    text = typed.replace(" ", "").replace("-", "")
    if text.isascii() and text.isdigit() and len(text) >= 12:
        raise InputError.single(
            field, say("Enter only the last four digits of the card, never the whole card number.")
        )
    if not (len(text) == 4 and text.isascii() and text.isdigit()):
        raise InputError.single(field, say("Card digits must be the last four digits, like 4242."))
    return text
