"""Words the screens share, so the same thing is called the same everywhere."""

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from counter_app.domain.staff import Role

COMING_NEXT_RELEASE = str(QT_TRANSLATE_NOOP("Wording", "Coming in the next release"))
"""Tooltip and badge for an action whose screen is not built yet: honest, not broken.

The English text; show it through :func:`coming_next_release`, in the language in force.
"""

_ROLE_LABELS = {
    Role.CLERK: QT_TRANSLATE_NOOP("Wording", "Clerk"),
    Role.MANAGER: QT_TRANSLATE_NOOP("Wording", "Manager"),
}


def coming_next_release() -> str:
    """:data:`COMING_NEXT_RELEASE` in the language in force."""
    return QCoreApplication.translate("Wording", COMING_NEXT_RELEASE)


def role_label(role: Role) -> str:
    """The role as a person reads it ("Manager"), not as the database stores it ("manager")."""
    label = _ROLE_LABELS.get(role)
    if label is None:
        return str(role).title()
    return QCoreApplication.translate("Wording", str(label))


# An item's condition as stored, in words; an unknown one is shown as stored.
CONDITION_WORDS = {
    "unopened": QT_TRANSLATE_NOOP("FindCaseScreen", "unopened"),
    "opened": QT_TRANSLATE_NOOP("FindCaseScreen", "opened"),
    "damaged": QT_TRANSLATE_NOOP("FindCaseScreen", "damaged"),
    "defective": QT_TRANSLATE_NOOP("FindCaseScreen", "defective"),
}


def condition_words(condition: str) -> str:
    """An item's condition in the clerk's language ("opened" as "geöffnet")."""
    known = CONDITION_WORDS.get(condition)
    return QCoreApplication.translate("FindCaseScreen", str(known)) if known else condition
