"""Accessibility of both looks: contrast, target sizes, visible focus, tab order, keys.

Every check here can fail: the contrast checker is shown to catch a bad pair,
sizes are the widgets' real geometry after show, focus is compared in pixels,
and the tab order is walked with real Tab key presses.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAction, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from assets import asset_path
from ui.app import apply_style
from ui.main_window import MainWindow
from ui.screens.exchange_screen import ExchangeScreen
from ui.screens.return_screen import ReturnScreen
from ui.widgets.action_tile import ActionTile

pytestmark = pytest.mark.gui

CLERK, CLERK_PIN = "Sam Okafor", "1357"
MANAGER, MANAGER_PIN = "Maeve Byrne", "2468"
LOOKS = ("standard", "high_contrast")
SCREENS = (
    "login",
    "home_clerk",
    "home_manager",
    "return",
    "exchange",
    "complaint",
    "find_case",
    "policy",
    "day_close",
    "summary",
    "audit",
)
CASE_SCREENS = (
    "return",
    "exchange",
    "complaint",
    "find_case",
    "policy",
    "day_close",
    "summary",
    "audit",
)
MIN_TARGET_PX = 44
SignInAs = Callable[[MainWindow, str, str], None]


# ---------------------------------------------------------------------- the stylesheets, parsed


@dataclass(frozen=True)
class Rule:
    """One selector of a stylesheet rule and the declarations it sets."""

    selector: str
    declarations: dict[str, str]


def parse_qss(text: str) -> list[Rule]:
    """The rules of a Qt stylesheet, one per comma-separated selector, in file order.

    Enough of QSS for our own sheets: comments, rule blocks, ``name: value;``.
    """
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
    rules = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
        declarations = {}
        for declaration in body.split(";"):
            if ":" in declaration:
                name, value = declaration.split(":", 1)
                declarations[name.strip().lower()] = value.strip()
        for selector in selectors.split(","):
            rules.append(Rule(" ".join(selector.split()), declarations))
    return rules


def look_rules(look: str) -> dict[str, dict[str, str]]:
    """The declarations each selector ends up with in ``look``.

    The high-contrast sheet is applied after style.qss, so a declaration it
    makes for the same selector replaces the ordinary one (same specificity,
    later wins). Merging by exact selector is deliberately strict: a broader
    high-contrast rule would lose to a more specific ordinary one in Qt too.
    """
    sheets = ["style.qss"] + (["style-high-contrast.qss"] if look == "high_contrast" else [])
    merged: dict[str, dict[str, str]] = {}
    for sheet in sheets:
        for rule in parse_qss(asset_path(sheet).read_text(encoding="utf-8")):
            merged.setdefault(rule.selector, {}).update(rule.declarations)
    return merged


# ---------------------------------------------------------------------- contrast (WCAG 2.x)


def luminance(colour: str) -> float:
    """Relative luminance of a ``#RRGGBB`` colour, as WCAG defines it."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


HEX = re.compile(r"#[0-9A-Fa-f]{6}\b")
PANELS = (
    "QMainWindow",
    "QWidget#ReturnScreen",
    "QFrame#Card",
    "QFrame#CaseArea",
    "QFrame#ManagerArea",
)


def _colour(value: str | None) -> str | None:
    found = HEX.search(value or "")
    return found.group(0).upper() if found else None


def _background(declarations: dict[str, str]) -> str | None:
    return _colour(declarations.get("background-color") or declarations.get("background"))


def _without_states(selector: str) -> str:
    """The selector for the same widget in any state: ``QPushButton:hover`` -> ``QPushButton``."""
    *ancestors, last = selector.split(" ")
    plain = re.sub(r"::?[!\w-]+", "", last)
    return " ".join([*ancestors, plain])


# Parts of a widget Qt draws without text: a colour there is a shape, not a text's background.
TEXTLESS_PARTS = frozenset(
    {
        "indicator",
        "handle",
        "add-line",
        "sub-line",
        "add-page",
        "sub-page",
        "drop-down",
        "down-arrow",
        "up-arrow",
        "up-button",
        "down-button",
    }
)


def _draws_no_text(selector: str) -> bool:
    part = re.search(r"::([\w-]+)", selector.split(" ")[-1])
    return part is not None and part.group(1) in TEXTLESS_PARTS


