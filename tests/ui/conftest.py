"""Fixtures for the desktop UI tests: a seeded store database in tmp_path, styled windows.

Seeding hashes PINs with Argon2, so one template data folder is seeded per
session through the services and copied into each test's own tmp_path.
"""

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counter_app.config import Settings
from counter_app.services.database import StoreDatabase, open_store_database
from counter_app.services.staff import add_staff, list_staff, sign_in
from counter_app.services.store_setup import create_store, current_store
from ui.app import apply_style
from ui.i18n import application_language
from ui.main_window import MainWindow

MANAGER = "Maeve Byrne"
MANAGER_PIN = "2468"
CLERK = "Sam Okafor"
CLERK_PIN = "1357"
STORE_CODE = "S012"
STORE_NAME = "Grafton Street"


def seed_demo_staff(database: StoreDatabase) -> None:
    """A store with a manager and a clerk, added the way the services require."""
    create_store(
        database=database,
        details={"code": STORE_CODE, "name": STORE_NAME, "timezone": "Europe/Dublin"},
    )
    add_staff(
        database=database, by=None, person={"name": MANAGER, "role": "manager", "pin": MANAGER_PIN}
    )
    manager_id = next(m.id for m in list_staff(database=database) if m.name == MANAGER)
    manager = sign_in(database=database, staff_id=manager_id, pin=MANAGER_PIN)
    add_staff(
        database=database, by=manager, person={"name": CLERK, "role": "clerk", "pin": CLERK_PIN}
    )


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template") / "data"
    opened = open_store_database(folder)
    try:
        seed_demo_staff(opened.database)
    finally:
        opened.database.dispose()
    return folder


@pytest.fixture
def data_dir(seeded_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(seeded_template, target)
    return target


@pytest.fixture
def settings(data_dir: Path) -> Settings:
    return Settings(
        data_dir=data_dir, pin_attempts_before_lockout=5, lockout_minutes=30, idle_lock_minutes=5
    )


@pytest.fixture
def database(data_dir: Path) -> Iterator[StoreDatabase]:
    opened = open_store_database(data_dir)
    try:
        yield opened.database
    finally:
        opened.database.dispose()


@pytest.fixture(autouse=True)
def styled(qapp: QApplication) -> Iterator[None]:
    """Every UI test runs under the shipped stylesheet and in English, as the counter does."""
    apply_style(qapp)
    yield
    qapp.setStyleSheet("")
    application_language().use("en")


@pytest.fixture
def make_window(
    qtbot: QtBot, database: StoreDatabase, settings: Settings
) -> Callable[..., MainWindow]:
    def make(idle_interval_ms: int | None = None) -> MainWindow:
        store = current_store(database=database)
        assert store is not None
        window = MainWindow(
            database=database, store=store, settings=settings, idle_interval_ms=idle_interval_ms
        )
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


@pytest.fixture
def window(make_window: Callable[..., MainWindow]) -> MainWindow:
    return make_window()


@pytest.fixture
def sign_in_as(qtbot: QtBot) -> Callable[[MainWindow, str, str], None]:
    """Choose a name and type a PIN into the real PIN field, then press Enter."""

    def sign_in_as(window: MainWindow, name: str, pin: str) -> None:
        login = window.login_screen
        assert login.select_staff(name)
        qtbot.keyClicks(login.pin_field, pin)
        qtbot.keyClick(login.pin_field, Qt.Key.Key_Return)

    return sign_in_as
