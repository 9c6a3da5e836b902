import itertools

import pytest

from counter_app.domain.case_state import (
    ALLOWED_MOVES,
    CaseStatus,
    CaseType,
    IllegalTransitionError,
    is_reopen,
    next_status,
)

OPEN = CaseStatus.OPEN
IN_PROGRESS = CaseStatus.IN_PROGRESS
RESOLVED = CaseStatus.RESOLVED
CLOSED = CaseStatus.CLOSED

# The life of a case as specified, written out independently of ALLOWED_MOVES.
EXPECTED_MOVES = {
    (OPEN, IN_PROGRESS),
    (OPEN, RESOLVED),
    (IN_PROGRESS, RESOLVED),
    (IN_PROGRESS, OPEN),
    (RESOLVED, CLOSED),
    (RESOLVED, IN_PROGRESS),
    (CLOSED, IN_PROGRESS),
}

ALL_PAIRS = list(itertools.product(CaseStatus, CaseStatus))
ALLOWED_PAIRS = [(a, b) for a, b in ALL_PAIRS if b in ALLOWED_MOVES[a]]
REFUSED_PAIRS = [(a, b) for a, b in ALL_PAIRS if a != b and b not in ALLOWED_MOVES[a]]


def _id(pair: tuple[CaseStatus, CaseStatus]) -> str:
    return f"{pair[0]}->{pair[1]}"


def test_allowed_moves_match_the_specified_life_of_a_case() -> None:
    assert {(a, b) for a, targets in ALLOWED_MOVES.items() for b in targets} == EXPECTED_MOVES


def test_every_status_has_moves_and_a_label() -> None:
    assert set(ALLOWED_MOVES) == set(CaseStatus)
    assert [status.label for status in CaseStatus] == ["Open", "In progress", "Resolved", "Closed"]


def test_no_status_may_move_to_itself() -> None:
    for status, targets in ALLOWED_MOVES.items():
        assert status not in targets


def test_closed_reopens_to_work_not_straight_to_resolved() -> None:
    assert ALLOWED_MOVES[CLOSED] == frozenset({IN_PROGRESS})


@pytest.mark.parametrize("pair", ALLOWED_PAIRS, ids=_id)
def test_allowed_move_returns_the_target(pair: tuple[CaseStatus, CaseStatus]) -> None:
    current, target = pair
    assert next_status(current, target) is target


@pytest.mark.parametrize("pair", REFUSED_PAIRS, ids=_id)
def test_refused_move_names_both_states(pair: tuple[CaseStatus, CaseStatus]) -> None:
    current, target = pair
    with pytest.raises(IllegalTransitionError) as caught:
        next_status(current, target)
    message = str(caught.value)
    assert f"A case that is {current.label.lower()} cannot become {target.label.lower()}" in message
    allowed = sorted(status.label.lower() for status in ALLOWED_MOVES[current])
    assert f"it can become: {', '.join(allowed)}." in message


def test_refused_move_message_in_full() -> None:
    with pytest.raises(IllegalTransitionError) as caught:
        next_status(OPEN, CLOSED)
    assert str(caught.value) == (
        "A case that is open cannot become closed; it can become: in progress, resolved."
    )


@pytest.mark.parametrize("status", list(CaseStatus))
def test_moving_to_the_same_state_says_it_already_is(status: CaseStatus) -> None:
    with pytest.raises(
        IllegalTransitionError, match=f"^The case is already {status.label.lower()}"
    ):
        next_status(status, status)


def test_illegal_transition_is_a_value_error() -> None:
    assert issubclass(IllegalTransitionError, ValueError)


@pytest.mark.parametrize(
    ("current", "target", "expected"),
    [
        (RESOLVED, IN_PROGRESS, True),
        (CLOSED, IN_PROGRESS, True),
        (RESOLVED, OPEN, True),
        (CLOSED, OPEN, True),
        (OPEN, IN_PROGRESS, False),
        (IN_PROGRESS, OPEN, False),
        (IN_PROGRESS, RESOLVED, False),
        (RESOLVED, CLOSED, False),
        (OPEN, RESOLVED, False),
    ],
)
def test_is_reopen(current: CaseStatus, target: CaseStatus, expected: bool) -> None:
    assert is_reopen(current, target) is expected


def test_status_and_type_values_are_the_stored_text() -> None:
    assert [str(status) for status in CaseStatus] == ["open", "in_progress", "resolved", "closed"]
    assert [str(kind) for kind in CaseType] == ["complaint", "return", "exchange"]
    assert CaseStatus("in_progress") is IN_PROGRESS
