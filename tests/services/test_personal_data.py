"""Customers' personal data: kept only with consent, erased after the retention, exported.

Every test runs the real services on a copy of the seeded store file and reads
the results back from the file itself (rows, outbox payloads, the audit chain,
the search index and the raw bytes of the database).
"""

import io
import json
import random
import shutil
import sqlite3
import uuid
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image
from summary_day import DAY, generate

from counter_app.domain.personal_data import erase_event_payload
from counter_app.domain.staff import Role
from counter_app.domain.validation import InputError
from counter_app.services import cases, intake
from counter_app.services.attachments import attach_file
from counter_app.services.audit import verify_audit_chain
from counter_app.services.case_history import case_history
from counter_app.services.case_notes import add_note
from counter_app.services.customers import find_customers
from counter_app.services.errors import NotFoundError, PermissionDeniedError
from counter_app.services.personal_data import (
    ExportNotWrittenError,
    export_customer,
    months_before,
    purge_in_session,
    purge_personal_data,
)
from counter_app.services.policy import save_policy
from counter_app.services.search import CaseQuery, search_cases
from counter_app.services.staff import SignedIn
from counter_app.services.store_credit import issue_voucher
from counter_app.services.store_setup import load_store
from counter_app.services.summary import daily_summary
from counter_app.services.walk_ins import add_walk_in, finish_walk_in
from db.store.opening import DATABASE_FILENAME, open_store

# The store's retention is the default 24 months; the purge runs 24 months and 10 days on,
# so a case closed in the first 10 days after CASE_NOW is past it, one closed later is not.
PURGE_DELAY = timedelta(days=365 * 2 + 10)


@dataclass(frozen=True)
class Person:
    name: str
    phone: str
    email: str
    summary: str
    note: str


OLD = Person(
    "Aoife Byrne",
    "+353 87 111 2233",
    "aoife.byrne@example.ie",
    "Kettle from Aoife's kitchen",
    "Rang Aoife at home about her kettle",
)
RECENT = Person(
    "Dmitri Volkov", "+353 86 444 5566", "dmitri@example.ie", "Toaster crumbs", "Called Dmitri"
)
STILL_OPEN = Person(
    "Zoe Murphy", "+353 85 777 8899", "zoe.murphy@example.ie", "Loose handle", "Zoe will call"
)


def _photo(folder: Path) -> Path:
    rng = random.Random(7)
    image = Image.new("RGB", (32, 24))
    image.putdata([(rng.randrange(256), rng.randrange(256), 0) for _ in range(32 * 24)])
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    path = folder / "aoife-at-the-counter.png"
    path.write_bytes(buffer.getvalue())
    return path


def _customer_case(
    seeded, person: Person, *, closed_after: timedelta | None, photo: Path | None = None
) -> uuid.UUID:
    """A complaint of ``person`` with a note (and a photo), closed ``closed_after`` CASE_NOW."""
    opened = intake.open_case(
        database=seeded.database,
        staff=seeded.clerk,
        request=seeded.complaint_request(
            summary=person.summary,
            customer={
                "name": person.name,
                "phone": person.phone,
                "email": person.email,
                "consent": True,
            },
        ),
        now=seeded.now,
    )
    add_note(
        database=seeded.database,
        staff=seeded.clerk,
        case_ref=opened.id,
        body=person.note,
        now=seeded.now + timedelta(minutes=5),
    )
    if photo is not None:
        attach_file(
            database=seeded.database,
            data_dir=seeded.folder,
            staff=seeded.clerk,
            case_ref=opened.id,
            source=photo,
            now=seeded.now + timedelta(minutes=10),
        )
    if closed_after is not None:
        for target in ("resolved", "closed"):
            cases.change_status(
                database=seeded.database,
                staff=seeded.clerk,
                case_ref=opened.id,
                target=target,
                now=seeded.now + closed_after,
            )
    return opened.id


@pytest.fixture
def three(seeded, tmp_path):
    """OLD's case closed an hour after it opened, RECENT's a month later, STILL_OPEN's open."""
    photos = tmp_path / "photos"
    photos.mkdir()
    old_case = _customer_case(seeded, OLD, closed_after=timedelta(hours=1), photo=_photo(photos))
    _customer_case(seeded, RECENT, closed_after=timedelta(days=30))
    _customer_case(seeded, STILL_OPEN, closed_after=None)
    return old_case


