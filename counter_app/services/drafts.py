"""Drafts: a case being built on a screen, kept on disk so a crash or power cut loses nothing.

A draft is the screen's own form, as JSON, in ``<data folder>/drafts/``, one
file per kind of screen and person. It is written whole to a temporary file,
flushed to disk and renamed over the old one, so a crash mid-write leaves the
previous draft, never half of one. Saving the case deletes its draft.
"""

import contextlib
import json
import os
import tempfile
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from counter_app.domain.validation import InputError
from counter_app.i18n import say

DRAFTS_FOLDER = "drafts"
KINDS = frozenset({"return", "exchange", "complaint"})
MAX_DRAFT_BYTES = 1_000_000


@dataclass(frozen=True)
class Draft:
    """A form left unfinished: what kind, whose, when, and the form itself."""

    kind: str
    staff_id: uuid.UUID
    saved_at: datetime
    form: dict[str, Any]


def _path(data_dir: Path, kind: str, staff_id: uuid.UUID) -> Path:
    if kind not in KINDS:
        raise InputError.single(
            "kind", say("There is no draft of a {kind}.").format(kind=repr(kind))
        )
    return data_dir / DRAFTS_FOLDER / f"{kind}-{staff_id.hex}.json"


def save_draft(
    *,
    data_dir: Path,
    kind: str,
    staff_id: uuid.UUID,
    form: Mapping[str, Any],
    now: datetime | None = None,
) -> None:
    """Keep ``form`` as the draft of this screen and person, replacing the last one whole."""
    path = _path(data_dir, kind, staff_id)
    document = {
        "kind": kind,
        "staff_id": staff_id.hex,
        "saved_at": (now or datetime.now(UTC)).astimezone(UTC).isoformat(),
        "form": dict(form),
    }
    text = json.dumps(document, ensure_ascii=False, default=str)
    if len(text.encode("utf-8")) > MAX_DRAFT_BYTES:
        raise InputError.single("form", say("This form is too large to keep as a draft."))
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=path.stem, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
    """Forget the draft (the case was saved, or the clerk chose to start afresh)."""
    _path(data_dir, kind, staff_id).unlink(missing_ok=True)
