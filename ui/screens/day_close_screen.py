"""The manager's close of the day: today's cash figures, the counted cash, and the close itself.

The figures are the summary's, shown the way the close freezes them (the
service's snapshot), so what the manager checks is what gets frozen. The
counted cash is typed as an amount; the difference to the expected cash
follows every key, in colour and in words, and the service checks the amount
when the day is closed. A closed day shows its close, frozen, and can be saved
as the day's report (a PDF); it cannot be closed again.

Closing the day sends its Z report (the frozen figures on the receipt roll) to
the print queue once the close is saved: the print runner queues and prints it
on its worker, and the screen says whether it reached the printer or waits in
the queue, and why. It can be printed again at any time ("reprint").

Keys: Esc goes back, Ctrl+Enter closes the day, Ctrl+S saves the report once closed,
Ctrl+P prints the Z report again.
"""

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QStandardPaths, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.documents.summary_report import render_summary_report
from counter_app.domain.local_time import local_day, local_moment, store_today
from counter_app.domain.money import Money, MoneyError
from counter_app.domain.validation import InputError
from counter_app.services.database import StorageError, StoreDatabase
from counter_app.services.day_close import ClosedDay, DayClosedError, close_day, day_close, snapshot
from counter_app.services.errors import ServiceError
from counter_app.services.printing import PrintJob, PrintRun, Reason, write_pdf_file
from counter_app.services.staff import SignedIn
from counter_app.services.store_setup import StoreInfo
from counter_app.services.summary import manager_summary
from ui.printing.print_runner import PrintRunner
from ui.widgets.styling import set_style_property, styled_label

TARGET_HEIGHT = 44
CLOSE_KEYS = ("Ctrl+Return", "Ctrl+Enter")
SAVE_KEYS = "Ctrl+S"
REPRINT_KEYS = "Ctrl+P"
# English names of the tenders, shown through QCoreApplication.translate("DayCloseScreen", ...).
TENDER_NAMES = {
    "cash": QT_TRANSLATE_NOOP("DayCloseScreen", "Cash"),
    "card": QT_TRANSLATE_NOOP("DayCloseScreen", "Card"),
    "store_credit": QT_TRANSLATE_NOOP("DayCloseScreen", "Store credit"),
    "original": QT_TRANSLATE_NOOP("DayCloseScreen", "Original payment"),
}
Failures = (InputError, ServiceError, StorageError, OSError)


def typed_cents(typed: str, currency: str) -> int | None:
    """The typed amount in cents for the live difference, or ``None`` while it is no amount.

    Only a preview: the service checks the amount itself when the day is closed.
    """
    text = typed.strip().replace("\N{MINUS SIGN}", "-")
    if not text:
        return None
    try:
        amount = Decimal(text)
        if not amount.is_finite():
            return None
        money = Money.of(abs(amount), currency)
    except (InvalidOperation, MoneyError, ValueError):
        return None
    if money.amount != abs(amount):
        return None  # more decimals than the currency has: the service says so on close
    return -money.minor_units if amount < 0 else money.minor_units


