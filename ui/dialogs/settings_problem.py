"""Telling the person who started Counter that a setting stops it, when no terminal shows it.

The desktop's own starter on Windows is a windowed program: the line the entry
point prints about a bad setting goes nowhere there, so it is shown in a dialog.
"""

from PySide6.QtCore import QT_TRANSLATE_NOOP

from ui.dialogs.storage_problem import warn_before_closing

# The English words. The store's language is itself a setting, so none is loaded yet.
TITLE = str(QT_TRANSLATE_NOOP("SettingsProblemDialog", "Counter cannot start"))
HEADLINE = str(
    QT_TRANSLATE_NOOP("SettingsProblemDialog", "One of this counter's settings is not valid.")
)
NEXT_STEP = str(
    QT_TRANSLATE_NOOP(
        "SettingsProblemDialog",
        "Counter will close now. Show this message to your IT contact: the setting is an "
        "environment variable of this PC or of the shortcut that starts Counter.",
    )
)


class SettingsProblemDialog:
    """The message shown when a setting stops the desktop from starting.

    Callers use :meth:`tell`; tests replace it so nothing waits on a modal dialog.
    """

    @classmethod
    def tell(cls, problem: str) -> None:
        """Show ``problem`` (the setting and what is wrong) in a modal warning until dismissed."""
        warn_before_closing("SettingsProblemDialog", (TITLE, HEADLINE, NEXT_STEP), problem)
