"""Settings: how this counter PC looks and prints, the store's details, head office, data folder.

Anyone signed in may change the language and high contrast (a clerk who needs
high contrast must not need a manager). Everything else is a manager's: a
clerk reads it, and the services refuse a clerk's save anyway.

Each section saves on its own; a refusal from a service is shown next to the
field it concerns and nothing typed is lost. The data folder is chosen here but
used from the next start, and the data is not moved.

Keys: Esc goes back; Ctrl+S saves the section holding the focus (or everything
when no section does); Ctrl+Shift+S saves everything.
"""

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from zoneinfo import available_timezones

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.validation import FieldProblem, InputError
from counter_app.services.counter_settings import (
    DOCUMENT_KINDS,
    IDLE_LOCK_RANGE,
    LANGUAGES,
    RECEIPT_COLUMNS,
    CounterSettings,
    PrinterChoice,
    load_counter_settings,
    save_counter_settings,
    save_display_settings,
)
from counter_app.services.data_folder import (
    choose_data_folder,
    data_folder_choice,
    data_folder_override,
)
from counter_app.services.database import StorageError, StoreDatabase
from counter_app.services.errors import ServiceError
from counter_app.services.staff import SignedIn
from counter_app.services.store_setup import StoreInfo, current_store, update_store_details
from ui.screens.base import CounterScreen
from ui.widgets.styling import set_style_property, styled_label, vertical_scroll

TARGET_HEIGHT = 44
CAPTION_WIDTH = 190
Failures = (InputError, ServiceError, StorageError)

DOCUMENT_NAMES = {
    "receipt": QT_TRANSLATE_NOOP("SettingsScreen", "Receipts"),
    "return_label": QT_TRANSLATE_NOOP("SettingsScreen", "Return labels"),
    "voucher": QT_TRANSLATE_NOOP("SettingsScreen", "Vouchers"),
    "report": QT_TRANSLATE_NOOP("SettingsScreen", "Reports"),
}
PRINTER_KIND_NAMES = (
    ("pdf_folder", QT_TRANSLATE_NOOP("SettingsScreen", "Save as PDF in a folder")),
    ("system", QT_TRANSLATE_NOOP("SettingsScreen", "A printer of this PC")),
    ("escpos", QT_TRANSLATE_NOOP("SettingsScreen", "ESC/POS receipt printer")),
)
STORE_FIELDS = ("name", "address", "phone", "timezone", "locale", "currency")
# Which section a service's field belongs to, for fields named by a whole-form save.
SECTION_OF_FIELD = {
    "language": "display",
    "high_contrast": "display",
    **dict.fromkeys(STORE_FIELDS, "store"),
    "printers": "printers",
    "returns_address": "printers",
    "head_office_url": "head_office",
    "head_office_token": "head_office",
    "idle_lock_minutes": "auto_lock",
    "data_folder": "data_folder",
}