def _raw_bytes(seeded) -> bytes:
    """The database file and its WAL, as bytes, after a checkpoint."""
    with closing(sqlite3.connect(seeded.path)) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    wal = seeded.path.with_name(seeded.path.name + "-wal")
    return seeded.path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def _customer_row(seeded, name_or_none):
    return seeded.sql(
        "SELECT name, phone, email, email_key FROM customer WHERE name = ?", (name_or_none,)
    )


# --------------------------------------------------------------------------- consent


def test_phone_and_email_without_consent_are_refused_and_nothing_is_stored(seeded):
    before = seeded.snapshot()
    request = seeded.complaint_request(
        customer={
            "name": "Niamh Walsh",
            "phone": "+353 87 999 0001",
            "email": "niamh@example.ie",
            "consent": False,
        }
    )

    with pytest.raises(InputError) as refused:
        intake.open_case(
            database=seeded.database, staff=seeded.clerk, request=request, now=seeded.now
        )

    (problem,) = refused.value.problems
    assert problem.field == "customer"
    assert "consent" in problem.message
    assert seeded.snapshot() == before
    stored = _raw_bytes(seeded)
    for secret in (b"Niamh", b"999 0001", b"niamh@example.ie"):
        assert secret not in stored


def test_a_return_without_consent_keeps_no_customer_either(seeded):
    before = seeded.snapshot()
    request = seeded.return_request(
        customer={"name": "Niamh Walsh", "phone": "+353 87 999 0001", "consent": False}
    )

    with pytest.raises(InputError):
        intake.open_case(
            database=seeded.database, staff=seeded.clerk, request=request, now=seeded.now
        )

    assert seeded.snapshot() == before


def test_an_existing_customer_cannot_be_given_new_details_on_a_case(seeded):
    """There is no "edit customer" service: new details mean a new customer, asked again."""
    first = _customer_case(seeded, RECENT, closed_after=None)
    (customer_id,) = seeded.sql("SELECT customer_id FROM service_case WHERE id = ?", (first.hex,))[
        0
    ]
    before = seeded.snapshot()
    request = seeded.complaint_request(
        customer_id=str(uuid.UUID(customer_id)),
        customer={"name": RECENT.name, "phone": "+353 1 000 0000", "consent": False},
    )

    with pytest.raises(InputError):
        intake.open_case(
            database=seeded.database, staff=seeded.clerk, request=request, now=seeded.now
        )

    assert seeded.snapshot() == before
    assert seeded.sql("SELECT phone FROM customer") == [(RECENT.phone,)]


# --------------------------------------------------------------------------- retention


def test_months_before_keeps_to_the_calendar():
    moment = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)
    assert months_before(moment, 1) == datetime(2026, 2, 28, 12, 0, tzinfo=UTC)
    assert months_before(moment, 24) == datetime(2024, 3, 31, 12, 0, tzinfo=UTC)
    assert months_before(datetime(2028, 3, 29, tzinfo=UTC), 1) == datetime(2028, 2, 29, tzinfo=UTC)
    assert months_before(datetime(2026, 1, 15, tzinfo=UTC), 13) == datetime(
        2024, 12, 15, tzinfo=UTC
    )