class ConfirmCloseDialog(QDialog):
    """Ask the manager once more before a close that cannot be undone."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ConfirmCloseDialog")
        self.setWindowTitle(self.tr("Close the day"))
        self.setModal(True)
        self.setMinimumWidth(520)
        heading = styled_label(self.tr("Close the day now?"), "section")
        body = styled_label(text, "hint", wrap=True)
        warning = styled_label(
            self.tr(
                "This cannot be undone: the figures are frozen, and whatever the counter "
                "records after the close counts toward the next day."
            ),
            "hint",
            wrap=True,
        )
        set_style_property(warning, "tone", "warning")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Close the day"))
        set_style_property(ok, "primary", "true")
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Not yet"))
        cancel.setDefault(True)  # Enter alone never closes a day by mistake
        for button in (ok, cancel):
            button.setMinimumHeight(TARGET_HEIGHT)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addWidget(warning)
        layout.addWidget(buttons)
        cancel.setFocus(Qt.FocusReason.OtherFocusReason)

    @classmethod
    def ask(cls, text: str, parent: QWidget | None = None) -> bool:
        """Whether the manager confirmed the close described by ``text``."""
        dialog = cls(text, parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()


class DayCloseScreen(QWidget):
    """Today's close for a manager: check the cash figures, count, close; or see the close.

    Signals:
        back_requested: Esc or Back; the window goes home.
        closed(object): the day was closed; carries the :class:`ClosedDay`.

    ``print_runner`` is the window's print runner, so the status bar counts the Z
    report too; without one the screen runs its own (queuing and one pass at a time).
    """

    back_requested = Signal()
    closed = Signal(object)

    def __init__(
        self,
        *,
        database: StoreDatabase,
        store: StoreInfo,
        staff: SignedIn,
        print_runner: PrintRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("DayCloseScreen")  # what the stylesheet selects the background by
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._database = database
        self._store = store
        self._staff = staff
        self.day: date = store_today(store.zone)
        self.expected_cents = 0
        self.closed_day: ClosedDay | None = None
        self._figure_labels: dict[str, QLabel] = {}
        self.print_runner = print_runner or PrintRunner(database=database, parent=self)
        self.z_report_job: PrintJob | None = None  # the Z report last queued from here
        self._awaiting_queue = False
        self.print_runner.queued.connect(self._on_queued)
        self.print_runner.not_queued.connect(self._on_not_queued)
        self.print_runner.pass_finished.connect(self._on_pass_finished)
        self._build()
        QShortcut(QKeySequence("Esc"), self).activated.connect(self.back_requested.emit)
        for keys in CLOSE_KEYS:
            QShortcut(QKeySequence(keys), self).activated.connect(self.close_the_day)
        QShortcut(QKeySequence(SAVE_KEYS), self).activated.connect(self._save_if_closed)
        QShortcut(QKeySequence(REPRINT_KEYS), self).activated.connect(self._reprint_if_closed)
        self.reset()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.title = styled_label(self.tr("Close the day"), "title")
        self.day_label = styled_label("", "subtitle", wrap=True)
        self.back_button = QPushButton(self.tr("Back  (Esc)"))
        self.back_button.clicked.connect(self.back_requested.emit)
        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(self.title)
        heading.addWidget(self.day_label)
        header = QHBoxLayout()
        header.addLayout(heading, 1)
        header.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)

        self.status_label = styled_label("", "hint", wrap=True)
        self.status_label.setObjectName("DayCloseStatus")

        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(self._figures_card(), 1)
        body.addWidget(self._count_card(), 1)

        self.message = styled_label("", "hint", wrap=True)
        self.message.setObjectName("DayCloseMessage")
        self.print_status = styled_label("", "hint", wrap=True)
        self.print_status.setObjectName("ZReportPrinting")
        self.print_status.setVisible(False)
        messages = QVBoxLayout()
        messages.setSpacing(4)
        messages.addWidget(self.message)
        messages.addWidget(self.print_status)
        self.reprint_button = QPushButton(self.tr("Print the Z report again  (Ctrl+P)"))
        self.reprint_button.setObjectName("ReprintZReport")
        self.reprint_button.clicked.connect(lambda: self.print_z_report("reprint"))
        self.save_button = QPushButton(self.tr("Save report as PDF…  (Ctrl+S)"))
        self.save_button.setObjectName("SaveDayReport")
        self.save_button.clicked.connect(lambda: self.save_report())
        self.close_button = QPushButton(self.tr("Close the day  (Ctrl+Enter)"))
        self.close_button.setObjectName("CloseDay")
        set_style_property(self.close_button, "primary", "true")
        self.close_button.clicked.connect(self.close_the_day)
        footer = QHBoxLayout()
        footer.setSpacing(16)
        footer.addLayout(messages, 1)
        footer.addWidget(self.reprint_button, 0, Qt.AlignmentFlag.AlignBottom)
        footer.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignBottom)
        footer.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignBottom)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 12, 32, 12)
        outer.setSpacing(10)
        outer.addLayout(header)
        outer.addWidget(self.status_label)
        outer.addLayout(body)
        outer.addStretch(1)
        outer.addLayout(footer)

    def _card(self, title: str) -> tuple[QFrame, QVBoxLayout]:
        card = QFrame()
        card.setObjectName("Card")
        card.setAccessibleName(title)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(20, 14, 20, 16)
        layout.setSpacing(8)
        layout.addWidget(styled_label(title, "section"))
        return card, layout

    def _figures_card(self) -> QFrame:
        card, layout = self._card(self.tr("Today's figures"))
        self.figures_grid = QGridLayout()
        self.figures_grid.setHorizontalSpacing(16)
        self.figures_grid.setVerticalSpacing(6)
        self.figures_grid.setColumnStretch(0, 1)
        layout.addLayout(self.figures_grid)
        layout.addStretch(1)
        return card

    def _count_card(self) -> QFrame:
        card, layout = self._card(self.tr("Cash count"))
        layout.addWidget(
            styled_label(
                self.tr(
                    "Count what left the drawer for today's cases: the float given at the "
                    "start of the day minus what is left in it."
                ),
                "hint",
                wrap=True,
            )
        )
        self.counted_field = QLineEdit()
        self.counted_field.setObjectName("CountedCash")
        self.counted_field.setAccessibleName(self.tr("Counted cash"))
        self.counted_field.setPlaceholderText(self.tr("For example 123.45"))
        self.counted_field.setMaxLength(20)
        self.counted_field.setMinimumHeight(TARGET_HEIGHT)
        self.counted_field.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.counted_field.textChanged.connect(self._show_difference)
        counted_caption = styled_label(
            self.tr("Counted cash ({currency})").format(currency=self._store.currency),
            "fieldLabel",
        )
        counted_caption.setBuddy(self.counted_field)
        layout.addWidget(counted_caption)
        layout.addWidget(self.counted_field)
        self.counted_error = styled_label("", "error", wrap=True)
        self.counted_error.setObjectName("CountedCashError")
        self.counted_error.setVisible(False)
        layout.addWidget(self.counted_error)
        self.difference_label = styled_label("", "hint", wrap=True)
        self.difference_label.setObjectName("CashDifference")
        layout.addWidget(self.difference_label)

        self.note_field = QLineEdit()
        self.note_field.setObjectName("DayCloseNote")
        self.note_field.setAccessibleName(self.tr("Note"))
        self.note_field.setPlaceholderText(self.tr("Anything head office should know (optional)"))
        self.note_field.setMaxLength(500)
        self.note_field.setMinimumHeight(TARGET_HEIGHT)
        note_caption = styled_label(self.tr("Note"), "fieldLabel")
        note_caption.setBuddy(self.note_field)
        layout.addWidget(note_caption)
        layout.addWidget(self.note_field)
        self.note_error = styled_label("", "error", wrap=True)
        self.note_error.setObjectName("DayCloseNoteError")
        self.note_error.setVisible(False)
        layout.addWidget(self.note_error)
        layout.addStretch(1)
        return card

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """Put the cursor in the counted cash while the day is open."""
        super().showEvent(event)
        if self.counted_field.isEnabled():
            self.counted_field.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.back_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ actions

    def reset(self) -> None:
        """Read today's figures, or today's close if it was made already."""
        self.day = store_today(self._store.zone)
        self.day_label.setText(local_day(self.day, self._store.locale))
        self._clear_errors()
        self._say("", "hint")
        if not self._staff.is_manager:
            self._show_figures({})
            self._set_open(False)
            self._show_closed_actions(False)
            self._status(self.tr("Only a manager can close the day."), "warning")
            return
        try:
            closed = day_close(database=self._database, day=self.day)
            totals = (
                closed.totals
                if closed is not None
                else snapshot(
                    manager_summary(database=self._database, staff=self._staff, first_day=self.day)
                )
            )
        except Failures as error:
            self._say(
                self.tr("The day's figures could not be read: {error}").format(error=error), "error"
            )
            self._set_open(False)
            self._show_closed_actions(False)
            return
        self._show_figures(totals)
        if closed is not None:
            self._show_closed(closed)
            return
        self.closed_day = None
        self.expected_cents = int(totals.get("cash_out_cents", 0))
        self._status("", "hint")
        self._set_open(True)
        self._show_closed_actions(False)
        self._show_difference()

    def close_the_day(self) -> None:
        """Confirm, then close the day with the counted cash; refusals go next to their field."""
        if self.closed_day is not None or not self.close_button.isEnabled():
            return
        self._clear_errors()
        counted = self.counted_field.text().strip()
        if not ConfirmCloseDialog.ask(self._confirmation_text(counted), self):
            return
        try:
            closed = close_day(
                database=self._database,
                staff=self._staff,
                day=self.day,
                counted_cash=counted,
                note=self.note_field.text(),
            )
        except InputError as error:
            self._show_problems(error)
            return
        except DayClosedError as error:
            self._show_figures(error.closed.totals)
            self._show_closed(error.closed)
            self._say(str(error), "error")
            return
        except Failures as error:
            self._say(self.tr("The day was not closed: {error}").format(error=error), "error")
            return
        self._show_figures(closed.totals)
        self._show_closed(closed)
        self._say(self.tr("The day is closed."), "good")
        # The close is saved: the Z report is queued apart from it, and a printer that is
        # off leaves it waiting in the queue, never the close undone.
        self.print_z_report("completed")
        self.reprint_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.closed.emit(closed)

    def print_z_report(self, reason: Reason = "reprint") -> None:
        """Send the closed day's Z report to the print queue; the outcome shows when known."""
        if self.closed_day is None:
            return
        self.z_report_job = None
        self._awaiting_queue = True
        self._print_said(self.tr("Sending the Z report to the printer…"), "hint")
        self.print_runner.queue_z_report(self.closed_day.day, reason)

    def save_report(self, target: Path | None = None) -> Path | None:
        """Write the closed day's report as a PDF; asks where unless ``target`` is given."""
        if self.closed_day is None:
            return None
        if target is None:
            target = self._ask_where()
            if target is None:
                return None
        try:
            summary = manager_summary(
                database=self._database, staff=self._staff, first_day=self.closed_day.day
            )
            content = render_summary_report(
                summary, store_name=self._store.name, locale=self._store.locale
            )
            written = write_pdf_file(target, content)
        except Failures as error:
            self._say(self.tr("The report was not saved: {error}").format(error=error), "error")
            return None
        self._say(self.tr("Report saved as {path}").format(path=str(written)), "good")
        return written

    def error_for(self, field: str) -> str:
        """The error shown next to ``field`` ("counted_cash" or "note"), or "" if none."""
        label = {"counted_cash": self.counted_error, "note": self.note_error}.get(field)
        return label.text() if label is not None and not label.isHidden() else ""

    # ------------------------------------------------------------------ helpers

    def money(self, cents: int) -> str:
        """Cents in the store's currency, as its customers read money."""
        return Money.from_minor(cents, self._store.currency).format(self._store.locale)

    def difference_words(self, difference_cents: int) -> tuple[str, str]:
        """The difference in words and the tone it is shown in."""
        if difference_cents < 0:
            return self.tr("Short by {amount}").format(amount=self.money(-difference_cents)), (
                "error"
            )
        if difference_cents > 0:
            return self.tr("Over by {amount}").format(amount=self.money(difference_cents)), (
                "warning"
            )
        return self.tr("Matches the expected cash"), "good"

    def _confirmation_text(self, counted: str) -> str:
        cents = typed_cents(counted, self._store.currency)
        counted_words = self.money(cents) if cents is not None else counted or "—"
        return self.tr("Close {day}, counted cash {counted}, expected cash {expected}?").format(
            day=local_day(self.day, self._store.locale),
            counted=counted_words,
            expected=self.money(self.expected_cents),
        )

    def _show_difference(self) -> None:
        if self.closed_day is not None:
            return
        cents = typed_cents(self.counted_field.text(), self._store.currency)
        if cents is None:
            self.difference_label.setText(
                self.tr("Type the counted cash to see the difference.")
                if not self.counted_field.text().strip()
                else self.tr("Type the amount as digits, for example 123.45.")
            )
            set_style_property(self.difference_label, "tone", "hint")
            return
        words, tone = self.difference_words(cents - self.expected_cents)
        self.difference_label.setText(words)
        set_style_property(self.difference_label, "tone", tone)

    def _show_figures(self, totals: Mapping[str, Any]) -> None:
        while self.figures_grid.count():
            item = self.figures_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone at once: it is deleted only when the event loop gets to it
                widget.deleteLater()
        self._figure_labels = {}
        if not totals:
            return
        refunds: Mapping[str, int] = totals.get("refunds_by_tender", {})
        cash_refunded = int(refunds.get("cash", 0))
        cash_out = int(totals.get("cash_out_cents", 0))
        credit = totals.get("credit_issued", {})
        rows: list[tuple[str, str, str]] = [
            ("cases", self.tr("Cases"), str(totals.get("cases", 0))),
        ]
        for tender, cents in refunds.items():
            english = str(TENDER_NAMES.get(tender, tender))
            name = QCoreApplication.translate("DayCloseScreen", english)
            rows.append(
                (
                    f"refunds.{tender}",
                    self.tr("Refunds: {tender}").format(tender=name),
                    self.money(int(cents)),
                )
            )
        rows += [
            ("cash_refunded", self.tr("Cash refunded"), self.money(cash_refunded)),
            ("cash_taken", self.tr("Cash taken"), self.money(cash_refunded - cash_out)),
            ("expected", self.tr("Expected cash out of the drawer"), self.money(cash_out)),
            (
                "credit_issued",
                self.tr("Store credit issued"),
                self.money(int(credit.get("cents", 0))),
            ),
            ("vouchers_issued", self.tr("Vouchers issued"), str(credit.get("count", 0))),
        ]
        for row, (key, caption, value) in enumerate(rows):
            caption_label = styled_label(caption, "fieldLabel" if key == "expected" else "hint")
            shown = styled_label(value, "fieldLabel" if key == "expected" else "hint")
            shown.setObjectName("DayFigure")
            shown.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.figures_grid.addWidget(caption_label, row, 0)
            self.figures_grid.addWidget(shown, row, 1)
            self._figure_labels[key] = shown

    def figure(self, key: str) -> str:
        """The text of one figure shown ("cases", "expected", "refunds.cash", ...)."""
        label = self._figure_labels.get(key)
        return label.text() if label is not None else ""

    def _show_closed(self, closed: ClosedDay) -> None:
        self.closed_day = closed
        self.expected_cents = closed.expected_cash_cents
        self.counted_field.setText(
            f"{Money.from_minor(closed.counted_cash_cents, self._store.currency).amount}"
        )
        self.note_field.setText(closed.note)
        words, tone = self.difference_words(closed.difference_cents)
        self.difference_label.setText(words)
        set_style_property(self.difference_label, "tone", tone)
        self._set_open(False)
        self._show_closed_actions(True)
        self._status(
            self.tr("Closed by {name} on {moment}: counted {counted}. {difference}.").format(
                name=closed.closed_by_name,
                moment=local_moment(closed.closed_at, self._store.zone, self._store.locale),
                counted=self.money(closed.counted_cash_cents),
                difference=words,
            ),
            "good",
        )

    def _set_open(self, open_: bool) -> None:
        self.counted_field.setEnabled(open_)
        self.note_field.setEnabled(open_)
        self.close_button.setVisible(open_)
        self.close_button.setEnabled(open_)

    def _show_closed_actions(self, shown: bool) -> None:
        self.save_button.setVisible(shown)
        self.reprint_button.setVisible(shown)

    def _reprint_if_closed(self) -> None:
        if self.closed_day is not None and self.reprint_button.isVisible():
            self.print_z_report("reprint")

    # ------------------------------------------------------------------ the Z report's print

    def _is_ours(self, job: PrintJob) -> bool:
        return (
            self.closed_day is not None
            and job.document == "z_report"
            and job.reference == self.closed_day.day.isoformat()
        )

    def _on_queued(self, jobs: Sequence[PrintJob]) -> None:
        if not self._awaiting_queue:
            return
        ours = [job for job in jobs if self._is_ours(job)]
        if not ours:
            return
        self._awaiting_queue = False
        self.z_report_job = ours[-1]
        if self.z_report_job.printed_at is not None:  # closed and printed before
            self._print_said(self.tr("The Z report was sent to the printer."), "good")
            return
        self._print_said(self.tr("The Z report is queued for the printer."), "hint")

    def _on_not_queued(self, problem: str) -> None:
        if not self._awaiting_queue:
            return
        self._awaiting_queue = False
        self._print_said(
            self.tr(
                "The Z report was not queued: {problem} Save the report as a PDF instead."
            ).format(problem=problem),
            "error",
        )

    def _on_pass_finished(self, run: PrintRun) -> None:
        job = self.z_report_job
        if job is None:
            return
        if any(printed.job_id == job.job_id for printed in run.printed):
            self.z_report_job = None
            self._print_said(self.tr("The Z report was sent to the printer."), "good")
            return
        failed = next((item for item in run.failed if item.job_id == job.job_id), None)
        problem = failed.last_error if failed is not None else None
        if failed is None and not job.folder.exists():  # printed by another pass
            self.z_report_job = None
            self._print_said(self.tr("The Z report was sent to the printer."), "good")
            return
        if problem is None and run.failed:
            problem = run.failed[0].last_error  # its printer failed on an earlier job
        if problem:
            self._print_said(
                self.tr(
                    "The Z report waits in the print queue: {problem} It prints by itself "
                    "once the printer is back."
                ).format(problem=problem),
                "warning",
            )

    def _print_said(self, text: str, tone: str) -> None:
        self.print_status.setText(text)
        self.print_status.setVisible(bool(text))
        set_style_property(self.print_status, "tone", tone)

    def _save_if_closed(self) -> None:
        if self.closed_day is not None and self.save_button.isVisible():
            self.save_report()

    def _ask_where(self) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        dialog = QFileDialog(self, self.tr("Save report as PDF"), folder, self.tr("PDF (*.pdf)"))
        dialog.setObjectName("SaveDayReportDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(f"day-close-{self._store.code}-{self.day.isoformat()}.pdf")
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
                return None
            return Path(dialog.selectedFiles()[0])
        finally:
            dialog.deleteLater()

    def _show_problems(self, error: InputError) -> None:
        unplaced: list[str] = []
        for problem in error.problems:
            label = {"counted_cash": self.counted_error, "note": self.note_error}.get(problem.field)
            if label is None:
                unplaced.append(problem.message)
                continue
            label.setText(problem.message)
            label.setVisible(True)
        self._say(" ".join([self.tr("The day was not closed."), *unplaced]), "error")
        field = self.note_field if self.note_error.isVisible() else self.counted_field
        if self.counted_error.isVisible():
            field = self.counted_field
        field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _clear_errors(self) -> None:
        for label in (self.counted_error, self.note_error):
            label.setText("")
            label.setVisible(False)

    def _status(self, text: str, tone: str) -> None:
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))
        set_style_property(self.status_label, "tone", tone)

    def _say(self, text: str, tone: str) -> None:
        self.message.setText(text)
        set_style_property(self.message, "tone", tone)
