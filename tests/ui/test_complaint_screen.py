"""The complaint screen, driven as a clerk drives it: keys, a scan, photos, the manager's PIN."""

import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QEvent, QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from counter_app.services.database import StoreDatabase
from counter_app.services.intake import open_case
from counter_app.services.staff import SignedIn, list_staff, sign_in
from counter_app.services.store_setup import current_store
from db.store.models import Product, ProductBarcode
from ui.dialogs.manager_approval import ManagerApprovalDialog
from ui.screens.complaint_screen import ComplaintScreen

pytestmark = pytest.mark.gui

KETTLE_BARCODE = "2000000000015"
CLERK, CLERK_PIN = "Sam Okafor", "1357"
MANAGER, MANAGER_PIN = "Maeve Byrne", "2468"


def _person(database: StoreDatabase, name: str, pin: str) -> SignedIn:
    staff_id = next(person.id for person in list_staff(database=database) if person.name == name)
    return sign_in(database=database, staff_id=staff_id, pin=pin)


def _add_kettle(database: StoreDatabase) -> None:
    """A product with a barcode the clerk can scan (test setup, not a service)."""
    kettle = Product(
        sku="SKU-KETTLE",
        name="Kettle Classic Steel",
        category="Home & Kitchen",
        price_cents=2999,
        tax_rate_bp=2300,
        updated_at=datetime.now(UTC),
    )
    with database.write() as session:
        session.add(kettle)
        session.add(ProductBarcode(barcode=KETTLE_BARCODE, product_id=kettle.id))


def _rows(data_dir: Path, query: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(data_dir / "counter.sqlite")) as raw:
        return raw.execute(query).fetchall()


def _type_text(widget: QWidget, text: str) -> None:
    """Type as a keyboard does, one key event per character carrying its text (any script)."""
    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, character)
            )


@pytest.fixture
def make_screen(qtbot: QtBot, database: StoreDatabase) -> Callable[..., ComplaintScreen]:
    def make(name: str = CLERK, pin: str = CLERK_PIN) -> ComplaintScreen:
        store = current_store(database=database)
        assert store is not None
        screen = ComplaintScreen(database=database, store=store, staff=_person(database, name, pin))
        qtbot.addWidget(screen)
        screen.resize(1366, 768)
        screen.show()
        qtbot.waitExposed(screen)
        screen.activateWindow()
        qtbot.waitUntil(screen.isActiveWindow)
        return screen

    return make


def _describe(qtbot: QtBot, screen: ComplaintScreen, text: str) -> None:
    screen.description_field.setFocus()
    qtbot.keyClicks(screen.description_field, text)


def _save(qtbot: QtBot, screen: ComplaintScreen) -> None:
    focused = QApplication.focusWidget() or screen
    qtbot.keyClick(focused, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_a_complaint_typed_with_keys_is_resolved_at_first_contact_with_an_apology(
    qtbot: QtBot, database: StoreDatabase, data_dir: Path, make_screen
) -> None:
    _add_kettle(database)
    screen = make_screen()
    assert screen.product_field.hasFocus()
    qtbot.keyClicks(screen.product_field, KETTLE_BARCODE)
    qtbot.keyClick(screen.product_field, Qt.Key.Key_Return)
    assert "Kettle Classic Steel (SKU-KETTLE): 0 complaints" in screen.product_info.text()
    assert screen.category_box.hasFocus()  # the scan moved the clerk on
    qtbot.keyClick(screen.category_box, Qt.Key.Key_Tab)  # keep "Product quality"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # keep "Medium" severity
    assert screen.description_field.hasFocus()
    qtbot.keyClicks(screen.description_field, "Lid hinge snapped on the second use")
    qtbot.keyClick(screen.description_field, Qt.Key.Key_Tab)
    assert screen.desired_field.hasFocus()
    qtbot.keyClicks(screen.desired_field, "An apology")
    _save(qtbot, screen)

    assert _rows(
        data_dir, "SELECT case_type, status, resolved_first_contact FROM service_case"
    ) == [("complaint", "resolved", 1)]
    assert _rows(
        data_dir,
        "SELECT category, severity, description, accommodation_kind, accommodation "
        "FROM complaintdetail",
    ) == [
        ("Product quality", "medium", "Lid hinge snapped on the second use", "apology", "Apology")
    ]
    [(number,)] = _rows(data_dir, "SELECT number FROM service_case")
    assert f"Complaint {number} saved and resolved: Apology." in screen.message.text()
    assert screen.message.property("tone") == "good"
    assert screen.description_field.toPlainText() == ""  # ready for the next customer
    assert screen.product_field.hasFocus()


def test_a_voucher_above_the_clerks_limit_goes_through_the_managers_approval(
    qtbot: QtBot, database: StoreDatabase, data_dir: Path, make_screen
) -> None:
    screen = make_screen()
    _describe(qtbot, screen, "Delivery came a week late and damaged")
    screen.category_box.setCurrentIndex(screen.category_box.findData("Delivery"))
    screen.accommodation_box.setCurrentIndex(screen.accommodation_box.findData("voucher"))
    qtbot.keyClicks(screen.amount_field, "300.00")
    seen: list[str] = []

    def approve() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ManagerApprovalDialog)
        assert not dialog.waive_box.isVisibleTo(dialog)  # no fees on a complaint
        seen.append(dialog.objectName())
        qtbot.keyClicks(dialog.pin_field, MANAGER_PIN)
        qtbot.keyClicks(dialog.reason_field, "Regular customer; delivery partner at fault")
        qtbot.keyClick(dialog.reason_field, Qt.Key.Key_Return)

    QTimer.singleShot(50, approve)
    screen.save()

    assert seen == ["ManagerApprovalDialog"]
    assert _rows(data_dir, "SELECT kind, reason, amount_cents FROM caseoverride") == [
        ("approval", "Regular customer; delivery partner at fault", 30000)
    ]
    [(code, balance)] = _rows(data_dir, "SELECT code, balance_cents FROM storecredit")
    assert balance == 30000
    assert _rows(data_dir, "SELECT status FROM service_case") == [("resolved",)]
    assert f"Voucher {code} for €300.00" in screen.message.text()
    assert "Approved by Maeve Byrne." in screen.message.text()


