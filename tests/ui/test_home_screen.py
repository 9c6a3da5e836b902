import pytest

from ui.screens.home import AVAILABLE_ACTIONS
from ui.wording import COMING_NEXT_RELEASE

pytestmark = pytest.mark.gui


def test_clerk_does_not_see_the_manager_area(window, sign_in_as):
    sign_in_as(window, "Sam Okafor", "1357")

    assert window.home_screen.isVisible()
    assert not window.home_screen.manager_area.isVisible()


def test_manager_sees_the_manager_area(window, sign_in_as):
    sign_in_as(window, "Maeve Byrne", "2468")

    assert window.home_screen.manager_area.isVisible()


def test_switching_from_manager_to_clerk_hides_the_manager_area(window, sign_in_as):
    sign_in_as(window, "Maeve Byrne", "2468")
    window.lock()

    sign_in_as(window, "Sam Okafor", "1357")

    assert window.person is not None
    assert window.person.name == "Sam Okafor"
    assert not window.home_screen.manager_area.isVisible()


def test_greeting_names_the_person_and_role(window, sign_in_as):
    sign_in_as(window, "Sam Okafor", "1357")

    assert window.home_screen.greeting_label.text() == "Welcome, Sam Okafor"
    assert "clerk" in window.home_screen.who_label.text()
    assert "Grafton Street (S012)" in window.home_screen.who_label.text()


def test_screens_not_built_yet_are_disabled_and_say_so(window, sign_in_as):
    sign_in_as(window, "Maeve Byrne", "2468")
    tiles = window.home_screen.case_tiles + window.home_screen.manager_tiles

    assert [tile.title_label.text() for tile in window.home_screen.case_tiles] == [
        "New complaint",
        "New return",
        "New exchange",
        "Find case",
    ]
    for tile in tiles:
        if tile.title_label.text() in AVAILABLE_ACTIONS:
            assert tile.isEnabled()
            assert tile.badge_label is None
            continue
        assert not tile.isEnabled()
        assert tile.toolTip() == COMING_NEXT_RELEASE
        assert tile.badge_label is not None
        assert tile.badge_label.isVisible()
