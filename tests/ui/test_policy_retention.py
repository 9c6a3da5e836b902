"""The retention of customers' personal data on the policy editor: shown, saved, kept."""

import pytest
from pytestqt.qtbot import QtBot
from test_policy_screen import MANAGER, MANAGER_PIN, _press_save, _retype, _screen

from counter_app.services.database import StoreDatabase
from counter_app.services.policy import current_policy

pytestmark = pytest.mark.gui


def test_the_retention_is_shown_changed_and_set_to_never(
    qtbot: QtBot, database: StoreDatabase
) -> None:
    screen = _screen(qtbot, database, MANAGER, MANAGER_PIN)
    assert screen.retention_months.value() == 24
    assert screen.retention_months.text() == "24 months"

    _retype(qtbot, screen.retention_months, "36")
    with qtbot.waitSignal(screen.saved):
        _press_save(qtbot)
    assert current_policy(database=database).rules.personal_data_months == 36

    _retype(qtbot, screen.retention_months, "0")
    assert screen.retention_months.value() == 0
    with qtbot.waitSignal(screen.saved):
        _press_save(qtbot)
    assert current_policy(database=database).rules.personal_data_months is None
    assert screen.retention_months.text() == "Never erased"  # shown as saved


def test_saving_another_rule_keeps_never(qtbot: QtBot, database: StoreDatabase) -> None:
    """The form carries the retention, so a later save does not bring back the default."""
    first = _screen(qtbot, database, MANAGER, MANAGER_PIN)
    _retype(qtbot, first.retention_months, "0")
    with qtbot.waitSignal(first.saved):
        _press_save(qtbot)
    first.close()

    again = _screen(qtbot, database, MANAGER, MANAGER_PIN)
    assert again.retention_months.text() == "Never erased"
    _retype(qtbot, again.window_days, "21")
    with qtbot.waitSignal(again.saved):
        _press_save(qtbot)

    rules = current_policy(database=database).rules
    assert (rules.window_days, rules.personal_data_months) == (21, None)
