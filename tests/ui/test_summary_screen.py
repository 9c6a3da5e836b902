"""Today at a glance: the manager's daily summary on screen, over the demo store's data."""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from matplotlib.collections import PolyCollection
from matplotlib.container import BarContainer
from matplotlib.lines import Line2D
from matplotlib.patches import Wedge
from pytestqt.qtbot import QtBot

from counter_app.documents.formats import Formats
from counter_app.documents.summary_report import headline_rows
from counter_app.services.database import StoreDatabase, open_store_database
from counter_app.services.demo import seed_demo_store
from counter_app.services.store_setup import current_store
from counter_app.services.summary import DailySummary, daily_summary
from ui.main_window import MainWindow
from ui.screens.summary_screen import SummaryScreen

pytestmark = pytest.mark.gui

MANAGER, MANAGER_PIN = "Maeve Byrne", "2468"
CLERK, CLERK_PIN = "Sam Okafor", "1357"
SignInAs = Callable[[MainWindow, str, str], None]


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store (same manager and clerk as the other UI tests), seeded once."""
    folder = tmp_path_factory.mktemp("summary_template") / "data"
    opened = open_store_database(folder)
    try:
        seed_demo_store(database=opened.database)
    finally:
        opened.database.dispose()
    return folder


def a_busy_day(database: StoreDatabase, today: date) -> DailySummary:
    """The latest day before today with complaints and refunds, and a day with cases before it."""
    for back in range(1, 30):
        summary = daily_summary(database=database, first_day=today - timedelta(days=back))
        earlier = daily_summary(database=database, first_day=today - timedelta(days=back + 1))
        if (
            any(summary.complaints_by_category.values())
            and summary.refunds_cents
            and summary.cases != earlier.cases
        ):
            return summary
    raise AssertionError("the demo store has no day with complaints and refunds")


def open_summary(qtbot: QtBot, window: MainWindow) -> SummaryScreen:
    """Choose the tile on the home screen, as a manager does, and wait for the figures."""
    tile = next(
        t
        for t in window.home_screen.manager_tiles
        if t.property("actionKey") == "Today at a glance"
    )
    assert tile.isVisible()
    assert tile.isEnabled()
    tile.click()
    screen = window.current_screen()
    assert isinstance(screen, SummaryScreen)
    qtbot.waitUntil(lambda: screen.summary is not None and not screen.tasks.busy)
    return screen


def show_day(qtbot: QtBot, screen: SummaryScreen, day: date) -> None:
    screen.show_days(day)
    qtbot.waitUntil(
        lambda: (
            screen.summary is not None and screen.summary.first_day == day and not screen.tasks.busy
        )
    )


def shown_headline(screen: SummaryScreen) -> dict[str, str]:
    return {key: label.text() for key, label in screen.headline_values.items()}


def expected_headline(summary: DailySummary, database: StoreDatabase) -> dict[str, str]:
    store = current_store(database=database)
    assert store is not None
    formats = Formats(store.currency, store.locale)
    return {key: value for key, _, value in headline_rows(summary, formats)}


def test_a_manager_sees_the_figures_of_today_then_the_day_before(
    qtbot: QtBot, window: MainWindow, sign_in_as: SignInAs, database: StoreDatabase
) -> None:
    sign_in_as(window, MANAGER, MANAGER_PIN)
    screen = open_summary(qtbot, window)
    store = current_store(database=database)
    assert store is not None
    today = datetime.now(store.zone).date()
    assert screen.summary is not None
    assert screen.summary.first_day == today
    assert shown_headline(screen) == expected_headline(
        daily_summary(database=database, first_day=today), database
    )

    busy = a_busy_day(database, today)
    show_day(qtbot, screen, busy.first_day)
    assert shown_headline(screen) == expected_headline(busy, database)
    cases_shown = sum(
        int(screen.cases_table.item(row, 1).text()) for row in range(screen.cases_table.rowCount())
    )
    assert cases_shown == busy.cases

    screen.previous_day()
    day_before = busy.first_day - timedelta(days=1)
    qtbot.waitUntil(lambda: screen.summary is not None and screen.summary.first_day == day_before)
    qtbot.waitUntil(lambda: not screen.tasks.busy)
    expected = expected_headline(daily_summary(database=database, first_day=day_before), database)
    assert shown_headline(screen) == expected
    assert expected["cases"] != str(busy.cases)  # the figures did change


def test_the_comparisons_say_better_or_worse_in_words(
    qtbot: QtBot, window: MainWindow, sign_in_as: SignInAs, database: StoreDatabase
) -> None:
    sign_in_as(window, MANAGER, MANAGER_PIN)
    screen = open_summary(qtbot, window)
    store = current_store(database=database)
    assert store is not None
    busy = a_busy_day(database, datetime.now(store.zone).date())
    show_day(qtbot, screen, busy.first_day)

    week, average = screen.comparison_labels["cases"]
    earlier = busy.earlier
    assert earlier is not None
    for label, before in ((week, earlier.last_week.cases), (average, earlier.average_cases)):
        if busy.cases == before:
            assert "no change" in label.text()
            continue
        arrow, verdict = ("▲", "worse") if busy.cases > before else ("▼", "better")
        assert arrow in label.text()
        assert f"({verdict})" in label.text()
        assert label.property("tone") == ("error" if verdict == "worse" else "good")


def test_the_charts_are_drawn_with_bars_and_wedges(
    qtbot: QtBot, window: MainWindow, sign_in_as: SignInAs, database: StoreDatabase
) -> None:
    sign_in_as(window, MANAGER, MANAGER_PIN)
    screen = open_summary(qtbot, window)
    store = current_store(database=database)
    assert store is not None
    busy = a_busy_day(database, datetime.now(store.zone).date())
    show_day(qtbot, screen, busy.first_day)

    assert screen.complaints_canvas.isVisible()
    assert screen.tenders_canvas.isVisible()
    bars = [
        container
        for axes in screen.complaints_canvas.figure.axes
        for container in axes.containers
        if isinstance(container, BarContainer)
    ]
    categories = [count for count in busy.complaints_by_category.values() if count]
    assert [len(container) for container in bars] == [len(categories)]
    assert sorted(bar.get_width() for bar in bars[0]) == sorted(categories)
    wedges = [
        patch
        for axes in screen.tenders_canvas.figure.axes
        for patch in axes.patches
        if isinstance(patch, Wedge)
    ]
    assert len(wedges) == sum(1 for cents in busy.refunds_by_tender.values() if cents)


def test_the_cases_of_each_hour_are_drawn_as_a_line(
    qtbot: QtBot, window: MainWindow, sign_in_as: SignInAs, database: StoreDatabase
) -> None:
    sign_in_as(window, MANAGER, MANAGER_PIN)
    screen = open_summary(qtbot, window)
    store = current_store(database=database)
    assert store is not None
    busy = a_busy_day(database, datetime.now(store.zone).date())
    show_day(qtbot, screen, busy.first_day)

    assert screen.hours_canvas.isVisible()
    lines = [
        line
        for axes in screen.hours_canvas.figure.axes
        for line in axes.get_lines()
        if isinstance(line, Line2D) and line.get_label() == "Cases opened"
    ]
    assert len(lines) == 1
    hours = [int(hour) for hour in lines[0].get_xdata()]
    # Consecutive hours, the plausible opening span at least, every hour with a case in it.
    assert hours == list(range(hours[0], hours[-1] + 1))
    assert set(range(8, 21)) <= set(hours)
    assert {hour for hour, count in enumerate(busy.cases_by_hour) if count} <= set(hours)
    assert [int(count) for count in lines[0].get_ydata()] == [
        busy.cases_by_hour[hour] for hour in hours
    ]
    assert sum(busy.cases_by_hour) == busy.cases
    if any(busy.arrivals_by_hour):  # the customers who came, shaded under the line
        areas = [
            collection
            for axes in screen.hours_canvas.figure.axes
            for collection in axes.collections
            if isinstance(collection, PolyCollection)
        ]
        assert [area.get_label() for area in areas] == ["Customers arrived"]
    assert busy.busiest_hour is not None
    hour, cases = busy.busiest_hour
    assert screen.busiest_label.isVisible()
    assert screen.busiest_label.text().startswith(f"Busiest hour: {hour:02d}:00")
    assert f", {cases} case" in screen.busiest_label.text()

    show_day(qtbot, screen, date(2000, 1, 3))  # long before the demo store
    assert not screen.busiest_label.isVisible()
    assert not [line for axes in screen.hours_canvas.figure.axes for line in axes.get_lines()]


def test_a_clerk_has_no_tile_and_cannot_open_the_summary(
    qtbot: QtBot, window: MainWindow, sign_in_as: SignInAs
) -> None:
    sign_in_as(window, CLERK, CLERK_PIN)
    qtbot.waitUntil(lambda: window.current_screen() is window.home_screen)
    tile = next(
        t
        for t in window.home_screen.manager_tiles
        if t.property("actionKey") == "Today at a glance"
    )

    assert not tile.isVisible()
    assert not window.summary_action.isEnabled()
    window.open_summary()
    assert window.current_screen() is window.home_screen
    assert not isinstance(window.case_screen, SummaryScreen)


def test_save_as_pdf_and_csv_write_the_files(
    qtbot: QtBot,
    window: MainWindow,
    sign_in_as: SignInAs,
    database: StoreDatabase,
    tmp_path: Path,
) -> None:
    sign_in_as(window, MANAGER, MANAGER_PIN)
    screen = open_summary(qtbot, window)

    pdf = screen.save_pdf(tmp_path / "summary.pdf")
    csv = screen.save_csv(tmp_path / "summary.csv")

    assert pdf == tmp_path / "summary.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert csv is not None
    assert screen.summary is not None
    assert screen.summary.first_day.isoformat() in csv.read_text(encoding="utf-8-sig")
    assert screen.save_pdf(tmp_path / "no such folder" / "summary.pdf") is None
    assert "was not saved" in screen.message.text()
