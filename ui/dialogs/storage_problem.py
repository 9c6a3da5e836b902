"""Telling the person at the counter that Counter cannot use its data, calmly."""

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

# The English words; the dialog shows them in the language in force.
TITLE = str(QT_TRANSLATE_NOOP("StorageProblemDialog", "Counter cannot start"))
HEADLINE = str(
    QT_TRANSLATE_NOOP("StorageProblemDialog", "Counter cannot open this counter's data.")
)
NEXT_STEP = str(
    QT_TRANSLATE_NOOP(
        "StorageProblemDialog",
        "Counter will close now. After the problem is fixed, start Counter again. "
        "If you need help, show this message to your IT contact.",
    )
)


class StorageProblemDialog:
    """The message shown when the data folder or database is unusable.

    These problems are the environment's fault (a full disk, a folder without
    rights, a damaged file), so they get the storage layer's own sentence,
    which says what to do, and no traceback. Callers use :meth:`tell`; tests
    replace it so nothing waits on a modal dialog.
    """

    @classmethod
    def tell(cls, message: str, *, parent: QWidget | None = None) -> None:
        """Show ``message`` in a modal warning and wait until it is dismissed."""
        warn_before_closing(
            "StorageProblemDialog", (TITLE, HEADLINE, NEXT_STEP), message, parent=parent
        )


def warn_before_closing(
    context: str, words: tuple[str, str, str], details: str, *, parent: QWidget | None = None
) -> None:
    """A modal warning that Counter cannot go on, shown until it is dismissed.

    ``words`` are the English title, headline and next step, translated in
    ``context``; ``details`` (already in words) goes between headline and next step.
    """
    title, headline, next_step = (QCoreApplication.translate(context, text) for text in words)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(headline)
    box.setInformativeText(f"{details}\n\n{next_step}")
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.exec()
