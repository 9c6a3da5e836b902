"""The return screen: scan the receipt (or the item, without one), pick lines, see the policy.

Keyboard first. The receipt field has the focus when the screen opens; a
scanner types the number and Enter, the receipt's lines appear and the focus
moves to the first line's quantity. Typing a quantity includes the line; the
policy's decision and its reasons appear at once, line by line, as the clerk
sets the condition. Ctrl+Enter completes; if the policy leaves it to a
manager, the approval dialog asks for their PIN and a reason, then the
return completes. A walk-in return with its receipt: scan, "1", Ctrl+Enter.
Or scan the receipt, then each item that comes back: every scan counts one
more on the receipt's line of that item.

The screen only collects and shows: every rule is the services' own.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.local_time import local_moment
from counter_app.domain.money import Money
from counter_app.domain.return_decisions import CaseDecision, LineDecision, Verdict
from counter_app.services.database import StoreDatabase
from counter_app.services.drafts import (
    DraftNotKeptError,
    discard_draft,
    load_draft,
    save_draft,
)
from counter_app.services.errors import (
    ApprovalRequiredError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
    ServiceError,
    SignInRefusedError,
)
from counter_app.services.returns import (
    PaymentMade,
    ReturnPlan,
    complete_return,
    preview_return,
    receipt_line_for_scan,
)
from counter_app.services.sales import Receipt, find_receipt
from counter_app.services.staff import SignedIn, list_staff
from counter_app.services.store_setup import StoreInfo
from ui.dialogs.manager_approval import Approval, ManagerApprovalDialog
from ui.screens.base import CounterScreen
from ui.widgets.draft_banner import DraftBanner
from ui.widgets.styling import set_style_property, styled_label, vertical_scroll

# (value sent to the service, English label shown through the "ReturnScreen" translation)
CONDITIONS = (
    ("unopened", QT_TRANSLATE_NOOP("ReturnScreen", "Unopened")),
    ("opened", QT_TRANSLATE_NOOP("ReturnScreen", "Opened")),
    ("damaged", QT_TRANSLATE_NOOP("ReturnScreen", "Damaged")),
    ("defective", QT_TRANSLATE_NOOP("ReturnScreen", "Defective")),
)
TENDERS = (
    (None, QT_TRANSLATE_NOOP("ReturnScreen", "As paid")),
    ("store_credit", QT_TRANSLATE_NOOP("ReturnScreen", "Store credit")),
    ("cash", QT_TRANSLATE_NOOP("ReturnScreen", "Cash")),
    ("card", QT_TRANSLATE_NOOP("ReturnScreen", "Card")),
)
# A tender as stored, in words inside a sentence ("paid by store credit").
TENDER_WORDS = {
    "cash": QT_TRANSLATE_NOOP("ReturnScreen", "cash"),
    "card": QT_TRANSLATE_NOOP("ReturnScreen", "card"),
    "store_credit": QT_TRANSLATE_NOOP("ReturnScreen", "store credit"),
}
VERDICT_TONES = {
    Verdict.ALLOWED: "good",
    Verdict.ALLOWED_WITH_CONDITIONS: "good",
    Verdict.NEEDS_MANAGER: "warning",
    Verdict.REFUSED: "error",
}
PREVIEW_DELAY_MS = 150
COLUMNS = (
    QT_TRANSLATE_NOOP("ReturnScreen", "Item"),
    QT_TRANSLATE_NOOP("ReturnScreen", "Bought"),
    QT_TRANSLATE_NOOP("ReturnScreen", "Can return"),
    QT_TRANSLATE_NOOP("ReturnScreen", "Return"),
    QT_TRANSLATE_NOOP("ReturnScreen", "Condition"),
    QT_TRANSLATE_NOOP("ReturnScreen", "Reason"),
    QT_TRANSLATE_NOOP("ReturnScreen", "Decision"),
)
ITEM, BOUGHT, LEFT, QUANTITY, CONDITION, REASON, DECISION = range(len(COLUMNS))


@dataclass(frozen=True)
class _Line:
    """A row of the table: a receipt line, or an item scanned without a receipt."""

    sale_line_id: uuid.UUID | None
    barcode: str | None
    name: str
    bought: int | None
    returnable: int


class ReturnScreen(CounterScreen):
    """A return, with or without its receipt, priced and explained by the policy as it is built.

    Signals:
        back_requested: Esc or Back; the window goes home.
        completed(CompletedReturn): the return was saved; carries what was saved.
    """

    completed = Signal(object)

    # The words a subclass changes: English, translated in TEXT_CONTEXT where they are shown.
    # Everything else this class shows is translated in the "ReturnScreen" context by name,
    # since self.tr would look in the subclass's context.
    TEXT_CONTEXT = "ReturnScreen"
    TITLE = str(QT_TRANSLATE_NOOP("ReturnScreen", "New return"))
    DRAFT_WHAT = str(QT_TRANSLATE_NOOP("ReturnScreen", "a return"))
    SAVED_TEXT = str(QT_TRANSLATE_NOOP("ReturnScreen", "Return {number} saved."))
    DRAFT_KIND = "return"
    COMPLETE_TEXT = str(QT_TRANSLATE_NOOP("ReturnScreen", "Complete return  (Ctrl+Enter)"))
    LINES_KEY = "lines"

    def __init__(
        self,
        *,
        database: StoreDatabase,
        store: StoreInfo,
        staff: SignedIn,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            name="ReturnScreen", database=database, store=store, staff=staff, parent=parent
        )
        # When the customer was called from the queue: the case keeps their arrival time.
        self.arrived_at: datetime | None = None
        self._receipt: Receipt | None = None
        self._lines: list[_Line] = []
        self._decision: CaseDecision | None = None
        self._build()
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self._on_form_changed)
        QShortcut(QKeySequence("Esc"), self).activated.connect(self.back_requested.emit)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.complete)
        self._restoring = False
        self.reset()
        self._offer_draft()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.draft_banner = DraftBanner()
        self.draft_banner.restore_requested.connect(self.restore_draft)
        self.draft_banner.discard_requested.connect(self.discard_draft)
        self.title = styled_label(
            QCoreApplication.translate(self.TEXT_CONTEXT, self.TITLE), "title"
        )
        self.back_button = QPushButton(QCoreApplication.translate("ReturnScreen", "Back  (Esc)"))
        self.back_button.clicked.connect(self.back_requested.emit)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)

        self.receipt_field = QLineEdit()
        self.receipt_field.setObjectName("ReceiptField")
        self.receipt_field.setAccessibleName(
            QCoreApplication.translate("ReturnScreen", "Receipt number")
        )
        self.receipt_field.setPlaceholderText(
            QCoreApplication.translate(
                "ReturnScreen", "Scan or type the receipt number, then Enter"
            )
        )
        self.receipt_field.returnPressed.connect(self.load_receipt)
        self.no_receipt_box = QCheckBox(QCoreApplication.translate("ReturnScreen", "No receipt"))
        self.no_receipt_box.toggled.connect(self._on_no_receipt)
        self.item_field = QLineEdit()
        self.item_field.setObjectName("ItemField")
        self.item_field.setAccessibleName(
            QCoreApplication.translate("ReturnScreen", "Item barcode")
        )
        self.item_field.setPlaceholderText(
            QCoreApplication.translate("ReturnScreen", "Scan the item's barcode, then Enter")
        )
        self.item_field.returnPressed.connect(lambda: self.add_scanned_item())
        find_row = QHBoxLayout()
        find_row.setSpacing(12)
        find_row.addWidget(
            styled_label(QCoreApplication.translate("ReturnScreen", "Receipt"), "fieldLabel")
        )
        find_row.addWidget(self.receipt_field, 2)
        find_row.addWidget(self.no_receipt_box)
        find_row.addWidget(self.item_field, 2)

        self.receipt_info = styled_label("", "hint", wrap=True)
        self.receipt_info.setObjectName("ReceiptInfo")
        self.message = styled_label("", "hint", wrap=True)
        self.message.setObjectName("ReturnMessage")

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("ReturnLines")
        self.table.setHorizontalHeaderLabels(
            [QCoreApplication.translate("ReturnScreen", str(column)) for column in COLUMNS]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        self.table.setMinimumHeight(230)
        # Tab goes through each line's fields and on out of the table: the table itself
        # holds nothing to choose, and Tab moving from cell to cell would never leave it.
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setTabKeyNavigation(False)
        header_view = self.table.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header_view.setSectionResizeMode(ITEM, QHeaderView.ResizeMode.Stretch)
        header_view.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Fixed)
        header_view.resizeSection(REASON, 200)
        header_view.setSectionResizeMode(DECISION, QHeaderView.ResizeMode.Stretch)
        header_view.setStretchLastSection(True)

        self.customer_name = QLineEdit()
        self.customer_name.setAccessibleName(
            QCoreApplication.translate("ReturnScreen", "Customer name")
        )
        self.customer_name.setPlaceholderText(QCoreApplication.translate("ReturnScreen", "Name"))
        self.customer_phone = QLineEdit()
        self.customer_phone.setAccessibleName(
            QCoreApplication.translate("ReturnScreen", "Customer phone")
        )
        self.customer_phone.setPlaceholderText(QCoreApplication.translate("ReturnScreen", "Phone"))
        self.consent_box = QCheckBox(
            QCoreApplication.translate("ReturnScreen", "Customer agrees we keep these details")
        )
        for field in (self.customer_name, self.customer_phone):
            field.textChanged.connect(self._schedule_preview)
        self.consent_box.toggled.connect(self._schedule_preview)
        customer = QGridLayout()
        customer.setHorizontalSpacing(12)
        customer.addWidget(
            styled_label(
                QCoreApplication.translate("ReturnScreen", "Customer (optional with a receipt)"),
                "fieldLabel",
            ),
            0,
            0,
            1,
            3,
        )
        customer.addWidget(self.customer_name, 1, 0)
        customer.addWidget(self.customer_phone, 1, 1)
        customer.addWidget(self.consent_box, 1, 2)

        self.tender_box = QComboBox()
        self.tender_box.setAccessibleName(QCoreApplication.translate("ReturnScreen", "Refund to"))
        for value, label in TENDERS:
            self.tender_box.addItem(QCoreApplication.translate("ReturnScreen", str(label)), value)
        self.tender_box.currentIndexChanged.connect(self._schedule_preview)
        self.card_reference = QLineEdit()
        self.card_reference.setAccessibleName(
            QCoreApplication.translate("ReturnScreen", "Card refund reference")
        )
        self.card_reference.setPlaceholderText(
            QCoreApplication.translate("ReturnScreen", "Card terminal reference (card refunds)")
        )
        self.total_label = styled_label("", "section")
        self.total_label.setObjectName("ReturnTotal")
        self.case_reasons = styled_label("", "hint", wrap=True)
        self.complete_button = QPushButton(
            QCoreApplication.translate(self.TEXT_CONTEXT, self.COMPLETE_TEXT)
        )
        self.complete_button.setObjectName("CompleteReturn")
        set_style_property(self.complete_button, "primary", "true")
        self.complete_button.clicked.connect(self.complete)
        money_row = QHBoxLayout()
        money_row.setSpacing(12)
        money_row.addWidget(
            styled_label(QCoreApplication.translate("ReturnScreen", "Refund to"), "fieldLabel")
        )
        money_row.addWidget(self.tender_box)
        money_row.addWidget(self.card_reference, 1)
        money_row.addWidget(self.total_label)
        money_row.addWidget(self.complete_button)

        panel = QFrame()
        panel.setObjectName("Card")
        panel_layout = QVBoxLayout(panel)
        panel_layout.setContentsMargins(20, 16, 20, 16)
        panel_layout.setSpacing(10)
        panel_layout.addLayout(find_row)
        panel_layout.addWidget(self.receipt_info)
        panel_layout.addWidget(self.message)
        panel_layout.addWidget(self.table, 1)
        panel_layout.addLayout(customer)
        self._add_extra_rows(panel_layout)

        # The form scrolls rather than squeezes the lines when the window is short.
        self.form_scroll = vertical_scroll("CaseScroll", panel)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 20, 32, 20)
        outer.setSpacing(12)
        outer.addLayout(header)
        outer.addWidget(self.draft_banner)
        outer.addWidget(self.form_scroll, 1)
        # The money and the Complete button stay in sight however far the form scrolls.
        outer.addWidget(self.case_reasons)
        outer.addLayout(money_row)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """Put the cursor where the next scan goes, every time the screen appears."""
        super().showEvent(event)
        entry = self.item_field if self.no_receipt_box.isChecked() else self.receipt_field
        entry.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ actions

    def reset(self) -> None:
        """An empty return, ready for the next receipt scan."""
        self._receipt = None
        self._lines = []
        self._decision = None
        self.receipt_field.clear()
        self.item_field.clear()
        self.no_receipt_box.setChecked(False)
        self._on_no_receipt(False)
        self.customer_name.clear()
        self.customer_phone.clear()
        self.consent_box.setChecked(False)
        self.tender_box.setCurrentIndex(0)
        self.card_reference.clear()
        self.table.setRowCount(0)
        self.receipt_info.setText("")
        self._say("", "hint")
        self._show_decision(None)
        self.receipt_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def use_receipt(self, number: str) -> None:
        """A scanned receipt: start over with it, whatever was on the screen."""
        self.no_receipt_box.setChecked(False)
        self.receipt_field.setText(number)
        self.load_receipt()

    def load_receipt(self) -> None:
        """Find the typed or scanned receipt and list its lines."""
        typed = self.receipt_field.text()
        try:
            receipt = find_receipt(database=self._database, receipt_number=typed)
        except (InputError, NotFoundError) as error:
            self._say(str(error), "error")
            self.receipt_field.selectAll()
            return
        self._receipt = receipt
        self.receipt_field.setText(receipt.receipt_number)
        self._lines = [
            _Line(line.id, None, line.product_name, line.quantity, line.returnable)
            for line in receipt.lines
        ]
        self._fill_table()
        paid = (
            QCoreApplication.translate("ReturnScreen", "card ending {last4}").format(
                last4=receipt.card_last4
            )
            if receipt.card_last4
            else self._tender_words(receipt.tender)
        )
        self.receipt_info.setText(
            QCoreApplication.translate(
                "ReturnScreen", "Receipt {number}, {sold}, {total} paid by {tender}."
            ).format(
                number=receipt.receipt_number,
                sold=local_moment(receipt.sold_at, self._store.zone, self._store.locale),
                total=self._money(receipt.total_cents),
                tender=paid,
            )
        )
        self._hint_quantities()
        first = next((row for row, line in enumerate(self._lines) if line.returnable), None)
        if first is not None:
            spin = self._spin(first)
            spin.setFocus(Qt.FocusReason.OtherFocusReason)
            spin.selectAll()

    def _hint_quantities(self) -> None:
        self._say(
            QCoreApplication.translate("ReturnScreen", "Type how many of each item come back."),
            "hint",
        )

    def choose_quantity(self, row: int, quantity: int) -> None:
        """Set how many of line ``row`` come back (what typing in its quantity does)."""
        self._spin(row).setValue(quantity)

    def add_scanned_item(self, scanned: str | None = None) -> None:
        """Count a scanned item: on its receipt line when a receipt is open, else as a line.

        Without a receipt, the item becomes a no-receipt line of one unit. With a
        receipt on the screen, the scan counts one more on the receipt's line of
        that item, and an item not on it is refused rather than the receipt dropped.
        """
        if scanned is not None and self._receipt is not None:
            self._count_on_receipt(self._receipt, scanned)
            return
        if scanned is not None and not self.no_receipt_box.isChecked():
            self.no_receipt_box.setChecked(True)
        code = (scanned or self.item_field.text()).strip()
        if not code:
            return
        self._lines.append(
            _Line(
                None,
                code,
                QCoreApplication.translate("ReturnScreen", "Item {code}").format(code=code),
                None,
                999,
            )
        )
        self._fill_table()
        self._spin(len(self._lines) - 1).setValue(1)
        self.item_field.clear()
        self._schedule_preview()

    def _count_on_receipt(self, receipt: Receipt, scanned: str) -> None:
        """One more unit of the scanned item on its line of the open receipt."""
        rows = {line.sale_line_id: row for row, line in enumerate(self._lines)}
        counted = {
            line.sale_line_id: self._spin(row).value()
            for row, line in enumerate(self._lines)
            if line.sale_line_id is not None
        }
        try:
            line_id = receipt_line_for_scan(
                database=self._database,
                receipt_number=receipt.receipt_number,
                barcode=scanned,
                counted=counted,
            )
        except (InputError, NotFoundError) as error:
            self._say(str(error), "error")
            return
        self._hint_quantities()  # an earlier scan's refusal no longer holds
        spin = self._spin(rows[line_id])
        spin.setValue(spin.value() + 1)
        spin.setFocus(Qt.FocusReason.OtherFocusReason)
        spin.selectAll()

    def refresh_decision(self) -> None:
        """Ask the policy about the return as it stands and show its answer."""
        request = self._request()
        if request is None:
            self._show_decision(None)
            return
        try:
            plan = self._preview(request)
        except (InputError, NotFoundError) as error:
            self._show_decision(None)
            self._say(str(error), "error")
            return
        names = iter(line.product.name for line in self._returned_plan(plan).lines)
        for row, line in enumerate(self._lines):
            if self._spin(row).value() > 0 and line.sale_line_id is None:
                self._set_item_name(row, next(names, line.name))
            elif self._spin(row).value() > 0:
                next(names, None)
        self._show_decision(plan.decision)
        self._show_plan(plan)

    def complete(self) -> None:
        """Save the return; ask for a manager's approval when the policy wants one."""
        request = self._request()
        if request is None:
            if not any(self._spin(row).value() for row in range(len(self._lines))):
                self._say(
                    QCoreApplication.translate(
                        "ReturnScreen",
                        "Choose at least one item to return: type how many come back.",
                    ),
                    "error",
                )
            return
        approval: Approval | None = None
        while True:
            try:
                done = self._complete(
                    {**request, "approval": approval.as_request()} if approval else request
                )
            except ApprovalRequiredError as needed:
                approval = self._ask_manager(needed.reasons, "")
                if approval is None:
                    self._say(
                        QCoreApplication.translate(
                            "ReturnScreen", "Not completed: the return needs a manager's approval."
                        ),
                        "warning",
                    )
                    return
                continue
            except (SignInRefusedError, PermissionDeniedError) as refused:
                approval = self._ask_manager(self._approval_reasons(), str(refused))
                if approval is None:
                    self._say(str(refused), "error")
                    return
                continue
            except (InputError, NotFoundError, ServiceError) as error:
                self._say(str(error), "error")
                return
            break
        discard_draft(data_dir=self._data_dir, kind=self.DRAFT_KIND, staff_id=self._staff.staff_id)
        self.draft_banner.setVisible(False)
        self._show_done(done)
        self.completed.emit(done)

    # ------------------------------------------------------------------ drafts

    @property
    def _data_dir(self) -> Path:
        return self._database.path.parent

    def form_state(self) -> dict[str, Any]:
        """Everything typed and chosen on the screen, as JSON-ready data for a draft."""
        return {
            "receipt_number": self._receipt.receipt_number if self._receipt else None,
            "no_receipt": self.no_receipt_box.isChecked(),
            "lines": [
                {
                    "sale_line_id": str(line.sale_line_id) if line.sale_line_id else None,
                    "barcode": line.barcode,
                    "quantity": self._spin(row).value(),
                    "condition": self._combo(row).currentData(),
                    "reason": self._reason(row).text(),
                }
                for row, line in enumerate(self._lines)
            ],
            "customer": {
                "name": self.customer_name.text(),
                "phone": self.customer_phone.text(),
                "consent": self.consent_box.isChecked(),
            },
            "refund_tender": self.tender_box.currentData(),
            "card_reference": self.card_reference.text(),
            **self._extra_state(),
        }

    def restore_form(self, state: dict[str, Any]) -> None:
        """Put a draft's form back on the screen, as the clerk left it."""
        self._restoring = True
        try:
            self.reset()
            if state.get("no_receipt"):
                self.no_receipt_box.setChecked(True)
                for line in state.get("lines", []):
                    if line.get("barcode"):
                        self.add_scanned_item(str(line["barcode"]))
            elif state.get("receipt_number"):
                self.use_receipt(str(state["receipt_number"]))
            saved = {
                str(line.get("sale_line_id") or line.get("barcode")): line
                for line in state.get("lines", [])
            }
            for row, line in enumerate(self._lines):
                kept = saved.get(str(line.sale_line_id or line.barcode))
                if kept is None:
                    continue
                self._spin(row).setValue(int(kept.get("quantity", 0)))
                combo = self._combo(row)
                combo.setCurrentIndex(max(combo.findData(kept.get("condition")), 0))
                self._reason(row).setText(str(kept.get("reason", "")))
            customer = state.get("customer", {})
            self.customer_name.setText(str(customer.get("name", "")))
            self.customer_phone.setText(str(customer.get("phone", "")))
            self.consent_box.setChecked(bool(customer.get("consent")))
            self.tender_box.setCurrentIndex(
                max(self.tender_box.findData(state.get("refund_tender")), 0)
            )
            self.card_reference.setText(str(state.get("card_reference", "")))
            self._restore_extra(state)
        finally:
            self._restoring = False
        self.refresh_decision()

    def restore_draft(self) -> None:
        """Carry on with the draft left on this screen."""
        draft = load_draft(
            data_dir=self._data_dir, kind=self.DRAFT_KIND, staff_id=self._staff.staff_id
        )
        self.draft_banner.setVisible(False)
        if draft is not None:
            self.restore_form(draft.form)

    def discard_draft(self) -> None:
        """Forget the draft and start an empty form."""
        discard_draft(data_dir=self._data_dir, kind=self.DRAFT_KIND, staff_id=self._staff.staff_id)
        self.draft_banner.setVisible(False)

    def _offer_draft(self) -> None:
        draft = load_draft(
            data_dir=self._data_dir, kind=self.DRAFT_KIND, staff_id=self._staff.staff_id
        )
        chosen = draft is not None and any(
            int(line.get("quantity", 0)) > 0 for line in draft.form.get("lines", [])
        )
        if draft is None or not chosen:
            return
        self.draft_banner.offer(
            QCoreApplication.translate(self.TEXT_CONTEXT, self.DRAFT_WHAT),
            draft.saved_at,
            self._store.zone,
            self._store.locale,
        )

    def _on_form_changed(self) -> None:
        self.refresh_decision()
        if self._restoring or self.draft_banner.isVisible():
            return  # never write over a draft the clerk has not answered for yet
        state = self.form_state()
        if any(line["quantity"] for line in state["lines"]):
            try:
                save_draft(
                    data_dir=self._data_dir,
                    kind=self.DRAFT_KIND,
                    staff_id=self._staff.staff_id,
                    form=state,
                )
            except DraftNotKeptError as problem:
                self._say(str(problem), "warning")  # the form itself is still on the screen

    # ------------------------------------------------------------------ what a subclass changes

    def _extra_state(self) -> dict[str, Any]:
        """More of the form for a draft (an exchange's new items)."""
        return {}

    def _restore_extra(self, state: dict[str, Any]) -> None:
        """Put back what :meth:`_extra_state` kept."""

    def _add_extra_rows(self, layout: QVBoxLayout) -> None:
        """Room for more of the form above the money row (an exchange's new items)."""

    def _preview(self, request: dict[str, object]) -> Any:
        return preview_return(database=self._database, staff=self._staff, request=request)

    def _returned_plan(self, plan: Any) -> ReturnPlan:
        return cast(ReturnPlan, plan)

    def _show_plan(self, plan: Any) -> None:
        """Show more of the plan than the lines' decisions (an exchange's difference)."""

    def _complete(self, request: dict[str, object]) -> Any:
        return complete_return(database=self._database, staff=self._staff, request=request)

    def _extend_request(self, request: dict[str, object]) -> bool:
        """Add the rest of the form to ``request``; False when there is nothing to send."""
        return True

    # ------------------------------------------------------------------ helpers

    def _on_no_receipt(self, checked: bool) -> None:
        self.receipt_field.setEnabled(not checked)
        self.item_field.setVisible(checked)
        if checked:
            self._receipt = None
            self._lines = []
            self.receipt_field.clear()
            self._fill_table()
            self.item_field.setFocus(Qt.FocusReason.OtherFocusReason)
            self._say(
                QCoreApplication.translate(
                    "ReturnScreen",
                    "Without a receipt the policy gives store credit at the lowest recent price; "
                    "add the customer's name and phone below.",
                ),
                "hint",
            )
        self._schedule_preview()

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self._lines))
        for row, line in enumerate(self._lines):
            self._set_item_name(row, line.name)
            for column, value in (
                (BOUGHT, "" if line.bought is None else str(line.bought)),
                (LEFT, "" if line.bought is None else str(line.returnable)),
                (DECISION, ""),
            ):
                item = QTableWidgetItem(value)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(row, column, item)
            spin = QSpinBox()
            spin.setRange(0, line.returnable)
            spin.setAccessibleName(
                QCoreApplication.translate("ReturnScreen", "How many {item} come back").format(
                    item=line.name
                )
            )
            spin.valueChanged.connect(self._schedule_preview)
            self.table.setCellWidget(row, QUANTITY, spin)
            condition = QComboBox()
            condition.setAccessibleName(
                QCoreApplication.translate("ReturnScreen", "Condition of {item}").format(
                    item=line.name
                )
            )
            for value, label in CONDITIONS:
                condition.addItem(QCoreApplication.translate("ReturnScreen", str(label)), value)
            condition.currentIndexChanged.connect(self._schedule_preview)
            self.table.setCellWidget(row, CONDITION, condition)
            reason = QLineEdit()
            reason.setAccessibleName(
                QCoreApplication.translate("ReturnScreen", "Why {item} comes back").format(
                    item=line.name
                )
            )
            reason.setPlaceholderText(QCoreApplication.translate("ReturnScreen", "Reason"))
            reason.textChanged.connect(self._schedule_preview)
            self.table.setCellWidget(row, REASON, reason)
        self.table.resizeRowsToContents()
        entry = self.item_field if self.no_receipt_box.isChecked() else self.no_receipt_box
        fields: list[QWidget] = [entry]
        for row in range(len(self._lines)):
            fields += [self._spin(row), self._combo(row), self._reason(row)]
        for before, after in pairwise(fields):
            QWidget.setTabOrder(before, after)

    def _set_item_name(self, row: int, name: str) -> None:
        item = QTableWidgetItem(name)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.table.setItem(row, ITEM, item)

    def _spin(self, row: int) -> QSpinBox:
        return cast(QSpinBox, self.table.cellWidget(row, QUANTITY))

    def _combo(self, row: int) -> QComboBox:
        return cast(QComboBox, self.table.cellWidget(row, CONDITION))

    def _reason(self, row: int) -> QLineEdit:
        return cast(QLineEdit, self.table.cellWidget(row, REASON))

    def _schedule_preview(self) -> None:
        self._preview_timer.start()

    def _request(self) -> dict[str, object] | None:
        lines: list[dict[str, object]] = []
        for row, line in enumerate(self._lines):
            quantity = self._spin(row).value()
            if quantity <= 0:
                continue
            entry: dict[str, object] = {
                "quantity": quantity,
                "condition": self._combo(row).currentData(),
                "reason": self._reason(row).text(),
            }
            if line.sale_line_id is not None:
                entry["sale_line_id"] = line.sale_line_id
            else:
                entry["barcode"] = line.barcode
            lines.append(entry)
        if not lines:
            return None
        request: dict[str, object] = {self.LINES_KEY: lines}
        if self._receipt is not None:
            request["receipt_number"] = self._receipt.receipt_number
        name = self.customer_name.text().strip()
        if name:
            request["customer"] = {
                "name": name,
                "phone": self.customer_phone.text().strip() or None,
                "consent": self.consent_box.isChecked(),
            }
        tender = self.tender_box.currentData()
        if tender is not None:
            request["refund_tender"] = tender
        reference = self.card_reference.text().strip()
        if reference:
            request["card_reference"] = reference
        if self.arrived_at is not None:
            request["arrived_at"] = self.arrived_at
        return request if self._extend_request(request) else None

    def _show_decision(self, decision: CaseDecision | None) -> None:
        self._decision = decision
        if decision is None:
            self._set_total("")
            self.case_reasons.setText("")
            for row in range(self.table.rowCount()):
                self._set_decision(row, None)
            return
        decided = iter(decision.lines)
        for row in range(self.table.rowCount()):
            self._set_decision(row, next(decided) if self._spin(row).value() > 0 else None)
        tenders = ", ".join(
            f"{amount.format(self._store.locale)} {tender.label}"
            for tender, amount in decision.by_tender
        )
        self._set_total(
            QCoreApplication.translate("ReturnScreen", "Refund {amount}").format(
                amount=decision.net_refund.format(self._store.locale)
            )
            + (f"  ({tenders})" if len(decision.by_tender) > 1 else "")
        )
        self.case_reasons.setText(" ".join(decision.reasons))
        if decision.verdict is Verdict.REFUSED:
            self._say(
                QCoreApplication.translate(
                    "ReturnScreen", "The policy refuses a line: see its reasons."
                ),
                "error",
            )
        elif decision.verdict is Verdict.NEEDS_MANAGER:
            self._say(
                QCoreApplication.translate(
                    "ReturnScreen",
                    "A manager must approve this return; Complete asks for their PIN.",
                ),
                "warning",
            )
        else:
            self._say(
                QCoreApplication.translate("ReturnScreen", "The policy allows this return."), "good"
            )

    def _set_decision(self, row: int, decided: LineDecision | None) -> None:
        text = ""
        tone = "hint"
        if decided is not None:
            refund = decided.refund.format(self._store.locale)
            text = f"{decided.verdict.label}: {refund}\n" + "\n".join(decided.reasons)
            tone = VERDICT_TONES[decided.verdict]
        item = QTableWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setData(Qt.ItemDataRole.UserRole, tone)
        self.table.setItem(row, DECISION, item)
        self.table.resizeRowToContents(row)

    def _approval_reasons(self) -> tuple[str, ...]:
        if self._decision is None:
            return ()
        line_reasons = tuple(
            reason
            for line in self._decision.lines
            if line.verdict in (Verdict.NEEDS_MANAGER, Verdict.REFUSED)
            for reason in line.reasons[:1]
        )
        return line_reasons + self._decision.reasons

    def _ask_manager(self, reasons: tuple[str, ...], message: str) -> Approval | None:
        fees = self._decision is not None and self._decision.total_fees.amount > 0
        dialog = ManagerApprovalDialog(
            staff=list_staff(database=self._database),
            reasons=reasons,
            allow_fee_waiver=fees,
            message=message,
            parent=self,
        )
        if dialog.exec() != ManagerApprovalDialog.DialogCode.Accepted:
            return None
        return dialog.approval()

    def _show_done(self, done: Any) -> None:
        """Say what was saved and what money moved, then clear the form for the next customer."""
        refunds = self._payment_words(done.payments, "refund")
        charges = self._payment_words(done.payments, "charge")
        said = " ".join(
            (
                QCoreApplication.translate(self.TEXT_CONTEXT, self.SAVED_TEXT).format(
                    number=done.number
                ),
                QCoreApplication.translate("ReturnScreen", "Refund: {refunds}.").format(
                    refunds=refunds or QCoreApplication.translate("ReturnScreen", "nothing")
                ),
            )
        )
        if charges:
            said += " " + QCoreApplication.translate("ReturnScreen", "Paid: {charges}.").format(
                charges=charges
            )
        if done.approved_by:
            said += " " + QCoreApplication.translate("ReturnScreen", "Approved by {name}.").format(
                name=done.approved_by
            )
        if done.notices:
            said += " " + " ".join(done.notices)
        self.reset()
        self._say(said, "good")

    def _payment_words(self, payments: tuple[PaymentMade, ...], kind: str) -> str:
        return "; ".join(
            (
                QCoreApplication.translate("ReturnScreen", "{amount} to {means}")
                if kind == "refund"
                else QCoreApplication.translate("ReturnScreen", "{amount} by {means}")
            ).format(amount=self._money(payment.amount_cents), means=self._payment_means(payment))
            for payment in payments
            if payment.kind == kind
        )

    def _payment_means(self, payment: PaymentMade) -> str:
        """How money moved, in words: "card ending 4242", "voucher V-1234", "cash"."""
        if payment.card_last4:
            return QCoreApplication.translate("ReturnScreen", "card ending {last4}").format(
                last4=payment.card_last4
            )
        if payment.voucher:
            return QCoreApplication.translate("ReturnScreen", "voucher {code}").format(
                code=payment.voucher.code
            )
        return self._tender_words(payment.tender)

    def _tender_words(self, tender: str) -> str:
        """A stored tender in words ("store_credit" as "store credit"); unknown ones as stored."""
        known = TENDER_WORDS.get(tender)
        if known is None:
            return tender.replace("_", " ")
        return QCoreApplication.translate("ReturnScreen", str(known))

    def _set_total(self, text: str) -> None:
        """Show the money line in full: the card reference field gives way, never the total."""
        self.total_label.setText(text)
        self.total_label.setMinimumWidth(self.total_label.sizeHint().width())

    def _money(self, cents: int) -> str:
        return Money.from_minor(cents, self._store.currency).format(self._store.locale)

    def _say(self, text: str, tone: str) -> None:
        self.message.setText(text)
        set_style_property(self.message, "tone", tone)
