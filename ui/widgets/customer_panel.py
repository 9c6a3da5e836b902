"""The customer panel of every intake screen: who the customer is, with consent, and their history.

A customer is optional. When the clerk types a phone number or a name, the
panel looks up the customer's earlier cases (a third of a second after the
last key) so the facts are at hand before anything is saved. Details are
only handed to the services with the consent box ticked; the services refuse
them otherwise, in words the panel shows next to the form.
"""

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.validation import InputError
from counter_app.services.database import StorageError, StoreDatabase
from counter_app.services.search import CaseRow, search_cases
from counter_app.services.store_setup import StoreInfo
from ui.widgets.styling import styled_label

LOOKUP_DELAY_MS = 300
EARLIER_CASES_SHOWN = 5
# Fewer characters than this find too many strangers to be worth showing.
SHORTEST_LOOKUP = 3


def earlier_case_line(row: CaseRow, store: StoreInfo) -> str:
    """One earlier case as the panel lists it: number, when, type, status, what it was about."""
    opened = row.created_at.astimezone(store.zone)
    about = f": {row.summary}" if row.summary else ""
    return (
        f"{row.number}  {opened:%d %b %Y}  {row.case_type.value.title()}, "
        f"{row.status.value.replace('_', ' ')}{about}"
    )


class CustomerPanel(QFrame):
    """Name, phone, email and consent, with the customer's earlier cases underneath.

    Signals:
        history_changed(int): the earlier cases were looked up again; carries how many.
    """

    history_changed = Signal(int)

    def __init__(
        self,
        *,
        database: StoreDatabase,
        store: StoreInfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self._database = database
        self._store = store
        self._earlier: tuple[CaseRow, ...] = ()

        heading = styled_label("Customer (optional)", "section")
        self.name_field = QLineEdit()
        self.name_field.setObjectName("CustomerName")
        self.name_field.setAccessibleName("Customer name")
        self.name_field.setPlaceholderText("Name")
        self.name_field.setMaxLength(120)
        self.phone_field = QLineEdit()
        self.phone_field.setObjectName("CustomerPhone")
        self.phone_field.setAccessibleName("Customer phone")
        self.phone_field.setPlaceholderText("Phone")
        self.email_field = QLineEdit()
        self.email_field.setObjectName("CustomerEmail")
        self.email_field.setAccessibleName("Customer email")
        self.email_field.setPlaceholderText("Email")
        self.consent_box = QCheckBox("Customer agrees we keep these details")
        self.consent_box.setAccessibleName("Customer consent")
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
        layout.addWidget(self.history_label)

        self._lookup_timer = QTimer(self)
        self._lookup_timer.setSingleShot(True)
        self._lookup_timer.setInterval(LOOKUP_DELAY_MS)
        self._lookup_timer.timeout.connect(self.refresh_history)
        self.name_field.textChanged.connect(self._lookup_timer.start)
        self.phone_field.textChanged.connect(self._lookup_timer.start)
        self.clear()

    @property
    def earlier_cases(self) -> tuple[CaseRow, ...]:
        """The earlier cases shown, newest first."""
        return self._earlier

    def first_field(self) -> QLineEdit:
        """Where the cursor goes when the panel is the first thing to fill."""
        return self.name_field

    def clear(self) -> None:
        """No customer: empty fields, consent not given, no history shown."""
        self._lookup_timer.stop()
        for field in (self.name_field, self.phone_field, self.email_field):
            field.clear()
        self.consent_box.setChecked(False)
        self._show_history((), "")

    def set_editable(self, editable: bool) -> None:
        """Lock the details once the case that carries them is saved."""
        for field in (self.name_field, self.phone_field, self.email_field):
            field.setReadOnly(not editable)
        self.consent_box.setEnabled(editable)

    def customer_request(self) -> dict[str, object] | None:
        """The ``customer`` mapping the services take, or None when nothing was typed."""
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

    def refresh_history(self) -> None:
        """Look up the earlier cases of the phone typed, or else of the name."""
        self._lookup_timer.stop()
        typed = self.phone_field.text().strip() or self.name_field.text().strip()
        if len(typed) < SHORTEST_LOOKUP:
            self._show_history((), "")
            return
        try:
            page = search_cases(
                database=self._database, query={"text": typed}, limit=EARLIER_CASES_SHOWN
            )
        except (InputError, StorageError) as error:
            self._show_history((), f"Earlier cases could not be looked up: {error}")
            return
        if not page.rows:
            self._show_history((), f"No earlier cases for {typed}.")
            return
        more = " (the latest shown)" if page.has_more else ""
        lines = "\n".join(earlier_case_line(row, self._store) for row in page.rows)
        self._show_history(page.rows, f"Earlier cases{more}:\n{lines}")

    def _show_history(self, rows: tuple[CaseRow, ...], text: str) -> None:
        self._earlier = rows
        self.history_label.setText(text)
        self.history_label.setVisible(bool(text))
        self.history_changed.emit(len(rows))
