"""A calendar-day field for the manager's screens: ISO days, a calendar popup, Tab moves on."""

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget

DAY_FIELD_MIN_WIDTH = 170


def to_qdate(day: date) -> QDate:
    """A Python day as Qt's."""
    return QDate(day.year, day.month, day.day)


def to_date(day: QDate) -> date:
    """A Qt day as Python's."""
    return date(day.year(), day.month(), day.day())


class DayEdit(QDateEdit):
    """A day field Tab leaves at once (the arrow keys move between its parts), like any field."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setAccessibleName(accessible_name)
        self.setMinimumWidth(DAY_FIELD_MIN_WIDTH)

    def day(self) -> date:
        """The day shown, as a Python date."""
        return to_date(self.date())

    def set_day(self, day: date) -> None:
        """Show ``day``."""
        self.setDate(to_qdate(day))

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 (Qt's name)
        """Move the focus on, instead of to the next part of the date."""
        return QWidget.focusNextPrevChild(self, next)
