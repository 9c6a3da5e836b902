"""The sign-in screen: choose your name, type your PIN, press Enter."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from assets import asset_path
from counter_app.domain.validation import InputError
from counter_app.services.database import StorageError, StoreDatabase
from counter_app.services.errors import NotFoundError, SignInRefusedError
from counter_app.services.staff import (
    LockoutRules,
    SignedIn,
    list_staff,
    sign_in,
    staff_by_badge,
)
from counter_app.services.store_setup import StoreInfo
from ui.widgets.pin_field import PinField
from ui.widgets.staff_list import StaffList, staff_rows
from ui.widgets.styling import set_style_property, styled_label

_CARD_MAX_WIDTH = 980
# English keys; shown through QCoreApplication.translate("LoginScreen", ...).
NO_STAFF_MESSAGE = str(
    QT_TRANSLATE_NOOP(
        "LoginScreen",
        "Nobody is on this store's staff yet, so nobody can sign in. "
        "Staff arrive from head office; for the demo store run 'counter-app demo'.",
    )
)
NO_BADGE_MESSAGE = str(
    QT_TRANSLATE_NOOP(
        "LoginScreen", "No one on the staff has that badge. Choose your name in the list instead."
    )
)


class _LoginLayout:
    """The sign-in screen's widgets and where they sit; no behaviour here."""

    def __init__(self, screen: QWidget, store: StoreInfo) -> None:
        self.brand_icon = QLabel()
        self.brand_icon.setPixmap(QIcon(str(asset_path("counter.svg"))).pixmap(QSize(32, 32)))
        self.brand = styled_label(QCoreApplication.translate("LoginScreen", "Counter"), "brand")
        self.store_title = styled_label(f"{store.name} · {store.code}", "title")
        self.store_title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.subtitle = styled_label(
            QCoreApplication.translate("LoginScreen", "Sign in to serve customers"), "subtitle"
        )
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignHCenter)

        self.staff_heading = styled_label(
            QCoreApplication.translate("LoginScreen", "Who is at the counter?"), "fieldLabel"
        )
        self.staff_list = StaffList()
        self.staff_list.setMinimumHeight(300)
        self.staff_heading.setBuddy(self.staff_list)

        self.pin_heading = styled_label(
            QCoreApplication.translate("LoginScreen", "Your PIN"), "fieldLabel"
        )
        self.pin_field = PinField()
        self.pin_heading.setBuddy(self.pin_field)
        self.sign_in_button = QPushButton(
            QCoreApplication.translate("LoginScreen", "Sign in  (Enter)")
        )
        self.sign_in_button.setProperty("primary", "true")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.setAutoDefault(True)
        self.sign_in_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.message = QLabel()
        self.message.setObjectName("LoginMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(QCoreApplication.translate("LoginScreen", "Sign-in message"))
        self.message.hide()
        self.hint = styled_label(
            QCoreApplication.translate(
                "LoginScreen",
                "Choose your name with ↑ and ↓ or a click, type your PIN, then press Enter.",
            ),
            "hint",
            wrap=True,
        )

        left = QVBoxLayout()
        left.setSpacing(10)
        left.addWidget(self.staff_heading)
        left.addWidget(self.staff_list, 1)

        right = QVBoxLayout()
        right.setSpacing(12)
        right.addWidget(self.pin_heading)
        right.addWidget(self.pin_field)
        right.addWidget(self.sign_in_button)
        right.addWidget(self.message)
        right.addStretch(1)
        right.addWidget(self.hint)

        self.card = QFrame()
        self.card.setObjectName("Card")
        self.card.setMaximumWidth(_CARD_MAX_WIDTH)
        self.card.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        columns = QHBoxLayout(self.card)
        columns.setContentsMargins(28, 24, 28, 24)
        columns.setSpacing(32)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)

        centred_card = QHBoxLayout()
        centred_card.addStretch(1)
        centred_card.addWidget(self.card, 100)
        centred_card.addStretch(1)

        outer = QVBoxLayout(screen)
        outer.setContentsMargins(32, 20, 32, 24)
        outer.setSpacing(8)
        brand_row = QHBoxLayout()
        brand_row.setSpacing(10)
        brand_row.addWidget(self.brand_icon)
        brand_row.addWidget(self.brand)
        brand_row.addStretch(1)
        outer.addLayout(brand_row)
        outer.addStretch(1)
        outer.addWidget(self.store_title)
        outer.addWidget(self.subtitle)
        outer.addSpacing(18)
        outer.addLayout(centred_card)
        outer.addStretch(2)