def _ancestor(selector: str) -> str | None:
    parts = [part for part in selector.split(" ") if part != ">"]
    return " ".join(parts[:-1]) or None


@dataclass(frozen=True)
class Pair:
    """A text colour on a background colour, and whether the text is large."""

    selector: str
    what: str
    foreground: str
    background: str
    large: bool

    @property
    def needed(self) -> float:
        return 3.0 if self.large else 4.5

    @property
    def ratio(self) -> float:
        return contrast(self.foreground, self.background)


@dataclass
class ColourPairs:
    """Every text-on-background pair a set of rules produces.

    Assumptions, kept on the strict side:
    - A rule's text sits on its own background; without one, on the background
      of the same widget's stateless rule (``QPushButton`` for
      ``QPushButton:hover``), then of its ancestor in the selector
      (``QStatusBar`` for ``QStatusBar QLabel``); without any, on every panel
      a screen shows (the screen's paper, the cards and the home areas), each
      checked.
    - A rule's background carries its own text colour, else the stateless
      rule's, else the sheet's base text colour (``QWidget``).
    - Large text (3:1) is 24 px and up, or bold and 19 px and up; the size and
      weight come from the rule itself or its stateless rule, else 16 px.
    - Selection and placeholder colours are checked against the background of
      the same rule, as normal text.
    - Parts that hold no text (a check box's indicator, a scroll bar's handle,
      a spin box's arrows) are left out: they are shapes, not text.
    """

    rules: dict[str, dict[str, str]]
    pairs: list[Pair] = field(default_factory=list)

    def __post_init__(self) -> None:
        base_text = _colour(self.rules.get("QWidget", {}).get("color")) or "#000000"
        panels = [c for c in (_background(self.rules.get(p, {})) for p in PANELS) if c]
        for selector, declarations in self.rules.items():
            if _draws_no_text(selector):
                continue
            plain = self.rules.get(_without_states(selector), {})
            text = _colour(declarations.get("color"))
            back = _background(declarations)
            if text is None and back is None:
                continue
            foreground = text or _colour(plain.get("color")) or base_text
            backgrounds = [back] if back else self._backgrounds_under(selector) or panels
            large = self._is_large(declarations, plain)
            for background in backgrounds:
                self.pairs.append(Pair(selector, "text", foreground, background, large))
            for fore_name, back_name, what in (
                ("selection-color", "selection-background-color", "selection"),
                ("placeholder-text-color", None, "placeholder"),
            ):
                fore = _colour(declarations.get(fore_name))
                behind = _colour(declarations.get(back_name)) if back_name else None
                for background in [behind] if behind else backgrounds:
                    if fore is not None:
                        self.pairs.append(Pair(selector, what, fore, background, False))

    def _backgrounds_under(self, selector: str) -> list[str]:
        current: str | None = selector
        while current is not None:
            for candidate in (current, _without_states(current)):
                colour = _background(self.rules.get(candidate, {}))
                if colour is not None:
                    return [colour]
            current = _ancestor(current)
        return []

    @staticmethod
    def _is_large(declarations: dict[str, str], plain: dict[str, str]) -> bool:
        size_text = declarations.get("font-size") or plain.get("font-size") or "16px"
        size = float(size_text.removesuffix("px"))
        weight = declarations.get("font-weight") or plain.get("font-weight") or ""
        return size >= 24 or (weight == "bold" and size >= 19)

    def failures(self, *, minimum: float | None = None) -> list[str]:
        """Every pair under its WCAG AA ratio (or under ``minimum`` when given), in words."""
        return [
            f"{pair.selector} ({pair.what}): {pair.foreground} on {pair.background} "
            f"is {pair.ratio:.2f}:1, needs {minimum or pair.needed}:1"
            for pair in self.pairs
            if pair.ratio < (minimum or pair.needed)
        ]


@pytest.mark.parametrize("look", LOOKS)
def test_every_colour_pair_of_the_look_meets_wcag_aa(look: str) -> None:
    pairs = ColourPairs(look_rules(look))

    assert len(pairs.pairs) > 30, "the parser found too few colour pairs to be reading the sheets"
    assert not pairs.failures(), "\n".join(pairs.failures())


