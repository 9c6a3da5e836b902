"""Finding card numbers typed into free text and keeping only their last four digits.

A refund records the card's last four digits and the processor's reference,
never the whole card number, so a card number typed into a note, a summary
or a reason is masked before the text is saved.

What counts as a card number: 13 to 19 digits that pass the Luhn check,
typed in one piece ("4111111111111111") or in groups joined by ONE space or
dash ("4111 1111 1111 1111", "4111-1111-1111-1111"; a no-break space and the
Unicode hyphens and en dash count too, as pasted text carries them). Digits
of any script count (full-width digits from an input method too).

What is left alone: runs that fail Luhn (order numbers, most phone numbers),
fewer than 13 or more than 19 digits, digits glued to a longer run of digits
(a 16-digit stretch inside a 22-digit tracking number is not a card), and
Counter's own case numbers whose store code holds a letter (``S012-20261207-0001``
has 15 digits in dash-joined groups, and one in ten such numbers passes Luhn).
A card holds no letter, so no card number is read as one of those.

The mask is ``[•••• 1111]``: four bullets and the last four digits, in
brackets. The brackets show where something was taken out and stop the kept
digits from joining the digits that follow, so masking twice changes
nothing. At 11 characters the mask is shorter than any card number it
replaces, so masking never pushes a text over its length limit.

The scan is linear in the length of the text: one pass for runs of digits
(one repeated digit class, which cannot backtrack), then a few steps per run.
"""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from counter_app.domain.case_number import CaseNumber, CaseNumberError
from counter_app.i18n import say_plural

MIN_DIGITS = 13
MAX_DIGITS = 19
SEPARATORS = frozenset(" \u00a0\u202f-\u2010\u2011\u2012\u2013")
MASK_BULLETS = "\u2022" * 4

# What a digit adds to the Luhn sum when it is doubled (9 for 9 * 2 = 18 -> 1 + 8, etc.).
_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)
_DIGIT_RUN = re.compile(r"\d+")
# A case number standing alone (no letter or digit glued on), its store code holding a letter.
_CASE_NUMBER = re.compile(
    r"(?<![0-9A-Za-z])(?=[0-9]*[A-Za-z])[A-Za-z0-9]{1,16}-[0-9]{8}-[0-9]{4,6}(?![0-9A-Za-z])"
)


@dataclass(frozen=True, slots=True)
class MaskedText:
    """Text with every card number masked, and the last four digits of each one masked."""

    text: str
    last_fours: tuple[str, ...]

    @property
    def count(self) -> int:
        """How many card numbers were masked."""
        return len(self.last_fours)


def mask_for(last_four: str) -> str:
    """The text that replaces a card number: ``[•••• 1111]``."""
    return f"[{MASK_BULLETS} {last_four}]"


def is_luhn_valid(digits: str) -> bool:
    """Whether a string of ASCII digits passes the Luhn (mod 10) check."""
    if not digits or not (digits.isascii() and digits.isdigit()):
        return False
    total = 0
    for place, character in enumerate(reversed(digits)):
        value = int(character)
        total += _DOUBLED[value] if place % 2 else value
    return total % 10 == 0