class LoginScreen(QWidget):
    """Who is at the counter: a staff list, a PIN field and the service's answer.

    Keyboard first: the PIN field holds the focus the whole time, Up and Down
    move in the staff list, Enter signs in. A refusal (wrong PIN with the
    tries left, locked out until when) is the service's own sentence, shown
    in a warning box; the PIN field is then emptied so the next try starts
    clean and no digit lingers on screen.

    The PIN is checked synchronously: Argon2 takes about a tenth of a second,
    short enough not to need a worker yet. ``clock`` only decides which
    lockouts still show as "Locked until" in the list; tests may fix it.

    Signals:
        signed_in(SignedIn): the PIN was right; carries who is now at the counter.
    """

    signed_in = Signal(SignedIn)

    def __init__(
        self,
        *,
        database: StoreDatabase,
        store: StoreInfo,
        rules: LockoutRules,
        clock: Callable[[], datetime] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("LoginScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._database = database
        self._store = store
        self._rules = rules
        self._clock = clock or (lambda: datetime.now(UTC))
        self._ui = _LoginLayout(self, store)
        self.staff_list = self._ui.staff_list
        self.pin_field = self._ui.pin_field
        self.sign_in_button = self._ui.sign_in_button
        self.message_label = self._ui.message
        self.setFocusProxy(self.pin_field)

        self.pin_field.returnPressed.connect(self.submit)
        self.pin_field.step_requested.connect(self.staff_list.step)
        self.sign_in_button.clicked.connect(self.submit)
        self.staff_list.currentItemChanged.connect(self._on_person_changed)
        self._chosen_id: uuid.UUID | None = None
        self._reloading = False
        self.reload_staff()

    # ------------------------------------------------------------------ public

    def reset(self) -> None:
        """Make the screen ready for the next person: fresh list, empty PIN, no message."""
        self.pin_field.clear()
        self._show_message("", tone="")
        self.reload_staff()
        self.pin_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def reload_staff(self) -> None:
        """Read the active staff again, keeping the chosen person chosen."""
        members = list_staff(database=self._database)
        # Rebuilding the rows passes through "nobody chosen"; that is not the person changing.
        self._reloading = True
        try:
            self.staff_list.set_rows(
                staff_rows(
                    members,
                    now=self._clock(),
                    zone=self._store.zone,
                    locale=self._store.locale,
                )
            )
        finally:
            self._reloading = False
        self._chosen_id = self.staff_list.selected_staff_id()
        has_staff = bool(members)
        self.pin_field.setEnabled(has_staff)
        self.sign_in_button.setEnabled(has_staff)
        if not has_staff:
            self._show_message(
                QCoreApplication.translate("LoginScreen", NO_STAFF_MESSAGE), tone="info"
            )

    def select_staff(self, name: str) -> bool:
        """Choose the person called ``name``; False if they are not on the list."""
        return self.staff_list.select_name(name)

    def select_badge(self, code: str) -> bool:
        """Choose the person whose badge was scanned, so only their PIN remains to type.

        ``code`` is the badge as scanned (``STAFF-7Q2X``). A badge no one on the
        active staff has is said so in the message area, and nobody else is chosen.
        """
        try:
            member = staff_by_badge(database=self._database, badge_code=code)
        except InputError:
            member = None  # no badge can hold such a code, so no one has it
        except StorageError as problem:
            self._show_message(str(problem), tone="warning")
            return False
        if member is not None and not self.staff_list.select_staff_id(member.id):
            # Joined the staff since the list was read (a head-office change).
            self.reload_staff()
            if not self.staff_list.select_staff_id(member.id):
                member = None
        # A half-typed PIN belonged to whoever was chosen before the scan.
        self.pin_field.clear()
        self.pin_field.setFocus(Qt.FocusReason.OtherFocusReason)
        if member is None:
            self._show_message(
                QCoreApplication.translate("LoginScreen", NO_BADGE_MESSAGE), tone="warning"
            )
            return False
        self._show_message(
            self.tr("Hello {name}: type your PIN, then press Enter.").format(name=member.name),
            tone="info",
        )
        return True

    def message_text(self) -> str:
        """What the message area says now (empty when nothing is shown)."""
        return self.message_label.text() if self.message_label.isVisible() else ""

    def submit(self) -> None:
        """Check the PIN for the chosen person and either emit ``signed_in`` or explain why not."""
        staff_id = self.staff_list.selected_staff_id()
        if staff_id is None:
            self._show_message(self.tr("Choose your name in the list first."), tone="warning")
            return
        pin = self.pin_field.text()
        if not pin:
            self._show_message(self.tr("Type your PIN, then press Enter."), tone="warning")
            return
        try:
            person = sign_in(database=self._database, staff_id=staff_id, pin=pin, rules=self._rules)
        except SignInRefusedError as refusal:
            self._refused(str(refusal))
            return
        except NotFoundError as missing:
            # Taken off the staff since the list was read (a head-office change): the
            # reload in _refused shows who remains.
            self._refused(str(missing))
            return
        except StorageError as problem:
            # Busy, full or failing disk: the environment's fault, told in its own words.
            self.pin_field.clear()
            self._show_message(str(problem), tone="warning")
            return
        self.pin_field.clear()
        self._show_message("", tone="")
        self.signed_in.emit(person)

    # ------------------------------------------------------------------ behaviour

    def _refused(self, text: str) -> None:
        self.pin_field.clear()
        self._show_message(text, tone="warning")
        # The lockout column may have changed: show "Locked until" beside the name now.
        self.reload_staff()
        self.pin_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_person_changed(self) -> None:
        chosen = self.staff_list.selected_staff_id()
        if self._reloading or chosen == self._chosen_id:
            return
        self._chosen_id = chosen
        # A half-typed PIN belongs to the previous person; so does a refusal.
        self.pin_field.clear()
        if self.message_label.property("tone") == "warning":
            self._show_message("", tone="")

    def _show_message(self, text: str, *, tone: str) -> None:
        self.message_label.setText(text)
        set_style_property(self.message_label, "tone", tone)
        self.message_label.setVisible(bool(text))
