"""Moving a case through its life: resolve, close, reopen, and refusals."""

import json
import sqlite3
import uuid
from contextlib import closing
from datetime import timedelta

import pytest

from counter_app.domain.case_state import CaseStatus, IllegalTransitionError
from counter_app.domain.validation import InputError
from counter_app.services import cases, intake


@pytest.fixture
def opened(seeded):
    return intake.open_case(
        database=seeded.database,
        staff=seeded.clerk,
        request=seeded.return_request(),
        now=seeded.now,
    )


def _move(seeded, case_ref, target, minutes, note=""):
    return cases.change_status(
        database=seeded.database,
        staff=seeded.clerk,
        case_ref=case_ref,
        target=target,
        note=note,
        now=seeded.now + timedelta(minutes=minutes),
    )


def _last_event(seeded):
    [(action, entity_id, case_id, staff_id, details, occurred_at)] = seeded.sql(
        "SELECT action, entity_id, case_id, staff_id, details, occurred_at FROM auditevent "
        "ORDER BY seq DESC LIMIT 1"
    )
    return action, entity_id, case_id, staff_id, json.loads(details), occurred_at


def _last_outbox(seeded):
    [(kind, entity_id, payload)] = seeded.sql(
        "SELECT kind, entity_id, payload FROM outbox ORDER BY seq DESC LIMIT 1"
    )
    return kind, entity_id, json.loads(payload)


def test_resolving_sets_resolved_at_and_records_it(seeded, opened):
    before = seeded.snapshot()
    assert _move(seeded, opened.id, CaseStatus.RESOLVED, 7) is CaseStatus.RESOLVED

    case = cases.get_case(database=seeded.database, case_ref=opened.id)
    assert case.status is CaseStatus.RESOLVED
    assert case.resolved_at == seeded.now + timedelta(minutes=7)
    assert case.closed_at is None
    after = seeded.snapshot()
    assert after["auditevent"] == before["auditevent"] + 1
    assert after["outbox"] == before["outbox"] + 1
    assert after["service_case"] == before["service_case"]

    action, entity_id, case_id, staff_id, details, occurred_at = _last_event(seeded)
    assert action == "case.status_changed"
    assert uuid.UUID(entity_id) == uuid.UUID(case_id) == opened.id
    assert uuid.UUID(staff_id) == seeded.clerk.staff_id
    assert details == {"number": opened.number, "from": "open", "to": "resolved", "note": ""}
    assert occurred_at.startswith("2026-06-14 12:07:00")
    kind, outbox_entity, payload = _last_outbox(seeded)
    assert kind == "case.status_changed"
    assert uuid.UUID(outbox_entity) == opened.id
    assert payload["data"] == details
    [(updated_at,)] = seeded.sql("SELECT updated_at FROM service_case")
    assert updated_at.startswith("2026-06-14 12:07:00")


def test_a_case_can_be_found_by_its_number_to_change_it(seeded, opened):
    _move(seeded, f" {opened.number.lower()} ", CaseStatus.IN_PROGRESS, 1)
    assert cases.get_case(database=seeded.database, case_ref=opened.id).status is (
        CaseStatus.IN_PROGRESS
    )


def test_closing_sets_closed_at(seeded, opened):
    _move(seeded, opened.id, CaseStatus.RESOLVED, 5)
    _move(seeded, opened.id, CaseStatus.CLOSED, 9, note="Refund handed over")
    case = cases.get_case(database=seeded.database, case_ref=opened.id)
    assert case.status is CaseStatus.CLOSED
    assert case.resolved_at == seeded.now + timedelta(minutes=5)
    assert case.closed_at == seeded.now + timedelta(minutes=9)
    assert _last_event(seeded)[4]["note"] == "Refund handed over"


