"""The manager's approval: who approves, their PIN, and why, typed in front of the clerk."""

import uuid
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.staff import Role
from counter_app.services.staff import StaffMember
from ui.widgets.pin_field import PinField
from ui.widgets.styling import set_style_property, styled_label


@dataclass(frozen=True)
class Approval:
    """What the dialog collected; the service checks the PIN and the role."""

    manager_id: uuid.UUID
    pin: str
    reason: str
    waive_restocking_fees: bool

    def as_request(self) -> dict[str, object]:
        """The approval as the services take it."""
        return {
            "manager_id": self.manager_id,
            "pin": self.pin,
            "reason": self.reason,
            "waive_restocking_fees": self.waive_restocking_fees,
        }


class ManagerApprovalDialog(QDialog):
    """Ask a manager to approve what the policy leaves to them, with a written reason.

    The reasons the policy gave are shown first, so the manager knows what they
    approve. The dialog only collects: the service checks the PIN (counting wrong
    ones towards the manager's lockout) and records the approval with the case.
    """

    def __init__(
        self,
        *,
        staff: list[StaffMember],
        reasons: tuple[str, ...],
        allow_fee_waiver: bool,
        message: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ManagerApprovalDialog")
        self.setWindowTitle(self.tr("Manager approval"))
        self.setModal(True)
        self.setMinimumWidth(560)
        heading = styled_label(self.tr("A manager must approve this"), "section")
        why = styled_label("\n".join(f"• {reason}" for reason in reasons), "hint", wrap=True)
        self.message_label = styled_label(message, "error", wrap=True)
        self.message_label.setObjectName("ApprovalMessage")
        self.message_label.setVisible(bool(message))

        self.manager_box = QComboBox()
        self.manager_box.setAccessibleName(self.tr("Approving manager"))
        for person in staff:
            if person.role is Role.MANAGER:
                self.manager_box.addItem(person.name, person.id)
        self.pin_field = PinField()
        self.reason_field = QLineEdit()
        self.reason_field.setAccessibleName(self.tr("Reason for the approval"))
        self.reason_field.setPlaceholderText(self.tr("Why the manager approves, in a sentence"))
        self.reason_field.setMaxLength(500)
        self.waive_box = QCheckBox(self.tr("Waive the restocking fee"))
        self.waive_box.setVisible(allow_fee_waiver)

        form = QFormLayout()
        form.addRow(self.tr("Manager"), self.manager_box)
        form.addRow(self.tr("PIN"), self.pin_field)
        form.addRow(self.tr("Reason"), self.reason_field)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Approve"))
        set_style_property(ok, "primary", "true")
        buttons.accepted.connect(self._accept_if_complete)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(why)
        layout.addWidget(self.message_label)
        layout.addLayout(form)
        layout.addWidget(self.waive_box)
        layout.addWidget(buttons)
        self.pin_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def approval(self) -> Approval | None:
        """What was entered, once accepted."""
        manager_id = self.manager_box.currentData()
        if manager_id is None:
            return None
        return Approval(
            manager_id=manager_id,
            pin=self.pin_field.text(),
            reason=self.reason_field.text().strip(),
            waive_restocking_fees=self.waive_box.isChecked(),
        )

    def _accept_if_complete(self) -> None:
        if self.manager_box.currentData() is None:
            self._say(
                self.tr("No manager is on this store's staff; a manager must be added first.")
            )
        elif not self.pin_field.text():
            self._say(self.tr("The manager types their PIN."))
            self.pin_field.setFocus()
        elif not self.reason_field.text().strip():
            self._say(self.tr("Write down why the manager approves."))
            self.reason_field.setFocus()
        else:
            self.accept()

    def _say(self, message: str) -> None:
        self.message_label.setText(message)
        self.message_label.setVisible(True)
