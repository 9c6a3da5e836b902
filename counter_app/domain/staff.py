"""Who may do what at the counter, and what a PIN looks like."""

from enum import StrEnum

from counter_app.domain.validation import InputError
from counter_app.i18n import say

PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 8


class Role(StrEnum):
    """A staff member's role: clerks serve, managers also approve, edit policy and close days."""

    CLERK = "clerk"
    MANAGER = "manager"


def clean_pin(value: object, *, field: str = "pin") -> str:
    """Check a new PIN: 4 to 8 digits. The PIN itself never appears in the message."""
    if (
        not isinstance(value, str)
        or not value.isascii()
        or not value.isdigit()
        or not PIN_MIN_DIGITS <= len(value) <= PIN_MAX_DIGITS
    ):
        raise InputError.single(
            field,
            say("A PIN is {fewest} to {most} digits (0-9), nothing else.").format(
                fewest=PIN_MIN_DIGITS, most=PIN_MAX_DIGITS
            ),
        )
    if len(set(value)) == 1:
        raise InputError.single(field, say("A PIN of one digit repeated is too easy to guess."))
    return value
