"""Notes added to a case after it was saved: what was done or promised since.

A note never changes the case itself; it is kept beside it, audited, sent to
head office and found by the case search like every other text of the case.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import col, select

from counter_app.domain.card_numbers import masking_notice
from counter_app.i18n import say, say_later
from counter_app.services.case_records import find_case
from counter_app.services.inputs import clean_free_text
from counter_app.services.recording import record_change
from counter_app.services.search import index_case
from counter_app.services.staff import SignedIn, require_active
from db.store.database import StoreDatabase
from db.store.models import CaseNote, Staff

NOTE_MAX_LENGTH = 2000
NOTE_LABEL = say_later("Note")


@dataclass(frozen=True)
class NoteView:
    """One note as a screen or a document shows it."""

    id: uuid.UUID
    case_id: uuid.UUID
    author: str
    body: str
    created_at: datetime


@dataclass(frozen=True)
class AddedNote:
    """The saved note, and why what was typed was changed before saving (a card number)."""

    note: NoteView
    notices: tuple[str, ...] = ()


def add_note(
    *,
    database: StoreDatabase,
    staff: SignedIn,
    case_ref: uuid.UUID | str,
    body: object,
    now: datetime | None = None,
) -> AddedNote:
    """Add a note to a case, with its audit event and outbox row, in one transaction.

    Any case can take a note, closed ones too: a call back after closing is
    worth keeping. A card number typed by mistake is kept as its last four digits.

    Raises:
        InputError: the note is empty, too long or holds characters that cannot be kept.
        NotFoundError: no such case.
    """
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    with database.write() as session:
        author = require_active(session, staff)
        case = find_case(session, case_ref)
        text, masked_last_fours = clean_free_text(
            body, field="note", label=NOTE_LABEL, max_length=NOTE_MAX_LENGTH, multiline=True
        )
        note = CaseNote(
            store_id=case.store_id,
            case_id=case.id,
            staff_id=author.id,
            body=text,
            created_at=moment,
        )
        session.add(note)
        details: dict[str, object] = {"number": case.number, "note_id": str(note.id), "note": text}
        if masked_last_fours:
            details["card_number_masked"] = True
        record_change(
            session,
            store_id=case.store_id,
            staff_id=author.id,
            action="case.note_added",
            entity="case_note",
            entity_id=str(note.id),
            case_id=case.id,
            details=details,
            outbox_payload={
                "note_id": str(note.id),
                "case_id": str(case.id),
                "number": case.number,
                "staff_id": str(author.id),
                "body": text,
                "created_at": moment.isoformat(),
            },
            now=moment,
        )
        index_case(session, case.id)
        notices = (masking_notice(say(NOTE_LABEL), masked_last_fours),) if masked_last_fours else ()
        return AddedNote(NoteView(note.id, case.id, author.name, text, moment), notices)


def notes_of_case(*, database: StoreDatabase, case_ref: uuid.UUID | str) -> list[NoteView]:
    """A case's notes, oldest first, with who wrote each."""
    with database.read() as session:
        case = find_case(session, case_ref)
        rows = session.exec(
            select(CaseNote, Staff.name)
            .join(Staff, col(Staff.id) == col(CaseNote.staff_id))
            .where(CaseNote.case_id == case.id)
            .order_by(col(CaseNote.created_at), col(CaseNote.id))
        ).all()
        return [
            NoteView(note.id, note.case_id, name, note.body, note.created_at) for note, name in rows
        ]