def test_the_purge_erases_only_customers_whose_cases_are_all_closed_and_old(seeded, three):
    moment = seeded.now + PURGE_DELAY
    blobs = [path for path in (seeded.folder / "attachments").rglob("*") if path.is_file()]
    assert blobs, "the photo was stored"

    report = purge_personal_data(database=seeded.database, staff=seeded.manager, now=moment)

    assert (report.customers, report.cases, report.notes, report.attachments) == (1, 1, 1, 1)
    assert report.files_removed == 1
    assert report.events >= 3  # customer.added, case.opened, case.note_added, attachment.added
    assert not report.more_waiting
    # OLD: details gone; the customer row and the case stay, with their figures.
    assert seeded.sql(
        "SELECT name, phone, email, email_key, consent_at IS NOT NULL FROM customer "
        "WHERE id = (SELECT customer_id FROM service_case WHERE id = ?)",
        (three.hex,),
    ) == [("", None, None, None, 1)]
    assert seeded.sql(
        "SELECT c.summary, c.status, d.category, d.description, d.desired_outcome "
        "FROM service_case c JOIN complaintdetail d ON d.case_id = c.id WHERE c.id = ?",
        (three.hex,),
    ) == [("", "closed", "Product quality", "", "")]
    assert seeded.sql("SELECT body FROM case_note WHERE case_id = ?", (three.hex,)) == [("",)]
    assert seeded.sql("SELECT count(*) FROM attachment") == [(0,)]
    assert not [path for path in (seeded.folder / "attachments").rglob("*") if path.is_file()]
    # The others keep everything.
    kept = {row[0] for row in seeded.sql("SELECT name FROM customer")}
    assert kept == {"", RECENT.name, STILL_OPEN.name}
    # Nothing of OLD is found any more; the others still are.
    assert find_customers(database=seeded.database, text=OLD.phone) == []
    assert find_customers(database=seeded.database, text=OLD.email) == []
    assert search_cases(database=seeded.database, query=CaseQuery(text="Aoife")).rows == ()
    assert len(find_customers(database=seeded.database, text=RECENT.phone)) == 1
    # Outbox rows (what head office was or will be sent) no longer hold OLD's details.
    outbox = " ".join(row[0] for row in seeded.sql("SELECT payload FROM outbox"))
    for secret in (OLD.name, OLD.phone, OLD.email, OLD.summary, OLD.note, "aoife-at-the"):
        assert secret not in outbox
    assert RECENT.phone in outbox
    # The audit events of OLD's case keep their place but not the words typed about OLD.
    erased = seeded.sql("SELECT seq, details FROM auditevent WHERE erased_at IS NOT NULL")
    assert len(erased) == report.audit_events >= 2  # the note, the photo's file name
    audit = " ".join(row[0] for row in seeded.sql("SELECT details FROM auditevent"))
    for secret in (OLD.note, "aoife-at-the"):
        assert secret not in audit
    assert RECENT.note in audit
    # The purge's own audit event: counts, and the events it erased; the chain still verifies.
    ((details,),) = seeded.sql("SELECT details FROM auditevent WHERE action = 'customers.purged'")
    assert json.loads(details) == {
        "customers": 1,
        "cases": 1,
        "notes": 1,
        "attachments": 1,
        "walk_ins": 0,
        "retention_months": 24,
        "closed_before": months_before(moment, 24).isoformat(),
        "audit_events": [seq for seq, _ in erased],
    }
    chain = verify_audit_chain(database=seeded.database)
    assert chain.intact
    assert chain.events_erased == report.audit_events
    ((payload,),) = seeded.sql("SELECT payload FROM outbox WHERE kind = 'customers.purged'")
    data = json.loads(payload)["data"]
    assert data["case_ids"] == [str(three)]
    assert len(data["event_ids"]) == report.events
    assert len(data["attachments"]) == 1


def test_the_case_history_marks_the_steps_whose_words_were_erased(seeded, three):
    before = case_history(database=seeded.database, case_ref=three)
    assert not any(entry.erased for entry in before)
    purge_personal_data(
        database=seeded.database, staff=seeded.manager, now=seeded.now + PURGE_DELAY
    )

    after = case_history(database=seeded.database, case_ref=three)
    assert [entry.action for entry in after] == [entry.action for entry in before]
    erased = {entry.action: entry.text for entry in after if entry.erased}
    assert erased == {"case.note_added": "", "attachment.added": ""}
    assert [entry.text for entry in before if entry.action in erased] == [
        OLD.note,
        "aoife-at-the-counter.png",
    ]


def test_after_the_purge_the_file_no_longer_holds_the_customers_details(seeded, three):
    """Not in a row, an index, a free page or the WAL: name, phone and email are gone."""
    seeded.database.dispose()
    assert OLD.phone.encode() in _raw_bytes(seeded)

    purge_personal_data(
        database=seeded.database, staff=seeded.manager, now=seeded.now + PURGE_DELAY
    )
    seeded.database.dispose()

    stored = _raw_bytes(seeded)
    for secret in (OLD.name, OLD.phone, OLD.email, OLD.summary, OLD.note, "aoife-at-the"):
        assert secret.encode() not in stored, secret
    assert RECENT.phone.encode() in stored
    assert RECENT.note.encode() in stored


