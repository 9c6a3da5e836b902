"""Photos and documents attached to a case, stored once per content in the data folder.

A file is checked before anything is saved: its size, its type by content
(never by its name: a renamed program is not a photo), and for a photo that
it really decodes, so a half-copied picture is refused at the counter rather
than discovered by head office. The bytes are kept at
``attachments/<sha[:2]>/<sha256>``: the same photo on two cases is stored
once, and sync uploads each file by its hash. A file is written under a
temporary name, flushed to disk and renamed, so a crash never leaves half a
file under the final name; if the unit of work then fails, a file it created
is removed again.
"""

import hashlib
import io
import os
import re
import tempfile
import unicodedata
import uuid
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from sqlmodel import col, select

from counter_app.domain.case_state import CaseStatus
from counter_app.domain.validation import InputError
from counter_app.i18n import say
from counter_app.services.case_records import find_case
from counter_app.services.database import DataFolderError
from counter_app.services.durable_files import disk_problem
from counter_app.services.errors import NotFoundError
from counter_app.services.recording import record_change
from counter_app.services.staff import SignedIn, require_active
from counter_app.services.store_setup import load_store
from db.store.database import StoreDatabase
from db.store.models import Attachment

MAX_BYTES = 15 * 1024 * 1024
ATTACHMENTS_FOLDER = "attachments"
MAX_NAME_LENGTH = 255
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_HEIF_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"})
_PDF_END_WINDOW = 2048

MEDIA_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "HEIF": "image/heic",
    "PDF": "application/pdf",
}


@dataclass(frozen=True)
class AttachmentView:
    """An attachment as the case screen lists it; its file is found by ``sha256``."""

    id: uuid.UUID
    case_id: uuid.UUID
    sha256: str
    filename: str
    media_type: str
    size_bytes: int
    created_at: datetime

    @property
    def is_image(self) -> bool:
        """Whether the screen can show a thumbnail of it."""
        return self.media_type.startswith("image/")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def clean_display_name(raw: str) -> str:
    """The file's name as typed by someone else, made safe to show: no path, no hidden tricks.

    The name is only ever shown, never used as a path: the file is stored by its hash.
    """
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        character
        for character in name
        if unicodedata.category(character) not in {"Cc", "Cs", "Zl", "Zp"}
        and character not in _DIRECTION_CONTROLS
    )
    name = " ".join(name.split()).strip(" .")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and stem and len(extension) <= 10:
            name = f"{stem[: MAX_NAME_LENGTH - len(extension) - 1]}.{extension}"
        else:
            name = name[:MAX_NAME_LENGTH]
    return name or "attachment"


def _read(source: Path, name: str) -> bytes:
    """The file's bytes, refusing a missing, unreadable, empty or oversized file."""
    try:
        if source.is_dir():
            raise InputError.single(
                "file", say("{name} is a folder; choose a photo or a PDF in it.").format(name=name)
            )
        size = source.stat().st_size
        if size > MAX_BYTES:
            raise InputError.single(
                "file",
                say(
                    "{name} is {size}; a file can be at most {limit}. "
                    "Take the photo again at a lower resolution, or attach a smaller copy."
                ).format(name=name, size=_megabytes(size), limit=_megabytes(MAX_BYTES)),
            )
        with source.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except InputError:
        raise
    except (FileNotFoundError, ValueError):  # ValueError: a path no file can have (a NUL in it)
        raise InputError.single(
            "file",
            say("{name} could not be found; it may have been moved. Choose it again.").format(
                name=name
            ),
        ) from None
    except PermissionError:
        raise InputError.single(
            "file",
            say("{name} could not be read: this PC's user may not open it.").format(name=name),
        ) from None
    except OSError as error:
        raise InputError.single(
            "file",
            say("{name} could not be read ({error}); choose it again.").format(
                name=name, error=error.strerror or error
            ),
        ) from None
    if len(data) > MAX_BYTES:  # it grew while we looked
        raise InputError.single(
            "file",
            say("{name} is larger than {limit}, the most a file can be.").format(
                name=name, limit=_megabytes(MAX_BYTES)
            ),
        )
    if not data:
        raise InputError.single(
            "file", say("{name} is empty; there is nothing in it to attach.").format(name=name)
        )
    return data


