"""Who may do what at the counter, what a PIN looks like, and when two names are one."""

import unicodedata
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


class NameProblem(StrEnum):
    """Why a staff name would be mistaken for another on the sign-in list."""

    INVISIBLE = "invisible"  # a zero-width space, joiner or other character that shows nothing
    MIXED_SCRIPTS = "mixed_scripts"  # look-alike letters of two alphabets (a Cyrillic a in "Sam")


def staff_name_problem(name: str) -> NameProblem | None:
    """What makes ``name`` look like a name it is not, if anything.

    A name that shows the same as another but differs underneath would pass a
    duplicate check and put two people under one name at the counter.
    """
    if any(unicodedata.category(character) == "Cf" for character in name):
        return NameProblem.INVISIBLE
    # Unicode's confusables table loads when a name is first checked, not at every start.
    from confusable_homoglyphs import confusables

    if confusables.is_dangerous(name):
        return NameProblem.MIXED_SCRIPTS
    return None


def staff_name_key(name: str) -> str:
    """What two staff names are compared by: the same letters in any case, width or spacing.

    "Sam Clerk", "sam  clerk" and "Sam Clerk" typed in full-width letters are one name.
    """
    folded = unicodedata.normalize("NFKC", name).casefold()
    visible = "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")
    return " ".join(visible.split())