@pytest.mark.parametrize("look", LOOKS)
def test_every_colour_in_the_sheets_is_one_the_checker_reads(look: str) -> None:
    """A named or short colour (``white``, ``#FFF``) would slip past the contrast check."""
    unread = [
        f"{selector} {{ {name}: {value} }}"
        for selector, declarations in look_rules(look).items()
        for name, value in declarations.items()
        if (name == "color" or name.endswith(("-color", "background")))
        and not re.fullmatch(r"#[0-9A-Fa-f]{6}|transparent", value)
    ]

    assert not unread, "\n".join(unread)


def test_the_high_contrast_look_has_no_text_below_wcag_aaa() -> None:
    pairs = ColourPairs(look_rules("high_contrast"))

    assert not pairs.failures(minimum=7.0), "\n".join(pairs.failures(minimum=7.0))


def test_the_contrast_checker_catches_a_bad_pair() -> None:
    sheet = """
        QWidget { color: #111827; }
        QMainWindow { background: #F3F5F8; }
        QLabel[textStyle="hint"] { color: #9CA3AF; background: #FFFFFF; }
        QLabel[tone="faint"] { color: #B0B0B0; }
        QPushButton:hover { background: #6B7280; }
        QStatusBar { background: #1F2937; }
        QStatusBar QLabel { color: #374151; }
        QLabel[textStyle="title"] { font-size: 30px; color: #8A8A8A; }
    """
    rules: dict[str, dict[str, str]] = {}
    for rule in parse_qss(sheet):
        rules.setdefault(rule.selector, {}).update(rule.declarations)

    failing = {line.split(" (")[0] for line in ColourPairs(rules).failures()}

    assert failing == {
        'QLabel[textStyle="hint"]',  # 2.5:1, set together
        'QLabel[tone="faint"]',  # colour only, on the screen's paper
        "QPushButton:hover",  # background only, under the base text colour
        "QStatusBar",  # the base text colour on the dark bar
        "QStatusBar QLabel",  # colour only, on its ancestor's background
    }, "the 30 px grey title passes as large text (3.3:1); everything else must fail"
    assert round(contrast("#000000", "#FFFFFF"), 1) == 21.0
    assert round(contrast("#777777", "#FFFFFF"), 2) == 4.48


# ---------------------------------------------------------------------- windows in either look


@pytest.fixture(params=LOOKS)
def look(request: pytest.FixtureRequest, qapp: QApplication) -> str:
    """Each test using this runs in both looks (conftest's fixture set the standard one).

    Nothing to undo: conftest's fixture clears the sheet once every widget is gone.
    """
    apply_style(qapp, high_contrast=request.param == "high_contrast")
    return str(request.param)


def wear(look: str) -> None:
    """Put ``look`` on again once a window is up: the window applies the PC's own look."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_style(app, high_contrast=look == "high_contrast")
    QApplication.processEvents()


def open_screen(window: MainWindow, sign_in_as: SignInAs, screen: str) -> QWidget:
    """Show ``screen`` in ``window`` as a clerk (a manager for the manager's screens)."""
    if screen != "login":
        manager = screen in ("home_manager", "policy", "day_close", "summary", "audit")
        sign_in_as(window, *((MANAGER, MANAGER_PIN) if manager else (CLERK, CLERK_PIN)))
    opener = {
        "return": window.open_return,
        "exchange": window.open_exchange,
        "complaint": window.open_complaint,
        "find_case": window.open_find_case,
        "policy": window.open_policy,
        "day_close": window.open_day_close,
        "summary": window.open_summary,
        "audit": window.open_audit,
    }.get(screen)
    if opener is not None:
        opener()
    window.activateWindow()
    QApplication.processEvents()
    return window.current_screen()


def with_a_line(screen: QWidget) -> None:
    """Give a return or exchange a line (and an exchange an item out), so the tables hold fields."""
    if isinstance(screen, ReturnScreen):
        screen.add_scanned_item("2000000000015")
    if isinstance(screen, ExchangeScreen):
        screen.add_item_out("2000000000022")
    QApplication.processEvents()


# ---------------------------------------------------------------------- target sizes

TARGETS = (
    QPushButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QCheckBox,
    QRadioButton,
    QToolButton,
)


def undersized_targets(root: QWidget) -> list[str]:
    """Visible enabled controls under 44 px high.

    A line edit inside a spin box is the spin box's own (measured as the spin
    box); a tool button inside a line edit (the clear button) is part of the field.
    """
    problems = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, TARGETS) or not widget.isVisible() or not widget.isEnabled():
            continue
        if isinstance(widget.parentWidget(), QAbstractSpinBox | QLineEdit):
            continue
        if widget.height() < MIN_TARGET_PX:
            problems.append(f"{describe(widget)}: {widget.width()}x{widget.height()}")
    return problems