def test_audit_details_never_held_the_customers_details(seeded, three):
    """Only the words typed about a customer need erasing from the audit trail, never these."""
    details = " ".join(row[0] for row in seeded.sql("SELECT details FROM auditevent"))
    for person in (OLD, RECENT, STILL_OPEN):
        for secret in (person.name, person.phone, person.email):
            assert secret not in details


def test_a_dry_run_counts_and_writes_nothing(seeded, three):
    before = seeded.snapshot()

    report = purge_personal_data(
        database=seeded.database, staff=seeded.manager, dry_run=True, now=seeded.now + PURGE_DELAY
    )

    assert (report.customers, report.cases, report.notes, report.attachments) == (1, 1, 1, 1)
    assert report.dry_run
    assert seeded.snapshot() == before
    assert seeded.sql("SELECT count(*) FROM attachment") == [(1,)]


def test_never_keeps_the_details_and_a_second_purge_finds_nothing(seeded, three):
    save_policy(
        database=seeded.database,
        staff=seeded.manager,
        rules={"personal_data_months": None},
        now=seeded.now,
    )
    before = seeded.snapshot()
    kept = purge_personal_data(
        database=seeded.database, staff=seeded.manager, now=seeded.now + 10 * PURGE_DELAY
    )
    assert (kept.months, kept.customers) == (None, 0)
    assert seeded.snapshot() == before

    save_policy(
        database=seeded.database,
        staff=seeded.manager,
        rules={"personal_data_months": 24},
        now=seeded.now,
    )
    moment = seeded.now + PURGE_DELAY
    first = purge_personal_data(database=seeded.database, staff=seeded.manager, now=moment)
    after_first = seeded.snapshot()
    again = purge_personal_data(database=seeded.database, staff=seeded.manager, now=moment)
    assert (first.customers, again.customers) == (1, 0)
    assert seeded.snapshot() == after_first  # nothing due: no second audit event


def test_a_customer_with_a_voucher_still_worth_something_is_kept(seeded, three):
    (customer_id,) = seeded.sql("SELECT customer_id FROM service_case WHERE id = ?", (three.hex,))[
        0
    ]
    with seeded.database.write() as session:
        issue_voucher(
            session,
            store=load_store(session),
            staff_id=seeded.manager.staff_id,
            case_id=three,
            customer_id=uuid.UUID(customer_id),
            amount_cents=500,
            valid_days=3650,
            now=seeded.now,
        )

    report = purge_personal_data(
        database=seeded.database, staff=seeded.manager, now=seeded.now + PURGE_DELAY
    )

    assert report.customers == 0
    assert _customer_row(seeded, OLD.name)


def test_a_clerk_may_not_purge_nor_export(seeded, three):
    before = seeded.snapshot()
    with pytest.raises(PermissionDeniedError):
        purge_personal_data(database=seeded.database, staff=seeded.clerk, now=seeded.now)
    with pytest.raises(PermissionDeniedError):
        export_customer(database=seeded.database, staff=seeded.clerk, customer=OLD.email)
    assert seeded.snapshot() == before


