"""The exchange screen: items back and items out on one screen, with the running difference.

Built on the return screen: the items coming back are found and decided the
same way (the policy applies to them). Below them the clerk scans what the
customer takes instead; the difference appears as it changes: what the
customer pays (from a voucher first, then cash or card) or what goes back.
"""

from dataclasses import dataclass
from typing import Any, cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.services.exchanges import ExchangePlan, complete_exchange, preview_exchange
from counter_app.services.returns import ReturnPlan
from ui.screens.return_screen import ReturnScreen
from ui.widgets.styling import styled_label

OUT_COLUMNS = (
    QT_TRANSLATE_NOOP("ExchangeScreen", "New item"),
    QT_TRANSLATE_NOOP("ExchangeScreen", "Quantity"),
    QT_TRANSLATE_NOOP("ExchangeScreen", "Price"),
)
OUT_ITEM, OUT_QUANTITY, OUT_PRICE = range(len(OUT_COLUMNS))


@dataclass
class _ItemOut:
    barcode: str
    name: str


class ExchangeScreen(ReturnScreen):
    """An exchange: the return screen's items back, plus the items going out and the difference."""

    # The return screen shows these in TEXT_CONTEXT; what it shows besides is the return's.
    TEXT_CONTEXT = "ExchangeScreen"
    TITLE = str(QT_TRANSLATE_NOOP("ExchangeScreen", "New exchange"))
    DRAFT_WHAT = str(QT_TRANSLATE_NOOP("ExchangeScreen", "an exchange"))
    SAVED_TEXT = str(QT_TRANSLATE_NOOP("ExchangeScreen", "Exchange {number} saved."))
    COMPLETE_TEXT = str(QT_TRANSLATE_NOOP("ExchangeScreen", "Complete exchange  (Ctrl+Enter)"))
    LINES_KEY = "lines_in"
    DRAFT_KIND = "exchange"

    def _add_extra_rows(self, layout: QVBoxLayout) -> None:
        self._items_out: list[_ItemOut] = []
        self.out_field = QLineEdit()
        self.out_field.setObjectName("ItemOutField")
        self.out_field.setAccessibleName(self.tr("New item barcode"))
        self.out_field.setPlaceholderText(
            self.tr("Scan the item the customer takes instead, then Enter")
        )
        self.out_field.returnPressed.connect(lambda: self.add_item_out())
        scan_row = QHBoxLayout()
        scan_row.setSpacing(12)
        scan_row.addWidget(styled_label(self.tr("Items going out"), "fieldLabel"))
        scan_row.addWidget(self.out_field, 1)

        self.out_table = QTableWidget(0, len(OUT_COLUMNS))
        self.out_table.setObjectName("ExchangeItemsOut")
        self.out_table.setHorizontalHeaderLabels(
            [QCoreApplication.translate("ExchangeScreen", str(column)) for column in OUT_COLUMNS]
        )
        self.out_table.verticalHeader().setVisible(False)
        self.out_table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.out_table.setMinimumHeight(110)
        # As in the lines coming back: Tab visits the quantities, then leaves the table.
        self.out_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.out_table.setTabKeyNavigation(False)
        self.out_table.setMaximumHeight(150)
        header = self.out_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(OUT_ITEM, QHeaderView.ResizeMode.Stretch)

        self.pay_box = QComboBox()
        self.pay_box.setAccessibleName(self.tr("Customer pays the difference by"))
        self.pay_box.addItem(self.tr("Cash"), "cash")
        self.pay_box.addItem(self.tr("Card"), "card")
        self.voucher_field = QLineEdit()
        self.voucher_field.setAccessibleName(self.tr("Voucher code"))
        self.voucher_field.setPlaceholderText(self.tr("Voucher code (spent first)"))
        self.card_last4_field = QLineEdit()
        self.card_last4_field.setAccessibleName(self.tr("Card last four digits"))
        self.card_last4_field.setPlaceholderText(self.tr("Card's last 4 digits"))
        self.card_last4_field.setMaxLength(4)
        for field in (self.voucher_field, self.card_last4_field):
            field.textChanged.connect(self._schedule_preview)
        self.pay_box.currentIndexChanged.connect(self._schedule_preview)
        pay_row = QHBoxLayout()
        pay_row.setSpacing(12)
        pay_row.addWidget(styled_label(self.tr("Customer pays by"), "fieldLabel"))
        pay_row.addWidget(self.pay_box)
        pay_row.addWidget(self.voucher_field, 1)
        pay_row.addWidget(self.card_last4_field)

        layout.addLayout(scan_row)
        layout.addWidget(self.out_table)
        layout.addLayout(pay_row)

    def reset(self) -> None:
        """An empty exchange."""
        self._items_out = []
        self.out_table.setRowCount(0)
        self.out_field.clear()
        self.voucher_field.clear()
        self.card_last4_field.clear()
        self.pay_box.setCurrentIndex(0)
        super().reset()

    def add_item_out(self, scanned: str | None = None) -> None:
        """Add the scanned new item (one unit; the quantity can be changed)."""
        code = (scanned or self.out_field.text()).strip()
        if not code:
            return
        name = self.tr("Item {code}").format(code=code)
        self._items_out.append(_ItemOut(code, name))
        row = self.out_table.rowCount()
        self.out_table.setRowCount(row + 1)
        self._set_out_text(row, OUT_ITEM, name)
        self._set_out_text(row, OUT_PRICE, "")
        spin = QSpinBox()
        spin.setRange(0, 999)
        spin.setValue(1)
        spin.setAccessibleName(self.tr("How many of item {code}").format(code=code))
        spin.valueChanged.connect(self._schedule_preview)
        self.out_table.setCellWidget(row, OUT_QUANTITY, spin)
        before = self.out_field if row == 0 else self._out_spin(row - 1)
        QWidget.setTabOrder(before, spin)
        self.out_field.clear()
        self._schedule_preview()

    # ------------------------------------------------------------------ the return screen's hooks

    def _preview(self, request: dict[str, object]) -> Any:
        return preview_exchange(database=self._database, staff=self._staff, request=request)

    def _returned_plan(self, plan: Any) -> ReturnPlan:
        return cast(ExchangePlan, plan).returned

    def _complete(self, request: dict[str, object]) -> Any:
        return complete_exchange(database=self._database, staff=self._staff, request=request)

    def _extend_request(self, request: dict[str, object]) -> bool:
        lines_out = [
            {"barcode": item.barcode, "quantity": self._out_spin(row).value()}
            for row, item in enumerate(self._items_out)
            if self._out_spin(row).value() > 0
        ]
        if not lines_out:
            self._say(self.tr("Scan the item the customer takes instead."), "hint")
            return False
        request["lines_out"] = lines_out
        payment: dict[str, object] = {"tender": self.pay_box.currentData()}
        voucher = self.voucher_field.text().strip()
        if voucher:
            payment["voucher_code"] = voucher
        last4 = self.card_last4_field.text().strip()
        if last4 and self.pay_box.currentData() == "card":
            payment["card_last4"] = last4
        request["payment"] = payment
        return True

    def _show_plan(self, plan: Any) -> None:
        exchange = cast(ExchangePlan, plan)
        wanted = [row for row in range(len(self._items_out)) if self._out_spin(row).value() > 0]
        for row, item in zip(wanted, exchange.items_out, strict=False):
            self._set_out_text(row, OUT_ITEM, item.product.name)
            self._set_out_text(row, OUT_PRICE, self._money(item.total_cents))
        decision = exchange.decision
        to_pay = decision.to_pay.minor_units if decision.to_pay else 0
        if to_pay > 0:
            self._set_total(self.tr("Customer pays {amount}").format(amount=self._money(to_pay)))
        elif decision.net_refund.amount > 0:
            self._set_total(
                self.tr("Refund {amount}").format(
                    amount=decision.net_refund.format(self._store.locale)
                )
            )
        else:
            self._set_total(self.tr("Even exchange"))

    def _extra_state(self) -> dict[str, Any]:
        return {
            "items_out": [
                {"barcode": item.barcode, "quantity": self._out_spin(row).value()}
                for row, item in enumerate(self._items_out)
            ],
            "pay_tender": self.pay_box.currentData(),
            "voucher_code": self.voucher_field.text(),
            "card_last4": self.card_last4_field.text(),
        }

    def _restore_extra(self, state: dict[str, Any]) -> None:
        for item in state.get("items_out", []):
            self.add_item_out(str(item["barcode"]))
            self._out_spin(self.out_table.rowCount() - 1).setValue(int(item.get("quantity", 1)))
        self.pay_box.setCurrentIndex(max(self.pay_box.findData(state.get("pay_tender")), 0))
        self.voucher_field.setText(str(state.get("voucher_code", "")))
        self.card_last4_field.setText(str(state.get("card_last4", "")))

    # ------------------------------------------------------------------ helpers

    def _out_spin(self, row: int) -> QSpinBox:
        return cast(QSpinBox, self.out_table.cellWidget(row, OUT_QUANTITY))

    def _set_out_text(self, row: int, column: int, text: str) -> None:
        item = QTableWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.out_table.setItem(row, column, item)
