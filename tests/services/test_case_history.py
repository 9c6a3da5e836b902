"""A case's story from the audit trail: every step, in order, with who and what was typed."""

from datetime import timedelta

from counter_app.domain.case_state import CaseStatus
from counter_app.services import cases, intake
from counter_app.services.case_history import case_history
from counter_app.services.case_notes import add_note


def test_the_story_holds_every_step_in_order_with_who_and_the_typed_words(seeded):
    opened = intake.open_case(
        database=seeded.database,
        staff=seeded.clerk,
        request=seeded.return_request(),
        now=seeded.now,
    )
    add_note(
        database=seeded.database,
        staff=seeded.clerk,
        case_ref=opened.number,
        body="Box kept in the back",
        now=seeded.now + timedelta(minutes=1),
    )
    cases.change_status(
        database=seeded.database,
        staff=seeded.manager,
        case_ref=opened.number,
        target="resolved",
        now=seeded.now + timedelta(minutes=2),
    )
    story = case_history(database=seeded.database, case_ref=opened.number)
    assert [entry.action for entry in story] == [
        "case.opened",
        "case.note_added",
        "case.status_changed",
    ]
    assert [entry.who for entry in story] == [
        seeded.clerk.name,
        seeded.clerk.name,
        seeded.manager.name,
    ]
    assert story[1].text == "Box kept in the back"
    assert (story[2].from_status, story[2].to_status) == (CaseStatus.OPEN, CaseStatus.RESOLVED)
    assert story[0].from_status is None
    assert [entry.occurred_at for entry in story] == sorted(entry.occurred_at for entry in story)


def test_another_cases_events_are_not_in_the_story(seeded):
    first = intake.open_case(
        database=seeded.database, staff=seeded.clerk, request=seeded.return_request()
    )
    second = intake.open_case(
        database=seeded.database, staff=seeded.clerk, request=seeded.return_request()
    )
    add_note(database=seeded.database, staff=seeded.clerk, case_ref=second.number, body="Other")
    assert [
        entry.action for entry in case_history(database=seeded.database, case_ref=first.id)
    ] == ["case.opened"]
