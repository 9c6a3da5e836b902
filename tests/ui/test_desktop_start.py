import pytest

from counter_app.config import Settings
from counter_app.services.database import open_store_database
from ui.app import EXIT_STORAGE_PROBLEM, create_window, run_desktop
from ui.dialogs.storage_problem import StorageProblemDialog
from ui.main_window import MainWindow
from ui.screens.no_store import NoStoreScreen

pytestmark = pytest.mark.gui


@pytest.fixture
def told(monkeypatch):
    """Replace the modal storage dialog with a list of what it would have said."""
    messages: list[str] = []

    def tell(cls, message, *, parent=None):
        messages.append(message)

    monkeypatch.setattr(StorageProblemDialog, "tell", classmethod(tell))
    return messages


def test_no_store_shows_the_empty_state_with_the_demo_command(qtbot, tmp_path):
    data_dir = tmp_path / "empty"
    opened = open_store_database(data_dir)
    try:
        window = create_window(settings=Settings(data_dir=data_dir), database=opened.database)
        qtbot.addWidget(window)
        window.show()

        screen = window.centralWidget()
        assert isinstance(screen, NoStoreScreen)
        assert not isinstance(window, MainWindow)
        assert "no store set up" in screen.text()
        assert "counter-app demo" in screen.text()
        assert str(data_dir) in screen.text()
        assert "no store set up" in window.windowTitle()
    finally:
        opened.database.dispose()


def test_no_store_close_button_closes_the_window(qtbot, tmp_path):
    data_dir = tmp_path / "empty"
    opened = open_store_database(data_dir)
    try:
        window = create_window(settings=Settings(data_dir=data_dir), database=opened.database)
        qtbot.addWidget(window)
        window.show()
        screen = window.centralWidget()
        assert isinstance(screen, NoStoreScreen)

        screen.close_button.click()

        assert not window.isVisible()
    finally:
        opened.database.dispose()


def test_store_set_up_gives_the_main_window(qtbot, settings, database):
    window = create_window(settings=settings, database=database)
    qtbot.addWidget(window)

    assert isinstance(window, MainWindow)


def test_data_folder_that_is_a_file_is_explained_and_exits_1(told, tmp_path):
    not_a_folder = tmp_path / "counter-data"
    not_a_folder.write_text("not a folder", encoding="utf-8")

    code = run_desktop(Settings(data_dir=not_a_folder), argv=["counter"])

    assert code == EXIT_STORAGE_PROBLEM == 1
    assert len(told) == 1
    assert "is a file, not a folder" in told[0]


def test_damaged_database_is_explained_and_exits_1(told, tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "counter.sqlite").write_bytes(b"this is not SQLite at all")

    code = run_desktop(Settings(data_dir=data_dir), argv=["counter"])

    assert code == 1
    assert "not a Counter database" in told[0]


def test_the_start_up_objects_are_frozen_out_of_later_collections() -> None:
    import gc

    from ui.app import freeze_start_up_objects

    start_up_object: list[object] = []
    start_up_object.append(start_up_object)  # a cycle: the collector tracks it
    try:
        frozen = freeze_start_up_objects()
        assert frozen == gc.get_freeze_count() > 1000
        # Garbage made afterwards is still collected; the frozen objects stay where they are,
        # out of every generation a collection scans. (The frozen count itself can drop
        # while another test's thread frees an object it held.)
        cycle: list[object] = []
        cycle.append(cycle)
        del cycle
        assert gc.collect() >= 1
        assert all(tracked is not start_up_object for tracked in gc.get_objects())
    finally:
        gc.unfreeze()