def test_reopening_a_closed_case_needs_a_note(seeded, opened):
    with closing(sqlite3.connect(seeded.path)) as raw, raw:
        raw.execute("UPDATE service_case SET resolved_first_contact = 1")
    _move(seeded, opened.id, CaseStatus.RESOLVED, 5)
    _move(seeded, opened.id, CaseStatus.CLOSED, 9)
    before = seeded.snapshot()

    with pytest.raises(InputError, match="Reason for reopening is required"):
        _move(seeded, opened.id, CaseStatus.IN_PROGRESS, 60)
    assert seeded.snapshot() == before

    status = _move(
        seeded, opened.id, CaseStatus.IN_PROGRESS, 61, note="  Fault came back after a day  "
    )

    assert status is CaseStatus.IN_PROGRESS
    case = cases.get_case(database=seeded.database, case_ref=opened.id)
    assert case.status is CaseStatus.IN_PROGRESS
    assert case.resolved_at is None
    assert case.closed_at is None
    assert seeded.sql(
        "SELECT resolved_first_contact FROM service_case WHERE number = ?", (opened.number,)
    ) == [(0,)]
    action, *_, details, _ = _last_event(seeded)
    assert action == "case.reopened"
    assert details == {
        "number": opened.number,
        "from": "closed",
        "to": "in_progress",
        "note": "Fault came back after a day",
    }
    assert _last_outbox(seeded)[0] == "case.reopened"
    after = seeded.snapshot()
    assert after["auditevent"] == before["auditevent"] + 1
    assert after["outbox"] == before["outbox"] + 1


def test_reopening_a_resolved_case_also_needs_a_note(seeded, opened):
    _move(seeded, opened.id, CaseStatus.RESOLVED, 5)
    with pytest.raises(InputError, match="Reason for reopening"):
        _move(seeded, opened.id, CaseStatus.IN_PROGRESS, 6)
    assert _move(seeded, opened.id, CaseStatus.IN_PROGRESS, 7, note="Wrong item") is (
        CaseStatus.IN_PROGRESS
    )


def test_an_illegal_move_is_refused_with_a_readable_message(seeded, opened):
    before = seeded.snapshot()
    with pytest.raises(IllegalTransitionError) as refused:
        _move(seeded, opened.id, CaseStatus.CLOSED, 3)
    assert str(refused.value) == (
        "A case that is open cannot become closed; it can become: in progress, resolved."
    )
    assert seeded.snapshot() == before
    assert cases.get_case(database=seeded.database, case_ref=opened.id).status is CaseStatus.OPEN


def test_the_whole_life_writes_one_audit_event_and_one_outbox_row_per_change(seeded, opened):
    steps = [
        (CaseStatus.IN_PROGRESS, ""),
        (CaseStatus.OPEN, ""),
        (CaseStatus.RESOLVED, "Refunded"),
        (CaseStatus.CLOSED, ""),
        (CaseStatus.IN_PROGRESS, "Customer back"),
        (CaseStatus.RESOLVED, ""),
    ]
    for minute, (target, note) in enumerate(steps, start=1):
        _move(seeded, opened.id, target, minute, note=note)

    rows = seeded.sql(
        "SELECT a.action, a.details, o.kind, o.payload FROM auditevent a "
        "JOIN outbox o ON o.kind = a.action AND o.entity_id = a.entity_id "
        "AND json_extract(o.payload, '$.audit.seq') = a.seq "
        "WHERE a.case_id IS NOT NULL ORDER BY a.seq"
    )
    assert [row[0] for row in rows] == [
        "case.opened",
        "case.status_changed",
        "case.status_changed",
        "case.status_changed",
        "case.status_changed",
        "case.reopened",
        "case.status_changed",
    ]
    moves = [
        (json.loads(details)["from"], json.loads(details)["to"]) for _, details, *_ in rows[1:]
    ]
    assert moves == [
        ("open", "in_progress"),
        ("in_progress", "open"),
        ("open", "resolved"),
        ("resolved", "closed"),
        ("closed", "in_progress"),
        ("in_progress", "resolved"),
    ]
    assert seeded.count("auditevent") == seeded.count("outbox")
