"""The manager's audit trail: filtered and paged in SQL, in words, for managers only."""

import sqlite3
from contextlib import closing
from datetime import date, timedelta

import pytest

from counter_app.domain.case_state import CaseStatus
from counter_app.domain.validation import InputError
from counter_app.services import cases, intake
from counter_app.services.audit_log import (
    SYSTEM,
    action_words,
    audit_events,
    audit_filter_choices,
)
from counter_app.services.errors import PermissionDeniedError
from counter_app.services.staff import add_staff, unlock

# CASE_NOW is 12:00 UTC on 14 June: 13:00 in Dublin. 23:30 UTC is already 15 June there.
LATE_EVENING = timedelta(hours=11, minutes=30)


@pytest.fixture
def busy(seeded):
    """The seeded store after two days' work: cases by the clerk, a status change, an unlock."""
    database, clerk, now = seeded.database, seeded.clerk, seeded.now
    seeded.first_case = intake.open_case(
        database=database, staff=clerk, request=seeded.return_request(), now=now
    )
    seeded.complaint = intake.open_case(
        database=database,
        staff=clerk,
        request=seeded.complaint_request(customer={"name": "Ana Souza", "consent": True}),
        now=now + timedelta(minutes=1),
    )
    cases.change_status(
        database=database,
        staff=clerk,
        case_ref=seeded.first_case.id,
        target=CaseStatus.RESOLVED,
        now=now + timedelta(minutes=3),
    )
    unlock(database=database, manager=seeded.manager, staff_id=clerk.staff_id, now=now)
    # Late in the evening by UTC, but already the next day in the store (Dublin).
    seeded.next_day_case = intake.open_case(
        database=database,
        staff=seeded.manager,
        request=seeded.exchange_request(),
        now=now + LATE_EVENING,
    )
    return seeded


def all_seqs(seeded, where="1 = 1", parameters=()):
    query = f"SELECT seq FROM auditevent WHERE {where} ORDER BY seq DESC"  # noqa: S608
    return [row[0] for row in seeded.sql(query, parameters)]


def test_a_page_is_newest_first_in_words(busy):
    page = audit_events(database=busy.database, staff=busy.manager)

    assert [row.seq for row in page.rows] == all_seqs(busy)
    assert not page.has_older
    assert not page.has_newer
    newest = page.rows[0]
    assert newest.action == "case.opened"
    assert newest.what == "Case opened"
    assert newest.who == busy.manager.name
    assert newest.case_number == busy.next_day_case.number
    assert newest.when == busy.now + LATE_EVENING
    assert "Type: exchange" in newest.summary
    assert "{" not in newest.summary  # words, not JSON
    assert '"case_type":"exchange"' in newest.details  # the raw text, as hashed
    first = page.rows[-1]
    assert (first.seq, first.action, first.who) == (1, "store.created", "System")


def test_money_in_the_details_reads_as_money(busy):
    intake_return = next(
        row
        for row in audit_events(database=busy.database, staff=busy.manager).rows
        if row.action == "case.opened" and row.case_number == busy.first_case.number
    )
    assert "Lines: 1" in intake_return.summary
    assert "_id" not in intake_return.summary


def test_filter_by_who(busy):
    clerk_rows = audit_events(database=busy.database, staff=busy.manager, who=busy.clerk.staff_id)
    system_rows = audit_events(database=busy.database, staff=busy.manager, who=SYSTEM)

    assert [row.seq for row in clerk_rows.rows] == all_seqs(
        busy, "staff_id = ?", (busy.clerk.staff_id.hex,)
    )
    assert {row.who for row in clerk_rows.rows} == {busy.clerk.name}
    assert len(clerk_rows.rows) == 4  # two cases, a customer, a status change
    assert [row.seq for row in system_rows.rows] == all_seqs(busy, "staff_id IS NULL")
    assert {row.action for row in system_rows.rows} >= {"store.created"}


def test_filter_by_what_exactly_or_by_family(busy):
    opened = audit_events(database=busy.database, staff=busy.manager, action="case.opened")
    family = audit_events(database=busy.database, staff=busy.manager, action="case.")

    assert [row.seq for row in opened.rows] == all_seqs(busy, "action = 'case.opened'")
    assert len(opened.rows) == 3
    assert [row.seq for row in family.rows] == all_seqs(busy, "action LIKE 'case.%'")
    assert {row.action for row in family.rows} == {"case.opened", "case.status_changed"}


def test_filter_by_case_number_as_typed(busy):
    number = busy.first_case.number
    page = audit_events(
        database=busy.database, staff=busy.manager, case_number=f"  {number.lower()} "
    )

    assert [row.seq for row in page.rows] == all_seqs(
        busy, "case_id = ?", (busy.first_case.id.hex,)
    )
    assert {row.case_number for row in page.rows} == {number}
    assert [row.action for row in page.rows] == ["case.status_changed", "case.opened"]


