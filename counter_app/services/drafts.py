"""Drafts: a case being built on a screen, kept on disk so a crash or power cut loses nothing.

A draft is the screen's own form, as JSON, in ``<data folder>/drafts/``, one
file per kind of screen and person. It is written whole to a temporary file,
flushed to disk and renamed over the old one, so a crash mid-write leaves the
previous draft, never half of one. Saving the case deletes its draft.
"""

import contextlib
import json
import logging
import os
import tempfile
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from counter_app.domain.validation import InputError, as_id
from counter_app.i18n import say
from counter_app.services.durable_files import disk_problem
from counter_app.services.errors import ServiceError

log = logging.getLogger("counter.drafts")

DRAFTS_FOLDER = "drafts"
KINDS = frozenset({"return", "exchange", "complaint"})
MAX_DRAFT_BYTES = 1_000_000


class DraftNotKeptError(ServiceError):
    """The draft file could not be written (a full or read-only disk); the last one stays."""


@dataclass(frozen=True)
class Draft:
    """A form left unfinished: what kind, whose, when, and the form itself."""

    kind: str
    staff_id: uuid.UUID
    saved_at: datetime
    form: dict[str, Any]


def _person(staff_id: uuid.UUID) -> uuid.UUID:
    person = as_id(staff_id)
    if person is None:
        raise InputError.single(
            "staff_id", say("That staff member is not on this store's active staff.")
        )
    return person


def _path(data_dir: Path, kind: str, staff_id: uuid.UUID) -> Path:
    if not isinstance(kind, str) or kind not in KINDS:
        raise InputError.single(
            "kind", say("There is no draft of a {kind}.").format(kind=repr(kind)[:40])
        )
    return data_dir / DRAFTS_FOLDER / f"{kind}-{_person(staff_id).hex}.json"


def save_draft(
    *,
    data_dir: Path,
    kind: str,
    staff_id: uuid.UUID,
    form: Mapping[str, Any],
    now: datetime | None = None,
) -> None:
    """Keep ``form`` as the draft of this screen and person, replacing the last one whole.

    Raises:
        InputError: the form cannot be kept as JSON, or is too large.
        DraftNotKeptError: the disk refused the file; the previous draft is as it was.
    """
    path = _path(data_dir, kind, staff_id)
    cannot_keep = InputError.single("form", say("This form cannot be kept as a draft."))
    if not isinstance(form, Mapping):
        raise cannot_keep
    document = {
        "kind": kind,
        "staff_id": _person(staff_id).hex,
        "saved_at": (now or datetime.now(UTC)).astimezone(UTC).isoformat(),
        "form": dict(form),
    }
    try:
        encoded = json.dumps(document, ensure_ascii=False, default=str).encode("utf-8")
    except (TypeError, ValueError):  # keys that are not text, or broken characters
        raise cannot_keep from None
    if len(encoded) > MAX_DRAFT_BYTES:
        raise InputError.single("form", say("This form is too large to keep as a draft."))
    text = encoded.decode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=path.stem, suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise DraftNotKeptError(_not_kept(error)) from error
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise DraftNotKeptError(_not_kept(error)) from error
        raise


def _not_kept(error: OSError) -> str:
    return say(
        "This form could not be kept as a draft: {problem}. What is typed stays on the screen; "
        "ask IT to check the data folder's disk."
    ).format(problem=disk_problem(error))


def load_draft(*, data_dir: Path, kind: str, staff_id: uuid.UUID) -> Draft | None:
    """The draft left on this screen by this person, if any; a damaged file counts as none."""
    path = _path(data_dir, kind, staff_id)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return Draft(
            kind=str(document["kind"]),
            staff_id=uuid.UUID(str(document["staff_id"])),
            saved_at=datetime.fromisoformat(str(document["saved_at"])),
            form=dict(document["form"]),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        # A draft is a convenience: one that cannot be read is set aside, not an error.
        with contextlib.suppress(OSError):
            path.replace(path.with_suffix(".damaged"))
        return None


def discard_draft(*, data_dir: Path, kind: str, staff_id: uuid.UUID) -> None:
    """Forget the draft (the case was saved, or the clerk chose to start afresh).

    A disk that refuses (read-only) leaves the file: the clerk's form is already
    cleared, and the draft is only offered again, never saved as a case.
    """
    path = _path(data_dir, kind, staff_id)
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        log.warning("the draft %s was not removed: %s", path, error)
