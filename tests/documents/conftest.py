"""Shared fixtures for the document tests: the demo store, seeded once, copied per test.

Documents are checked with tools that did not write them: poppler's
``pdftotext``, ``pdfinfo`` and ``pdftoppm`` (package poppler-utils) read the
PDFs, and zbar's ``zbarimg`` (package zbar-tools) reads the barcodes from a
203-dpi raster, the resolution of a thermal printer. A missing tool fails the
test with the package to install; it never skips.
"""

import re
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from counter_app.domain.staff import Role
from counter_app.services.database import StoreDatabase, open_store_database
from counter_app.services.demo import seed_demo_store
from counter_app.services.staff import SignedIn

DEMO_NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
PRINTER_DPI = 203
POINTS_PER_MM = 72 / 25.4

TOOLS = {
    "pdftotext": "poppler-utils",
    "pdfinfo": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "pdffonts": "poppler-utils",
    "pdfimages": "poppler-utils",
    "zbarimg": "zbar-tools",
}


def tool(name: str) -> str:
    """The path of a checking tool, or a failed test saying which package brings it."""
    found = shutil.which(name)
    if found is None:
        pytest.fail(
            f"{name} is not installed: install the Debian package {TOOLS[name]} "
            f"(apt-get install -y {TOOLS[name]}) to check documents independently."
        )
    return found


def run(*command: str) -> str:
    """Run a checking tool and return what it printed (its stderr is kept out)."""
    result = subprocess.run(
        [tool(command[0]), *command[1:]], capture_output=True, check=False, timeout=60
    )
    if result.returncode not in (0, 4):  # zbarimg answers 4 when it found no code
        raise AssertionError(
            f"{command[0]} failed ({result.returncode}): {result.stderr.decode(errors='replace')}"
        )
    return result.stdout.decode("utf-8")


@dataclass(frozen=True)
class Pdf:
    """A rendered PDF on disk with the independent readings of it."""

    path: Path

    def text(self) -> str:
        return run("pdftotext", "-layout", "-enc", "UTF-8", str(self.path), "-")

    def page_size(self) -> tuple[float, float]:
        for line in run("pdfinfo", str(self.path)).splitlines():
            if line.startswith("Page size:"):
                parts = line.split()
                return float(parts[2]), float(parts[4])
        raise AssertionError("pdfinfo gave no page size")

    def pages(self) -> int:
        for line in run("pdfinfo", str(self.path)).splitlines():
            if line.startswith("Pages:"):
                return int(line.split()[1])
        raise AssertionError("pdfinfo gave no page count")

    def words(self) -> list[dict[str, Any]]:
        """Each word with its box in points (pdftotext -bbox)."""
        html = run("pdftotext", "-bbox", "-enc", "UTF-8", str(self.path), "-")
        found = []
        for match in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            html,
        ):
            found.append(
                {
                    "x_min": float(match.group(1)),
                    "y_min": float(match.group(2)),
                    "x_max": float(match.group(3)),
                    "y_max": float(match.group(4)),
                    "text": match.group(5).replace("&amp;", "&"),
                }
            )
        return found

    def images(self) -> list[str]:
        """The bitmaps inside the PDF, one line each (pdfimages -list, headings left out)."""
        return run("pdfimages", "-list", str(self.path)).splitlines()[2:]

    def fonts(self) -> str:
        return run("pdffonts", str(self.path))

    def raster(self) -> Path:
        """The first page at the thermal printer's 203 dpi, as a PNG."""
        stem = self.path.with_suffix("")
        run(
            "pdftoppm",
            "-r",
            str(PRINTER_DPI),
            "-png",
            "-singlefile",
            "-f",
            "1",
            "-l",
            "1",
            str(self.path),
            str(stem),
        )
        return stem.with_suffix(".png")

    def barcodes(self, symbology: str) -> list[str]:
        """What zbar reads in the raster, for one symbology (``code128``, ``qrcode``)."""
        png = self.raster()
        out = run("zbarimg", "--raw", "-q", "-Sdisable", f"-S{symbology}.enable", str(png))
        return [line for line in out.splitlines() if line]

    def ink_box(self) -> tuple[int, int, int, int, int, int]:
        """Where anything is printed on the raster: (left, top, right, bottom, width, height)."""
        with Image.open(self.raster()) as image:
            grey = image.convert("L")
            inverted = grey.point(lambda value: 255 if value < 200 else 0)
            box = inverted.getbbox()
            assert box is not None, "the page is blank"
            return (*box, grey.width, grey.height)


@pytest.fixture
def pdf_file(tmp_path: Path) -> Any:
    """Write rendered PDF bytes to ``tmp_path`` and hand back the file to read with the tools."""

    def write(name: str, content: bytes) -> Pdf:
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(content)
        return Pdf(path)

    return write


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store, seeded once for the whole session (it takes seconds)."""
    folder = tmp_path_factory.mktemp("demo-template") / "data"
    database = open_store_database(folder).database
    try:
        seed_demo_store(database=database, now=DEMO_NOW)
    finally:
        database.dispose()  # checkpoints the WAL, so the folder copies as one file
    return folder


@dataclass
class Demo:
    """A private, open copy of the demo store, with raw SQL to pick cases out."""

    database: StoreDatabase
    folder: Path
    now: datetime = DEMO_NOW

    def sql(self, query: str, parameters: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(self.database.path)) as raw:
            return raw.execute(query, parameters).fetchall()

    def one(self, query: str, parameters: tuple[Any, ...] = ()) -> Any:
        rows = self.sql(query, parameters)
        assert rows, f"the demo store has no row for: {query}"
        return rows[0][0]

    def clerk(self) -> SignedIn:
        staff_id, store_id, name = self.sql(
            "SELECT id, store_id, name FROM staff WHERE role = 'clerk' ORDER BY name"
        )[0]
        return SignedIn(uuid.UUID(staff_id), uuid.UUID(store_id), name, Role.CLERK)


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator[Demo]:
    folder = tmp_path / "data"
    shutil.copytree(demo_template, folder)
    database = open_store_database(folder).database
    try:
        yield Demo(database, folder)
    finally:
        database.dispose()