def _kind_by_content(data: bytes) -> str | None:
    """What the first bytes say the file is, whatever its name claims."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return "HEIF"
    if data.startswith(b"%PDF-"):
        return "PDF"
    return None


def _check_image(data: bytes, kind: str, name: str) -> None:
    """Decode the whole picture: a damaged, truncated or disguised file is refused."""
    damaged = InputError.single(
        "file",
        say(
            "{name} is damaged or incomplete: the picture in it does not open. "
            "Copy it again from the camera or phone."
        ).format(name=name),
    )
    with warnings.catch_warnings():
        # Pillow's warnings about odd metadata mean nothing to a clerk if the picture decodes;
        # only the decompression-bomb warning matters, and it refuses the file.
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                if image.format != kind:
                    raise damaged
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                # A photo is decoded at an eighth of its size where the format allows
                # (JPEG): every byte is still read, at a fraction of the memory.
                image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise InputError.single(
                "file",
                say(
                    "{name} has too many pixels to open safely; attach a smaller copy of the photo."
                ).format(name=name),
            ) from None
        except UnidentifiedImageError:
            if kind == "HEIF":
                raise InputError.single(
                    "file",
                    say(
                        "{name} is a HEIC photo, which this PC cannot open to check. Save it as "
                        "JPEG on the phone (or set the camera to 'Most compatible') "
                        "and attach that."
                    ).format(name=name),
                ) from None
            raise damaged from None
        except InputError:
            raise
        # Pillow reports damaged data with many exception types (OSError, SyntaxError,
        # ValueError, struct.error, EOFError...); each means the same to the clerk.
        except Exception:
            raise damaged from None


def _check_pdf(data: bytes, name: str) -> None:
    if b"%%EOF" not in data[-_PDF_END_WINDOW:]:
        raise InputError.single(
            "file",
            say(
                "{name} is an incomplete PDF: its end is missing. Save or download it again."
            ).format(name=name),
        )


def inspect_file(data: bytes, name: str) -> str:
    """The media type of ``data`` if it is a photo or PDF we accept; refuses anything else."""
    kind = _kind_by_content(data)
    if kind is None:
        raise InputError.single(
            "file",
            say(
                "{name} is not a photo or a PDF. Only JPEG, PNG, WebP and HEIC photos and PDF "
                "files can be attached, whatever the file's name says."
            ).format(name=name),
        )
    if kind == "PDF":
        _check_pdf(data, name)
    else:
        _check_image(data, kind, name)
    return MEDIA_TYPES[kind]


def _blob_path(data_dir: Path, sha256: str) -> Path:
    return data_dir / ATTACHMENTS_FOLDER / sha256[:2] / sha256


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles to flush."""
    if os.name != "posix":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems cannot flush a folder; the file itself is already on disk
    finally:
        os.close(descriptor)


def _store_blob(data_dir: Path, sha256: str, data: bytes) -> Path | None:
    """Write the bytes under their hash unless a sound copy is there; the path if created.

    Raises:
        DataFolderError: the data folder cannot be written (full disk, no rights).
    """
    final = _blob_path(data_dir, sha256)
    existed = final.is_file()
    try:
        if existed and hashlib.sha256(final.read_bytes()).hexdigest() == sha256:
            return None
        # Missing, or a copy the disk damaged: (re)write it whole.
        final.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(
            dir=final.parent, prefix=f".{sha256[:12]}-", suffix=".partial"
        )
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            Path(temporary).replace(final)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _sync_folder(final.parent)
    except OSError as error:
        raise DataFolderError(
            say(
                "The file could not be saved in the data folder ({error}), so "
                "nothing was attached. Check that the disk has free space, then try again."
            ).format(error=disk_problem(error))
        ) from error
    return None if existed else final


