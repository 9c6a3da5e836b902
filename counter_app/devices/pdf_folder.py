"""Saving a document as a PDF in a folder: the printer of a counter with no printer yet.

The file is named from the reference and the document (``S012-20261123-0042-receipt.pdf``)
so staff find it by the case number. It appears whole or not at all: it is
written beside its final name and linked into place, which refuses to replace
a file already there. A different document under that name (a reprint, an
earlier case of the same number on another PC) is kept and the new one gets
``-2``, ``-3``...; the same job sent again after a crash finds its own file and
is done.
"""

import errno
import os
import re
import tempfile
from contextlib import suppress
from pathlib import Path

from counter_app.devices.base import Destination, DocumentJob, PrinterError
from counter_app.i18n import say

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MOST_COPIES = 999


def pdf_name(reference: str, document: str, copy: int = 1) -> str:
    """The file name of a saved document: safe on every file system, readable by staff."""
    stem = _UNSAFE.sub("_", f"{reference}-{document}").strip("._") or document
    return f"{stem}.pdf" if copy == 1 else f"{stem}-{copy}.pdf"


def _place_without_replacing(temporary: Path, target: Path) -> bool:
    """Move ``temporary`` to ``target`` unless ``target`` exists; True when it was placed."""
    try:
        if os.name == "nt":
            os.rename(temporary, target)  # Windows refuses to rename over an existing file
        else:
            os.link(temporary, target)  # POSIX: link refuses an existing name, atomically
            temporary.unlink()
    except FileExistsError:
        return False
    return True


def _same_content(path: Path, content: bytes) -> bool:
    try:
        return path.read_bytes() == content
    except OSError:
        return False


def save_pdf(folder: Path, reference: str, document: str, content: bytes) -> Path:
    """Write ``content`` under the first free name :func:`pdf_name` gives; never replace.

    Returns the file written, or the file that already held exactly this content.

    Raises:
        OSError: the folder cannot be made or written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(dir=folder, prefix=".saving-", suffix=".pdf.tmp")
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        for copy in range(1, MOST_COPIES + 1):
            target = folder / pdf_name(reference, document, copy)
            if _same_content(target, content):
                return target
            if _place_without_replacing(temporary, target):
                return target
        raise OSError(errno.EEXIST, f"{MOST_COPIES} copies of this document are already there")
    finally:
        with suppress(OSError):
            temporary.unlink()


class PdfFolderPrinter:
    """Saves each job's PDF in the destination's folder."""

    def send(self, job: DocumentJob, destination: Destination) -> None:
        """Save the job's PDF; a folder that cannot be written leaves the job queued."""
        if destination.folder is None:
            raise PrinterError(
                say(
                    "No folder is chosen to save the {document} in. Choose one in Settings; "
                    "the {document} stays queued."
                ).format(document=job.words)
            )
        try:
            content = job.pdf.read_bytes()
        except OSError as error:
            raise PrinterError(
                say(
                    "The {document} for {reference} could not be read from the print queue "
                    "({problem}); print it again from the case."
                ).format(
                    document=job.words, reference=job.reference, problem=error.strerror or error
                )
            ) from error
        try:
            save_pdf(destination.folder, job.reference, job.document, content)
        except OSError as error:
            raise PrinterError(
                say(
                    "The {document} could not be saved in {folder}: {problem}. Check the folder "
                    "exists and can be written to; the {document} stays queued."
                ).format(
                    document=job.words,
                    folder=destination.folder,
                    problem=error.strerror or error,
                )
            ) from error