def describe(widget: QWidget) -> str:
    """A widget in words for a failure message: its class and the name a person knows it by."""
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    hint = widget.placeholderText() if isinstance(widget, QLineEdit) else ""
    name = widget.accessibleName() or text or hint or widget.objectName()
    return f"{type(widget).__name__} {name!r}"


@pytest.mark.parametrize("screen_name", SCREENS)
def test_every_control_is_a_44_px_target(
    qtbot: QtBot, window: MainWindow, sign_in_as: SignInAs, look: str, screen_name: str
) -> None:
    screen = open_screen(window, sign_in_as, screen_name)
    wear(look)
    with_a_line(screen)
    controls = [w for w in screen.findChildren(QWidget) if isinstance(w, TARGETS) and w.isVisible()]

    assert controls, f"no controls found on {screen_name}"
    qtbot.waitUntil(lambda: not undersized_targets(window))


# ---------------------------------------------------------------------- visible focus

FOCUS_KINDS = {
    "QPushButton": ("QPushButton",),
    "QLineEdit": ("QLineEdit",),
    "QComboBox": ("QComboBox",),
    "QSpinBox": ("QSpinBox", "QAbstractSpinBox"),
    "QCheckBox": ("QCheckBox",),
    "table": ("QTableView", "QTableWidget", "QAbstractItemView"),
}


@pytest.mark.parametrize("look_name", LOOKS)
@pytest.mark.parametrize("kind", FOCUS_KINDS)
def test_the_look_has_a_focus_rule_for(look_name: str, kind: str) -> None:
    focus_selectors = [s for s in look_rules(look_name) if ":focus" in s.split(" ")[-1]]
    classes = {re.split(r"[:#\[.]", s.split(" ")[-1])[0] for s in focus_selectors}

    assert classes & set(FOCUS_KINDS[kind]), f"no :focus rule for {kind} in {look_name}"


def _table() -> QTableWidget:
    table = QTableWidget(2, 2)
    table.setFixedSize(220, 120)
    return table


FOCUS_FACTORIES: dict[str, Callable[[], QWidget]] = {
    "QPushButton": lambda: QPushButton("Back  (Esc)"),
    "primary QPushButton": lambda: _primary(QPushButton("Complete  (Ctrl+Enter)")),
    "QLineEdit": lambda: QLineEdit("kettle"),
    "QComboBox": lambda: _combo(),
    "QSpinBox": lambda: QSpinBox(),
    "QCheckBox": lambda: QCheckBox("No receipt"),
    "table": _table,
    "action tile": lambda: ActionTile("New return", "Take an item back.  (F3)", prominent=True),
}


def _primary(button: QPushButton) -> QPushButton:
    button.setProperty("primary", "true")
    return button


def _combo() -> QComboBox:
    combo = QComboBox()
    combo.addItems(["Cash", "Card"])
    return combo


def edge_pixels(image: QImage, depth: int = 4) -> list[int]:
    """The colours of the outer ``depth`` pixels all round: where a focus border is drawn."""
    width, height = image.width(), image.height()
    return [
        image.pixel(x, y)
        for y in range(height)
        for x in range(width)
        if x < depth or y < depth or x >= width - depth or y >= height - depth
    ]


