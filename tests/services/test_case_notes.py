"""Notes on a saved case: kept, audited, masked, and found by the search."""

import json
from datetime import timedelta

import pytest

from counter_app.domain.validation import InputError
from counter_app.services import intake
from counter_app.services.case_notes import add_note, notes_of_case
from counter_app.services.errors import NotFoundError
from counter_app.services.search import search_cases


@pytest.fixture
def case(seeded):
    return intake.open_case(
        database=seeded.database,
        staff=seeded.clerk,
        request=seeded.return_request(),
        now=seeded.now,
    )


def test_notes_are_kept_in_order_with_their_author(seeded, case):
    add_note(
        database=seeded.database,
        staff=seeded.clerk,
        case_ref=case.number,
        body="Rang the customer: the part is ordered.",
        now=seeded.now + timedelta(hours=1),
    )
    add_note(
        database=seeded.database,
        staff=seeded.manager,
        case_ref=case.id,
        body="Part arrived.\nCustomer collects Friday.",
        now=seeded.now + timedelta(days=2),
    )
    notes = notes_of_case(database=seeded.database, case_ref=case.number)
    assert [(note.author, note.body) for note in notes] == [
        (seeded.clerk.name, "Rang the customer: the part is ordered."),
        (seeded.manager.name, "Part arrived.\nCustomer collects Friday."),
    ]


def test_a_note_is_audited_and_sent_to_head_office_in_the_same_transaction(seeded, case):
    added = add_note(
        database=seeded.database, staff=seeded.clerk, case_ref=case.number, body="Called back."
    )
    [(case_id, details)] = seeded.sql(
        "SELECT case_id, details FROM auditevent WHERE action = 'case.note_added'"
    )
    assert json.loads(details)["note"] == "Called back."
    assert case_id == case.id.hex
    [(payload,)] = seeded.sql("SELECT payload FROM outbox WHERE kind = 'case.note_added'")
    assert json.loads(payload)["data"]["note_id"] == str(added.note.id)


def test_a_card_number_in_a_note_keeps_only_its_last_four(seeded, case):
    added = add_note(
        database=seeded.database,
        staff=seeded.clerk,
        case_ref=case.number,
        body="Refund to card 4111 1111 1111 1111 tomorrow",
    )
    assert "4111 1111" not in added.note.body
    assert "1111]" in added.note.body
    assert added.notices
    assert not seeded.sql("SELECT 1 FROM case_note WHERE body LIKE '%4111 1111%'")


def test_the_case_search_finds_words_of_a_note(seeded, case):
    add_note(
        database=seeded.database,
        staff=seeded.clerk,
        case_ref=case.number,
        body="Courier reference ZX-Pelican",
    )
    page = search_cases(database=seeded.database, query={"text": "pelican"})
    assert [row.number for row in page.rows] == [case.number]


@pytest.mark.parametrize(
    ("body", "words"), [("", "Note"), ("   ", "Note"), ("x" * 2001, "at most 2,000")]
)
def test_an_empty_or_too_long_note_is_refused_and_nothing_is_saved(seeded, case, body, words):
    with pytest.raises(InputError) as refused:
        add_note(database=seeded.database, staff=seeded.clerk, case_ref=case.number, body=body)
    assert words in str(refused.value)
    assert seeded.sql("SELECT count(*) FROM case_note") == [(0,)]
    assert seeded.sql("SELECT count(*) FROM auditevent WHERE action = 'case.note_added'") == [(0,)]


def test_a_note_for_a_case_that_does_not_exist_is_refused(seeded):
    with pytest.raises(NotFoundError):
        add_note(
            database=seeded.database,
            staff=seeded.clerk,
            case_ref="S012-20260614-0999",
            body="Lost?",
        )
