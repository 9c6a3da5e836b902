"""Offering the newest good backup when the store database at start-up is damaged."""

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

# The English words; the dialog shows them in the language in force.
TITLE = str(QT_TRANSLATE_NOOP("DamagedDatabaseDialog", "Counter cannot start"))
HEADLINE = str(QT_TRANSLATE_NOOP("DamagedDatabaseDialog", "This counter's database is damaged."))
OFFER = str(
    QT_TRANSLATE_NOOP(
        "DamagedDatabaseDialog",
        "A good backup from {time} holds {cases} cases. Restoring it brings back the counter "
        "as it was then; changes made after it are not in it. The damaged file is kept in "
        "the backup folder for IT.",
    )
)
RESTORE = str(QT_TRANSLATE_NOOP("DamagedDatabaseDialog", "Restore the backup from {time}"))
QUIT = str(QT_TRANSLATE_NOOP("DamagedDatabaseDialog", "Quit"))


def _tr(text: str) -> str:
    return QCoreApplication.translate("DamagedDatabaseDialog", text)


class DamagedDatabaseDialog(QMessageBox):
    """Restore the newest good backup, or quit: the two ways on from a damaged database."""

    def __init__(
        self, message: str, *, made: datetime, cases: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        time = made.astimezone().strftime("%Y-%m-%d %H:%M")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(_tr(TITLE))
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(_tr(HEADLINE))
        offer = _tr(OFFER).format(time=time, cases=f"{cases:,}")
        self.setInformativeText(f"{message}\n\n{offer}")
        self.restore_button: QPushButton = self.addButton(
            _tr(RESTORE).format(time=time), QMessageBox.ButtonRole.AcceptRole
        )
        self.quit_button: QPushButton = self.addButton(_tr(QUIT), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.restore_button)
        self.setEscapeButton(self.quit_button)

    def wants_restore(self) -> bool:
        """Show the dialog modally; True when the person chose to restore."""
        self.exec()
        return self.clickedButton() is self.restore_button
