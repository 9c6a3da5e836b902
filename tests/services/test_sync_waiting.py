"""Changes waiting for head office: counted from the outbox, sent and set-aside ones left out."""

import sqlite3
from contextlib import closing
from datetime import timedelta

from counter_app.services import intake
from counter_app.services.case_notes import add_note
from counter_app.sync.status import sync_status


def changes_to_send(*, database) -> int:
    return sync_status(database).waiting


def test_an_empty_store_has_nothing_to_send(empty_database) -> None:
    assert changes_to_send(database=empty_database) == 0


def test_every_saved_change_waits_until_head_office_has_it(seeded) -> None:
    before = changes_to_send(database=seeded.database)
    assert before == seeded.count("outbox") > 0  # setting up the store is sent too

    case = intake.open_case(
        database=seeded.database,
        staff=seeded.clerk,
        request=seeded.return_request(),
        now=seeded.now,
    )
    add_note(
        database=seeded.database,
        staff=seeded.clerk,
        case_ref=case.number,
        body="Called back.",
        now=seeded.now + timedelta(minutes=5),
    )
    after = changes_to_send(database=seeded.database)
    assert after == seeded.count("outbox") >= before + 2

    # Head office acknowledged the oldest two: they no longer wait.
    with closing(sqlite3.connect(seeded.path)) as raw, raw:
        raw.execute(
            "UPDATE outbox SET sent_at = ? "
            "WHERE seq IN (SELECT seq FROM outbox ORDER BY seq LIMIT 2)",
            (seeded.now.isoformat(),),
        )
    assert changes_to_send(database=seeded.database) == after - 2

    # Head office refused the next one: it is set aside, shown apart, and no longer waits.
    with closing(sqlite3.connect(seeded.path)) as raw, raw:
        raw.execute(
            "UPDATE outbox SET set_aside_at = ?, last_error = 'data.id: Field required' "
            "WHERE seq = (SELECT min(seq) FROM outbox WHERE sent_at IS NULL)",
            (seeded.now.isoformat(),),
        )
    assert changes_to_send(database=seeded.database) == after - 3
    assert sync_status(seeded.database).set_aside == 1