@pytest.mark.parametrize("kind", FOCUS_FACTORIES)
def test_a_focused_control_looks_different_from_an_unfocused_one(
    qtbot: QtBot, look: str, kind: str
) -> None:
    holder = QWidget()
    holder.setObjectName("ReturnScreen")  # a screen's paper behind the controls
    holder.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
    column = QVBoxLayout(holder)
    focused, unfocused, other = (FOCUS_FACTORIES[kind]() for _ in range(3))
    for control in (focused, unfocused, other):
        control.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        column.addWidget(control)
    qtbot.addWidget(holder)
    holder.show()
    qtbot.waitExposed(holder)
    holder.activateWindow()
    qtbot.waitUntil(holder.isActiveWindow)
    focused.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(focused.hasFocus)

    with_focus = edge_pixels(focused.grab().toImage())
    without = edge_pixels(unfocused.grab().toImage())
    changed = sum(a != b for a, b in zip(with_focus, without, strict=True))

    assert edge_pixels(other.grab().toImage()) == without, "two unfocused copies should match"
    assert changed >= len(without) // 4, (
        f"{kind} in the {look} look: the focus changes {changed} of {len(without)} edge pixels"
    )


# ---------------------------------------------------------------------- tab order


def tab_stops(root: QWidget) -> list[QWidget]:
    """Widgets Tab should reach: visible, enabled, taking focus by Tab, not another's part.

    Of a group of exclusive radio buttons Qt stops only on the checked one.
    """
    stops = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or not widget.isEnabled():
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus or widget.focusProxy() is not None:
            continue
        if isinstance(widget, QRadioButton) and widget.autoExclusive() and not widget.isChecked():
            parent = widget.parentWidget()
            siblings = parent.findChildren(QRadioButton) if parent is not None else []
            if any(s.isChecked() and s.isVisible() for s in siblings):
                continue
        stops.append(widget)
    return stops


def reads_after(before: QRect, after: QRect) -> bool:
    """Whether ``after`` comes after ``before`` in reading order.

    On the same row (their heights overlap by at least half the shorter one) it
    must be to the right. Otherwise it must be lower, unless it starts a new
    column: then it lies wholly to the right of the widget before. So a button
    reached before the field above it in its own column fails.
    """
    overlap = min(before.bottom(), after.bottom()) - max(before.top(), after.top())
    if overlap >= min(before.height(), after.height()) / 2:
        return after.left() > before.left()
    if after.top() > before.top():
        return True
    return after.left() > before.right()


def scroll_areas_around(widget: QWidget) -> list[QScrollArea]:
    """The scroll areas ``widget`` sits in, innermost first."""
    areas = []
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            areas.append(parent)
        parent = parent.parentWidget()
    return areas


def section_place(
    widget: QWidget, other: QWidget, places: dict[int, QRect], window: QWidget
) -> QRect:
    """Where ``widget`` sits when read against ``other``.

    Inside the same scrolling form, their places in the form. Otherwise a
    widget in a scrolling form counts as the form itself: the whole form is
    read before what is below it on the screen, however long it scrolls.
    """
    shared = set(scroll_areas_around(other))
    outside = [area for area in scroll_areas_around(widget) if area not in shared]
    if not outside:
        return places[id(widget)]
    section = outside[-1]
    return QRect(section.mapTo(window, QPoint(0, 0)), section.size())


def walk_tab_chain(qtbot: QtBot, window: MainWindow, limit: int) -> tuple[QWidget, list[QWidget]]:
    """Press Tab from the focused widget until the focus comes back; what it visits, in order."""
    start = QApplication.focusWidget()
    assert start is not None, "nothing has the focus when the screen opens"
    visited: list[QWidget] = [start]
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None
        if now is start:
            return start, visited
        visited.append(now)
    raise AssertionError(
        "Tab never came back to where it started: " + " -> ".join(describe(w) for w in visited)
    )


TAB_ORDER_XFAIL: dict[str, str] = {}


@pytest.mark.parametrize(
    "screen_name",
    [
        pytest.param(s, marks=pytest.mark.xfail(strict=True, reason=TAB_ORDER_XFAIL[s]))
        if s in TAB_ORDER_XFAIL
        else s
        for s in SCREENS
    ],
)
def test_tab_visits_every_control_once_in_reading_order(
    qtbot: QtBot, window: MainWindow, sign_in_as: SignInAs, screen_name: str
) -> None:
    screen = open_screen(window, sign_in_as, screen_name)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    assert_tab_order(qtbot, window, screen)


