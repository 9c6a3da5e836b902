"""The complaint screen: what went wrong, with which product, for whom, and what they were given.

Keyboard first. The product field has the focus when the screen opens: a
scan shows the product's recent complaints and returns, and a warning when
it looks faulty. Tab walks the form; typing a phone or a name in the
customer panel shows their earlier cases. Ctrl+Enter saves in steps: the
case is opened, the photos attached, the follow-up given to someone, then
what the customer was given is recorded and the case resolved (or kept open
until the follow-up date). If a later step fails, the screen says which case
number was saved and what was not, and Ctrl+Enter tries the rest again on
the same case, never opening a second one.

The screen only collects and shows: every rule is the services' own.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.case_state import IllegalTransitionError
from counter_app.domain.local_time import local_day
from counter_app.domain.validation import InputError
from counter_app.services.complaints import (
    ComplaintOutcome,
    ComplaintResolution,
    ProductHistory,
    assign_complaint,
    complaint_categories,
    intake_context,
    resolve_complaint,
)
from counter_app.services.database import StorageError, StoreDatabase
from counter_app.services.drafts import (
    DraftNotKeptError,
    discard_draft,
    load_draft,
    save_draft,
)
from counter_app.services.errors import (
    ApprovalRequiredError,
    NotFoundError,
    PermissionDeniedError,
    ServiceError,
    SignInRefusedError,
)
from counter_app.services.inputs import parse
from counter_app.services.intake import OpenedCase, open_case
from counter_app.services.product_faults import FaultFlag
from counter_app.services.staff import SignedIn, list_staff
from counter_app.services.store_setup import StoreInfo
from ui.dialogs.manager_approval import Approval, ManagerApprovalDialog
from ui.screens.base import CounterScreen
from ui.widgets.attachment_strip import AttachmentStrip
from ui.widgets.customer_panel import CustomerPanel
from ui.widgets.day_edit import to_qdate
from ui.widgets.draft_banner import DraftBanner
from ui.widgets.styling import set_style_property, styled_label, vertical_scroll

# Values sent to the services, with their English labels (translated where shown).
SEVERITIES = (
    ("low", str(QT_TRANSLATE_NOOP("ComplaintScreen", "Low"))),
    ("medium", str(QT_TRANSLATE_NOOP("ComplaintScreen", "Medium"))),
    ("high", str(QT_TRANSLATE_NOOP("ComplaintScreen", "High"))),
    ("critical", str(QT_TRANSLATE_NOOP("ComplaintScreen", "Critical"))),
)
ACCOMMODATIONS: tuple[tuple[str | None, str], ...] = (
    ("apology", str(QT_TRANSLATE_NOOP("ComplaintScreen", "Apology"))),
    ("replacement", str(QT_TRANSLATE_NOOP("ComplaintScreen", "Replacement"))),
    ("repair", str(QT_TRANSLATE_NOOP("ComplaintScreen", "Repair"))),
    ("discount", str(QT_TRANSLATE_NOOP("ComplaintScreen", "Discount"))),
    ("voucher", str(QT_TRANSLATE_NOOP("ComplaintScreen", "Voucher"))),
    ("refund", str(QT_TRANSLATE_NOOP("ComplaintScreen", "Refund"))),
    (None, str(QT_TRANSLATE_NOOP("ComplaintScreen", "Nothing yet (keep open)"))),
)
REFUND_TENDERS = (
    ("cash", str(QT_TRANSLATE_NOOP("ComplaintScreen", "Cash"))),
    ("card", str(QT_TRANSLATE_NOOP("ComplaintScreen", "Card"))),
)
# Accommodations that may carry an amount (required for voucher and refund).
WITH_AMOUNT = frozenset({"replacement", "repair", "discount", "voucher", "refund"})
DEFAULT_FOLLOW_UP_DAYS = 3
SUMMARY_LENGTH = 120
# The stylesheet sizes line edits and buttons; combo boxes and dates get the same 44 px target.
TARGET_HEIGHT = 44
Failures = (InputError, NotFoundError, ServiceError, StorageError, IllegalTransitionError)


def fault_warning(count: int, window_days: int) -> str:
    """The warning a clerk cannot miss when a product keeps coming back."""
    return QCoreApplication.translate(
        "ComplaintScreen",
        "Possible product fault: {count} complaints and returns in {days} days — tell the manager.",
    ).format(count=count, days=window_days)


def flag_warning(flag: FaultFlag) -> str:
    """The warning for a product this case has just flagged (named: a case may flag several)."""
    return (
        f"{fault_warning(flag.complaints + flag.returns, flag.window_days)} ({flag.product_name})"
    )


def history_warning(history: ProductHistory) -> str:
    """The warning for a product already flagged and not yet cleared by a manager."""
    return fault_warning(history.complaints + history.returns, history.window_days)


DRAFT_KIND = "complaint"
DRAFT_DELAY_MS = 300


def _worth_keeping(form: dict[str, Any]) -> bool:
    """Whether a form holds anything a clerk would mind losing."""
    return bool(str(form.get("description", "")).strip() or form.get("product_barcode"))


@dataclass
class _Progress:
    """What of the complaint on screen is already saved, so a retry does only the rest."""

    case: OpenedCase
    assignee_id: uuid.UUID | None
    follow_up_on: date | None
    outcome: ComplaintOutcome | None = None
    attached: int = 0


class ComplaintScreen(CounterScreen):
    """A walk-in complaint, taken down and, where possible, resolved at the first contact.

    Signals:
        back_requested: Esc or Back; the window goes home.
        completed(OpenedCase): every step of the complaint was saved; carries the case.
    """

    completed = Signal(object)

    def __init__(
        self,
        *,
        database: StoreDatabase,
        store: StoreInfo,
        staff: SignedIn,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            name="ComplaintScreen", database=database, store=store, staff=staff, parent=parent
        )
        # When the customer was called from the queue: the case keeps their arrival time.
        self.arrived_at: datetime | None = None
        self._data_dir = database.path.parent
        self._progress: _Progress | None = None
        self._product: ProductHistory | None = None
        self._looked_up = ""
        self._staff_names = {person.id: person.name for person in list_staff(database=database)}
        self._build()
        QShortcut(QKeySequence("Esc"), self).activated.connect(self.back_requested.emit)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.save)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self._keep_draft)
        self._restoring = False
        self.reset()
        self._watch_for_draft()
        self._offer_draft()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.title = styled_label(self.tr("New complaint"), "title")
        self.back_button = QPushButton(self.tr("Back  (Esc)"))
        self.back_button.clicked.connect(self.back_requested.emit)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)

        # Two columns where they fit; one above the other on a narrow window (see resizeEvent).
        body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        body.setSpacing(16)
        self._body = body
        self._main_column = self._complaint_card()
        body.addWidget(self._main_column, 3)
        self._side_column = QWidget()
        side = QVBoxLayout(self._side_column)
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(12)
        self.customer_panel = CustomerPanel(
            database=self._database, store=self._store, staff=self._staff
        )
        side.addWidget(self.customer_panel)
        side.addWidget(self._outcome_card(), 1)
        body.addWidget(self._side_column, 2)

        content = QWidget()
        content.setObjectName("ComplaintContent")
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(body)
        scroll = vertical_scroll("ComplaintScroll", content)

        self.message = styled_label("", "hint", wrap=True)
        self.message.setObjectName("ComplaintMessage")
        self.save_button = QPushButton(self.tr("Save complaint  (Ctrl+Enter)"))
        self.save_button.setObjectName("SaveComplaint")
        set_style_property(self.save_button, "primary", "true")
        self.save_button.clicked.connect(self.save)
        footer = QHBoxLayout()
        footer.setSpacing(16)
        footer.addWidget(self.message, 1)
        footer.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignBottom)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 12, 32, 12)
        outer.setSpacing(10)
        outer.addLayout(header)
        self.draft_banner = DraftBanner()
        self.draft_banner.restore_requested.connect(self.restore_draft)
        self.draft_banner.discard_requested.connect(self.discard_draft)
        outer.addWidget(self.draft_banner)
        outer.addWidget(self.fault_label)
        outer.addWidget(scroll, 1)
        outer.addLayout(footer)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        """Stack the two columns when the window is too narrow for both side by side."""
        super().resizeEvent(event)
        margins = 2 * 32 + 24  # the screen's side margins and a scroll bar
        needed = (
            self._main_column.minimumSizeHint().width()
            + self._side_column.minimumSizeHint().width()
            + self._body.spacing()
            + margins
        )
        direction = (
            QBoxLayout.Direction.LeftToRight
            if event.size().width() >= needed
            else QBoxLayout.Direction.TopToBottom
        )
        if self._body.direction() != direction:
            self._body.setDirection(direction)

    def _complaint_card(self) -> QFrame:
        self.product_field = QLineEdit()
        self.product_field.setObjectName("ComplaintProduct")
        self.product_field.setAccessibleName(self.tr("Product barcode"))
        self.product_field.setPlaceholderText(
            self.tr("Scan the product's barcode (if any), then Enter")
        )
        self.product_field.setMaxLength(32)
        self.product_field.returnPressed.connect(self._on_product_entered)
        self.product_field.editingFinished.connect(self.look_up_product)
        self.product_info = styled_label("", "hint", wrap=True)
        self.product_info.setObjectName("ProductHistory")
        self.fault_label = styled_label("", "fieldLabel", wrap=True)
        self.fault_label.setObjectName("FaultWarning")
        set_style_property(self.fault_label, "tone", "warning")

        self.category_box = QComboBox()
        self.category_box.setAccessibleName(self.tr("Complaint category"))
        for category in complaint_categories(database=self._database):
            self.category_box.addItem(category, category)
        self.severity_box = QComboBox()
        self.severity_box.setAccessibleName(self.tr("Severity"))
        for value, label in SEVERITIES:
            self.severity_box.addItem(QCoreApplication.translate("ComplaintScreen", label), value)

        self.description_field = QPlainTextEdit()
        self.description_field.setObjectName("ComplaintDescription")
        self.description_field.setAccessibleName(self.tr("What happened"))
        self.description_field.setPlaceholderText(self.tr("What happened, in the customer's words"))
        self.description_field.setTabChangesFocus(True)
        self.description_field.setMinimumHeight(72)
        self.desired_field = QLineEdit()
        self.desired_field.setAccessibleName(self.tr("What the customer would like"))
        self.desired_field.setPlaceholderText(self.tr("What the customer would like (optional)"))
        self.desired_field.setMaxLength(500)
        self.photos = AttachmentStrip()
        self.photos.refused.connect(lambda text: self._say(text, "error"))

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.addWidget(styled_label(self.tr("Product"), "fieldLabel"), 0, 0)
        grid.addWidget(self.product_field, 0, 1, 1, 3)
        grid.addWidget(self.product_info, 1, 1, 1, 3)
        grid.addWidget(styled_label(self.tr("Category"), "fieldLabel"), 3, 0)
        grid.addWidget(self.category_box, 3, 1)
        grid.addWidget(styled_label(self.tr("Severity"), "fieldLabel"), 3, 2)
        grid.addWidget(self.severity_box, 3, 3)
        grid.addWidget(
            styled_label(self.tr("What happened"), "fieldLabel"), 4, 0, Qt.AlignmentFlag.AlignTop
        )
        grid.addWidget(self.description_field, 4, 1, 1, 3)
        grid.addWidget(styled_label(self.tr("Would like"), "fieldLabel"), 5, 0)
        grid.addWidget(self.desired_field, 5, 1, 1, 3)
        grid.addWidget(
            styled_label(self.tr("Photos"), "fieldLabel"), 6, 0, Qt.AlignmentFlag.AlignTop
        )
        grid.addWidget(self.photos, 6, 1, 1, 3)
        grid.setRowStretch(4, 1)

        for box in (self.category_box, self.severity_box):
            box.setMinimumHeight(TARGET_HEIGHT)
        card = QFrame()
        card.setObjectName("Card")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.setSpacing(8)
        layout.addLayout(grid, 1)
        return card

    def _outcome_card(self) -> QFrame:
        self.accommodation_box = QComboBox()
        self.accommodation_box.setAccessibleName(self.tr("What the customer was given"))
        for kind, label in ACCOMMODATIONS:
            self.accommodation_box.addItem(
                QCoreApplication.translate("ComplaintScreen", label), kind
            )
        self.accommodation_box.currentIndexChanged.connect(self._on_accommodation)
        self.amount_field = QLineEdit()
        self.amount_field.setObjectName("AccommodationAmount")
        self.amount_field.setAccessibleName(self.tr("Amount"))
        self.amount_field.setPlaceholderText(self.tr("Amount"))
        self.amount_field.setMinimumWidth(130)
        self.amount_field.setMaxLength(12)

        self.tender_box = QComboBox()
        self.tender_box.setAccessibleName(self.tr("Refund paid in"))
        for tender, label in REFUND_TENDERS:
            self.tender_box.addItem(QCoreApplication.translate("ComplaintScreen", label), tender)
        self.tender_box.currentIndexChanged.connect(self._on_tender)
        self.card_last4_field = QLineEdit()
        self.card_last4_field.setAccessibleName(self.tr("Last four digits of the card"))
        self.card_last4_field.setPlaceholderText(self.tr("Last 4"))
        self.card_last4_field.setMaxLength(4)
        self.card_last4_field.setFixedWidth(100)
        self.card_reference_field = QLineEdit()
        self.card_reference_field.setAccessibleName(self.tr("Card refund reference"))
        self.card_reference_field.setPlaceholderText(self.tr("Terminal ref."))
        self.card_reference_field.setMaxLength(64)
        self.refund_row = QWidget()
        refund_layout = QHBoxLayout(self.refund_row)
        refund_layout.setContentsMargins(0, 0, 0, 0)
        refund_layout.setSpacing(8)
        refund_layout.addWidget(self.tender_box)
        refund_layout.addWidget(self.card_last4_field)
        refund_layout.addWidget(self.card_reference_field, 1)

        self.note_field = QLineEdit()
        self.note_field.setAccessibleName(self.tr("Note on what was given"))
        self.note_field.setPlaceholderText(self.tr("Note (optional)"))
        self.note_field.setMaxLength(400)

        self.resolve_now_button = QRadioButton(self.tr("Resolved now"))
        self.keep_open_button = QRadioButton(self.tr("Keep open"))
        choice = QButtonGroup(self)
        choice.addButton(self.resolve_now_button)
        choice.addButton(self.keep_open_button)
        self.keep_open_button.toggled.connect(self._on_keep_open)

        self.assignee_box = QComboBox()
        self.assignee_box.setAccessibleName(self.tr("Who follows up"))
        self.assignee_box.addItem(self.tr("Nobody yet"), None)
        for person_id, name in self._staff_names.items():
            self.assignee_box.addItem(name, person_id)
        self.follow_up_box = QCheckBox(self.tr("by"))
        self.follow_up_box.setAccessibleName(self.tr("Follow up by a date"))
        self.follow_up_box.toggled.connect(self._on_follow_up)
        self.follow_up_date = QDateEdit()
        self.follow_up_date.setAccessibleName(self.tr("Follow-up date"))
        self.follow_up_date.setCalendarPopup(True)
        self.follow_up_date.setDisplayFormat("dd MMM yyyy")

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(1, 1)
        grid.addWidget(styled_label(self.tr("Given"), "fieldLabel"), 0, 0)
        grid.addWidget(self.accommodation_box, 0, 1)
        grid.addWidget(self.amount_field, 0, 2)
        grid.addWidget(self.refund_row, 1, 1, 1, 2)
        grid.addWidget(styled_label(self.tr("Note"), "fieldLabel"), 2, 0)
        grid.addWidget(self.note_field, 2, 1, 1, 2)
        status_row = QHBoxLayout()
        status_row.setSpacing(16)
        status_row.addWidget(self.resolve_now_button)
        status_row.addWidget(self.keep_open_button)
        status_row.addStretch(1)
        grid.addWidget(styled_label(self.tr("Case"), "fieldLabel"), 3, 0)
        grid.addLayout(status_row, 3, 1, 1, 2)
        follow_row = QHBoxLayout()
        follow_row.setSpacing(8)
        follow_row.addWidget(self.assignee_box, 1)
        follow_row.addWidget(self.follow_up_box)
        follow_row.addWidget(self.follow_up_date)
        grid.addWidget(styled_label(self.tr("Follow-up"), "fieldLabel"), 4, 0)
        grid.addLayout(follow_row, 4, 1, 1, 2)

        for box in (
            self.accommodation_box,
            self.tender_box,
            self.assignee_box,
            self.follow_up_date,
        ):
            box.setMinimumHeight(TARGET_HEIGHT)
        card = QFrame()
        card.setObjectName("Card")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(styled_label(self.tr("What the customer was given"), "section"))
        layout.addLayout(grid)
        layout.addStretch(1)
        return card

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """Put the cursor where the product scan goes (or on the outcome, once saved)."""
        super().showEvent(event)
        entry = self.product_field if self._progress is None else self.accommodation_box
        entry.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ actions

    def reset(self) -> None:
        """An empty complaint, ready for the next customer."""
        self._progress = None
        self._product = None
        self._looked_up = ""
        self.title.setText(self.tr("New complaint"))
        self.product_field.clear()
        self.product_info.setText("")
        self.product_info.setVisible(False)
        self._show_fault("")
        self.category_box.setCurrentIndex(0)
        self.severity_box.setCurrentIndex(self.severity_box.findData("medium"))
        self.description_field.clear()
        self.desired_field.clear()
        self.photos.clear()
        self.customer_panel.clear()
        self.accommodation_box.setCurrentIndex(0)
        self.amount_field.clear()
        self.tender_box.setCurrentIndex(0)
        self.card_last4_field.clear()
        self.card_reference_field.clear()
        self.note_field.clear()
        self.resolve_now_button.setChecked(True)
        self.assignee_box.setCurrentIndex(0)
        today = to_qdate(self._today())
        self.follow_up_date.setMinimumDate(today)
        self.follow_up_date.setDate(today.addDays(DEFAULT_FOLLOW_UP_DAYS))
        self.follow_up_box.setChecked(False)
        self._on_follow_up(False)
        self._on_accommodation()
        self._set_intake_editable(True)
        self.save_button.setText(self.tr("Save complaint  (Ctrl+Enter)"))
        self._say("", "hint")
        self.product_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def look_up_product(self) -> None:
        """Show the scanned product's recent complaints and returns, and warn of a likely fault."""
        typed = self.product_field.text().strip()
        if typed == self._looked_up:
            return
        self._looked_up = typed
        self._product = None
        self._show_fault("")
        if not typed:
            self.product_info.setVisible(False)
            return
        try:
            context = intake_context(database=self._database, product_barcode=typed)
        except Failures as error:
            self._show_product_info(str(error), "error")
            return
        product = context.product
        if product is None:
            return
        self._product = product
        info = self.tr(
            "{product} ({sku}): {complaints} complaints and {returns} returns "
            "in the last {days} days."
        ).format(
            product=product.name,
            sku=product.sku,
            complaints=product.complaints,
            returns=product.returns,
            days=product.window_days,
        )
        if product.recent_cases:
            latest = self.tr("Latest: {number}.").format(number=product.recent_cases[0].number)
            info = f"{info} {latest}"
        self._show_product_info(info, "hint")
        self.product_info.setToolTip(
            "\n".join(f"{case.number}  {case.summary}" for case in product.recent_cases)
        )
        if product.flagged:
            self._show_fault(history_warning(product))

    def save(self) -> None:
        """Save what is not saved yet: the case, the photos, the follow-up, what was given."""
        resolution = self._resolution_request()
        if resolution is None:
            return
        if self._progress is None:
            opened = self._open()
            if opened is None:
                return
        progress = self._progress
        if progress is None:  # _open saved nothing and said why
            return
        number = progress.case.number
        not_done: list[str] = []

        outcome = self.photos.attach_to(
            database=self._database,
            data_dir=self._data_dir,
            staff=self._staff,
            case_ref=progress.case.id,
        )
        progress.attached += len(outcome.attached)
        for name, why in outcome.refused:
            not_done.append(self.tr("{name} was not attached: {why}").format(name=name, why=why))
        for name, why in outcome.kept:
            not_done.append(
                self.tr("{name} was not attached yet: {why}").format(name=name, why=why)
            )

        assignee_id = self.assignee_box.currentData()
        follow_up_on = self._follow_up_on()
        if (assignee_id, follow_up_on) != (progress.assignee_id, progress.follow_up_on):
            try:
                assign_complaint(
                    database=self._database,
                    staff=self._staff,
                    case_ref=progress.case.id,
                    assignee_id=assignee_id,
                    follow_up_on=follow_up_on,
                )
            except Failures as error:
                not_done.append(self.tr("The follow-up was not saved: {error}").format(error=error))
            else:
                progress.assignee_id, progress.follow_up_on = assignee_id, follow_up_on

        if progress.outcome is None and self.accommodation_box.currentData() is not None:
            problem = self._resolve(progress, resolution)
            if problem:
                not_done.append(problem)

        saved = self._saved_words(progress)
        if not_done:
            self.title.setText(self.tr("Complaint {number}").format(number=number))
            self._say(
                self.tr(
                    "{saved} Not done: {problems} Correct what is needed and press Ctrl+Enter "
                    "to save the rest on the same case, or Esc to leave it as it is."
                ).format(saved=saved, problems=" ".join(not_done)),
                "warning",
            )
            self.save_button.setText(self.tr("Save the rest  (Ctrl+Enter)"))
            return
        fault = self.fault_label.text()
        discard_draft(data_dir=self._data_dir, kind=DRAFT_KIND, staff_id=self._staff.staff_id)
        self.reset()
        self._show_fault(fault)
        self._say(saved, "good")
        self.completed.emit(progress.case)

    # ------------------------------------------------------------------ the steps

    def _open(self) -> OpenedCase | None:
        complaint: dict[str, object] = {
            "category": self.category_box.currentData(),
            "severity": self.severity_box.currentData(),
            "description": self.description_field.toPlainText(),
            "desired_outcome": self.desired_field.text(),
            "product_barcode": self.product_field.text().strip() or None,
            "follow_up_on": self._follow_up_on(),
        }
        request: dict[str, object] = {
            "case_type": "complaint",
            "summary": self._summary(),
            "complaint": complaint,
        }
        customer_id = self.customer_panel.customer_id()
        customer = self.customer_panel.customer_request()
        if customer_id is not None:
            request["customer_id"] = customer_id  # an existing customer, chosen in the panel
        elif customer is not None:
            request["customer"] = customer
        if self.arrived_at is not None:
            request["arrived_at"] = self.arrived_at
        try:
            opened = open_case(database=self._database, staff=self._staff, request=request)
        except Failures as error:
            self._say(self.tr("Not saved yet: {error}").format(error=error), "error")
            return None
        self._progress = _Progress(opened, None, self._follow_up_on())
        self._set_intake_editable(False)
        if opened.fault_flags:
            self._show_fault(" ".join(flag_warning(flag) for flag in opened.fault_flags))
        return opened

    def _resolve(self, progress: _Progress, request: dict[str, object]) -> str:
        """Record what was given; an empty answer means done, else what stopped it."""
        approval: Approval | None = None
        message = ""
        reasons: tuple[str, ...] = ()
        while True:
            try:
                progress.outcome = resolve_complaint(
                    database=self._database,
                    staff=self._staff,
                    case_ref=progress.case.id,
                    request={**request, "approval": approval.as_request()} if approval else request,
                )
            except ApprovalRequiredError as needed:
                reasons = needed.reasons
                message = ""
            except (SignInRefusedError, PermissionDeniedError) as refused:
                message = str(refused)
            except Failures as error:
                return self.tr("What the customer was given was not recorded: {error}").format(
                    error=error
                )
            else:
                return ""
            approval = self._ask_manager(reasons, message)
            if approval is None:
                return self.tr(
                    "What the customer was given was not recorded: it needs a manager's approval."
                )

    def _ask_manager(self, reasons: tuple[str, ...], message: str) -> Approval | None:
        dialog = ManagerApprovalDialog(
            staff=list_staff(database=self._database),
            reasons=reasons,
            allow_fee_waiver=False,
            message=message,
            parent=self,
        )
        if dialog.exec() != ManagerApprovalDialog.DialogCode.Accepted:
            return None
        return dialog.approval()

    # ------------------------------------------------------------------ helpers

    def _resolution_request(self) -> dict[str, object] | None:
        """What the resolution step will send, checked before anything is saved."""
        kind = self.accommodation_box.currentData()
        resolve_now = self.resolve_now_button.isChecked()
        follow_up_on = self._follow_up_on()
        if kind is None and resolve_now:
            self._say(
                self.tr(
                    "Choose what the customer was given, "
                    "or keep the complaint open to follow it up."
                ),
                "error",
            )
            self.accommodation_box.setFocus()
            return None
        if not resolve_now and follow_up_on is None:
            self._say(
                self.tr("Choose the date to follow up by, so the complaint is not forgotten."),
                "error",
            )
            self.follow_up_box.setFocus()
            return None
        request: dict[str, object] = {
            "accommodation": kind,  # None: nothing given yet, and no resolution step
            "note": self.note_field.text(),
            "first_contact": resolve_now,
            "resolve_now": resolve_now,
            "follow_up_on": follow_up_on,
        }
        amount = self.amount_field.text().strip()
        if amount and kind in WITH_AMOUNT:
            request["amount"] = amount
        if kind == "refund":
            request["refund_tender"] = self.tender_box.currentData()
            if self.tender_box.currentData() == "card":
                request["card_last4"] = self.card_last4_field.text().strip()
                reference = self.card_reference_field.text().strip()
                if reference:
                    request["card_reference"] = reference
        if kind is not None:
            try:
                parse(ComplaintResolution, request)
            except InputError as error:
                self._say(self.tr("Not saved yet: {error}").format(error=error), "error")
                return None
        return request

    def _saved_words(self, progress: _Progress) -> str:
        outcome = progress.outcome
        number = progress.case.number
        locale = self._store.locale
        if outcome is not None and outcome.status.value == "resolved":
            sentences = [
                self.tr("Complaint {number} saved and resolved: {given}.").format(
                    number=number, given=outcome.accommodation
                )
            ]
        elif outcome is not None:
            sentences = [
                self.tr("Complaint {number} saved and kept open: {given} given so far.").format(
                    number=number, given=outcome.accommodation
                )
            ]
        else:
            sentences = [self.tr("Complaint {number} saved and kept open.").format(number=number)]
        if outcome is not None and outcome.approved_by is not None:
            approver = self._staff_names.get(outcome.approved_by, self.tr("a manager"))
            sentences.append(self.tr("Approved by {name}.").format(name=approver))
        follow_up = outcome.follow_up_on if outcome is not None else progress.follow_up_on
        if progress.assignee_id is not None:
            who = self._staff_names.get(progress.assignee_id, self.tr("Staff"))
            sentences.append(
                self.tr("{name} follows it up by {day}.").format(
                    name=who, day=local_day(follow_up, locale)
                )
                if follow_up
                else self.tr("{name} follows it up.").format(name=who)
            )
        elif follow_up is not None and (outcome is None or outcome.status.value != "resolved"):
            sentences.append(
                self.tr("Follow up by {day}.").format(day=local_day(follow_up, locale))
            )
        if progress.attached == 1:
            sentences.append(self.tr("1 photo attached."))
        elif progress.attached:
            sentences.append(self.tr("{count} photos attached.").format(count=progress.attached))
        sentences.extend(progress.case.notices + (outcome.notices if outcome is not None else ()))
        return " ".join(sentences)

    def _summary(self) -> str:
        words = " ".join(self.description_field.toPlainText().split())
        category = self.category_box.currentText()
        text = f"{category}: {words}" if words else category
        return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "…"

    def _follow_up_on(self) -> date | None:
        if not self.follow_up_box.isChecked():
            return None
        picked = self.follow_up_date.date()
        return date(picked.year(), picked.month(), picked.day())

    def _today(self) -> date:
        return datetime.now(self._store.zone).date()

    def _set_intake_editable(self, editable: bool) -> None:
        """Once the case is saved its complaint details are fixed; the outcome stays open."""
        for field in (self.product_field, self.desired_field):
            field.setReadOnly(not editable)
        self.description_field.setReadOnly(not editable)
        self.category_box.setEnabled(editable)
        self.severity_box.setEnabled(editable)
        self.customer_panel.set_editable(editable)

    def _on_product_entered(self) -> None:
        self.look_up_product()
        if self._product is not None:
            self.category_box.setFocus(Qt.FocusReason.TabFocusReason)

    def _on_accommodation(self) -> None:
        kind = self.accommodation_box.currentData()
        self.amount_field.setEnabled(kind in WITH_AMOUNT)
        if kind not in WITH_AMOUNT:
            self.amount_field.clear()
        self.refund_row.setVisible(kind == "refund")
        self._on_tender()
        if kind is None:
            self.keep_open_button.setChecked(True)

    def _on_tender(self) -> None:
        by_card = self.tender_box.currentData() == "card"
        self.card_last4_field.setEnabled(by_card)
        self.card_reference_field.setEnabled(by_card)

    def _on_keep_open(self, keep_open: bool) -> None:
        if keep_open:
            self.follow_up_box.setChecked(True)

    def _on_follow_up(self, checked: bool) -> None:
        self.follow_up_date.setEnabled(checked)

    def _show_product_info(self, text: str, tone: str) -> None:
        self.product_info.setText(text)
        set_style_property(self.product_info, "tone", tone)
        self.product_info.setVisible(bool(text))

    def _show_fault(self, text: str) -> None:
        self.fault_label.setText(text)
        self.fault_label.setVisible(bool(text))

    # ------------------------------------------------------------------ drafts

    def form_state(self) -> dict[str, Any]:
        """What is typed and chosen before the case is saved, as JSON-ready data for a draft."""
        panel = self.customer_panel
        return {
            "product_barcode": self.product_field.text(),
            "category": self.category_box.currentData(),
            "severity": self.severity_box.currentData(),
            "description": self.description_field.toPlainText(),
            "desired_outcome": self.desired_field.text(),
            "photos": [str(path) for path in self.photos.files()],
            "customer": {
                "name": panel.name_field.text(),
                "phone": panel.phone_field.text(),
                "email": panel.email_field.text(),
                "consent": panel.consent_box.isChecked(),
            },
            "accommodation": self.accommodation_box.currentData(),
            "amount": self.amount_field.text(),
            "note": self.note_field.text(),
            "resolve_now": self.resolve_now_button.isChecked(),
        }

    def restore_form(self, state: dict[str, Any]) -> None:
        """Put a draft back on the screen as the clerk left it."""
        self._restoring = True
        try:
            self.reset()
            self.product_field.setText(str(state.get("product_barcode", "")))
            self.look_up_product()
            for box, key in ((self.category_box, "category"), (self.severity_box, "severity")):
                box.setCurrentIndex(max(box.findData(state.get(key)), 0))
            self.description_field.setPlainText(str(state.get("description", "")))
            self.desired_field.setText(str(state.get("desired_outcome", "")))
            photos = [Path(path) for path in state.get("photos", []) if Path(path).is_file()]
            self.photos.add_files(photos)
            customer = state.get("customer", {})
            panel = self.customer_panel
            panel.name_field.setText(str(customer.get("name", "")))
            panel.phone_field.setText(str(customer.get("phone", "")))
            panel.email_field.setText(str(customer.get("email", "")))
            panel.consent_box.setChecked(bool(customer.get("consent")))
            given = self.accommodation_box.findData(state.get("accommodation"))
            self.accommodation_box.setCurrentIndex(max(given, 0))
            self.amount_field.setText(str(state.get("amount", "")))
            self.note_field.setText(str(state.get("note", "")))
            if state.get("resolve_now", True):
                self.resolve_now_button.setChecked(True)
            else:
                self.keep_open_button.setChecked(True)
        finally:
            self._restoring = False

    def restore_draft(self) -> None:
        """Carry on with the complaint left unfinished."""
        draft = load_draft(data_dir=self._data_dir, kind=DRAFT_KIND, staff_id=self._staff.staff_id)
        self.draft_banner.setVisible(False)
        if draft is not None:
            self.restore_form(draft.form)

    def discard_draft(self) -> None:
        """Forget the draft and start an empty complaint."""
        discard_draft(data_dir=self._data_dir, kind=DRAFT_KIND, staff_id=self._staff.staff_id)
        self.draft_banner.setVisible(False)

    def _offer_draft(self) -> None:
        draft = load_draft(data_dir=self._data_dir, kind=DRAFT_KIND, staff_id=self._staff.staff_id)
        if draft is not None and _worth_keeping(draft.form):
            self.draft_banner.offer(
                self.tr("a complaint"), draft.saved_at, self._store.zone, self._store.locale
            )

    def _watch_for_draft(self) -> None:
        """Keep a draft shortly after anything on the intake form changes."""
        for line in (self.product_field, self.desired_field, self.amount_field, self.note_field):
            line.textChanged.connect(self._draft_timer.start)
        for panel_field in (
            self.customer_panel.name_field,
            self.customer_panel.phone_field,
            self.customer_panel.email_field,
        ):
            panel_field.textChanged.connect(self._draft_timer.start)
        self.description_field.textChanged.connect(self._draft_timer.start)
        for box in (self.category_box, self.severity_box, self.accommodation_box):
            box.currentIndexChanged.connect(self._draft_timer.start)
        self.customer_panel.consent_box.toggled.connect(self._draft_timer.start)
        self.resolve_now_button.toggled.connect(self._draft_timer.start)
        self.photos.files_changed.connect(self._draft_timer.start)

    def _keep_draft(self) -> None:
        if self._restoring or self.draft_banner.isVisible() or self._progress is not None:
            return  # a saved case is not a draft; an unanswered draft is never written over
        state = self.form_state()
        if _worth_keeping(state):
            try:
                save_draft(
                    data_dir=self._data_dir,
                    kind=DRAFT_KIND,
                    staff_id=self._staff.staff_id,
                    form=state,
                )
            except DraftNotKeptError as problem:
                self._say(str(problem), "warning")  # the form itself is still on the screen

    def _say(self, text: str, tone: str) -> None:
        self.message.setText(text)
        set_style_property(self.message, "tone", tone)