def test_a_cancelled_approval_keeps_the_case_and_a_retry_opens_no_second_one(
    qtbot: QtBot, database: StoreDatabase, data_dir: Path, make_screen
) -> None:
    screen = make_screen()
    _describe(qtbot, screen, "Charged twice for one order")
    screen.accommodation_box.setCurrentIndex(screen.accommodation_box.findData("voucher"))
    qtbot.keyClicks(screen.amount_field, "300.00")

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ManagerApprovalDialog)
        dialog.reject()

    QTimer.singleShot(50, cancel)
    screen.save()
    [(number, status)] = _rows(data_dir, "SELECT number, status FROM service_case")
    assert status == "open"
    assert f"Complaint {number} saved and kept open." in screen.message.text()
    assert "it needs a manager's approval" in screen.message.text()
    assert screen.amount_field.text() == "300.00"  # the form stays filled

    screen.amount_field.setText("20.00")  # within what a clerk may give
    screen.save()
    assert _rows(data_dir, "SELECT number, status FROM service_case") == [(number, "resolved")]
    assert _rows(data_dir, "SELECT balance_cents FROM storecredit") == [(2000,)]


def test_a_photo_is_attached_to_the_saved_case(
    qtbot: QtBot, data_dir: Path, tmp_path: Path, make_screen
) -> None:
    photo = tmp_path / "cracked-lid.jpg"
    Image.new("RGB", (320, 240), (200, 40, 40)).save(photo, "JPEG")
    screen = make_screen()
    _describe(qtbot, screen, "Lid cracked out of the box")
    screen.photos.add_files([photo])
    tile = screen.photos.tile(photo)
    assert tile is not None
    assert tile.findChildren(QWidget)[0].pixmap().isNull() is False  # a real thumbnail
    screen.save()

    [(sha256, filename, media_type)] = _rows(
        data_dir, "SELECT sha256, filename, media_type FROM attachment"
    )
    assert (filename, media_type) == ("cracked-lid.jpg", "image/jpeg")
    assert (data_dir / "attachments" / sha256[:2] / sha256).read_bytes() == photo.read_bytes()
    assert "1 photo attached." in screen.message.text()
    assert screen.photos.files() == []


def test_a_fake_photo_is_refused_in_the_services_words_and_the_case_is_still_saved(
    qtbot: QtBot, data_dir: Path, tmp_path: Path, make_screen
) -> None:
    fake = tmp_path / "receipt.jpg"
    fake.write_bytes(b"MZ this is a program, not a photo")
    screen = make_screen()
    _describe(qtbot, screen, "Staff member was rude at the till")
    screen.category_box.setCurrentIndex(screen.category_box.findData("Staff"))
    screen.photos.add_files([fake])
    screen.save()

    [(number, status)] = _rows(data_dir, "SELECT number, status FROM service_case")
    assert status == "resolved"
    assert _rows(data_dir, "SELECT count(*) FROM attachment") == [(0,)]
    message = screen.message.text()
    assert message.startswith(f"Complaint {number} saved and resolved: Apology.")
    assert "receipt.jpg was not attached: receipt.jpg is not a photo or a PDF." in message
    assert screen.message.property("tone") == "warning"
    assert screen.title.text() == f"Complaint {number}"

    screen.save()  # nothing left to do: no second case, the screen is ready again
    assert _rows(data_dir, "SELECT count(*) FROM service_case") == [(1,)]
    assert screen.title.text() == "New complaint"