@pytest.mark.parametrize("screen_name", ["return", "exchange"])
def test_tab_reaches_the_fields_of_every_line_in_reading_order(
    qtbot: QtBot, window: MainWindow, sign_in_as: SignInAs, screen_name: str
) -> None:
    screen = open_screen(window, sign_in_as, screen_name)
    with_a_line(screen)
    assert isinstance(screen, ReturnScreen)
    screen.item_field.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(screen.item_field.hasFocus)
    assert_tab_order(qtbot, window, screen)


def assert_tab_order(qtbot: QtBot, window: MainWindow, screen: QWidget) -> None:
    """Tab from the focused widget visits every tab stop once, in reading order, and comes back."""
    stops = tab_stops(screen)
    # Where each widget sits before anything scrolls: reading order is the layout's.
    places = {id(w): QRect(w.mapTo(window, QPoint(0, 0)), w.size()) for w in stops}

    _, visited = walk_tab_chain(qtbot, window, limit=len(stops) + 5)

    names = [describe(w) for w in visited]
    assert len({id(w) for w in visited}) == len(visited), "visited twice: " + " -> ".join(names)
    missing = [describe(w) for w in stops if w not in visited]
    extra = [describe(w) for w in visited if id(w) not in places]
    assert not missing, f"Tab never reaches {missing}; it goes " + " -> ".join(names)
    assert not extra, f"Tab stops on {extra}, which are not visible enabled controls"
    # The chain is a cycle: read it from its first widget on the page.
    first = min(
        range(len(visited)),
        key=lambda i: (places[id(visited[i])].top(), places[id(visited[i])].left()),
    )
    cycle = visited[first:] + visited[:first]
    for before, after in pairwise(cycle):
        was = section_place(before, after, places, window)
        now = section_place(after, before, places, window)
        assert reads_after(was, now), (
            f"{describe(after)} at {now.topLeft().toTuple()} comes after "
            f"{describe(before)} at {was.topLeft().toTuple()}; order: "
            + " -> ".join(describe(w) for w in cycle)
        )


def test_the_reading_order_rule_catches_a_button_before_the_field_above_it() -> None:
    field_above = QRect(100, 100, 400, 44)
    button_below = QRect(100, 200, 160, 50)
    right_column = QRect(700, 100, 300, 44)

    assert reads_after(field_above, button_below)
    assert not reads_after(button_below, field_above)
    assert reads_after(button_below, right_column)  # a new column, wholly to the right
    assert not reads_after(QRect(600, 100, 160, 50), field_above)  # same row, leftwards


# ---------------------------------------------------------------------- keys


@pytest.mark.parametrize("screen_name", CASE_SCREENS)
def test_esc_goes_back_home_from_every_case_screen(
    qtbot: QtBot, window: MainWindow, sign_in_as: SignInAs, screen_name: str
) -> None:
    screen = open_screen(window, sign_in_as, screen_name)
    assert screen is not window.home_screen
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)

    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Escape)

    qtbot.waitUntil(lambda: window.current_screen() is window.home_screen)


SHOWN_KEYS = re.compile(r"\(((?:(?:Ctrl|Alt|Shift)\+)*(?:F\d{1,2}|Esc|Enter|Return|[A-Z0-9]))\)")


def main_buttons(screen: QWidget) -> list[QPushButton]:
    """The buttons a screen is for: primary ones, Back and Lock, and the home screen's tiles."""
    found = []
    for button in screen.findChildren(QPushButton):
        if not button.isVisible() or not button.isEnabled():
            continue
        header = button.text().startswith(("Back", "Lock"))
        if button.property("primary") == "true" or header or isinstance(button, ActionTile):
            found.append(button)
    return found


def bound_keys(window: MainWindow) -> set[str]:
    """Every key sequence the window answers: shortcuts, actions, and Enter on a default button."""
    keys = {QKeySequence("Return").toString(), QKeySequence("Enter").toString()}
    for shortcut in window.findChildren(QShortcut):
        keys.add(shortcut.key().toString())
    for action in [*window.actions(), *window.findChildren(QAction)]:
        keys.update(sequence.toString() for sequence in action.shortcuts())
    return keys


