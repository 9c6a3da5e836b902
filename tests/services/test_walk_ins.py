"""The counter's queue: tickets of the day, calling, finishing with a case, leaving."""

import json
import uuid
from datetime import timedelta

import pytest

from counter_app.domain.validation import InputError
from counter_app.services import intake
from counter_app.services.errors import NotFoundError, PermissionDeniedError
from counter_app.services.staff import SignedIn
from counter_app.services.walk_ins import (
    WalkInReason,
    WalkInStatus,
    add_walk_in,
    call_walk_in,
    finish_walk_in,
    walk_in_queue,
)


def _add(seeded, minutes=0, **kwargs):
    return add_walk_in(
        database=seeded.database,
        staff=seeded.clerk,
        now=seeded.now + timedelta(minutes=minutes),
        **kwargs,
    )


def test_tickets_count_up_within_the_store_day_and_start_again_the_next(seeded):
    first = _add(seeded, label="Blue coat", reason="return")
    second = _add(seeded, minutes=3)
    next_day = _add(seeded, minutes=24 * 60)
    assert (first.ticket, second.ticket, next_day.ticket) == (1, 2, 1)
    assert first.label == "Blue coat"
    assert first.reason is WalkInReason.RETURN
    assert second.reason is WalkInReason.OTHER
    assert first.status is WalkInStatus.WAITING
    dates = seeded.sql("SELECT business_date FROM walk_in ORDER BY arrived_at")
    assert [day for (day,) in dates] == ["2026-06-14", "2026-06-14", "2026-06-15"]


def test_the_queue_shows_who_is_served_first_then_who_waits_in_arrival_order(seeded):
    first = _add(seeded, label="First")
    second = _add(seeded, minutes=1, label="Second")
    third = _add(seeded, minutes=2, label="Third")
    call_walk_in(
        database=seeded.database,
        staff=seeded.clerk,
        walk_in_id=second.id,
        now=seeded.now + timedelta(minutes=5),
    )
    queue = walk_in_queue(database=seeded.database)
    assert [view.label for view in queue] == ["Second", "First", "Third"]
    assert queue[0].status is WalkInStatus.SERVING
    assert queue[0].served_by == seeded.clerk.name
    assert queue[0].waited(seeded.now + timedelta(hours=1)) == 4 * 60
    assert queue[1].waited(seeded.now + timedelta(minutes=10)) == 10 * 60
    assert {view.id for view in queue} == {first.id, second.id, third.id}


def test_a_finished_walk_in_keeps_its_case_and_leaves_the_queue(seeded):
    walk_in = _add(seeded, label="Kettle lady", reason="return")
    call_walk_in(
        database=seeded.database,
        staff=seeded.clerk,
        walk_in_id=walk_in.id,
        now=seeded.now + timedelta(minutes=4),
    )
    case = intake.open_case(
        database=seeded.database,
        staff=seeded.clerk,
        request=seeded.return_request(arrived_at=walk_in.arrived_at),
        now=seeded.now + timedelta(minutes=9),
    )
    assert seeded.sql("SELECT from_walk_in FROM service_case") == [(0,)]
    done = finish_walk_in(
        database=seeded.database,
        staff=seeded.clerk,
        walk_in_id=walk_in.id,
        case_ref=case.number,
        now=seeded.now + timedelta(minutes=9),
    )
    assert done.status is WalkInStatus.DONE
    assert done.case_number == case.number
    assert walk_in_queue(database=seeded.database) == []
    [(arrived, from_walk_in)] = seeded.sql("SELECT arrived_at, from_walk_in FROM service_case")
    [(walk_in_arrived,)] = seeded.sql("SELECT arrived_at FROM walk_in")
    assert arrived == walk_in_arrived
    # The case knows it came through the queue, for the summary's waiting times.
    assert from_walk_in == 1


def test_a_customer_who_left_is_recorded_as_gone_without_a_server(seeded):
    walk_in = _add(seeded)
    gone = finish_walk_in(
        database=seeded.database,
        staff=seeded.clerk,
        walk_in_id=walk_in.id,
        left=True,
        now=seeded.now + timedelta(minutes=20),
    )
    assert gone.status is WalkInStatus.LEFT
    assert gone.served_by is None
    assert gone.called_at is None
    with pytest.raises(InputError, match="already off the queue"):
        finish_walk_in(database=seeded.database, staff=seeded.clerk, walk_in_id=walk_in.id)


def test_two_clerks_cannot_call_the_same_customer(seeded):
    walk_in = _add(seeded)
    call_walk_in(database=seeded.database, staff=seeded.clerk, walk_in_id=walk_in.id)
    with pytest.raises(InputError, match=f"already being served by {seeded.clerk.name}"):
        call_walk_in(database=seeded.database, staff=seeded.manager, walk_in_id=walk_in.id)


def test_each_move_is_audited_with_an_outbox_row(seeded):
    walk_in = _add(seeded, label="Green scarf", reason="complaint")
    call_walk_in(database=seeded.database, staff=seeded.clerk, walk_in_id=walk_in.id)
    finish_walk_in(database=seeded.database, staff=seeded.clerk, walk_in_id=walk_in.id)
    events = seeded.sql(
        "SELECT action, details FROM auditevent WHERE entity = 'walk_in' ORDER BY seq"
    )
    assert [action for action, _ in events] == [
        "walk_in.arrived",
        "walk_in.called",
        "walk_in.served",
    ]
    assert json.loads(events[0][1])["label"] == "Green scarf"
    kinds = seeded.sql("SELECT kind FROM outbox WHERE kind LIKE 'walk_in.%' ORDER BY seq")
    assert [kind for (kind,) in kinds] == [action for action, _ in events]


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"reason": "refund"}, "reason", "Choose what the customer came for"),
        ({"label": "x" * 81}, "label", "80"),
        ({"label": "bell\x07"}, "label", "Who"),
    ],
)
def test_bad_input_is_refused_in_words_and_nothing_is_queued(seeded, kwargs, field, words):
    with pytest.raises(InputError) as refused:
        _add(seeded, **kwargs)
    [problem] = refused.value.problems
    assert problem.field == field
    assert words in problem.message
    assert seeded.sql("SELECT count(*) FROM walk_in") == [(0,)]
    assert seeded.sql("SELECT count(*) FROM auditevent WHERE entity = 'walk_in'") == [(0,)]


def test_an_unknown_walk_in_or_a_former_clerk_is_refused(seeded):
    with pytest.raises(NotFoundError, match="no longer in the queue"):
        call_walk_in(database=seeded.database, staff=seeded.clerk, walk_in_id=uuid.uuid4())
    stranger = SignedIn(uuid.uuid4(), seeded.store.id, "Nobody", seeded.clerk.role)
    with pytest.raises(PermissionDeniedError):
        add_walk_in(database=seeded.database, staff=stranger)
    assert seeded.sql("SELECT count(*) FROM walk_in") == [(0,)]
