"""The customer panel of every intake screen: who the customer is, with consent, and their history.

A customer is optional. When the clerk types a phone number or a name, the
panel looks up the customer's earlier cases and the customers already in the
store's records who may be meant (a third of a second after the last key),
so the facts are at hand before anything is saved.

Choosing one of those customers (Down to reach the list, then Enter, or a
click) fills the panel from their record: the case is then opened for that
customer (:meth:`CustomerPanel.customer_id`), who gave consent when their
details were first kept, and their earlier cases come from
``intake_context``. Editing the name, phone or email afterwards means someone
else: the choice is dropped and the details are a new customer's again.

New details are only handed to the services with the consent box ticked; the
services refuse them otherwise, in words the panel shows next to the form.

A manager who has chosen a customer can export everything the store holds
about them (a customer's request for their data): the panel asks where to
save the JSON file and the service writes and records it.
"""

import uuid
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QObject,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.local_time import local_day
from counter_app.domain.validation import InputError
from counter_app.services.complaints import EarlierCase, intake_context
from counter_app.services.customers import CustomerMatch, find_customers
from counter_app.services.database import StorageError, StoreDatabase
from counter_app.services.errors import NotFoundError, ServiceError
from counter_app.services.personal_data import export_customer
from counter_app.services.search import CaseRow, search_cases
from counter_app.services.staff import SignedIn
from counter_app.services.store_setup import StoreInfo
from ui.widgets.styling import styled_label

LOOKUP_DELAY_MS = 300
EARLIER_CASES_SHOWN = 5
# Fewer characters than this find too many strangers to be worth showing.
SHORTEST_LOOKUP = 3
CUSTOMER_MATCHES_SHOWN = 3
# Two lines of text with room around them; above the 44 px a finger needs.
_MATCH_ROW_HEIGHT = 52
_MATCH_ROLE = Qt.ItemDataRole.UserRole
# A case's type and status as stored, in words; an unknown one is shown as stored.
_CASE_TYPE_WORDS = {
    "complaint": QT_TRANSLATE_NOOP("CustomerPanel", "Complaint"),
    "return": QT_TRANSLATE_NOOP("CustomerPanel", "Return"),
    "exchange": QT_TRANSLATE_NOOP("CustomerPanel", "Exchange"),
}
_STATUS_WORDS = {
    "open": QT_TRANSLATE_NOOP("CustomerPanel", "open"),
    "in_progress": QT_TRANSLATE_NOOP("CustomerPanel", "in progress"),
    "resolved": QT_TRANSLATE_NOOP("CustomerPanel", "resolved"),
    "closed": QT_TRANSLATE_NOOP("CustomerPanel", "closed"),
}


def earlier_case_line(row: CaseRow | EarlierCase, store: StoreInfo) -> str:
    """One earlier case as the panel lists it: number, when, type, status, what it was about."""
    when = row.created_at if isinstance(row, CaseRow) else row.opened_at
    opened = when.astimezone(store.zone)
    about = f": {row.summary}" if row.summary else ""
    case_type = _CASE_TYPE_WORDS.get(row.case_type.value)
    status = _STATUS_WORDS.get(row.status.value)
    type_words = (
        QCoreApplication.translate("CustomerPanel", str(case_type))
        if case_type
        else row.case_type.value.title()
    )
    status_words = (
        QCoreApplication.translate("CustomerPanel", str(status))
        if status
        else row.status.value.replace("_", " ")
    )
    return (
        f"{row.number}  {local_day(opened.date(), store.locale)}  {type_words}, "
        f"{status_words}{about}"
    )


def customer_match_line(match: CustomerMatch, store: StoreInfo) -> str:
    """A customer the clerk may mean, on two lines: name and their cases; phone and email."""
    if match.last_case_at is None:
        seen = QCoreApplication.translate("CustomerPanel", "no cases yet")
    else:
        last = local_day(match.last_case_at.astimezone(store.zone).date(), store.locale)
        seen = (
            QCoreApplication.translate("CustomerPanel", "1 case, last {day}")
            if match.cases == 1
            else QCoreApplication.translate("CustomerPanel", "{count} cases, last {day}")
        ).format(count=match.cases, day=last)
    contact = "  ·  ".join(value for value in (match.phone, match.email) if value)
    nothing_kept = QCoreApplication.translate("CustomerPanel", "no phone or email kept")
    return f"{match.name}  —  {seen}\n{contact or nothing_kept}"


def ask_export_file(parent: QWidget, suggested: str) -> Path | None:
    """Where the manager wants the customer's data saved; None when they cancel."""
    name, _ = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("CustomerPanel", "Save the customer's data"),
        suggested,
        QCoreApplication.translate("CustomerPanel", "JSON files (*.json)"),
    )
    return Path(name) if name else None