def test_the_daily_summary_is_the_same_after_the_purge(seeded):
    """Every figure of a generated day survives the erasure of every customer of that day."""
    generate(seeded, seed=11)
    with closing(sqlite3.connect(seeded.path)) as raw, raw:
        case_ids = [row[0] for row in raw.execute("SELECT id FROM service_case ORDER BY rowid")]
        for index, case_id in enumerate(case_ids):
            customer_id = uuid.uuid4().hex
            raw.execute(
                "INSERT INTO customer (id, store_id, name, phone, email, email_key, consent_at, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    customer_id,
                    seeded.store.id.hex,
                    f"Customer {index}",
                    f"+353 87 000 {index:04d}",
                    f"c{index}@example.ie",
                    f"c{index}@example.ie",
                    "2026-06-01 10:00:00.000000",
                    "2026-06-01 10:00:00.000000",
                ),
            )
            raw.execute(
                "UPDATE service_case SET customer_id = ? WHERE id = ?", (customer_id, case_id)
            )
    resolved = seeded.sql("SELECT count(*) FROM service_case WHERE status = 'resolved'")[0][0]
    closed = seeded.sql("SELECT count(*) FROM service_case WHERE status = 'closed'")[0][0]
    # The resolved cases are closed the next day, as a store would; the summary is read after.
    for (case_id,) in seeded.sql("SELECT id FROM service_case WHERE status = 'resolved'"):
        cases.change_status(
            database=seeded.database,
            staff=seeded.manager,
            case_ref=uuid.UUID(case_id),
            target="closed",
            now=seeded.now + timedelta(days=2),
        )
    before = daily_summary(database=seeded.database, first_day=DAY)
    week = daily_summary(database=seeded.database, first_day=DAY - timedelta(days=14), last_day=DAY)

    report = purge_personal_data(
        database=seeded.database, staff=seeded.manager, now=seeded.now + PURGE_DELAY
    )

    assert report.customers == resolved + closed > 10
    assert daily_summary(database=seeded.database, first_day=DAY) == before
    assert (
        daily_summary(database=seeded.database, first_day=DAY - timedelta(days=14), last_day=DAY)
        == week
    )
    assert verify_audit_chain(database=seeded.database).intact


# --------------------------------------------------------------------------- export


@pytest.mark.parametrize(
    "reference",
    [OLD.email, OLD.email.upper(), OLD.phone, "087 111 2233"],
    ids=["email", "email-upper-case", "phone", "phone-national"],
)
def test_one_customers_data_is_exported_by_email_or_phone(seeded, three, reference):
    data = export_customer(database=seeded.database, staff=seeded.manager, customer=reference)

    assert data["customer"]["name"] == OLD.name
    assert (data["customer"]["phone"], data["customer"]["email"]) == (OLD.phone, OLD.email)
    (case,) = data["cases"]
    assert (case["summary"], case["status"]) == (OLD.summary, "closed")
    assert case["complaint"]["category"] == "Product quality"
    assert [note["text"] for note in case["notes"]] == [OLD.note]
    assert [attachment["file"] for attachment in case["attachments"]] == [
        "aoife-at-the-counter.png"
    ]
    json.dumps(data)  # JSON-ready as it is
    ((details,),) = seeded.sql("SELECT details FROM auditevent WHERE action = 'customer.exported'")
    assert json.loads(details) == {"customer_id": data["customer"]["id"], "cases": 1}
    assert verify_audit_chain(database=seeded.database).intact


def test_the_export_by_id_and_after_the_purge(seeded, three):
    (customer_id,) = seeded.sql("SELECT customer_id FROM service_case WHERE id = ?", (three.hex,))[
        0
    ]
    purge_personal_data(
        database=seeded.database, staff=seeded.manager, now=seeded.now + PURGE_DELAY
    )

    data = export_customer(
        database=seeded.database, staff=seeded.manager, customer=str(uuid.UUID(customer_id))
    )

    assert data["customer"]["erased"] is True
    assert (data["customer"]["name"], data["customer"]["phone"]) == ("", None)
    assert data["cases"][0]["notes"][0]["text"] == ""
    assert data["cases"][0]["attachments"] == []


@pytest.mark.parametrize(
    ("reference", "error"),
    [
        ("nobody@example.ie", NotFoundError),
        ("+353 1 234 5678", NotFoundError),
        (str(uuid.UUID(int=7)), NotFoundError),
        ("Aoife", InputError),
        ("", InputError),
        ("a\x00b@example.ie", InputError),
    ],
    ids=["unknown-email", "unknown-phone", "unknown-id", "a-name", "empty", "control-character"],
)
def test_an_export_that_names_no_one_is_refused_and_not_recorded(seeded, three, reference, error):
    before = seeded.snapshot()
    with pytest.raises(error):
        export_customer(database=seeded.database, staff=seeded.manager, customer=reference)
    assert seeded.snapshot() == before


def test_an_export_that_cannot_be_written_is_not_recorded(seeded, three, tmp_path):
    before = seeded.snapshot()
    target = tmp_path / "no-such-folder" / "export.json"

    with pytest.raises(ExportNotWrittenError) as refused:
        export_customer(
            database=seeded.database, staff=seeded.manager, customer=OLD.email, to=target
        )

    assert str(target) in str(refused.value)
    assert seeded.snapshot() == before
    assert not target.parent.exists()


