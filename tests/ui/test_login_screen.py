import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ui.screens.home import HomeScreen

pytestmark = pytest.mark.gui


def test_right_pin_shows_home_with_the_name(qtbot, window, sign_in_as):
    with qtbot.waitSignal(window.login_screen.signed_in) as signal:
        sign_in_as(window, "Sam Okafor", "1357")

    assert signal.args[0].name == "Sam Okafor"
    assert isinstance(window.current_screen(), HomeScreen)
    assert "Sam Okafor" in window.home_screen.greeting_label.text()
    assert window.person is not None
    assert window.person.name == "Sam Okafor"


def test_wrong_pin_shows_tries_left_and_clears_the_field(qtbot, window, sign_in_as):
    login = window.login_screen

    with qtbot.assertNotEmitted(login.signed_in):
        sign_in_as(window, "Sam Okafor", "9999")

    assert window.is_locked
    assert "Wrong PIN. 4 tries left." in login.message_text()
    assert login.message_label.property("tone") == "warning"
    assert login.pin_field.text() == ""


def test_fifth_wrong_pin_locks_the_person_out(window, sign_in_as):
    login = window.login_screen
    for _ in range(4):
        sign_in_as(window, "Sam Okafor", "9999")
    assert "1 try left" in login.message_text()

    sign_in_as(window, "Sam Okafor", "9999")

    assert "locked out" in login.message_text()
    assert login.pin_field.text() == ""
    assert dict(login.staff_list.shown_rows())["Sam Okafor"].startswith("Locked until ")


def test_locked_out_person_is_refused_even_with_the_right_pin(window, sign_in_as):
    login = window.login_screen
    for _ in range(5):
        sign_in_as(window, "Sam Okafor", "9999")

    sign_in_as(window, "Sam Okafor", "1357")

    assert window.is_locked
    assert "locked out until" in login.message_text()


def test_choosing_another_person_clears_the_refusal_and_the_pin(qtbot, window, sign_in_as):
    login = window.login_screen
    sign_in_as(window, "Sam Okafor", "9999")
    qtbot.keyClicks(login.pin_field, "12")

    login.select_staff("Maeve Byrne")

    assert login.message_text() == ""
    assert login.pin_field.text() == ""


def test_empty_pin_asks_for_it_without_calling_the_service(qtbot, window):
    login = window.login_screen
    login.select_staff("Sam Okafor")

    with qtbot.assertNotEmitted(login.signed_in):
        qtbot.keyClick(login.pin_field, Qt.Key.Key_Return)

    assert "Type your PIN" in login.message_text()


def test_pin_field_takes_only_up_to_eight_digits(qtbot, window):
    pin_field = window.login_screen.pin_field

    qtbot.keyClicks(pin_field, "12ab34-5678 90")

    assert pin_field.text() == "12345678"
    assert pin_field.echoMode() == pin_field.EchoMode.Password


def test_arrow_keys_move_in_the_staff_list_while_the_pin_field_keeps_focus(qtbot, window):
    login = window.login_screen
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is login.pin_field)
    assert login.staff_list.selected_name() == "Maeve Byrne"

    qtbot.keyClick(login.pin_field, Qt.Key.Key_Down)
    assert login.staff_list.selected_name() == "Sam Okafor"
    qtbot.keyClick(login.pin_field, Qt.Key.Key_Down)  # already at the end: stays
    assert login.staff_list.selected_name() == "Sam Okafor"
    qtbot.keyClick(login.pin_field, Qt.Key.Key_Up)
    assert login.staff_list.selected_name() == "Maeve Byrne"

    assert QApplication.focusWidget() is login.pin_field


def test_sign_in_button_submits_like_enter(qtbot, window):
    login = window.login_screen
    login.select_staff("Maeve Byrne")
    qtbot.keyClicks(login.pin_field, "2468")

    with qtbot.waitSignal(login.signed_in):
        qtbot.mouseClick(login.sign_in_button, Qt.MouseButton.LeftButton)

    assert window.person is not None
    assert window.person.is_manager


def test_staff_list_shows_names_and_roles(window):
    assert window.login_screen.staff_list.shown_rows() == [
        ("Maeve Byrne", "Manager"),
        ("Sam Okafor", "Clerk"),
    ]