def _case_numbers(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds case numbers (a real day in the middle), as (start, end) spans."""
    spans = []
    for found in _CASE_NUMBER.finditer(text):
        try:
            CaseNumber.parse(found[0])
        except CaseNumberError:
            continue
        spans.append(found.span())
    return spans


def _chains(text: str) -> list[list[tuple[int, int]]]:
    """Digit runs as (start, end) spans, chained where exactly one separator stands between.

    A run of more than 19 digits can be part of no card number, so it ends a chain
    and is not kept; so does a run inside a case number. A digit is any Unicode
    decimal digit (category Nd).
    """
    case_numbers = _case_numbers(text)
    passed = 0  # case numbers wholly before the run at hand (both come in text order)
    chains: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for run in _DIGIT_RUN.finditer(text):
        start, end = run.span()
        joins = bool(current) and current[-1][1] + 1 == start and text[start - 1] in SEPARATORS
        if not joins and current:
            chains.append(current)
            current = []
        while passed < len(case_numbers) and case_numbers[passed][1] <= start:
            passed += 1
        in_case_number = passed < len(case_numbers) and case_numbers[passed][0] <= start
        if end - start > MAX_DIGITS or in_case_number:
            if current:
                chains.append(current)
                current = []
        else:
            current.append((start, end))
    if current:
        chains.append(current)
    return chains


def _ascii_digits(typed: str) -> str:
    if typed.isascii():
        return typed
    return "".join(str(unicodedata.decimal(character)) for character in typed)


def _card_spans(digits: list[str]) -> list[tuple[int, int]]:
    """Groups (first, last) of one chain that make up card numbers, overlaps merged.

    Every run of whole groups holding 13 to 19 digits that passes Luhn is a card
    number. Overlapping ones are merged, so whichever is the real card, none of its
    digits but the last four of the merged run survive.

    Linear: with ``ends[g]`` the digits up to the end of group ``g``, the Luhn sum
    of groups ``first..last`` is a difference of two prefix sums, picked by the
    parity of ``ends[last]`` (which digits the check doubles), and for each
    ``last`` at most 7 values of ``first`` give 13 to 19 digits.
    """
    ends = [0]
    by_even_end = [0]  # prefix sums of each group's Luhn share if the candidate's
    by_odd_end = [0]  # total digit count up to its end is even / odd
    for group in digits:
        plain = shifted = 0
        for place, character in enumerate(reversed(group)):
            value = ord(character) - 48
            if place % 2:
                plain += _DOUBLED[value]
                shifted += value
            else:
                plain += value
                shifted += _DOUBLED[value]
        ends.append(ends[-1] + len(group))
        even_end = ends[-1] % 2 == 0
        by_even_end.append(by_even_end[-1] + (plain if even_end else shifted))
        by_odd_end.append(by_odd_end[-1] + (shifted if even_end else plain))
    found: list[tuple[int, int]] = []
    lowest = 0
    for last in range(len(digits)):
        end = ends[last + 1]
        sums = by_even_end if end % 2 == 0 else by_odd_end
        while end - ends[lowest] > MAX_DIGITS:
            lowest += 1
        first = lowest
        while first <= last and end - ends[first] >= MIN_DIGITS:
            if (sums[last + 1] - sums[first]) % 10 == 0:
                found.append((first, last))
            first += 1
    found.sort()
    merged: list[tuple[int, int]] = []
    for first, last in found:
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def mask_card_numbers(text: str) -> MaskedText:
    """Replace every card number in ``text`` by ``[•••• 1234]``, keeping all else as typed."""
    pieces: list[str] = []
    last_fours: list[str] = []
    kept_from = 0
    for chain in _chains(text):
        if sum(end - start for start, end in chain) < MIN_DIGITS:
            continue
        digits = [_ascii_digits(text[start:end]) for start, end in chain]
        for first, last in _card_spans(digits):
            last_four = "".join(digits[first : last + 1])[-4:]
            pieces.append(text[kept_from : chain[first][0]])
            pieces.append(mask_for(last_four))
            last_fours.append(last_four)
            kept_from = chain[last][1]
    if not last_fours:
        return MaskedText(text, ())
    pieces.append(text[kept_from:])
    return MaskedText("".join(pieces), tuple(last_fours))


def masking_notice(label: str, last_fours: Sequence[str]) -> str:
    """Tell the clerk why their text changed: ``"Reason: a card number was typed; ..."``."""
    count = len(last_fours)
    return say_plural(
        "{label}: a card number was typed; only its last four digits ({kept}) were kept. "
        "Never write down a customer's card number.",
        "{label}: {count} card numbers were typed; only their last four digits ({kept}) "
        "were kept. Never write down a customer's card number.",
        count,
    ).format(label=label, count=count, kept=", ".join(last_fours))
