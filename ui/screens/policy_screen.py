"""The manager's return policy editor: every rule in one grouped form, with the customer's words.

The form shows the version in force and saves the next one; versions are never
changed once saved, so a case decided under an old version still says which
rules decided it. Beside the form, the policy as customers read it (on a
receipt or the notice by the counter) follows every change as it is typed.

Numbers and flags are spin boxes and check boxes; amounts and percentages are
text (never a float) checked by the service; lists of categories are typed as
names separated by commas. Every rule is the service's own: a rule the service
refuses is shown next to its field and nothing typed is lost. A clerk sees the
rules read-only; the service refuses their save anyway.

Keys: Esc goes back, Ctrl+S or Ctrl+Enter saves.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.local_time import local_moment
from counter_app.domain.return_decisions import policy_in_words
from counter_app.domain.return_policy import CONDITIONS, ReturnPolicy
from counter_app.domain.validation import FieldProblem, InputError
from counter_app.services.database import StorageError, StoreDatabase
from counter_app.services.errors import ServiceError
from counter_app.services.inputs import parse
from counter_app.services.policy import PolicyVersion, current_policy, save_policy
from counter_app.services.staff import SignedIn
from counter_app.services.store_setup import StoreInfo
from ui.screens.base import CounterScreen
from ui.widgets.styling import set_style_property, styled_label, vertical_scroll

TARGET_HEIGHT = 44
CAPTION_WIDTH = 235
# Up to seven digits and three decimals (some currencies have three); the service checks the rest.
AMOUNT_PATTERN = r"\d{0,7}([.]\d{0,3})?"
PERCENT_PATTERN = r"\d{0,3}([.]\d{0,2})?"
# English labels, shown through QCoreApplication.translate("PolicyScreen", ...).
CONDITION_LABELS = {
    "unopened": QT_TRANSLATE_NOOP("PolicyScreen", "Unopened"),
    "opened": QT_TRANSLATE_NOOP("PolicyScreen", "Opened"),
    "damaged": QT_TRANSLATE_NOOP("PolicyScreen", "Damaged"),
    "defective": QT_TRANSLATE_NOOP("PolicyScreen", "Defective"),
}
TENDERS = (
    ("store_credit", QT_TRANSLATE_NOOP("PolicyScreen", "Store credit")),
    ("cash", QT_TRANSLATE_NOOP("PolicyScreen", "Cash")),
)
# A check of a whole group is reported at the group; show it by the field it is about.
GROUP_FIELDS = {"no_receipt": "no_receipt.manager_after"}
ONLY_MANAGERS = str(
    QT_TRANSLATE_NOOP(
        "PolicyScreen",
        "Only a manager can change the return policy. You can read it here; ask a manager "
        "to sign in to change it.",
    )
)
Failures = (InputError, ServiceError, StorageError)


def names_text(names: Iterable[str]) -> str:
    """A list of names as the comma-separated text the form shows."""
    return ", ".join(names)


def parse_names(typed: str) -> list[str]:
    """The names typed between commas, trimmed; empty pieces (a trailing comma) are dropped."""
    return [name.strip() for name in typed.split(",") if name.strip()]


def windows_text(windows: Mapping[str, int]) -> str:
    """Per-category windows as "Electronics: 14, Clothing: 60"."""
    return ", ".join(f"{name}: {days}" for name, days in windows.items())


def parse_windows(typed: str) -> dict[str, int]:
    """Read "Electronics: 14, Clothing: 60" back; a piece without its days is refused.

    Raises:
        InputError: a piece is not "category: days"; says which one.
    """
    windows: dict[str, int] = {}
    for piece in typed.split(","):
        if not piece.strip():
            continue
        name, _, days = piece.rpartition(":")
        if not name.strip() or not days.strip().isdigit():
            raise InputError.single(
                "category_window_days",
                QCoreApplication.translate(
                    "PolicyScreen",
                    'Write each category as "name: days", for example "Electronics: 14"; '
                    '"{piece}" is not.',
                ).format(piece=piece.strip()),
            )
        windows[name.strip()] = int(days.strip())
    return windows


def amount_text(amount: Decimal) -> str:
    """An amount as typed: two decimals ("250.00"), or three if the rule has them."""
    if amount == amount.quantize(Decimal("0.01")):
        return f"{amount.quantize(Decimal('0.01')):f}"
    return f"{amount.normalize():f}"


def percent_text(percent: Decimal) -> str:
    """A percentage without trailing zeros ("10", "12.5")."""
    return f"{percent.normalize():f}"


def version_words(policy: PolicyVersion, store: StoreInfo) -> str:
    """Which version is in force and since when, in the store's own time."""
    if policy.effective_from is None:
        return QCoreApplication.translate(
            "PolicyScreen",
            "Version 0, the built-in default: no version has been saved for this store yet.",
        )
    return QCoreApplication.translate(
        "PolicyScreen", "Version {version}, in force since {since}"
    ).format(
        version=policy.version,
        since=local_moment(policy.effective_from, store.zone, store.locale),
    )


