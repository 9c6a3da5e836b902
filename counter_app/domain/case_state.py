"""The life of a case: open -> in progress -> resolved -> closed, and reopen.

Illegal moves are refused with a sentence the clerk can read, never silently.
"""

from enum import StrEnum

from counter_app.i18n import say, say_later


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
        """The status as shown on screen and on receipts, in the language in force."""
        return say(_LABELS[self])

    @property
    def in_sentence(self) -> str:
        """The status as written inside a sentence ("in progress"; German keeps its nouns)."""
        return say(_IN_SENTENCE[self])


_LABELS = {
    CaseStatus.OPEN: say_later("Open"),
    CaseStatus.IN_PROGRESS: say_later("In progress"),
    CaseStatus.RESOLVED: say_later("Resolved"),
    CaseStatus.CLOSED: say_later("Closed"),
}
# Not the label lower-cased: "in Bearbeitung" keeps its capital in German.
_IN_SENTENCE = {
    CaseStatus.OPEN: say_later("open"),
    CaseStatus.IN_PROGRESS: say_later("in progress"),
    CaseStatus.RESOLVED: say_later("resolved"),
    CaseStatus.CLOSED: say_later("closed"),
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
        raise IllegalTransitionError(
            say("The case is already {status}.").format(status=current.in_sentence)
        )
    if target not in ALLOWED_MOVES[current]:
        allowed = ", ".join(sorted(status.in_sentence for status in ALLOWED_MOVES[current]))
        raise IllegalTransitionError(
            say(
                "A case that is {current} cannot become {target}; it can become: {allowed}."
            ).format(current=current.in_sentence, target=target.in_sentence, allowed=allowed)
        )
    return target


def is_reopen(current: CaseStatus, target: CaseStatus) -> bool:
    """Whether the move takes a finished case back into work."""
    return current in {CaseStatus.RESOLVED, CaseStatus.CLOSED} and target in {
        CaseStatus.OPEN,
        CaseStatus.IN_PROGRESS,
    }