def _view(row: Attachment) -> AttachmentView:
    return AttachmentView(
        row.id,
        row.case_id,
        row.sha256,
        row.filename,
        row.media_type,
        row.size_bytes,
        row.created_at,
    )


def attach_file(
    *,
    database: StoreDatabase,
    data_dir: Path,
    staff: SignedIn,
    case_ref: uuid.UUID | str,
    source: Path,
    now: datetime | None = None,
) -> AttachmentView:
    """Attach a photo or PDF to a case: checked, stored by its hash, recorded, all or nothing.

    Raises:
        InputError: the file is missing, empty, too big, not a photo or PDF, damaged,
            already attached to this case; or the case is closed.
        NotFoundError: no such case.
        DataFolderError: the data folder cannot be written.
    """
    if isinstance(source, str) and source.strip():
        source = Path(source)
    if not isinstance(source, Path):
        raise InputError.single("file", say("Choose a photo or a PDF to attach."))
    name = clean_display_name(source.name)
    data = _read(source, name)
    media_type = inspect_file(data, name)
    sha256 = hashlib.sha256(data).hexdigest()
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    created: Path | None = None
    try:
        with database.write() as session:
            require_active(session, staff)
            store = load_store(session)
            case = find_case(session, case_ref)
            if case.status == CaseStatus.CLOSED.value:
                raise InputError.single(
                    "number",
                    say("Case {number} is closed; reopen it to add a file.").format(
                        number=case.number
                    ),
                )
            already = session.exec(
                select(Attachment).where(Attachment.case_id == case.id, Attachment.sha256 == sha256)
            ).first()
            if already is not None:
                raise InputError.single(
                    "file",
                    say(
                        "This file is already attached to case {number} "
                        "(as {name}); there is no need to add it again."
                    ).format(number=case.number, name=already.filename),
                )
            created = _store_blob(data_dir, sha256, data)
            row = Attachment(
                store_id=store.id,
                case_id=case.id,
                sha256=sha256,
                filename=name,
                media_type=media_type,
                size_bytes=len(data),
                created_at=moment,
            )
            session.add(row)
            session.flush()
            record_change(
                session,
                store_id=store.id,
                staff_id=staff.staff_id,
                action="attachment.added",
                entity="attachment",
                entity_id=str(row.id),
                case_id=case.id,
                details={
                    "number": case.number,
                    "filename": name,
                    "sha256": sha256,
                    "size_bytes": len(data),
                    "media_type": media_type,
                },
                outbox_payload={
                    "id": str(row.id),
                    "case_id": str(case.id),
                    "sha256": sha256,
                    "size_bytes": len(data),
                    "media_type": media_type,
                    "filename": name,
                    "created_at": moment.isoformat(),
                },
                now=moment,
            )
            view = _view(row)
    except BaseException:
        # The write lock was held since the file was created, so no other case can
        # have come to rely on it: it goes with the unit of work that made it.
        if created is not None:
            created.unlink(missing_ok=True)
        raise
    return view


def list_attachments(*, database: StoreDatabase, case_ref: uuid.UUID | str) -> list[AttachmentView]:
    """A case's attachments, oldest first."""
    with database.read() as session:
        case = find_case(session, case_ref)
        rows = session.exec(
            select(Attachment)
            .where(Attachment.case_id == case.id)
            .order_by(col(Attachment.created_at), col(Attachment.filename))
        ).all()
        return [_view(row) for row in rows]


def attachment_path(*, data_dir: Path, sha256: str) -> Path:
    """Where an attachment's bytes are, to show a thumbnail or open the file.

    Raises:
        NotFoundError: not a stored file's hash, or the file is gone from the data folder.
    """
    if not _SHA256.match(sha256):
        raise NotFoundError(say("That is not an attachment of this store."))
    path = _blob_path(data_dir, sha256)
    if not path.is_file():
        raise NotFoundError(
            say("The file of this attachment is missing from the data folder; attach it again.")
        )
    return path