class SettingsScreen(CounterScreen):
    """This counter's settings and the store's details, each section saved on its own.

    Signals:
        back_requested: Esc or Back; the window goes home.
        display_changed(object): the saved :class:`CounterSettings`, after the language
            or high contrast changed; the window applies the new look.
        store_changed(object): the new :class:`StoreInfo` after its details were saved.
        head_office_changed(object): the saved :class:`CounterSettings`, after the head
            office section (or everything) was saved; the window restarts sync with them.
        set_aside_requested: a manager asked for the changes head office refused.
        about_requested: the About button; the window shows the version and the build.
    """

    display_changed = Signal(object)
    store_changed = Signal(object)
    head_office_changed = Signal(object)
    set_aside_requested = Signal()
    about_requested = Signal()

    def __init__(
        self,
        *,
        database: StoreDatabase,
        store: StoreInfo,
        staff: SignedIn,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            name="SettingsScreen", database=database, store=store, staff=staff, parent=parent
        )
        self._data_dir = database.path.parent
        self._settings = CounterSettings()
        self._errors: dict[str, QLabel] = {}
        self._fields: dict[str, QWidget] = {}
        self._sections: dict[str, QFrame] = {}
        self._messages: dict[str, QLabel] = {}
        self._save_buttons: dict[str, QPushButton] = {}
        self._card_layouts: dict[QFrame, QVBoxLayout] = {}
        self._build()
        QShortcut(QKeySequence("Esc"), self).activated.connect(self.back_requested.emit)
        QShortcut(QKeySequence("Ctrl+S"), self).activated.connect(self.save_focused)
        QShortcut(QKeySequence("Ctrl+Shift+S"), self).activated.connect(self.save_all)
        self.reset()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        title = styled_label(self.tr("Settings"), "title")
        subtitle = styled_label(
            self.tr(
                "This counter PC, and the store it serves. Ctrl+S saves the section you are in."
            ),
            "subtitle",
            wrap=True,
        )
        self.back_button = QPushButton(self.tr("Back  (Esc)"))
        self.back_button.setMinimumHeight(TARGET_HEIGHT)
        self.back_button.clicked.connect(self.back_requested.emit)
        self.about_button = QPushButton(self.tr("About Counter  (F1)"))
        self.about_button.setMinimumHeight(TARGET_HEIGHT)
        self.about_button.clicked.connect(self.about_requested.emit)
        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(title)
        heading.addWidget(subtitle)
        header = QHBoxLayout()
        header.addLayout(heading, 1)
        header.addWidget(self.about_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)

        self.file_problem = styled_label("", "hint", wrap=True)
        self.file_problem.setObjectName("SettingsFileProblem")
        set_style_property(self.file_problem, "tone", "warning")
        self.file_problem.setVisible(False)

        form = QWidget()
        form.setObjectName("SettingsForm")
        form_layout = QVBoxLayout(form)
        form_layout.setContentsMargins(0, 0, 12, 0)
        form_layout.setSpacing(14)
        form_layout.addWidget(self._display_card())
        form_layout.addWidget(self._store_card())
        form_layout.addWidget(self._printers_card())
        form_layout.addWidget(self._head_office_card())
        form_layout.addWidget(self._auto_lock_card())
        form_layout.addWidget(self._data_folder_card())
        form_layout.addStretch(1)
        self.form_scroll = vertical_scroll("SettingsScroll", form)
        # The screen's own background shows through, as on the other screens.
        self.form_scroll.viewport().setAutoFillBackground(False)
        form.setAutoFillBackground(False)

        self.message = styled_label("", "hint", wrap=True)
        self.message.setObjectName("SettingsMessage")
        self.save_all_button = QPushButton(self.tr("Save everything  (Ctrl+Shift+S)"))
        self.save_all_button.setObjectName("SaveAllSettings")
        self.save_all_button.setMinimumHeight(TARGET_HEIGHT)
        self.save_all_button.clicked.connect(self.save_all)
        footer = QHBoxLayout()
        footer.setSpacing(16)
        footer.addWidget(self.message, 1)
        footer.addWidget(self.save_all_button, 0, Qt.AlignmentFlag.AlignBottom)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 12, 32, 12)
        outer.setSpacing(10)
        outer.addLayout(header)
        outer.addWidget(self.file_problem)
        outer.addWidget(self.form_scroll, 1)
        outer.addLayout(footer)

    def _card(self, key: str, title: str, note: str = "") -> tuple[QFrame, QGridLayout]:
        card = QFrame()
        card.setObjectName("Card")
        card.setAccessibleName(title)
        heading = styled_label(title, "section")
        heading.setObjectName(f"Settings_{key}_heading")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(20, 14, 20, 16)
        layout.setSpacing(8)
        layout.addWidget(heading)
        if note:
            layout.addWidget(styled_label(note, "hint", wrap=True))
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        grid.setColumnMinimumWidth(0, CAPTION_WIDTH)
        layout.addLayout(grid)
        self._sections[key] = card
        self._card_layouts[card] = layout
        return card, grid

    def _manager_note(self, card: QFrame, text: str) -> QLabel:
        note = styled_label(text, "hint", wrap=True)
        note.setObjectName("SettingsReadOnly")
        set_style_property(note, "tone", "warning")
        self._card_layouts[card].insertWidget(2, note)  # under the heading and what it is for
        return note

    def _row(
        self,
        grid: QGridLayout,
        caption: str,
        key: str,
        widget: QWidget,
        extra: QWidget | None = None,
    ) -> None:
        """One field: its caption, the widget (and a button beside it), its error underneath."""
        row = grid.rowCount()
        label = styled_label(caption, "fieldLabel", wrap=True)
        label.setBuddy(widget)
        grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignVCenter)
        if extra is None and self._keeps_its_width(widget):
            grid.addWidget(widget, row, 1, Qt.AlignmentFlag.AlignLeft)
        elif extra is None:
            grid.addWidget(widget, row, 1)
        else:
            line = QHBoxLayout()
            line.setSpacing(10)
            line.addWidget(widget, 1)
            line.addWidget(extra)
            grid.addLayout(line, row, 1)
        self._fields[key] = widget
        error = styled_label("", "error", wrap=True)
        error.setObjectName("SettingsFieldError")
        error.setVisible(False)
        grid.addWidget(error, row + 1, 1)
        self._errors[key] = error

    @staticmethod
    def _keeps_its_width(widget: QWidget) -> bool:
        """Whether ``widget`` sits at the left at its own width rather than filling the row."""
        return isinstance(widget, QCheckBox | QSpinBox) or widget.maximumWidth() < 10_000

    def _footer(self, card: QFrame, key: str, text: str, slot: Callable[[], object]) -> None:
        message = styled_label("", "hint", wrap=True)
        message.setObjectName("SettingsSectionMessage")
        button = QPushButton(text)
        button.setObjectName(f"Save_{key}")
        button.setMinimumHeight(TARGET_HEIGHT)
        set_style_property(button, "primary", "true")
        button.clicked.connect(slot)
        line = QHBoxLayout()
        line.setSpacing(16)
        line.addWidget(message, 1)
        line.addWidget(button, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        self._card_layouts[card].addLayout(line)
        self._messages[key] = message
        self._save_buttons[key] = button

    def _line(self, name: str, placeholder: str = "", max_length: int = 500) -> QLineEdit:
        field = QLineEdit()
        field.setAccessibleName(name)
        field.setPlaceholderText(placeholder)
        field.setMaxLength(max_length)
        return field

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setMinimumHeight(TARGET_HEIGHT)
        return combo

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setMinimumHeight(TARGET_HEIGHT)
        button.clicked.connect(slot)
        return button

    def _display_card(self) -> QFrame:
        card, grid = self._card(
            "display",
            self.tr("Display"),
            self.tr("For everyone at this counter; anyone signed in may change it."),
        )
        self.language = self._combo(self.tr("Language"))
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setMaximumWidth(320)
        self._row(grid, self.tr("Language"), "language", self.language)
        self.high_contrast = QCheckBox(self.tr("High contrast: stronger colours and borders"))
        self.high_contrast.setMinimumHeight(TARGET_HEIGHT)
        self._row(grid, self.tr("Contrast"), "high_contrast", self.high_contrast)
        self._footer(card, "display", self.tr("Save display  (Ctrl+S)"), self.save_display)
        return card

    def _store_card(self) -> QFrame:
        card, grid = self._card(
            "store",
            self.tr("Store details"),
            self.tr("What receipts and labels say about the store."),
        )
        self.store_note = self._manager_note(
            card,
            self.tr("Only a manager can change the store's details; ask a manager to sign in."),
        )
        self.store_name = self._line(self.tr("Store name"), max_length=120)
        self._row(grid, self.tr("Name"), "name", self.store_name)
        self.store_address = QPlainTextEdit()
        self.store_address.setAccessibleName(self.tr("Address"))
        self.store_address.setTabChangesFocus(True)
        self.store_address.setFixedHeight(92)
        self._row(grid, self.tr("Address"), "address", self.store_address)
        self.store_phone = self._line(self.tr("Phone"), "+353 1 555 0100", 40)
        self._row(grid, self.tr("Phone"), "phone", self.store_phone)
        self.store_timezone = self._combo(self.tr("Time zone"))
        self.store_timezone.setEditable(True)
        self.store_timezone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.store_timezone.addItems(sorted(available_timezones()))
        completer = self.store_timezone.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._row(grid, self.tr("Time zone"), "timezone", self.store_timezone)
        self.store_locale = self._line(self.tr("Locale"), "en_IE", 16)
        self._row(grid, self.tr("Locale"), "locale", self.store_locale)
        self.store_currency = self._line(self.tr("Currency"), "EUR", 3)
        self.store_currency.setMaximumWidth(120)
        self._row(grid, self.tr("Currency"), "currency", self.store_currency)
        self._footer(card, "store", self.tr("Save store details  (Ctrl+S)"), self.save_store)
        return card

    def _printers_card(self) -> QFrame:
        card, grid = self._card(
            "printers",
            self.tr("Printers"),
            self.tr("Where each kind of document goes. Save as PDF works on any PC."),
        )
        self.printers_note = self._manager_note(
            card, self.tr("Only a manager can change the printers; ask a manager to sign in.")
        )
        printers = QPrinterInfo.availablePrinterNames()
        self.printer_kinds: dict[str, QComboBox] = {}
        self.system_printers: dict[str, QComboBox] = {}
        self.escpos_addresses: dict[str, QLineEdit] = {}
        self.pdf_folders: dict[str, QLineEdit] = {}
        self.browse_buttons: dict[str, QPushButton] = {}
        self.receipt_columns = self._combo(self.tr("Receipt width in characters"))
        for columns in RECEIPT_COLUMNS:
            self.receipt_columns.addItem(
                self.tr("{count} characters").format(count=columns), columns
            )
        self.receipt_columns.setMaximumWidth(220)
        # Printed in the "TO" block of every return label; whatever prints the labels.
        self.returns_address = QPlainTextEdit()
        self.returns_address.setAccessibleName(self.tr("Ship returns to"))
        self.returns_address.setPlaceholderText(
            self.tr("Returns Centre\nUnit 4, Harbour Road\nDublin D01 X2Y3\n(one line each)")
        )
        self.returns_address.setTabChangesFocus(True)
        self.returns_address.setFixedHeight(112)
        # An address block, not a line of prose: about as wide as the label prints it.
        self.returns_address.setFixedWidth(440)
        for document in DOCUMENT_KINDS:
            name = QCoreApplication.translate("SettingsScreen", str(DOCUMENT_NAMES[document]))
            row = grid.rowCount()
            heading = styled_label(name, "section")
            heading.setContentsMargins(0, 10 if row else 0, 0, 0)
            grid.addWidget(heading, row, 0, 1, 2)
            prefix = f"printers.{document}."
            kind = self._combo(self.tr("How to print {document}").format(document=name))
            for value, text in PRINTER_KIND_NAMES:
                kind.addItem(QCoreApplication.translate("SettingsScreen", str(text)), value)
            kind.setMaximumWidth(360)
            kind.currentIndexChanged.connect(self._on_printer_kind)
            self.printer_kinds[document] = kind
            self._row(grid, self.tr("Print with"), prefix + "kind", kind)
            system = self._combo(self.tr("Printer for {document}").format(document=name))
            system.addItems(printers)
            system.setPlaceholderText(self.tr("No printers found on this PC"))
            self.system_printers[document] = system
            self._row(grid, self.tr("Printer"), prefix + "system_printer", system)
            address = self._line(
                self.tr("ESC/POS address for {document}").format(document=name),
                "usb:04b8:0202, tcp:192.168.1.50:9100, serial:/dev/ttyUSB0",
                120,
            )
            self.escpos_addresses[document] = address
            self._row(grid, self.tr("ESC/POS address"), prefix + "escpos_address", address)
            if document == "receipt":
                self._row(grid, self.tr("Receipt width"), prefix + "columns", self.receipt_columns)
            folder = self._line(
                self.tr("PDF folder for {document}").format(document=name),
                str(self._data_dir / "printed"),
            )
            browse = self._button(self.tr("Browse…"), self._on_browse_clicked)
            browse.setProperty("document", document)
            browse.setAccessibleName(
                self.tr("Choose the PDF folder for {document}").format(document=name)
            )
            self.pdf_folders[document] = folder
            self.browse_buttons[document] = browse
            self._row(grid, self.tr("PDF folder"), prefix + "pdf_folder", folder, browse)
            if document == "return_label":
                self._row(grid, self.tr("Ship returns to"), "returns_address", self.returns_address)
        self._footer(card, "printers", self.tr("Save printers  (Ctrl+S)"), self.save_printers)
        return card

    def _head_office_card(self) -> QFrame:
        card, grid = self._card(
            "head_office",
            self.tr("Head office"),
            self.tr("Where this store sends its cases; leave empty if it has no head office."),
        )
        self.head_office_note = self._manager_note(
            card, self.tr("Only a manager can change the head office connection.")
        )
        self.head_office_url = self._line(
            self.tr("Head office address"), "https://headoffice.example.com"
        )
        self._row(grid, self.tr("Address"), "head_office_url", self.head_office_url)
        self.token = self._line(self.tr("Head office token"), "", 1000)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_token = QPushButton(self.tr("Show"))
        self.show_token.setCheckable(True)
        self.show_token.setMinimumHeight(TARGET_HEIGHT)
        self.show_token.setAccessibleName(self.tr("Show the token as typed"))
        self.show_token.toggled.connect(self._on_show_token)
        self._row(grid, self.tr("Token"), "head_office_token", self.token, self.show_token)
        self.token_state = styled_label("", "hint", wrap=True)
        self.token_state.setObjectName("TokenState")
        grid.addWidget(self.token_state, grid.rowCount(), 1)
        self.remove_token = QCheckBox(self.tr("Remove the saved token"))
        self.remove_token.setMinimumHeight(TARGET_HEIGHT)
        grid.addWidget(self.remove_token, grid.rowCount(), 1)
        self.set_aside_button = self._button(
            self.tr("Changes head office refused…"), self.set_aside_requested.emit
        )
        self.set_aside_button.setObjectName("ShowSetAside")
        grid.addWidget(self.set_aside_button, grid.rowCount(), 1, Qt.AlignmentFlag.AlignLeft)
        self._footer(
            card, "head_office", self.tr("Save head office  (Ctrl+S)"), self.save_head_office
        )
        return card

    def _auto_lock_card(self) -> QFrame:
        card, grid = self._card(
            "auto_lock",
            self.tr("Auto-lock"),
            self.tr("The counter signs out by itself when no one has used it for a while."),
        )
        self.auto_lock_note = self._manager_note(
            card, self.tr("Only a manager can change the auto-lock time.")
        )
        low, high = IDLE_LOCK_RANGE
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setAccessibleName(self.tr("Lock after minutes without use"))
        self.idle_minutes.setRange(low, high)
        self.idle_minutes.setSuffix(self.tr(" minutes"))
        self.idle_minutes.setMinimumHeight(TARGET_HEIGHT)
        self.idle_minutes.setMaximumWidth(220)
        self._row(grid, self.tr("Lock after"), "idle_lock_minutes", self.idle_minutes)
        self._footer(card, "auto_lock", self.tr("Save auto-lock  (Ctrl+S)"), self.save_auto_lock)
        return card

    def _data_folder_card(self) -> QFrame:
        card, grid = self._card(
            "data_folder",
            self.tr("Data folder"),
            self.tr("Where this counter keeps its database, backups and saved PDFs."),
        )
        self.data_folder_note = self._manager_note(
            card, self.tr("Only a manager can choose another data folder.")
        )
        self.data_folder_label = styled_label(str(self._data_dir), "subtitle", wrap=True)
        self.data_folder_label.setObjectName("DataFolderPath")
        self.data_folder_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.data_folder_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._row(grid, self.tr("In use now"), "data_folder", self.data_folder_label)
        self.next_folder_label = styled_label("", "hint", wrap=True)
        self.next_folder_label.setObjectName("NextDataFolder")
        grid.addWidget(self.next_folder_label, grid.rowCount(), 1)
        self.open_folder_button = self._button(self.tr("Open folder"), self.open_data_folder)
        self.other_folder_button = self._button(
            self.tr("Use another folder from next start…"), self.browse_data_folder
        )
        self.standard_folder_button = self._button(
            self.tr("Use the standard folder from next start"), self.use_standard_folder
        )
        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        buttons.addWidget(self.open_folder_button)
        buttons.addWidget(self.other_folder_button)
        buttons.addWidget(self.standard_folder_button)
        buttons.addStretch(1)
        grid.addLayout(buttons, grid.rowCount(), 0, 1, 2)
        self.data_folder_message = styled_label("", "hint", wrap=True)
        self.data_folder_message.setObjectName("DataFolderMessage")
        grid.addWidget(self.data_folder_message, grid.rowCount(), 0, 1, 2)
        self._messages["data_folder"] = self.data_folder_message
        return card

    # ------------------------------------------------------------------ showing

    def reset(self) -> None:
        """Show the settings and store details as saved; nothing typed before is kept."""
        loaded = load_counter_settings(self._data_dir)
        self._settings = loaded.settings
        self.file_problem.setText(loaded.problem or "")
        self.file_problem.setVisible(loaded.problem is not None)
        try:
            store = current_store(database=self._database)
        except Failures as error:
            self._say_in(
                "store",
                self.tr("The store's details could not be read: {error}").format(error=error),
                "error",
            )
        else:
            if store is not None:
                self._store = store
        self._clear_errors()
        for key in self._messages:
            self._say_in(key, "", "hint")
        self._say_overall("", "hint")
        self._show_settings(self._settings)
        self._show_store(self._store)
        self._show_data_folder()
        self._apply_roles()

    def _show_settings(self, settings: CounterSettings) -> None:
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.high_contrast.setChecked(settings.high_contrast)
        for document in DOCUMENT_KINDS:
            self._show_printer(document, settings.printers.for_document(document))
        self.receipt_columns.setCurrentIndex(
            max(0, self.receipt_columns.findData(settings.printers.receipt.columns))
        )
        self.returns_address.setPlainText(settings.returns_address)
        self.head_office_url.setText(settings.head_office_url)
        self.head_office_url.setCursorPosition(0)
        self.token.clear()
        self.remove_token.setChecked(False)
        self._show_token_state(settings)
        self.idle_minutes.setValue(settings.idle_lock_minutes)
        self._on_printer_kind()

    def _show_printer(self, document: str, choice: PrinterChoice) -> None:
        kind = self.printer_kinds[document]
        kind.setCurrentIndex(max(0, kind.findData(choice.kind)))
        system = self.system_printers[document]
        if choice.system_printer and system.findText(choice.system_printer) < 0:
            system.addItem(choice.system_printer)  # kept, even while that printer is away
        system.setCurrentIndex(
            system.findText(choice.system_printer) if choice.system_printer else -1
        )
        self.escpos_addresses[document].setText(choice.escpos_address)
        self.pdf_folders[document].setText(choice.pdf_folder)
        self.pdf_folders[document].setCursorPosition(0)

    def _show_token_state(self, settings: CounterSettings) -> None:
        if settings.has_token:
            self.token_state.setText(self.tr("A token is set. Type a new one to replace it."))
            self.token.setPlaceholderText(self.tr("Set (hidden)"))
        else:
            self.token_state.setText(self.tr("No token is set."))
            self.token.setPlaceholderText(self.tr("Not set"))
        self.remove_token.setVisible(settings.has_token)

    def _show_store(self, store: StoreInfo) -> None:
        self.store_name.setText(store.name)
        self.store_address.setPlainText(store.address)
        self.store_phone.setText(store.phone)
        self.store_timezone.setCurrentText(store.timezone)
        self.store_locale.setText(store.locale)
        self.store_currency.setText(store.currency)

    def _show_data_folder(self) -> None:
        self.data_folder_label.setText(str(self._data_dir))
        choice = data_folder_choice()
        override = data_folder_override()
        lines: list[str] = []
        if choice is not None and choice != self._data_dir:
            lines.append(self.tr("From the next start: {folder}").format(folder=choice))
        if override:
            lines.append(
                self.tr(
                    "COUNTER_DATA_DIR is set on this PC ({folder}); "
                    "it wins over a folder chosen here."
                ).format(folder=override)
            )
        self.next_folder_label.setText("\n".join(lines))
        self.next_folder_label.setVisible(bool(lines))
        self.standard_folder_button.setVisible(choice is not None)

    def _apply_roles(self) -> None:
        manager = self._staff.is_manager
        for note in (
            self.store_note,
            self.printers_note,
            self.head_office_note,
            self.auto_lock_note,
            self.data_folder_note,
        ):
            note.setVisible(not manager)
        for widget in (
            self.store_name,
            self.store_phone,
            self.store_locale,
            self.store_currency,
            self.head_office_url,
        ):
            widget.setReadOnly(not manager)
        self.store_address.setReadOnly(not manager)
        self.returns_address.setReadOnly(not manager)
        self.store_timezone.setEnabled(manager)
        self.token.setEnabled(manager)
        self.show_token.setEnabled(manager)
        self.remove_token.setEnabled(manager)
        self.set_aside_button.setVisible(manager)
        self.idle_minutes.setReadOnly(not manager)
        for key in ("store", "printers", "head_office", "auto_lock"):
            self._save_buttons[key].setVisible(manager)
        self.other_folder_button.setEnabled(manager)
        self.standard_folder_button.setEnabled(manager)
        self.save_all_button.setText(
            self.tr("Save everything  (Ctrl+Shift+S)")
            if manager
            else self.tr("Save  (Ctrl+Shift+S)")
        )
        self._on_printer_kind()

    def _on_printer_kind(self) -> None:
        """Only the fields of each document's chosen way of printing can be changed."""
        manager = self._staff.is_manager
        for document in DOCUMENT_KINDS:
            kind = self.printer_kinds[document].currentData()
            self.printer_kinds[document].setEnabled(manager)
            self.system_printers[document].setEnabled(
                manager and kind == "system" and self.system_printers[document].count() > 0
            )
            self.escpos_addresses[document].setEnabled(manager and kind == "escpos")
            self.pdf_folders[document].setEnabled(manager and kind == "pdf_folder")
            self.browse_buttons[document].setEnabled(manager and kind == "pdf_folder")
        receipt_kind = self.printer_kinds["receipt"].currentData()
        self.receipt_columns.setEnabled(manager and receipt_kind == "escpos")

    def _on_show_token(self, shown: bool) -> None:
        self.token.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.show_token.setText(self.tr("Hide") if shown else self.tr("Show"))

    # ------------------------------------------------------------------ what the form holds

    def display_request(self) -> dict[str, object]:
        """The display section as the service takes it."""
        return {
            "language": self.language.currentData(),
            "high_contrast": self.high_contrast.isChecked(),
        }

    def store_request(self) -> dict[str, object]:
        """The store details as typed."""
        return {
            "name": self.store_name.text(),
            "address": self.store_address.toPlainText(),
            "phone": self.store_phone.text(),
            "timezone": self.store_timezone.currentText().strip(),
            "locale": self.store_locale.text().strip(),
            "currency": self.store_currency.text(),
        }

    def printers_request(self) -> dict[str, object]:
        """Every document's printer choice as chosen and typed, and the returns address."""
        printers: dict[str, object] = {}
        for document in DOCUMENT_KINDS:
            choice: dict[str, object] = {
                "kind": self.printer_kinds[document].currentData(),
                "system_printer": self.system_printers[document].currentText(),
                "escpos_address": self.escpos_addresses[document].text().strip(),
                "pdf_folder": self.pdf_folders[document].text().strip(),
            }
            if document == "receipt":
                choice["columns"] = self.receipt_columns.currentData()
            printers[document] = choice
        return {"printers": printers, "returns_address": self.returns_address.toPlainText()}

    def head_office_request(self) -> dict[str, object]:
        """The head office address, and the token only when a new one is typed or removed."""
        request: dict[str, object] = {"head_office_url": self.head_office_url.text()}
        typed = self.token.text()
        if typed.strip():
            request["head_office_token"] = typed
        elif self.remove_token.isChecked():
            request["head_office_token"] = ""
        return request

    def auto_lock_request(self) -> dict[str, object]:
        """The auto-lock minutes."""
        self.idle_minutes.interpretText()
        return {"idle_lock_minutes": self.idle_minutes.value()}

    def error_for(self, field: str) -> str:
        """The error shown next to ``field`` (a service field name), or "" if none."""
        label = self._errors.get(field)
        return label.text() if label is not None and not label.isHidden() else ""

    def message_for(self, section: str) -> str:
        """The message under ``section`` ("display", "store", "printers", ...)."""
        label = self._messages.get(section)
        return label.text() if label is not None else ""

    # ------------------------------------------------------------------ saving

    def save_focused(self) -> None:
        """Ctrl+S: save the section holding the focus, or everything when none does."""
        focus = QApplication.focusWidget()
        savers: Mapping[str, Callable[[], bool]] = {
            "display": self.save_display,
            "store": self.save_store,
            "printers": self.save_printers,
            "head_office": self.save_head_office,
            "auto_lock": self.save_auto_lock,
        }
        if focus is not None:
            for key, card in self._sections.items():
                if card.isAncestorOf(focus) and key in savers:
                    if key == "display" or self._staff.is_manager:
                        savers[key]()
                    return
        self.save_all()

    def save_display(self) -> bool:
        """Save language and contrast; anyone signed in may."""
        self._clear_errors("display")
        request = self.display_request()
        try:
            saved = save_display_settings(
                database=self._database,
                staff=self._staff,
                language=str(request["language"]),
                high_contrast=bool(request["high_contrast"]),
            )
        except Failures as error:
            self._refused("display", error)
            return False
        self._after_counter_save("display", saved)
        return True

    def save_store(self) -> bool:
        """Save the store's details; the service refuses anyone but a manager."""
        self._clear_errors("store")
        try:
            store = update_store_details(
                database=self._database, staff=self._staff, changes=self.store_request()
            )
        except Failures as error:
            self._refused("store", error)
            return False
        changed = store != self._store
        self._store = store
        self._show_store(store)
        self._say_in(
            "store", self.tr("Saved.") if changed else self.tr("No changes to save."), "good"
        )
        if changed:
            self.store_changed.emit(store)
        return True

    def save_printers(self) -> bool:
        """Save every document's printer choice."""
        return self._save_counter("printers", self.printers_request())

    def save_head_office(self) -> bool:
        """Save the head office address and, if typed, the token."""
        return self._save_counter("head_office", self.head_office_request())

    def save_auto_lock(self) -> bool:
        """Save the auto-lock minutes."""
        return self._save_counter("auto_lock", self.auto_lock_request())

    def save_all(self) -> bool:
        """Save every section this person may change, the store's details first."""
        if not self._staff.is_manager:
            saved = self.save_display()
        else:
            self._clear_errors()
            saved = self.save_store()
            changes = {
                **self.display_request(),
                **self.printers_request(),
                **self.head_office_request(),
                **self.auto_lock_request(),
            }
            saved = self._save_counter("all", changes) and saved
        if saved:
            self._say_overall(self.tr("Everything is saved."), "good")
        else:
            self._say_overall(
                self.tr("Not everything was saved: see the messages in red above."), "error"
            )
        return saved

    def _save_counter(self, section: str, changes: Mapping[str, object]) -> bool:
        if section != "all":
            self._clear_errors(section)
        try:
            saved = save_counter_settings(
                database=self._database, staff=self._staff, changes=changes
            )
        except Failures as error:
            self._refused(section, error)
            return False
        self._after_counter_save(section, saved)
        return True

    def _after_counter_save(self, section: str, saved: CounterSettings) -> None:
        before = self._settings
        self._settings = saved
        self.file_problem.setVisible(False)
        if section in {"head_office", "all"}:
            self.token.clear()
            self.remove_token.setChecked(False)
            self._show_token_state(saved)
            self.head_office_changed.emit(saved)
        sections = (
            ("display", "printers", "head_office", "auto_lock") if section == "all" else (section,)
        )
        for key in sections:
            self._say_in(key, self.tr("Saved."), "good")
        if (before.language, before.high_contrast) != (saved.language, saved.high_contrast):
            self.display_changed.emit(saved)

    def _refused(self, section: str, error: Exception) -> None:
        """Put a service's refusal next to its fields, or under the section it concerns."""
        if not isinstance(error, InputError):
            target = "display" if section == "all" else section
            self._say_in(target, self.tr("Not saved: {reason}").format(reason=error), "error")
            return
        self._show_problems(section, error.problems)

    def _show_problems(self, section: str, problems: Iterable[FieldProblem]) -> None:
        first: QLabel | None = None
        first_field: QWidget | None = None
        unplaced: dict[str, list[str]] = {}
        placed_sections: set[str] = set()
        for problem in problems:
            owner = self._section_of(problem.field, section)
            label = self._errors.get(problem.field)
            if label is None:
                unplaced.setdefault(owner, []).append(problem.message)
                continue
            label.setText(problem.message)
            label.setVisible(True)
            placed_sections.add(owner)
            if first is None:
                first, first_field = label, self._fields.get(problem.field)
        for owner in placed_sections | set(unplaced):
            words = [
                self.tr("Not saved: correct the fields marked in red."),
                *unplaced.get(owner, []),
            ]
            self._say_in(owner, " ".join(words), "error")
        if first is not None:
            self.form_scroll.ensureWidgetVisible(first, 50, 80)
            if first_field is not None and first_field.isEnabled():
                first_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _section_of(self, field: str, fallback: str) -> str:
        head = field.split(".", 1)[0]
        owner = SECTION_OF_FIELD.get(head)
        if owner is not None:
            return owner
        return "display" if fallback == "all" else fallback

    # ------------------------------------------------------------------ folders

    def _on_browse_clicked(self) -> None:
        # The button names its document: a partial or lambda here would keep the screen alive.
        button = self.sender()
        if isinstance(button, QPushButton):
            self.browse_pdf_folder(str(button.property("document")))

    def browse_pdf_folder(self, document: str) -> None:
        """Choose the folder PDFs of ``document`` are saved in."""
        field = self.pdf_folders[document]
        start = field.text().strip() or str(self._data_dir)
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Folder for the PDFs"), start)
        if chosen:
            field.setText(str(Path(chosen)))

    def open_data_folder(self) -> None:
        """Show the data folder in the PC's file manager."""
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._data_dir))):
            self._say_in(
                "data_folder",
                self.tr("The folder could not be opened here; its path is shown above."),
                "error",
            )

    def browse_data_folder(self) -> None:
        """Ask for another data folder and use it from the next start."""
        start = str(data_folder_choice() or self._data_dir)
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Data folder from the next start"), start
        )
        if chosen:
            self.use_data_folder(Path(chosen))

    def use_standard_folder(self) -> None:
        """Go back to this PC's standard data folder from the next start."""
        self.use_data_folder(None)

    def use_data_folder(self, folder: Path | None) -> bool:
        """Use ``folder`` (None: the standard one) from the next start; the data is not moved."""
        self._clear_errors("data_folder")
        if not self._staff.is_manager:
            self._say_in(
                "data_folder", self.tr("Only a manager can choose another data folder."), "error"
            )
            return False
        try:
            chosen = choose_data_folder(folder)
        except InputError as error:
            self._show_problems("data_folder", error.problems)
            return False
        except Failures as error:
            self._say_in(
                "data_folder", self.tr("Not changed: {reason}").format(reason=error), "error"
            )
            return False
        self._show_data_folder()
        if chosen is None:
            text = self.tr(
                "From the next start, Counter uses this PC's standard data folder. "
                "Nothing is moved: copy the data there first if it should come along."
            )
        else:
            text = self.tr(
                "From the next start, Counter uses {folder}. Nothing is moved: the data stays "
                "in {current}. Copy it there while Counter is closed, or the next start "
                "begins with an empty folder."
            ).format(folder=chosen, current=self._data_dir)
        self._say_in("data_folder", text, "good")
        return True

    # ------------------------------------------------------------------ helpers

    def _clear_errors(self, section: str | None = None) -> None:
        for field, label in self._errors.items():
            if section is None or self._section_of(field, section) == section:
                label.setText("")
                label.setVisible(False)

    def _say_in(self, section: str, text: str, tone: str) -> None:
        """Show ``text`` (already translated) under ``section`` in the given tone."""
        label = self._messages.get(section)
        if label is None:
            return
        label.setText(text)
        label.setVisible(bool(text))
        set_style_property(label, "tone", tone)

    def _say_overall(self, text: str, tone: str) -> None:
        self.message.setText(text)
        set_style_property(self.message, "tone", tone)