class CustomerPanel(QFrame):
    """Name, phone, email and consent, customers who may be meant, and their earlier cases.

    Signals:
        history_changed(int): the earlier cases were looked up again; carries how many.
        matches_changed(int): the customers who may be meant were looked up; carries how many.
        customer_chosen(object): an existing customer was chosen (their ``CustomerMatch``),
            or the choice was dropped (None).
        customer_exported(str): the chosen customer's data was written to this file.
    """

    history_changed = Signal(int)
    matches_changed = Signal(int)
    customer_chosen = Signal(object)
    customer_exported = Signal(str)

    def __init__(
        self,
        *,
        database: StoreDatabase,
        store: StoreInfo,
        staff: SignedIn | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self._database = database
        self._store = store
        self._staff = staff
        self._earlier: tuple[CaseRow | EarlierCase, ...] = ()
        self._chosen: CustomerMatch | None = None
        self._editable = True
        # Where Up at the top of the offered customers goes back to.
        self._return_to: QLineEdit | None = None

        heading = styled_label(self.tr("Customer (optional)"), "section")
        self.name_field = QLineEdit()
        self.name_field.setObjectName("CustomerName")
        self.name_field.setAccessibleName(self.tr("Customer name"))
        self.name_field.setPlaceholderText(self.tr("Name"))
        self.name_field.setMaxLength(120)
        self.phone_field = QLineEdit()
        self.phone_field.setObjectName("CustomerPhone")
        self.phone_field.setAccessibleName(self.tr("Customer phone"))
        self.phone_field.setPlaceholderText(self.tr("Phone"))
        self.email_field = QLineEdit()
        self.email_field.setObjectName("CustomerEmail")
        self.email_field.setAccessibleName(self.tr("Customer email"))
        self.email_field.setPlaceholderText(self.tr("Email"))
        self.consent_box = QCheckBox(self.tr("Customer agrees we keep these details"))
        self.consent_box.setAccessibleName(self.tr("Customer consent"))
        self.matches_label = styled_label(
            self.tr("Already a customer? ↓ then Enter to choose:"), "hint"
        )
        self.matches_list = QListWidget()
        self.matches_list.setObjectName("CustomerMatches")
        self.matches_list.setAccessibleName(self.tr("Existing customers who may be meant"))
        self.matches_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.matches_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.matches_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.matches_list.setUniformItemSizes(True)
        self.chosen_label = styled_label("", "hint", wrap=True)
        self.chosen_label.setObjectName("CustomerChosen")
        self.different_button = QPushButton(self.tr("Different customer"))
        self.different_button.setAccessibleName(self.tr("Choose a different customer"))
        self.export_button = QPushButton(self.tr("Export their data"))
        self.export_button.setObjectName("CustomerExport")
        self.export_button.setAccessibleName(self.tr("Export the customer's data"))
        self.export_note = styled_label("", "hint", wrap=True)
        self.export_note.setObjectName("CustomerExportNote")
        self.history_label = styled_label("", "hint", wrap=True)
        self.history_label.setObjectName("CustomerHistory")
        self.history_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        fields = QGridLayout()
        fields.setHorizontalSpacing(10)
        fields.setVerticalSpacing(8)
        fields.addWidget(self.name_field, 0, 0, 1, 2)
        fields.addWidget(self.phone_field, 1, 0)
        fields.addWidget(self.email_field, 1, 1)
        fields.addWidget(self.consent_box, 2, 0, 1, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addLayout(fields)
        layout.addWidget(self.matches_label)
        layout.addWidget(self.matches_list)
        chosen_row = QGridLayout()
        chosen_row.setHorizontalSpacing(10)
        chosen_row.addWidget(self.chosen_label, 0, 0)
        chosen_row.addWidget(self.different_button, 0, 1, Qt.AlignmentFlag.AlignTop)
        chosen_row.addWidget(self.export_button, 0, 2, Qt.AlignmentFlag.AlignTop)
        chosen_row.setColumnStretch(0, 1)
        layout.addLayout(chosen_row)
        layout.addWidget(self.export_note)
        layout.addWidget(self.history_label)

        self._lookup_timer = QTimer(self)
        self._lookup_timer.setSingleShot(True)
        self._lookup_timer.setInterval(LOOKUP_DELAY_MS)
        self._lookup_timer.timeout.connect(self.refresh_history)
        self.name_field.textChanged.connect(self._lookup_timer.start)
        self.phone_field.textChanged.connect(self._lookup_timer.start)
        for field in (self.name_field, self.phone_field, self.email_field):
            # Only the clerk's own edits: filling the fields from a choice is no edit.
            field.textEdited.connect(self._forget_choice)
        for field in (self.name_field, self.phone_field):
            field.installEventFilter(self)
        self.matches_list.installEventFilter(self)
        self.matches_list.itemActivated.connect(self._on_match_activated)
        self.matches_list.itemClicked.connect(self._on_match_activated)
        self.different_button.clicked.connect(self._choose_someone_else)
        self.export_button.clicked.connect(self.export_chosen)
        self.clear()

    @property
    def earlier_cases(self) -> tuple[CaseRow | EarlierCase, ...]:
        """The earlier cases shown, newest first."""
        return self._earlier

    @property
    def customer_matches(self) -> tuple[CustomerMatch, ...]:
        """The existing customers offered, in the order listed."""
        return tuple(
            self.matches_list.item(row).data(_MATCH_ROLE)
            for row in range(self.matches_list.count())
        )

    @property
    def chosen_customer(self) -> CustomerMatch | None:
        """The existing customer chosen, or None for a new customer or none."""
        return self._chosen

    def customer_id(self) -> uuid.UUID | None:
        """The ``customer_id`` the services take when an existing customer was chosen."""
        return self._chosen.id if self._chosen is not None else None

    def first_field(self) -> QLineEdit:
        """Where the cursor goes when the panel is the first thing to fill."""
        return self.name_field

    def clear(self) -> None:
        """No customer: empty fields, consent not given, no history shown."""
        self._lookup_timer.stop()
        self._set_chosen(None)
        for field in (self.name_field, self.phone_field, self.email_field):
            field.clear()
        self.consent_box.setChecked(False)
        self._show_matches(())
        self._show_history((), "")

    def set_editable(self, editable: bool) -> None:
        """Lock the details once the case that carries them is saved."""
        self._editable = editable
        for field in (self.name_field, self.phone_field, self.email_field):
            field.setReadOnly(not editable)
        self.consent_box.setEnabled(editable and self._chosen is None)
        self.different_button.setEnabled(editable)
        if not editable:
            self._show_matches(())

    def customer_request(self) -> dict[str, object] | None:
        """The ``customer`` mapping the services take for new details.

        None when nothing was typed, and when an existing customer was chosen
        (the case then takes :meth:`customer_id` instead).
        """
        if self._chosen is not None:
            return None
        name = self.name_field.text().strip()
        phone = self.phone_field.text().strip()
        email = self.email_field.text().strip()
        if not (name or phone or email):
            return None
        return {
            "name": name,
            "phone": phone or None,
            "email": email or None,
            "consent": self.consent_box.isChecked(),
        }

    def choose(self, match: CustomerMatch) -> None:
        """Take an existing customer: fill the panel from their record and show their cases."""
        self._lookup_timer.stop()
        self._set_chosen(match)
        self.name_field.setText(match.name)
        self.phone_field.setText(match.phone or "")
        self.email_field.setText(match.email or "")
        self._lookup_timer.stop()  # the fields changed, but nothing new was typed
        self._show_matches(())
        self.refresh_history()

    def refresh_matches(self) -> None:
        """Look up the existing customers the phone typed, or else the name, may mean."""
        typed = self.phone_field.text().strip() or self.name_field.text().strip()
        if self._chosen is not None or not self._editable or len(typed) < SHORTEST_LOOKUP:
            self._show_matches(())
            return
        try:
            matches = find_customers(
                database=self._database, text=typed, limit=CUSTOMER_MATCHES_SHOWN
            )
        except (InputError, StorageError):
            matches = []  # the history line below says what went wrong
        self._show_matches(tuple(matches))

    def refresh_history(self) -> None:
        """Look up the earlier cases of the chosen customer, or of the phone or name typed."""
        self._lookup_timer.stop()
        if self._chosen is not None:
            self._show_chosen_history(self._chosen)
            return
        self.refresh_matches()
        typed = self.phone_field.text().strip() or self.name_field.text().strip()
        if len(typed) < SHORTEST_LOOKUP:
            self._show_history((), "")
            return
        try:
            page = search_cases(
                database=self._database, query={"text": typed}, limit=EARLIER_CASES_SHOWN
            )
        except (InputError, StorageError) as error:
            self._show_history(
                (), self.tr("Earlier cases could not be looked up: {error}").format(error=error)
            )
            return
        if not page.rows:
            self._show_history((), self.tr("No earlier cases for {who}.").format(who=typed))
            return
        heading = (
            self.tr("Earlier cases (the latest shown):")
            if page.has_more
            else self.tr("Earlier cases:")
        )
        lines = "\n".join(earlier_case_line(row, self._store) for row in page.rows)
        self._show_history(page.rows, f"{heading}\n{lines}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Down from the name or phone moves into the offered customers; Up at the top, back."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        offered = self.matches_list.isVisibleTo(self) and self.matches_list.count() > 0
        if watched in (self.name_field, self.phone_field):
            if event.key() == Qt.Key.Key_Down and offered:
                self._return_to = watched if isinstance(watched, QLineEdit) else None
                self.matches_list.setCurrentRow(0)
                self.matches_list.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        elif watched is self.matches_list:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier
            ):
                item = self.matches_list.currentItem()
                if item is not None:
                    self._on_match_activated(item)
                    return True
            if event.key() == Qt.Key.Key_Up and self.matches_list.currentRow() <= 0:
                (self._return_to or self.name_field).setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ behaviour

    def export_chosen(self) -> None:
        """Save the chosen customer's data where the manager says, and say where it went."""
        match = self._chosen
        if match is None or self._staff is None:
            return
        target = ask_export_file(self, f"customer-{str(match.id)[:8]}.json")
        if target is None:
            return
        try:
            data = export_customer(
                database=self._database, staff=self._staff, customer=str(match.id), to=target
            )
        except (InputError, ServiceError, StorageError) as error:
            self.export_note.setText(self.tr("Not exported: {error}").format(error=error))
            self.export_note.setVisible(True)
            return
        self.export_note.setText(
            self.tr("Saved {count} cases of {name} to {file}").format(
                count=len(data["cases"]), name=match.name, file=target.name
            )
        )
        self.export_note.setVisible(True)
        self.customer_exported.emit(str(target))

    def _on_match_activated(self, item: QListWidgetItem) -> None:
        match = item.data(_MATCH_ROLE)
        if isinstance(match, CustomerMatch):
            self.choose(match)
            self.name_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _choose_someone_else(self) -> None:
        """Drop the chosen customer and empty the fields, ready for someone else's details."""
        self.clear()
        self.name_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _forget_choice(self) -> None:
        """The clerk changed a chosen customer's details: this is someone new, not them."""
        if self._chosen is None:
            return
        self._set_chosen(None)
        self.consent_box.setChecked(False)
        self._show_history((), "")

    def _set_chosen(self, match: CustomerMatch | None) -> None:
        changed = match != self._chosen
        self._chosen = match
        existing = match is not None
        # Consent was given when their details were first kept.
        self.consent_box.setChecked(existing)
        self.consent_box.setEnabled(self._editable and not existing)
        self.consent_box.setText(
            self.tr("Existing customer: consent already given")
            if existing
            else self.tr("Customer agrees we keep these details")
        )
        self.chosen_label.setText(
            self.tr("Existing customer: {name}. Editing a detail makes a new customer.").format(
                name=match.name
            )
            if match is not None
            else ""
        )
        self.chosen_label.setVisible(existing)
        self.different_button.setVisible(existing)
        self.export_button.setVisible(
            existing and self._staff is not None and self._staff.is_manager
        )
        self.export_note.setText("")
        self.export_note.setVisible(False)
        if changed:
            self.customer_chosen.emit(match)

    def _show_matches(self, matches: tuple[CustomerMatch, ...]) -> None:
        self.matches_list.clear()
        for match in matches:
            line = customer_match_line(match, self._store)
            item = QListWidgetItem(line)
            item.setData(_MATCH_ROLE, match)
            item.setToolTip(line)
            item.setSizeHint(QSize(0, _MATCH_ROW_HEIGHT))  # a target a finger can hit
            self.matches_list.addItem(item)
        rows = min(len(matches), CUSTOMER_MATCHES_SHOWN)
        frame = 2 * self.matches_list.frameWidth()
        self.matches_list.setFixedHeight(rows * _MATCH_ROW_HEIGHT + frame)
        self.matches_list.setVisible(bool(matches))
        self.matches_label.setVisible(bool(matches))
        self.matches_changed.emit(len(matches))

    def _show_chosen_history(self, match: CustomerMatch) -> None:
        try:
            context = intake_context(database=self._database, customer_id=match.id)
        except (NotFoundError, StorageError) as error:
            self._show_history(
                (), self.tr("Earlier cases could not be looked up: {error}").format(error=error)
            )
            return
        if not context.customer_cases:
            self._show_history((), self.tr("No earlier cases for {who}.").format(who=match.name))
            return
        shown = len(context.customer_cases)
        heading = (
            self.tr("Earlier cases (the latest {shown} of {total}):").format(
                shown=shown, total=context.customer_cases_total
            )
            if (context.customer_cases_total > shown)
            else self.tr("Earlier cases:")
        )
        lines = "\n".join(earlier_case_line(row, self._store) for row in context.customer_cases)
        self._show_history(context.customer_cases, f"{heading}\n{lines}")

    def _show_history(self, rows: tuple[CaseRow | EarlierCase, ...], text: str) -> None:
        self._earlier = rows
        self.history_label.setText(text)
        self.history_label.setVisible(bool(text))
        self.history_changed.emit(len(rows))