def shown_keys(button: QPushButton) -> list[str]:
    texts = [button.text(), button.toolTip()]
    if isinstance(button, ActionTile):
        texts.append(button.description_label.text())
    return [key for text in texts for key in SHOWN_KEYS.findall(text)]


SHORTCUT_XFAIL: dict[str, str] = {}


@pytest.mark.parametrize(
    "screen_name",
    [
        pytest.param(s, marks=pytest.mark.xfail(strict=True, reason=SHORTCUT_XFAIL[s]))
        if s in SHORTCUT_XFAIL
        else s
        for s in SCREENS
    ],
)
def test_every_main_button_shows_a_shortcut_that_works(
    window: MainWindow, sign_in_as: SignInAs, screen_name: str
) -> None:
    screen = open_screen(window, sign_in_as, screen_name)
    buttons = main_buttons(screen)
    bound = bound_keys(window)

    assert buttons, f"no main buttons found on {screen_name}"
    for button in buttons:
        keys = shown_keys(button)
        assert keys, f"{describe(button)} shows no shortcut in its text or tooltip"
        for key in keys:
            assert QKeySequence(key).toString() in bound, f"{describe(button)} shows {key}, unbound"


# ------------------------------------------------------------- the high-contrast look on screen


def test_the_high_contrast_look_goes_on_top_of_the_standard_one(qapp: QApplication) -> None:
    apply_style(qapp)
    standard = qapp.styleSheet()
    apply_style(qapp, high_contrast=True)
    both = qapp.styleSheet()

    assert standard == asset_path("style.qss").read_text(encoding="utf-8")
    assert both.startswith(standard), "the standard sheet first, so the high-contrast one wins"
    assert both.endswith(asset_path("style-high-contrast.qss").read_text(encoding="utf-8"))


def _strongest_text_contrast(image: QImage, area: QRect) -> float:
    """The contrast of the most contrasting pixel in ``area`` against its commonest colour.

    Anti-aliasing blends a glyph's edges into the background, but its core is
    drawn in the text colour itself, so the best pixel is the text's contrast.
    """
    colours = [
        image.pixelColor(x, y).name()
        for y in range(area.top(), area.bottom())
        for x in range(area.left(), area.right())
    ]
    background = max(set(colours), key=colours.count)
    return max(contrast(colour, background) for colour in colours)


@pytest.mark.parametrize("look_name", ["standard", "high_contrast"])
def test_the_staff_list_role_text_is_readable(
    qtbot: QtBot, window: MainWindow, look_name: str
) -> None:
    wear(look_name)
    staff = window.login_screen.staff_list
    assert window.login_screen.select_staff(MANAGER)
    QApplication.processEvents()
    image = staff.viewport().grab().toImage()

    for row in range(staff.count()):
        rect = staff.visualItemRect(staff.item(row))
        role_area = QRect(rect.right() - 110, rect.top() + 4, 100, rect.height() - 8)
        ratio = _strongest_text_contrast(image, role_area)
        assert ratio >= 4.5, f"row {row} ({staff.item(row).text()}): role text at {ratio:.2f}:1"


def clipped_text(root: QWidget) -> list[str]:
    """Visible labels and buttons smaller than their text needs (as tests/ui/test_look.py)."""
    problems = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, QLabel | QAbstractButton):
            continue
        if not widget.text():
            continue
        needed = widget.minimumSizeHint()
        if isinstance(widget, QLabel) and widget.wordWrap():
            needed.setHeight(widget.heightForWidth(widget.width()))
        if widget.width() < needed.width() or widget.height() < needed.height():
            problems.append(
                f"{describe(widget)}: {widget.width()}x{widget.height()}, "
                f"needs {needed.width()}x{needed.height()}"
            )
    return problems


@pytest.mark.parametrize("screen_name", SCREENS)
def test_no_text_is_clipped_in_the_high_contrast_look(
    qtbot: QtBot, window: MainWindow, sign_in_as: SignInAs, screen_name: str
) -> None:
    screen = open_screen(window, sign_in_as, screen_name)
    wear("high_contrast")
    with_a_line(screen)

    qtbot.waitUntil(lambda: not clipped_text(window))