def test_the_export_file_is_readable_json_for_its_owner_only(seeded, three, tmp_path):
    (tmp_path / "exports").mkdir()
    target = tmp_path / "exports" / "aoife.json"

    data = export_customer(
        database=seeded.database, staff=seeded.manager, customer=OLD.phone, to=target
    )

    assert json.loads(target.read_text(encoding="utf-8")) == data
    assert target.read_text(encoding="utf-8").startswith('{\n  "format": 1,')
    assert target.stat().st_mode & 0o077 == 0
    assert [path.name for path in target.parent.iterdir()] == ["aoife.json"]  # no temporary


# --------------------------------------------------------------------------- the shared rule


def test_erasing_an_event_keeps_ids_figures_and_the_audit_link():
    payload = {
        "audit": {"id": "a1", "seq": 7, "hash": "f" * 64},
        "data": {
            "id": "c1",
            "number": "S012-20260614-0001",
            "status": "closed",
            "summary": OLD.summary,
            "complaint": {"category": "Service", "description": "x", "desired_outcome": "y"},
            "lines": [{"line_no": 1, "description": "Kettle", "reason": "z", "refund_cents": 9}],
            "payments": [{"tender": "cash", "amount_cents": 9, "reference": "AUTH-1"}],
            "reason": "Manager's reason for an override",
        },
    }

    erased, changed = erase_event_payload("return.completed", payload)

    assert changed
    assert erased["audit"] == payload["audit"]
    data = erased["data"]
    assert (data["summary"], data["complaint"]["description"], data["lines"][0]["reason"]) == (
        "",
        "",
        "",
    )
    assert data["complaint"]["category"] == "Service"
    assert data["lines"][0]["description"] == "Kettle"
    assert data["payments"] == payload["data"]["payments"]
    assert data["reason"] == "Manager's reason for an override"
    assert payload["data"]["summary"] == OLD.summary  # the input is left as it was
    customer, changed = erase_event_payload(
        "customer.added", {"data": {"id": "u", "name": OLD.name, "phone": OLD.phone, "email": None}}
    )
    assert changed
    assert customer == {"data": {"id": "u", "name": "", "phone": None, "email": None}}
    assert erase_event_payload("customer.added", customer) == (customer, False)


def test_more_than_one_purge_can_take_is_left_for_the_next(seeded, three):
    second = _customer_case(seeded, RECENT, closed_after=timedelta(hours=2))
    moment = seeded.now + PURGE_DELAY

    with seeded.database.write() as session:
        first = purge_in_session(
            session, store=load_store(session), staff_id=None, moment=moment, limit=1
        ).report
    report = purge_personal_data(database=seeded.database, staff=seeded.manager, now=moment)

    assert (first.customers, first.more_waiting) == (1, True)
    assert (report.customers, report.more_waiting) == (1, False)
    assert seeded.sql("SELECT summary FROM service_case WHERE id = ?", (second.hex,)) == [("",)]
    assert seeded.sql("SELECT count(*) FROM auditevent WHERE action = 'customers.purged'") == [(2,)]


# --------------------------------------------------------------------------- the queue's labels


def _walk_in(seeded, label: str, at: datetime, *, case: uuid.UUID | None = None) -> uuid.UUID:
    added = add_walk_in(
        database=seeded.database, staff=seeded.clerk, label=label, reason="complaint", now=at
    )
    finish_walk_in(
        database=seeded.database,
        staff=seeded.clerk,
        walk_in_id=added.id,
        case_ref=case,
        left=case is None,
        now=at + timedelta(minutes=3),
    )
    return added.id


