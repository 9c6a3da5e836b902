"""The life of a case: open -> in progress -> resolved -> closed, and reopen.

Illegal moves are refused with a sentence the clerk can read, never silently.
"""

from enum import StrEnum


class CaseType(StrEnum):
    """What the customer came for."""

    COMPLAINT = "complaint"
    RETURN = "return"
    EXCHANGE = "exchange"


class CaseStatus(StrEnum):
    """Where a case is in its life."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        """The status as shown on screen and on receipts."""
        return _LABELS[self]


_LABELS = {
    CaseStatus.OPEN: "Open",
    CaseStatus.IN_PROGRESS: "In progress",
    CaseStatus.RESOLVED: "Resolved",
    CaseStatus.CLOSED: "Closed",
}

ALLOWED_MOVES: dict[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.OPEN: frozenset({CaseStatus.IN_PROGRESS, CaseStatus.RESOLVED}),
    CaseStatus.IN_PROGRESS: frozenset({CaseStatus.RESOLVED, CaseStatus.OPEN}),
    CaseStatus.RESOLVED: frozenset({CaseStatus.CLOSED, CaseStatus.IN_PROGRESS}),
    # Reopening a closed case brings it back to work, not straight to resolved.
    CaseStatus.CLOSED: frozenset({CaseStatus.IN_PROGRESS}),
}


class IllegalTransitionError(ValueError):
    """A status change the case's life does not allow."""


def next_status(current: CaseStatus, target: CaseStatus) -> CaseStatus:
    """Return ``target`` if a case may move there from ``current``; refuse otherwise."""
    if target == current:
        raise IllegalTransitionError(f"The case is already {current.label.lower()}.")
    if target not in ALLOWED_MOVES[current]:
        allowed = ", ".join(sorted(status.label.lower() for status in ALLOWED_MOVES[current]))
        raise IllegalTransitionError(
            f"A case that is {current.label.lower()} cannot become {target.label.lower()}; "
            f"it can become: {allowed}."
        )
    return target


def is_reopen(current: CaseStatus, target: CaseStatus) -> bool:
    """Whether the move takes a finished case back into work."""
    return current in {CaseStatus.RESOLVED, CaseStatus.CLOSED} and target in {
        CaseStatus.OPEN,
        CaseStatus.IN_PROGRESS,
    }
