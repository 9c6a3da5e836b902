"""Photos chosen for a case before it is saved: thumbnails, a file picker, and drag and drop.

The strip only collects paths and shows them. The files are checked and
stored by ``attach_file`` once the case exists, so a refused file (a renamed
program, a half-copied photo) is refused in the service's own words, and a
file that could not be stored stays in the strip to be tried again.
"""

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.validation import InputError
from counter_app.services.attachments import attach_file
from counter_app.services.database import StorageError, StoreDatabase
from counter_app.services.errors import NotFoundError
from counter_app.services.staff import SignedIn
from ui.widgets.styling import set_style_property, styled_label

THUMBNAIL_SIZE = QSize(56, 56)
# Wide enough for the Remove button at the stylesheet's padding, so its word never clips.
TILE_WIDTH = 124
# What the picker offers and a drop accepts; the service checks the content, not the name.
ACCEPTED_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".pdf"})
PICKER_FILTER = str(
    QT_TRANSLATE_NOOP(
        "AttachmentStrip", "Photos and PDFs (*.jpg *.jpeg *.png *.webp *.heic *.heif *.pdf)"
    )
)


@dataclass(frozen=True)
class AttachOutcome:
    """What became of the chosen files when the case was saved.

    ``refused`` files will never attach (the service said why) and leave the
    strip; ``kept`` files could not be stored this time and stay for a retry.
    """

    attached: tuple[str, ...]
    refused: tuple[tuple[str, str], ...]
    kept: tuple[tuple[str, str], ...]