def test_the_queues_labels_go_with_the_retention_even_without_a_case(seeded, three):
    moment = seeded.now + PURGE_DELAY
    of_old_case = _walk_in(seeded, "Aoife with the kettle", seeded.now, case=three)
    left_long_ago = _walk_in(seeded, "Red coat, gave her name as Aoife", seeded.now)
    left_lately = _walk_in(seeded, "Tall man with a toaster", moment - timedelta(days=3))
    still_queued = add_walk_in(
        database=seeded.database, staff=seeded.clerk, label="Woman with a pram", now=seeded.now
    )

    report = purge_personal_data(database=seeded.database, staff=seeded.manager, now=moment)

    assert report.walk_ins == 2
    labels = dict(seeded.sql("SELECT id, label FROM walk_in"))
    assert (labels[of_old_case.hex], labels[left_long_ago.hex]) == ("", "")
    assert labels[left_lately.hex] == "Tall man with a toaster"
    assert labels[still_queued.id.hex] == "Woman with a pram"  # not done with yet
    # Their statuses and times stay: the summary's waiting times are the same.
    assert seeded.sql("SELECT count(*) FROM walk_in WHERE status = 'left'") == [(2,)]
    for table, column in (("auditevent", "details"), ("outbox", "payload")):
        held = " ".join(row[0] for row in seeded.sql(f"SELECT {column} FROM {table}"))  # noqa: S608
        assert "Aoife" not in held, table
        assert "Tall man with a toaster" in held, table
    assert verify_audit_chain(database=seeded.database).intact


def test_a_purge_with_only_old_walk_ins_due_still_erases_and_records(seeded):
    walk_in = _walk_in(seeded, "Aoife, blue scarf", seeded.now)
    moment = seeded.now + PURGE_DELAY

    report = purge_personal_data(database=seeded.database, staff=seeded.manager, now=moment)

    assert (report.customers, report.cases, report.walk_ins) == (0, 0, 1)
    assert seeded.sql("SELECT label FROM walk_in WHERE id = ?", (walk_in.hex,)) == [("",)]
    ((details,),) = seeded.sql("SELECT details FROM auditevent WHERE action = 'customers.purged'")
    assert json.loads(details)["walk_ins"] == 1
    assert len(json.loads(details)["audit_events"]) == report.audit_events >= 1
    ((payload,),) = seeded.sql("SELECT payload FROM outbox WHERE kind = 'customers.purged'")
    assert len(json.loads(payload)["data"]["event_ids"]) == report.events >= 1
    chain = verify_audit_chain(database=seeded.database)
    assert chain.intact
    assert chain.events_erased == report.audit_events


# --------------------------------------------------------------------------- older stores


FIXTURE_0006 = Path(__file__).parents[1] / "db" / "fixtures" / "store-schema-0006.sqlite"


def test_a_store_from_schema_0006_erases_the_words_its_older_events_hold(tmp_path):
    """Events hashed before the digest can be erased too; the chain checks their place."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copy(FIXTURE_0006, data_dir / DATABASE_FILENAME)
    opened = open_store(data_dir)
    database = opened.database
    try:
        assert opened.upgrade.from_revision == "0006"
        with closing(sqlite3.connect(database.path)) as raw:
            rows = raw.execute("SELECT id, store_id, name, role FROM staff").fetchall()
        people = {
            name: SignedIn(
                staff_id=uuid.UUID(staff_id), store_id=uuid.UUID(store), name=name, role=Role(role)
            )
            for staff_id, store, name, role in rows
        }
        manager = people["Maeve Manager"]
        zoe_case = "S012-20260614-0001"  # Zoë's complaint, with a note; her walk-in left
        for target in ("resolved", "closed"):
            cases.change_status(
                database=database,
                staff=manager,
                case_ref=zoe_case,
                target=target,
                now=datetime(2026, 6, 16, 10, 0, tzinfo=UTC),
            )

        report = purge_personal_data(
            database=database, staff=manager, now=datetime(2028, 7, 1, 9, 0, tzinfo=UTC)
        )

        assert (report.customers, report.walk_ins) == (1, 1)
        chain = verify_audit_chain(database=database)
        assert chain.intact, chain.broken
        assert chain.events_erased == report.audit_events >= 3  # the note, the walk-in twice
        with closing(sqlite3.connect(database.path)) as raw:
            old_format = raw.execute(
                "SELECT count(*) FROM auditevent WHERE erased_at IS NOT NULL"
                " AND details_sha256 IS NULL"
            ).fetchone()[0]
        assert old_format >= 3
    finally:
        database.dispose()
    stored = (data_dir / DATABASE_FILENAME).read_bytes()
    for secret in ("Called Zoë back", "red kettle"):
        assert secret.encode() not in stored, secret