def test_photos_dropped_on_the_strip_are_chosen(qtbot: QtBot, tmp_path: Path, make_screen) -> None:
    photo = tmp_path / "box.png"
    Image.new("RGB", (64, 64), (0, 90, 170)).save(photo, "PNG")
    notes = tmp_path / "notes.txt"
    notes.write_text("not a photo", encoding="utf-8")
    screen = make_screen()
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(photo)), QUrl.fromLocalFile(str(notes))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    screen.photos.dropEvent(drop)
    assert screen.photos.files() == [photo]
    assert "notes.txt: only photos" in screen.message.text()


def test_a_product_with_repeated_complaints_warns_the_clerk(
    qtbot: QtBot, database: StoreDatabase, data_dir: Path, make_screen
) -> None:
    _add_kettle(database)
    clerk = _person(database, CLERK, CLERK_PIN)
    for text in ("Handle wobbles", "Switch sticks"):
        open_case(
            database=database,
            staff=clerk,
            request={
                "case_type": "complaint",
                "complaint": {
                    "category": "Product quality",
                    "description": text,
                    "product_barcode": KETTLE_BARCODE,
                },
            },
        )
    screen = make_screen()
    qtbot.keyClicks(screen.product_field, KETTLE_BARCODE)
    qtbot.keyClick(screen.product_field, Qt.Key.Key_Return)
    assert "2 complaints and 0 returns" in screen.product_info.text()
    assert not screen.fault_label.isVisible()  # two is not yet a pattern
    _describe(qtbot, screen, "Leaks from the base")
    _save(qtbot, screen)  # Ctrl+Enter works from inside the description too

    warning = "Possible product fault: 3 complaints and returns in 30 days — tell the manager."
    assert warning in screen.fault_label.text()
    assert screen.fault_label.isVisible()
    assert _rows(data_dir, "SELECT complaints, returns FROM productfaultflag") == [(3, 0)]

    qtbot.keyClicks(screen.product_field, KETTLE_BARCODE)  # the next customer, same kettle
    qtbot.keyClick(screen.product_field, Qt.Key.Key_Return)
    assert warning in screen.fault_label.text()
    assert screen.fault_label.isVisible()


def test_a_customer_named_with_an_umlaut_is_kept_and_their_earlier_cases_show(
    qtbot: QtBot, database: StoreDatabase, data_dir: Path, make_screen
) -> None:
    screen = make_screen()
    panel = screen.customer_panel
    panel.name_field.setFocus()
    _type_text(panel.name_field, "Jürgen Müller")
    assert panel.name_field.text() == "Jürgen Müller"
    qtbot.keyClicks(panel.phone_field, "+353 87 555 0199")
    _describe(qtbot, screen, "Billed for a warranty he did not buy")
    screen.category_box.setCurrentIndex(screen.category_box.findData("Billing"))
    screen.save()
    assert "Ask the customer for consent" in screen.message.text()
    assert _rows(data_dir, "SELECT count(*) FROM service_case") == [(0,)]
    assert panel.name_field.text() == "Jürgen Müller"  # the form stays filled

    panel.consent_box.setChecked(True)
    screen.save()
    assert _rows(data_dir, "SELECT name, phone FROM customer") == [
        ("Jürgen Müller", "+353 87 555 0199")
    ]
    [(number,)] = _rows(data_dir, "SELECT number FROM service_case")

    panel.name_field.setFocus()
    _type_text(panel.name_field, "Müller")
    qtbot.waitUntil(lambda: len(panel.earlier_cases) == 1)
    assert panel.earlier_cases[0].number == number
    assert number in panel.history_label.text()


def test_a_complaint_kept_open_is_given_to_someone_to_follow_up(
    qtbot: QtBot, database: StoreDatabase, data_dir: Path, make_screen
) -> None:
    screen = make_screen()
    _describe(qtbot, screen, "Wants to know why the repair takes so long")
    screen.category_box.setCurrentIndex(screen.category_box.findData("Service"))
    screen.accommodation_box.setCurrentIndex(screen.accommodation_box.findData(None))
    assert screen.keep_open_button.isChecked()
    assert screen.follow_up_box.isChecked()
    screen.assignee_box.setCurrentIndex(screen.assignee_box.findText(MANAGER))
    screen.save()

    [(status,)] = _rows(data_dir, "SELECT status FROM service_case")
    assert status == "open"
    [(follow_up_on, assignee)] = _rows(
        data_dir,
        "SELECT c.follow_up_on, s.name FROM complaintdetail c JOIN staff s ON s.id = c.assignee_id",
    )
    assert assignee == MANAGER
    day = datetime.fromisoformat(str(follow_up_on))
    assert f"Maeve Byrne follows it up by {day.day} {day:%b %Y}" in (screen.message.text())


def test_esc_asks_to_go_back(qtbot: QtBot, make_screen) -> None:
    screen = make_screen()
    with qtbot.waitSignal(screen.back_requested, timeout=1000):
        qtbot.keyClick(screen.product_field, Qt.Key.Key_Escape)
