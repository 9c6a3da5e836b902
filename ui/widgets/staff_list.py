"""The list of people who can sign in: a name on the left, the role on the right."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from counter_app.domain.local_time import local_clock
from counter_app.services.staff import StaffMember
from ui.wording import role_label

_ID_ROLE = Qt.ItemDataRole.UserRole
_DETAIL_ROLE = Qt.ItemDataRole.UserRole + 1
_LOCKED_ROLE = Qt.ItemDataRole.UserRole + 2

_ROW_PADDING = 14
_MIN_ROW_HEIGHT = 56

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class StaffRow:
    """One person as the list shows them."""

    staff_id: uuid.UUID
    name: str
    detail: str
    locked: bool


def staff_rows(
    members: Sequence[StaffMember], *, now: datetime, zone: ZoneInfo, locale: str
) -> list[StaffRow]:
    """Rows for ``members``: the role, or when a lockout still runs, until when (store time)."""
    rows = []
    for member in members:
        if member.locked_until is not None and member.locked_until > now:
            locked = QCoreApplication.translate("StaffList", "Locked until {time}").format(
                time=local_clock(member.locked_until, zone, locale)
            )
            rows.append(StaffRow(member.id, member.name, locked, locked=True))
        else:
            rows.append(StaffRow(member.id, member.name, role_label(member.role), locked=False))
    return rows


class _StaffDelegate(QStyledItemDelegate):
    """Paints a row as name (left) and role or lockout (right), in large type.

    Signals:
        None of its own.
    """

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        """Rows tall enough to hit with a finger, and never shorter than the text."""
        size = super().sizeHint(option, index)
        text_height = QFontMetrics(option.font).height()
        return QSize(size.width(), max(_MIN_ROW_HEIGHT, text_height + 2 * _ROW_PADDING))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """Let the style draw the row background (stylesheet colours), then both texts."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        name = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        locked = bool(index.data(_LOCKED_ROLE))
        detail = str(index.data(_DETAIL_ROLE) or "")
        rect: QRect = opt.rect.adjusted(_ROW_PADDING, 0, -_ROW_PADDING, 0)
        metrics = QFontMetrics(opt.font)

        painter.save()
        detail_font = QFont(opt.font)
        detail_font.setPixelSize(max(12, round(metrics.height() * 0.72)))
        detail_font.setBold(locked)
        detail_width = QFontMetrics(detail_font).horizontalAdvance(detail)
        name_rect = rect.adjusted(0, 0, -(detail_width + _ROW_PADDING), 0)

        text_role = (
            opt.palette.ColorRole.HighlightedText if selected else opt.palette.ColorRole.Text
        )
        painter.setPen(opt.palette.color(text_role))
        painter.setFont(opt.font)
        elided = metrics.elidedText(name, Qt.TextElideMode.ElideRight, name_rect.width())
        painter.drawText(
            name_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, elided
        )

        # The row's own text colour, whatever the look (the stylesheet cannot reach a delegate's
        # pens, and a fixed grey fails on the high-contrast black); a lockout says so in bold.
        painter.setFont(detail_font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, detail)
        painter.restore()


class StaffList(QListWidget):
    """Active staff to choose from before typing a PIN.

    It never takes keyboard focus: the PIN field keeps it and forwards Up and
    Down here, so a clerk's digits always land in the PIN field even after
    they clicked their name.

    Signals:
        Only QListWidget's own (``currentItemChanged`` and friends).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StaffList")
        self.setAccessibleName(self.tr("Staff"))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setUniformItemSizes(True)
        self.setItemDelegate(_StaffDelegate(self))

    def set_rows(self, rows: Sequence[StaffRow]) -> None:
        """Show ``rows``, keeping the chosen person chosen if they are still listed."""
        keep = self.selected_staff_id()
        self.clear()
        for row in rows:
            item = QListWidgetItem(row.name)
            item.setData(_ID_ROLE, row.staff_id)
            item.setData(_DETAIL_ROLE, row.detail)
            item.setData(_LOCKED_ROLE, row.locked)
            item.setToolTip(f"{row.name}: {row.detail}")
            self.addItem(item)
        if not (keep is not None and self.select_staff_id(keep)) and self.count():
            self.setCurrentRow(0)

    def selected_staff_id(self) -> uuid.UUID | None:
        """The chosen person's id, or None when nobody is chosen."""
        item = self.currentItem()
        if item is None:
            return None
        value = item.data(_ID_ROLE)
        return value if isinstance(value, uuid.UUID) else None

    def selected_name(self) -> str | None:
        """The chosen person's name, or None when nobody is chosen."""
        item = self.currentItem()
        return item.text() if item is not None else None

    def shown_rows(self) -> list[tuple[str, str]]:
        """(name, role or lockout) for every row, as the list shows them."""
        return [
            (self.item(row).text(), str(self.item(row).data(_DETAIL_ROLE)))
            for row in range(self.count())
        ]

    def select_staff_id(self, staff_id: uuid.UUID) -> bool:
        """Choose the person with ``staff_id``; False if they are not listed."""
        for row in range(self.count()):
            if self.item(row).data(_ID_ROLE) == staff_id:
                self.setCurrentRow(row)
                return True
        return False

    def select_name(self, name: str) -> bool:
        """Choose the person called ``name`` (case-insensitive); False if not listed."""
        wanted = name.casefold()
        for row in range(self.count()):
            if self.item(row).text().casefold() == wanted:
                self.setCurrentRow(row)
                return True
        return False

    def step(self, delta: int) -> None:
        """Move the choice up (negative) or down (positive), stopping at either end."""
        if not self.count():
            return
        row = min(max(self.currentRow() + delta, 0), self.count() - 1)
        self.setCurrentRow(row)
        self.scrollToItem(self.item(row))
