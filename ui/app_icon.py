"""Counter's mark as a Windows icon file (.ico), drawn from ``assets/counter.svg``.

Windows shows a program's icon from its .exe: in Explorer, the Start menu, the
taskbar pin, shortcuts and Apps. The build (``build.spec``) writes this file and
gives it to both starters and to the installer, so none of them shows a generic
icon. Each size is drawn from the SVG itself rather than shrunk from the largest,
so the 16-pixel one in a list stays sharp.

    python -m ui.app_icon counter.ico
"""

import sys
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageQt
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from assets import asset_path

# The sizes Windows picks from: lists and menus (16-32 at 100-200 % scaling), the desktop
# and Explorer's views (48-64), and the large tiles and Alt+Tab (128, 256).
ICON_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def mark_image(size: int) -> Image.Image:
    """The mark drawn at ``size`` x ``size`` pixels, on a transparent background."""
    renderer = QSvgRenderer(str(asset_path("counter.svg")))
    if not renderer.isValid():
        raise ValueError("assets/counter.svg is not an SVG Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return ImageQt.fromqimage(image).convert("RGBA")


def write_windows_icon(target: Path) -> Path:
    """Write the mark at every size of :data:`ICON_SIZES` into one .ico file at ``target``."""
    images = [mark_image(size) for size in ICON_SIZES]
    largest = images[-1]
    target.parent.mkdir(parents=True, exist_ok=True)
    largest.save(
        target,
        format="ICO",
        sizes=[image.size for image in images],
        append_images=images[:-1],
    )
    return target


def main(argv: Sequence[str] | None = None) -> int:
    """Write the icon to the file named on the command line."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if len(arguments) != 1:
        print("usage: python -m ui.app_icon FILE.ico", file=sys.stderr)
        return 2
    print(write_windows_icon(Path(arguments[0])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