def thumbnail(path: Path) -> QPixmap | None:
    """A small picture of the photo, or None when Qt cannot read it (HEIC, PDF, not a photo).

    ``canRead`` looks at the first bytes only, so a file that is not what its
    name says is never handed to a decoder that would complain about it.
    """
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    if not reader.canRead():
        return None
    size = reader.size()
    if size.isValid():
        reader.setScaledSize(size.scaled(THUMBNAIL_SIZE, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return None
    return QPixmap.fromImage(image)


class _Tile(QFrame):
    """One chosen file: its thumbnail (or its type), its name, and a button to take it out."""

    def __init__(
        self, path: Path, on_remove: Callable[[Path], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("AttachmentTile")
        self.path = path
        remove = QPushButton(self.tr("Remove"))
        remove.setObjectName("RemoveAttachment")
        remove.setAccessibleName(self.tr("Remove {name}").format(name=path.name))
        remove.clicked.connect(lambda: on_remove(self.path))
        remove.ensurePolished()  # the stylesheet's padding counts in its size
        # Wider than usual when the button's word is longer in the language in force.
        width = max(TILE_WIDTH, remove.sizeHint().width() + 4)
        self.setFixedWidth(width)
        picture = QLabel()
        picture.setFixedSize(THUMBNAIL_SIZE)
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pixmap = thumbnail(path)
        if pixmap is not None:
            picture.setPixmap(pixmap)
        else:
            picture.setText(path.suffix.lstrip(".").upper() or self.tr("FILE"))
            picture.setProperty("textStyle", "hint")
        picture.setAccessibleName(self.tr("Photo {name}").format(name=path.name))
        self.picture = picture
        name = styled_label(path.name, "hint")
        name.setToolTip(str(path))
        name.setMaximumWidth(width - 8)
        name.ensurePolished()  # elide with the stylesheet's font, not the default one
        metrics = name.fontMetrics()
        name.setText(metrics.elidedText(path.name, Qt.TextElideMode.ElideMiddle, width - 12))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addWidget(picture, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(name, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(remove)


class AttachmentStrip(QFrame):
    """The photos chosen for the case, shown as thumbnails; accepts image files dropped on it.

    Signals:
        files_changed(int): a file was added or taken out; carries how many are chosen.
        refused(str): a dropped or picked file is not a photo or PDF by its name.
    """

    files_changed = Signal(int)
    refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AttachmentStrip")
        self.setAcceptDrops(True)
        self._files: list[Path] = []
        self._tiles: dict[Path, _Tile] = {}

        self.add_button = QPushButton(self.tr("Add photos…"))
        self.add_button.setObjectName("AddPhotos")
        self.add_button.setAccessibleName(self.tr("Add photos"))
        self.add_button.clicked.connect(self.pick_files)
        self.hint = styled_label(self.tr("or drop photos here"), "hint")

        self._row = QHBoxLayout()
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(8)
        self._row.addStretch(1)
        holder = QWidget()
        holder.setObjectName("AttachmentTiles")
        holder.setLayout(self._row)
        self.tiles_area = QScrollArea()
        self.tiles_area.setObjectName("AttachmentScroll")
        self.tiles_area.setWidget(holder)
        self.tiles_area.setWidgetResizable(True)
        self.tiles_area.setFrameShape(QFrame.Shape.NoFrame)
        self.tiles_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tiles_area.viewport().setAutoFillBackground(False)
        holder.setAutoFillBackground(False)
        self.tiles_area.setVisible(False)

        buttons = QVBoxLayout()
        buttons.setSpacing(4)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.hint)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addLayout(buttons)
        layout.addWidget(self.tiles_area, 1)

    # ------------------------------------------------------------------ the files

    def files(self) -> list[Path]:
        """The files chosen and not yet attached, in the order chosen."""
        return list(self._files)

    def add_files(self, paths: Iterable[Path]) -> None:
        """Add files to the strip; a file already there, or not a photo or PDF by name, is not."""
        not_photos: list[str] = []
        for path in paths:
            if path.suffix.lower() not in ACCEPTED_SUFFIXES or not path.is_file():
                not_photos.append(path.name)
                continue
            if path in self._tiles:
                continue
            tile = _Tile(path, self.remove_file)
            self._tiles[path] = tile
            self._files.append(path)
            self._row.insertWidget(self._row.count() - 1, tile)
        if not_photos:
            self.refused.emit(
                self.tr(
                    "{names}: only photos (JPEG, PNG, WebP, HEIC) and PDF files can be attached."
                ).format(names=", ".join(not_photos))
            )
        self._changed()

    def remove_file(self, path: Path) -> None:
        """Take a file out of the strip (the Remove button, or once it is attached)."""
        tile = self._tiles.pop(path, None)
        if tile is None:
            return
        self._files.remove(path)
        self._row.removeWidget(tile)
        tile.deleteLater()
        self._changed()

    def clear(self) -> None:
        """No files chosen."""
        for path in list(self._files):
            self.remove_file(path)

    def tile(self, path: Path) -> QFrame | None:
        """The thumbnail tile of a chosen file, for tests and screenshots."""
        return self._tiles.get(path)

    def pick_files(self) -> None:
        """The system's file picker, several files at once."""
        chosen, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add photos"),
            "",
            QCoreApplication.translate("AttachmentStrip", PICKER_FILTER),
        )
        self.add_files(Path(name) for name in chosen)

    def attach_to(
        self,
        *,
        database: StoreDatabase,
        data_dir: Path,
        staff: SignedIn,
        case_ref: uuid.UUID,
    ) -> AttachOutcome:
        """Attach each chosen file to the saved case; attached and refused files leave the strip."""
        attached: list[str] = []
        refused: list[tuple[str, str]] = []
        kept: list[tuple[str, str]] = []
        for path in self.files():
            try:
                attach_file(
                    database=database,
                    data_dir=data_dir,
                    staff=staff,
                    case_ref=case_ref,
                    source=path,
                )
            except (InputError, NotFoundError) as error:
                refused.append((path.name, str(error)))
                self.remove_file(path)
            except StorageError as error:
                kept.append((path.name, str(error)))
                tile = self._tiles.get(path)
                if tile is not None:
                    set_style_property(tile, "failed", "true")
            else:
                attached.append(path.name)
                self.remove_file(path)
        return AttachOutcome(tuple(attached), tuple(refused), tuple(kept))

    # ------------------------------------------------------------------ drag and drop

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt's name)
        """Accept files from the desktop or a file manager; anything else is not a photo."""
        if event.mimeData().hasUrls() and any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt's name)
        """Add the dropped files."""
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_files(paths)

    def _changed(self) -> None:
        # Room for a row of tiles and the scroll bar under it, so no tile is cut off.
        tile_height = max((tile.sizeHint().height() for tile in self._tiles.values()), default=0)
        scroll_bar = self.tiles_area.horizontalScrollBar().sizeHint().height()
        self.tiles_area.setMinimumHeight(tile_height + scroll_bar + 4)
        self.tiles_area.setVisible(bool(self._files))
        self.hint.setText(
            self.tr("{count} chosen; drop more here").format(count=len(self._files))
            if self._files
            else self.tr("or drop photos here")
        )
        self.files_changed.emit(len(self._files))