def _spin(name: str, minimum: int, maximum: int, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setAccessibleName(name)
    box.setRange(minimum, maximum)
    box.setSuffix(suffix)
    box.setMinimumHeight(TARGET_HEIGHT)
    box.setMinimumWidth(130)
    return box


def _check(text: str) -> QCheckBox:
    box = QCheckBox(text)
    box.setMinimumHeight(TARGET_HEIGHT)
    return box


def _text_field(name: str, pattern: str | None, placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setAccessibleName(name)
    field.setPlaceholderText(placeholder)
    if pattern is not None:
        field.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), field))
        field.setMaximumWidth(180)
        field.setAlignment(Qt.AlignmentFlag.AlignRight)
    else:
        field.setMaxLength(2000)
    return field


class PolicyScreen(CounterScreen):
    """The return policy, read by anyone and changed by a manager as a new version.

    Signals:
        back_requested: Esc or Back; the window goes home.
        saved(int): a new version was saved; carries its number.
    """

    saved = Signal(int)

    def __init__(
        self,
        *,
        database: StoreDatabase,
        store: StoreInfo,
        staff: SignedIn,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            name="PolicyScreen", database=database, store=store, staff=staff, parent=parent
        )
        self._loading = False
        self._errors: dict[str, QLabel] = {}
        self._fields: dict[str, QWidget] = {}
        self._build()
        QShortcut(QKeySequence("Esc"), self).activated.connect(self.back_requested.emit)
        for keys in ("Ctrl+S", "Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.save)
        self.reset()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.title = styled_label(self.tr("Return policy"), "title")
        self.version_label = styled_label("", "subtitle", wrap=True)
        self.version_label.setObjectName("PolicyVersion")
        self.back_button = QPushButton(self.tr("Back  (Esc)"))
        self.back_button.clicked.connect(self.back_requested.emit)
        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(self.title)
        heading.addWidget(self.version_label)
        header = QHBoxLayout()
        header.addLayout(heading, 1)
        header.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)

        self.read_only_note = styled_label(
            QCoreApplication.translate("PolicyScreen", ONLY_MANAGERS), "hint", wrap=True
        )
        self.read_only_note.setObjectName("PolicyReadOnly")
        set_style_property(self.read_only_note, "tone", "warning")

        form = QWidget()
        form.setObjectName("PolicyForm")
        form_layout = QVBoxLayout(form)
        form_layout.setContentsMargins(0, 0, 12, 0)
        form_layout.setSpacing(14)
        form_layout.addWidget(self._window_card())
        form_layout.addWidget(self._no_receipt_card())
        form_layout.addWidget(self._conditions_card())
        form_layout.addWidget(self._approvals_card())
        form_layout.addWidget(self._complaints_card())
        form_layout.addWidget(self._personal_data_card())
        form_layout.addStretch(1)
        self.form_scroll = vertical_scroll("PolicyScroll", form)
        # The form never scrolls sideways, so it claims its full width; the preview wraps.
        self._form = form

        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(self.form_scroll, 3)
        # The preview scrolls too: a long policy on a short window is never cut off.
        self.preview_scroll = vertical_scroll("PolicyPreviewScroll", self._preview_card())
        body.addWidget(self.preview_scroll, 2)

        self.message = styled_label("", "hint", wrap=True)
        self.message.setObjectName("PolicyMessage")
        self.save_button = QPushButton(self.tr("Save as new version  (Ctrl+S)"))
        self.save_button.setObjectName("SavePolicy")
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
        outer.addWidget(self.read_only_note)
        outer.addLayout(body, 1)
        outer.addLayout(footer)

        for widget in self._fields.values():
            if isinstance(widget, QLineEdit):
                widget.textChanged.connect(self._on_changed)
            elif isinstance(widget, QSpinBox):
                widget.valueChanged.connect(self._on_changed)
            elif isinstance(widget, QCheckBox):
                widget.toggled.connect(self._on_changed)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self._on_changed)

    def _card(self, title: str, name: str) -> tuple[QFrame, QGridLayout]:
        card = QFrame()
        card.setObjectName("Card")
        card.setAccessibleName(title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(20, 14, 20, 16)
        layout.setSpacing(8)
        heading = styled_label(title, "section")
        heading.setObjectName(name)
        layout.addWidget(heading)
        layout.addLayout(grid)
        return card, grid

    def _row(
        self,
        grid: QGridLayout,
        label: str,
        key: str,
        widget: QWidget,
        hint: str = "",
    ) -> None:
        """One field: its label, the widget, a hint beside it and its error underneath."""
        row = grid.rowCount()
        caption = styled_label(label, "fieldLabel")
        caption.setBuddy(widget)
        caption.setMinimumWidth(CAPTION_WIDTH)  # the same column in every group
        grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignVCenter)
        self._place(grid, row, key, widget, hint)

    def _place(self, grid: QGridLayout, row: int, key: str, widget: QWidget, hint: str) -> None:
        line = QHBoxLayout()
        line.setSpacing(10)
        line.addWidget(widget, 1 if isinstance(widget, QLineEdit) and not hint else 0)
        if hint:
            line.addWidget(styled_label(hint, "hint", wrap=True), 1)
        elif not (isinstance(widget, QLineEdit) and widget.validator() is None):
            line.addStretch(1)
        grid.addLayout(line, row, 1)
        self._fields[key] = widget
        self._error_label(grid, row + 1, key)

    def _error_label(self, grid: QGridLayout, row: int, key: str) -> None:
        error = styled_label("", "error", wrap=True)
        error.setObjectName("PolicyFieldError")
        error.setVisible(False)
        grid.addWidget(error, row, 1)
        self._errors[key] = error

    def _window_card(self) -> QFrame:
        card, grid = self._card(self.tr("Returns window"), "PolicyWindowHeading")
        self.window_days = _spin(self.tr("Return window in days"), 0, 3650, self.tr(" days"))
        self._row(
            grid,
            self.tr("Return window"),
            "window_days",
            self.window_days,
            self.tr("from the date of sale"),
        )
        self.category_windows = _text_field(
            self.tr("Windows for some categories"),
            None,
            self.tr("For example: Electronics: 14, Clothing: 60"),
        )
        self._row(grid, self.tr("By category"), "category_window_days", self.category_windows)
        grid.addWidget(
            styled_label(
                self.tr(
                    'Categories with a window of their own, as "name: days", separated by commas.'
                ),
                "hint",
                wrap=True,
            ),
            grid.rowCount(),
            1,
        )
        self.non_returnable = _text_field(
            self.tr("Categories never taken back"),
            None,
            self.tr("For example: Gift Cards, Grocery"),
        )
        self._row(
            grid, self.tr("Never taken back"), "non_returnable_categories", self.non_returnable
        )
        return card

    def _no_receipt_card(self) -> QFrame:
        card, grid = self._card(self.tr("Without a receipt"), "PolicyNoReceiptHeading")
        self.receipt_required = _check(self.tr("A receipt is needed for every return"))
        self._row(grid, self.tr("Receipt"), "receipt_required", self.receipt_required)
        self.no_receipt_allowed = _check(self.tr("Returns without a receipt are taken"))
        self._row(grid, self.tr("No receipt"), "no_receipt.allowed", self.no_receipt_allowed)
        self.refund_tender = QComboBox()
        self.refund_tender.setAccessibleName(self.tr("Refund without a receipt paid as"))
        self.refund_tender.setMinimumHeight(TARGET_HEIGHT)
        for value, label in TENDERS:
            self.refund_tender.addItem(
                QCoreApplication.translate("PolicyScreen", str(label)), value
            )
        self._row(grid, self.tr("Refunded as"), "no_receipt.refund_tender", self.refund_tender)
        self.price_lookback = _spin(self.tr("Price look-back in days"), 0, 3650, self.tr(" days"))
        self._row(
            grid,
            self.tr("Price"),
            "no_receipt.price_lookback_days",
            self.price_lookback,
            self.tr("lowest price the item sold for in this time"),
        )
        self.customer_required = _check(self.tr("The customer's name and phone are needed"))
        self._row(grid, self.tr("Customer"), "no_receipt.customer_required", self.customer_required)
        self.limit_window = _spin(
            self.tr("No-receipt limits counted over days"), 1, 3650, self.tr(" days")
        )
        self._row(
            grid,
            self.tr("Counted over"),
            "no_receipt.limit_window_days",
            self.limit_window,
            self.tr("a customer's returns without a receipt in this time"),
        )
        self.store_credit_after = _spin(
            self.tr("Store credit only after this many returns"), 0, 1000
        )
        self._row(
            grid,
            self.tr("Store credit only after"),
            "no_receipt.store_credit_only_after",
            self.store_credit_after,
            self.tr("returns without a receipt"),
        )
        self.manager_after = _spin(self.tr("A manager approves after this many returns"), 0, 1000)
        self._row(
            grid,
            self.tr("Manager needed after"),
            "no_receipt.manager_after",
            self.manager_after,
            self.tr("returns without a receipt"),
        )
        return card

    def _conditions_card(self) -> QFrame:
        card, grid = self._card(self.tr("Condition and fees"), "PolicyConditionsHeading")
        grid.setColumnStretch(1, 0)
        grid.setColumnStretch(2, 1)
        grid.addWidget(styled_label(self.tr("Condition"), "hint"), 0, 0)
        grid.addWidget(styled_label(self.tr("Restocking fee"), "hint"), 0, 2)
        self.accepted: dict[str, QCheckBox] = {}
        self.fees: dict[str, QLineEdit] = {}
        for condition in CONDITIONS:
            label = QCoreApplication.translate("PolicyScreen", str(CONDITION_LABELS[condition]))
            row = grid.rowCount()
            accepted = _check(self.tr("Taken back"))
            accepted.setAccessibleName(
                self.tr("{condition} items taken back").format(condition=label)
            )
            fee = _text_field(
                self.tr("{condition} restocking fee percent").format(condition=label),
                PERCENT_PATTERN,
                "0",
            )
            fee.setMaximumWidth(110)
            caption = styled_label(label, "fieldLabel")
            caption.setBuddy(accepted)
            caption.setMinimumWidth(CAPTION_WIDTH)
            grid.addWidget(caption, row, 0)
            grid.addWidget(accepted, row, 1)
            fee_line = QHBoxLayout()
            fee_line.setSpacing(6)
            fee_line.addWidget(fee)
            fee_line.addWidget(styled_label("%", "fieldLabel"))
            fee_line.addStretch(1)
            grid.addLayout(fee_line, row, 2)
            self.accepted[condition] = accepted
            self.fees[condition] = fee
            self._fields[f"conditions.{condition}.accepted"] = accepted
            self._fields[f"conditions.{condition}.restocking_fee_percent"] = fee
            error = styled_label("", "error", wrap=True)
            error.setObjectName("PolicyFieldError")
            error.setVisible(False)
            grid.addWidget(error, row + 1, 1, 1, 2)
            self._errors[f"conditions.{condition}"] = error
        self._error_label(grid, grid.rowCount(), "conditions")
        return card

    def _approvals_card(self) -> QFrame:
        card, grid = self._card(self.tr("Approvals and refunds"), "PolicyApprovalsHeading")
        self.manager_approval_above = _text_field(
            self.tr("A manager approves refunds above"), AMOUNT_PATTERN, "250.00"
        )
        self._row(
            grid,
            self.tr("Manager needed above"),
            "manager_approval_above",
            self.manager_approval_above,
            self.tr("{currency}, a case's whole refund").format(currency=self._store.currency),
        )
        self.sale_clerk = _check(self.tr("A manager approves refunds of one's own sales"))
        self._row(grid, self.tr("Own sales"), "sale_clerk_needs_manager", self.sale_clerk)
        self.cash_limit = _text_field(self.tr("Cash refund limit"), AMOUNT_PATTERN, "100.00")
        self._row(
            grid,
            self.tr("Cash limit"),
            "refunds.cash_limit",
            self.cash_limit,
            self.tr("{currency}; more in cash needs a manager").format(
                currency=self._store.currency
            ),
        )
        self.other_tender = _check(self.tr("A manager approves paying back another way"))
        self._row(
            grid, self.tr("Other payment"), "refunds.other_tender_needs_manager", self.other_tender
        )
        self.voucher_days = _spin(
            self.tr("Store credit vouchers valid for days"), 1, 3650, self.tr(" days")
        )
        self._row(
            grid,
            self.tr("Vouchers valid for"),
            "voucher_valid_days",
            self.voucher_days,
            self.tr("from issue"),
        )
        return card

    def _complaints_card(self) -> QFrame:
        card, grid = self._card(self.tr("Complaints and product faults"), "PolicyComplaintsHeading")
        self.complaint_categories = _text_field(
            self.tr("Complaint categories"),
            None,
            self.tr("For example: Product quality, Service, Other"),
        )
        self._row(grid, self.tr("Categories"), "complaint_categories", self.complaint_categories)
        self.fault_count = _spin(self.tr("Complaints and returns that flag a fault"), 2, 1000)
        self._row(
            grid,
            self.tr("Flag a fault after"),
            "fault_flag.count",
            self.fault_count,
            self.tr("complaints and returns of one product"),
        )
        self.fault_window = _spin(self.tr("Fault flag counted over days"), 1, 365, self.tr(" days"))
        self._row(grid, self.tr("Counted over"), "fault_flag.window_days", self.fault_window)
        return card

    def _personal_data_card(self) -> QFrame:
        card, grid = self._card(self.tr("Customers' personal data"), "PolicyPersonalDataHeading")
        self.retention_months = _spin(
            self.tr("Months customers' details are kept"), 0, 600, self.tr(" months")
        )
        # 0 is "never erased": the policy keeps the details until a manager erases them.
        self.retention_months.setSpecialValueText(self.tr("Never erased"))
        self._row(
            grid,
            self.tr("Keep details for"),
            "personal_data_months",
            self.retention_months,
            self.tr("after the customer's last case closed; erased when the day is closed"),
        )
        return card

    def _preview_card(self) -> QFrame:
        card = QFrame()
        card.setObjectName("Card")
        card.setAccessibleName(self.tr("What customers read"))
        self.preview = styled_label("", "subtitle", wrap=True)
        self.preview.setObjectName("PolicyPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.preview_note = styled_label("", "hint", wrap=True)
        self.preview_note.setObjectName("PolicyPreviewNote")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(20, 14, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(styled_label(self.tr("What customers read"), "section", wrap=True))
        layout.addWidget(
            styled_label(self.tr("On receipts and the notice by the counter."), "hint", wrap=True)
        )
        layout.addWidget(self.preview)
        layout.addWidget(self.preview_note)
        layout.addStretch(1)
        return card

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """Put the cursor on the first rule; give the form the width its fields need."""
        scroll_bar = self.form_scroll.verticalScrollBar().sizeHint().width()
        self.form_scroll.setMinimumWidth(self._form.minimumSizeHint().width() + scroll_bar)
        super().showEvent(event)
        self.window_days.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ actions

    def reset(self) -> None:
        """Show the version in force, as saved; nothing typed before is kept."""
        try:
            policy = current_policy(database=self._database)
        except Failures as error:
            self._say(self.tr("The policy could not be read: {error}").format(error=error), "error")
            return
        self._show_policy(policy)
        self._say("", "hint")
        editable = self._staff.is_manager
        self.read_only_note.setVisible(not editable)
        self._set_editable(editable)
        self.save_button.setEnabled(editable)

    def save(self) -> None:
        """Save the form as the next version; the service's refusals go next to their fields."""
        self._clear_errors()
        try:
            rules = self.rules_request()
            saved = save_policy(database=self._database, staff=self._staff, rules=rules)
        except InputError as error:
            self._show_problems(error.problems)
            return
        except Failures as error:
            self._say(self.tr("Not saved: {error}").format(error=error), "error")
            return
        self._show_policy(saved)
        self._say(
            self.tr("Saved as version {version}. It applies to every case from now on.").format(
                version=saved.version
            ),
            "good",
        )
        self.saved.emit(saved.version)

    def rules_request(self) -> dict[str, Any]:
        """The form as the mapping the service checks; amounts and percentages stay text.

        Raises:
            InputError: the category windows are not written as "name: days".
        """
        return {
            "window_days": self.window_days.value(),
            "category_window_days": parse_windows(self.category_windows.text()),
            "receipt_required": self.receipt_required.isChecked(),
            "no_receipt": {
                "allowed": self.no_receipt_allowed.isChecked(),
                "refund_tender": self.refund_tender.currentData(),
                "price_lookback_days": self.price_lookback.value(),
                "customer_required": self.customer_required.isChecked(),
                "limit_window_days": self.limit_window.value(),
                "store_credit_only_after": self.store_credit_after.value(),
                "manager_after": self.manager_after.value(),
            },
            "non_returnable_categories": parse_names(self.non_returnable.text()),
            "conditions": {
                condition: {
                    "accepted": self.accepted[condition].isChecked(),
                    "restocking_fee_percent": self.fees[condition].text().strip(),
                }
                for condition in CONDITIONS
            },
            "manager_approval_above": self.manager_approval_above.text().strip(),
            "sale_clerk_needs_manager": self.sale_clerk.isChecked(),
            "refunds": {
                "cash_limit": self.cash_limit.text().strip(),
                "other_tender_needs_manager": self.other_tender.isChecked(),
            },
            "voucher_valid_days": self.voucher_days.value(),
            "complaint_categories": parse_names(self.complaint_categories.text()),
            "fault_flag": {
                "count": self.fault_count.value(),
                "window_days": self.fault_window.value(),
            },
            "personal_data_months": self.retention_months.value() or None,
        }

    def error_for(self, field: str) -> str:
        """The error shown next to ``field`` (a service field name), or "" if none."""
        label = self._errors.get(field)
        return label.text() if label is not None and not label.isHidden() else ""

    # ------------------------------------------------------------------ helpers

    def _show_policy(self, policy: PolicyVersion) -> None:
        rules = policy.rules
        self._loading = True
        try:
            self.version_label.setText(version_words(policy, self._store))
            self.window_days.setValue(rules.window_days)
            self.category_windows.setText(windows_text(rules.category_window_days))
            self.non_returnable.setText(names_text(rules.non_returnable_categories))
            self.receipt_required.setChecked(rules.receipt_required)
            no_receipt = rules.no_receipt
            self.no_receipt_allowed.setChecked(no_receipt.allowed)
            self.refund_tender.setCurrentIndex(
                self.refund_tender.findData(no_receipt.refund_tender)
            )
            self.price_lookback.setValue(no_receipt.price_lookback_days)
            self.customer_required.setChecked(no_receipt.customer_required)
            self.limit_window.setValue(no_receipt.limit_window_days)
            self.store_credit_after.setValue(no_receipt.store_credit_only_after)
            self.manager_after.setValue(no_receipt.manager_after)
            for condition in CONDITIONS:
                rule = rules.conditions[condition]
                self.accepted[condition].setChecked(rule.accepted)
                self.fees[condition].setText(percent_text(rule.restocking_fee_percent))
            self.manager_approval_above.setText(amount_text(rules.manager_approval_above))
            self.sale_clerk.setChecked(rules.sale_clerk_needs_manager)
            self.cash_limit.setText(amount_text(rules.refunds.cash_limit))
            self.other_tender.setChecked(rules.refunds.other_tender_needs_manager)
            self.voucher_days.setValue(rules.voucher_valid_days)
            self.complaint_categories.setText(names_text(rules.complaint_categories))
            self.fault_count.setValue(rules.fault_flag.count)
            self.fault_window.setValue(rules.fault_flag.window_days)
            self.retention_months.setValue(rules.personal_data_months or 0)
            for field in self._fields.values():
                if isinstance(field, QLineEdit):
                    field.setCursorPosition(0)  # long lists read from their start
        finally:
            self._loading = False
        self._clear_errors()
        self._show_preview(rules)
        self._on_no_receipt()

    def _on_changed(self) -> None:
        if self._loading:
            return
        self._on_no_receipt()
        try:
            rules = parse(ReturnPolicy, self.rules_request())
        except InputError as error:
            self.preview_note.setText(
                self.tr("The preview waits for a correct form: {problem}").format(
                    problem=error.problems[0].message
                )
            )
            set_style_property(self.preview_note, "tone", "error")
            return
        self._show_preview(rules)

    def _show_preview(self, rules: ReturnPolicy) -> None:
        sentences = policy_in_words(rules, currency=self._store.currency, locale=self._store.locale)
        self.preview.setText("\n\n".join(sentences))
        self.preview_note.setText("")
        set_style_property(self.preview_note, "tone", "hint")

    def _on_no_receipt(self) -> None:
        """The no-receipt rules matter only while returns without a receipt are taken."""
        taken = (
            self.no_receipt_allowed.isChecked()
            and not self.receipt_required.isChecked()
            and self._staff.is_manager
        )
        for widget in (
            self.refund_tender,
            self.price_lookback,
            self.customer_required,
            self.limit_window,
            self.store_credit_after,
            self.manager_after,
        ):
            widget.setEnabled(taken)
        self.no_receipt_allowed.setEnabled(
            not self.receipt_required.isChecked() and self._staff.is_manager
        )

    def _set_editable(self, editable: bool) -> None:
        """A clerk reads the rules: text stays readable, switches are greyed."""
        for widget in self._fields.values():
            if isinstance(widget, QLineEdit | QSpinBox):
                widget.setReadOnly(not editable)
            else:
                widget.setEnabled(editable)
        self._on_no_receipt()

    def _show_problems(self, problems: Iterable[FieldProblem]) -> None:
        unplaced: list[str] = []
        first: tuple[QLabel, str] | None = None
        for problem in problems:
            label = self._label_for(problem.field)
            if label is None:
                unplaced.append(problem.message)
                continue
            label.setText(problem.message)
            label.setVisible(True)
            first = first or (label, problem.field)
        summary = self.tr("Not saved: correct the fields marked in red and save again.")
        self._say(" ".join([summary, *unplaced]), "error")
        if first is not None:
            label, field_name = first
            self.form_scroll.ensureWidgetVisible(label, 50, 80)
            field = self._fields.get(GROUP_FIELDS.get(field_name, field_name))
            if field is not None:
                field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _label_for(self, field: str) -> QLabel | None:
        """The error label of ``field``, or of the nearest group that holds it."""
        parts = field.split(".")
        while parts:
            key = ".".join(parts)
            label = self._errors.get(GROUP_FIELDS.get(key, key))
            if label is not None:
                return label
            parts.pop()
        return None

    def _clear_errors(self) -> None:
        for label in self._errors.values():
            label.setText("")
            label.setVisible(False)

    def _say(self, text: str, tone: str) -> None:
        self.message.setText(text)
        set_style_property(self.message, "tone", tone)
