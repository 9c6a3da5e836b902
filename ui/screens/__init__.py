"""Full-window screens, one module each: layout and behaviour, no database access.

The screens opened from the home screen are loaded when first asked for, as
attributes of this package (``screens.ReturnScreen``): with what they import,
they take about a fifth of a second, and a counter should reach its sign-in
screen without waiting for screens nobody has opened yet.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names this package hands out, for the type checker
    from ui.screens.audit_screen import AuditScreen as AuditScreen
    from ui.screens.complaint_screen import ComplaintScreen as ComplaintScreen
    from ui.screens.day_close_screen import DayCloseScreen as DayCloseScreen
    from ui.screens.exchange_screen import ExchangeScreen as ExchangeScreen
    from ui.screens.find_case import FindCaseScreen as FindCaseScreen
    from ui.screens.policy_screen import PolicyScreen as PolicyScreen
    from ui.screens.return_screen import ReturnScreen as ReturnScreen
    from ui.screens.settings_screen import SettingsScreen as SettingsScreen
    from ui.screens.summary_screen import SummaryScreen as SummaryScreen

# The two chart screens load matplotlib (about a second): only a manager opening them waits.
_CHART_SCREENS = frozenset({"DayCloseScreen", "SummaryScreen"})
# Each screen loaded on first use, and the module it lives in.
_LOADED_WHEN_ASKED = {
    "AuditScreen": "ui.screens.audit_screen",
    "ComplaintScreen": "ui.screens.complaint_screen",
    "DayCloseScreen": "ui.screens.day_close_screen",
    "ExchangeScreen": "ui.screens.exchange_screen",
    "FindCaseScreen": "ui.screens.find_case",
    "PolicyScreen": "ui.screens.policy_screen",
    "ReturnScreen": "ui.screens.return_screen",
    "SettingsScreen": "ui.screens.settings_screen",
    "SummaryScreen": "ui.screens.summary_screen",
}


def __getattr__(name: str) -> Any:
    """A screen class, its module imported now if this is the first time it is asked for."""
    module = _LOADED_WHEN_ASKED.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(module), name)


def load_counter_screens() -> None:
    """Load the screens a clerk opens (all but the charts), so the first one opens at once.

    The desktop calls this once its sign-in screen is up: the fifth of a second
    goes by while the clerk chooses their name, not when they press F3.
    """
    for name, module in _LOADED_WHEN_ASKED.items():
        if name not in _CHART_SCREENS:
            import_module(module)