def test_an_unknown_case_number_is_a_clear_refusal(busy):
    with pytest.raises(InputError) as unknown:
        audit_events(database=busy.database, staff=busy.manager, case_number="S012-20260614-0999")
    with pytest.raises(InputError) as garbled:
        audit_events(database=busy.database, staff=busy.manager, case_number="kettle")

    assert unknown.value.problems[0].field == "case_number"
    assert str(unknown.value) == "No case S012-20260614-0999 at this store."
    assert garbled.value.problems[0].field == "case_number"
    assert "is not a case number" in str(garbled.value)


def test_filter_by_store_days(busy):
    june_15 = audit_events(
        database=busy.database,
        staff=busy.manager,
        first_day=date(2026, 6, 15),
        last_day=date(2026, 6, 15),
    )
    from_14 = audit_events(database=busy.database, staff=busy.manager, first_day=date(2026, 6, 14))
    until_14 = audit_events(database=busy.database, staff=busy.manager, last_day=date(2026, 6, 14))

    # 23:30 UTC on 14 June is 00:30 on 15 June in Dublin: that event is the 15th's.
    assert [row.case_number for row in june_15.rows] == [busy.next_day_case.number]
    assert [row.seq for row in from_14.rows] == all_seqs(busy)  # the seed is the 14th's too
    assert busy.next_day_case.number not in {row.case_number for row in until_14.rows}
    assert len(until_14.rows) + len(june_15.rows) == len(all_seqs(busy))
    later = audit_events(database=busy.database, staff=busy.manager, first_day=date(2026, 6, 16))
    assert later.rows == ()


def test_days_the_wrong_way_round_are_refused(busy):
    with pytest.raises(InputError) as error:
        audit_events(
            database=busy.database,
            staff=busy.manager,
            first_day=date(2026, 6, 15),
            last_day=date(2026, 6, 14),
        )
    assert error.value.problems[0].field == "last_day"


def test_paging_walks_every_event_once_each_way(busy):
    everything = all_seqs(busy)
    pages = [audit_events(database=busy.database, staff=busy.manager, limit=3)]
    while pages[-1].has_older:
        pages.append(
            audit_events(
                database=busy.database,
                staff=busy.manager,
                limit=3,
                before_seq=pages[-1].rows[-1].seq,
            )
        )
    seen = [row.seq for page in pages for row in page.rows]

    assert seen == everything
    assert len(pages) == -(-len(everything) // 3)
    assert not pages[0].has_newer
    assert all(page.has_newer for page in pages[1:])
    back = audit_events(
        database=busy.database, staff=busy.manager, limit=3, after_seq=pages[1].rows[0].seq
    )
    assert back.rows == pages[0].rows
    assert back.has_older
    assert not back.has_newer


def test_paging_keeps_the_filters(busy):
    first = audit_events(database=busy.database, staff=busy.manager, action="case.", limit=2)
    second = audit_events(
        database=busy.database,
        staff=busy.manager,
        action="case.",
        limit=2,
        before_seq=first.rows[-1].seq,
    )

    assert [row.seq for row in (*first.rows, *second.rows)] == all_seqs(
        busy, "action LIKE 'case.%'"
    )
    assert first.has_older
    assert not second.has_older


def test_a_bad_page_size_is_refused(busy):
    for limit in (0, 501, True):
        with pytest.raises(InputError):
            audit_events(database=busy.database, staff=busy.manager, limit=limit)


def test_a_clerk_is_refused_like_every_manager_task(busy):
    for call in (audit_events, audit_filter_choices):
        with pytest.raises(PermissionDeniedError) as refused:
            call(database=busy.database, staff=busy.clerk)
        assert str(refused.value) == (
            "Only a manager can see the audit trail. Ask a manager to sign in."
        )


def test_filter_choices_hold_the_staff_who_appear_and_the_kinds_present(busy):
    add_staff(
        database=busy.database,
        by=busy.manager,
        person={"name": "Nia Newcomer", "role": "clerk", "pin": "9753"},
        now=busy.now,
    )
    choices = audit_filter_choices(database=busy.database, staff=busy.manager)

    # The newcomer was added (by the manager) but has done nothing yet.
    assert [person.name for person in choices.people] == sorted(
        [busy.manager.name, busy.clerk.name]
    )
    present = {row[0] for row in busy.sql("SELECT DISTINCT action FROM auditevent")}
    assert {action for action, _ in choices.actions} == present
    assert ("case.status_changed", "Case status changed") in choices.actions
    words = [words for _, words in choices.actions]
    assert words == sorted(words, key=str.casefold)


def test_an_unknown_kind_shows_its_code():
    assert action_words("made.up_kind") == "made.up_kind"
    assert action_words("return.completed") == "Return completed"


def test_an_event_edited_by_hand_is_still_listed(busy):
    with closing(sqlite3.connect(busy.path)) as raw:
        raw.execute("DROP TRIGGER auditevent_no_update")
        raw.execute("UPDATE auditevent SET details = 'edited by hand' WHERE seq = 5")
        raw.execute("UPDATE auditevent SET occurred_at = 'yesterday' WHERE seq = 6")
        raw.commit()

    rows = {row.seq: row for row in audit_events(database=busy.database, staff=busy.manager).rows}

    assert rows[5].details == "edited by hand"
    assert "not readable" in rows[5].summary
    assert rows[6].when is None
