"""About Counter: the version and build a store runs, and where its files are, for IT."""

from datetime import UTC
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.diagnostics.build_info import BuildInfo, build_info
from counter_app.diagnostics.crash_reports import crash_folder
from counter_app.diagnostics.log_files import log_folder


class AboutDialog(QDialog):
    """Version, build, what it runs on, and the data, log and crash-report folders.

    "Copy for IT" puts the same facts on the clipboard as plain text, for a
    support ticket; every value can also be selected with the mouse.
    """

    def __init__(
        self,
        *,
        data_dir: Path,
        info: BuildInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("AboutDialog")
        self.setWindowTitle(self.tr("About Counter"))
        self._info = info or build_info()
        heading = QLabel(self.tr("Counter {version}").format(version=self._info.version))
        heading.setProperty("textStyle", "brand")
        summary = QLabel(self.tr("Complaints, returns and exchanges at the service counter."))
        summary.setWordWrap(True)
        self.facts: list[tuple[str, str]] = [
            (self.tr("Version"), self._info.version),
            (self.tr("Build"), self._build_words()),
            (self.tr("Python"), self._info.python),
            (self.tr("Qt"), f"{qVersion()} (PySide6 {PySide6.__version__})"),
            (self.tr("System"), self._info.platform),
            (self.tr("Data folder"), str(data_dir)),
            (self.tr("Logs"), str(log_folder(data_dir))),
            (self.tr("Crash reports"), str(crash_folder(data_dir))),
        ]
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for label, value in self.facts:
            shown = QLabel(value)
            shown.setTextFormat(Qt.TextFormat.PlainText)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setWordWrap(True)
            form.addRow(label, shown)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("Copy for IT"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_facts)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(summary)
        layout.addLayout(form)
        layout.addSpacing(12)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def _build_words(self) -> str:
        built = self._info.built_at
        if built is None:
            return self.tr("Run from source")
        # UTC, as IT compares builds across stores in different time zones.
        when = built.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        return self.tr("{commit}, built {when}").format(
            commit=self._info.commit or self.tr("unknown commit"), when=when
        )

    def facts_text(self) -> str:
        """The facts as plain lines, "Label: value", as the clipboard gets them."""
        return "\n".join(f"{label}: {value}" for label, value in self.facts) + "\n"

    def copy_facts(self) -> None:
        """Put the facts on the clipboard for a support ticket."""
        QGuiApplication.clipboard().setText(self.facts_text())
