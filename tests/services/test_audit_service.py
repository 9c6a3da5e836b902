"""Verifying the audit trail: intact after real work, and tampering is named by seq."""

import hashlib
import itertools
import sqlite3
from contextlib import closing
from datetime import timedelta

import pytest

from counter_app.domain.case_state import CaseStatus
from counter_app.services import cases, intake
from counter_app.services.audit import verify_audit_chain
from counter_app.services.staff import unlock


@pytest.fixture
def busy(seeded):
    """The seeded store after a morning's work: cases, a customer, status changes."""
    database, clerk, now = seeded.database, seeded.clerk, seeded.now
    first = intake.open_case(
        database=database, staff=clerk, request=seeded.return_request(), now=now
    )
    intake.open_case(
        database=database,
        staff=clerk,
        request=seeded.complaint_request(customer={"name": "Ana Souza", "consent": True}),
        now=now + timedelta(minutes=1),
    )
    intake.open_case(
        database=database,
        staff=clerk,
        request=seeded.exchange_request(),
        now=now + timedelta(minutes=2),
    )
    cases.change_status(
        database=database,
        staff=clerk,
        case_ref=first.id,
        target=CaseStatus.RESOLVED,
        now=now + timedelta(minutes=3),
    )
    unlock(database=database, manager=seeded.manager, staff_id=clerk.staff_id, now=now)
    return seeded


def _tamper(path, statement, parameters=(), *, drop=("auditevent_no_update",)):
    with closing(sqlite3.connect(path)) as raw:
        for trigger in drop:
            raw.execute(f"DROP TRIGGER {trigger}")
        raw.execute(statement, parameters)
        raw.commit()


def test_chain_is_intact_after_real_work(busy):
    report = verify_audit_chain(database=busy.database)
    assert report.intact
    assert report.broken is None
    # store.created, 2 x staff.added, then 3 cases, a customer, a status change, an unlock
    assert report.events_checked == busy.count("auditevent") == 3 + 3 + 1 + 1 + 1
    seqs = [row[0] for row in busy.sql("SELECT seq FROM auditevent ORDER BY seq")]
    assert seqs == list(range(1, len(seqs) + 1))


def test_every_event_points_at_the_hash_before_it(busy):
    rows = busy.sql("SELECT prev_hash, hash FROM auditevent ORDER BY seq")
    assert rows[0][0] == "0" * 64
    for (_, earlier), (later_prev, _) in itertools.pairwise(rows):
        assert later_prev == earlier
    assert len({row[1] for row in rows}) == len(rows)


def test_the_table_refuses_updates_and_deletes(busy):
    with closing(sqlite3.connect(busy.path)) as raw:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            raw.execute("UPDATE auditevent SET details = '{}' WHERE seq = 2")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            raw.execute("DELETE FROM auditevent WHERE seq = 2")
    assert verify_audit_chain(database=busy.database).intact


@pytest.mark.parametrize("seq", [1, 5, 9])
def test_a_changed_event_is_named_by_its_seq(busy, seq):
    _tamper(
        busy.path, "UPDATE auditevent SET details = ? WHERE seq = ?", ('{"note":"edited"}', seq)
    )
    report = verify_audit_chain(database=busy.database)
    assert not report.intact
    assert report.broken is not None
    assert report.broken.seq == seq
    assert f"event {seq} was changed after it was written" in report.broken.reason


def test_a_changed_time_is_caught(busy):
    _tamper(
        busy.path,
        "UPDATE auditevent SET occurred_at = '2020-01-01 00:00:00.000000' WHERE seq = 4",
    )
    report = verify_audit_chain(database=busy.database)
    assert report.broken is not None
    assert report.broken.seq == 4


def test_a_removed_event_breaks_the_next_link(busy):
    _tamper(busy.path, "DELETE FROM auditevent WHERE seq = 6", drop=("auditevent_no_delete",))
    report = verify_audit_chain(database=busy.database)
    assert report.broken is not None
    assert report.broken.seq == 7
    assert "removed, inserted or reordered" in report.broken.reason
    assert report.events_checked == 6  # 1..5 verified, 7 failed


def test_a_replaced_hash_is_caught_at_its_own_event(busy):
    _tamper(busy.path, "UPDATE auditevent SET hash = ? WHERE seq = 3", ("f" * 64,))
    report = verify_audit_chain(database=busy.database)
    assert report.broken is not None
    assert report.broken.seq == 3


def test_details_overwritten_with_non_json_are_reported_not_raised(busy):
    _tamper(busy.path, "UPDATE auditevent SET details = 'edited by hand' WHERE seq = 5")
    report = verify_audit_chain(database=busy.database)
    assert report.broken is not None
    assert report.broken.seq == 5


def test_a_time_overwritten_with_text_is_reported_not_raised(busy):
    _tamper(busy.path, "UPDATE auditevent SET occurred_at = 'yesterday' WHERE seq = 4")
    report = verify_audit_chain(database=busy.database)
    assert report.broken is not None
    assert report.broken.seq == 4


# --------------------------------------------------------------------------- erasure


def test_events_hash_their_details_by_digest(busy):
    rows = busy.sql("SELECT details, details_sha256 FROM auditevent")
    assert rows
    for details, digest in rows:
        assert digest == hashlib.sha256(details.encode("utf-8")).hexdigest()


def test_the_table_allows_only_an_erasure_of_the_details(busy):
    with closing(sqlite3.connect(busy.path)) as raw:
        raw.execute(
            "UPDATE auditevent SET details = '{}', erased_at = '2030-01-01 00:00:00.000000'"
            " WHERE seq = 5"
        )
        for statement in (
            # a second erasure, or an erasure that touches anything but the details
            "UPDATE auditevent SET details = '{\"x\":1}', erased_at = '2030-01-02 00:00:00.000000'"
            " WHERE seq = 5",
            "UPDATE auditevent SET details = '{}', action = 'x',"
            " erased_at = '2030-01-01 00:00:00.000000' WHERE seq = 6",
            "UPDATE auditevent SET details_sha256 = NULL,"
            " erased_at = '2030-01-01 00:00:00.000000' WHERE seq = 6",
            "UPDATE auditevent SET hash = 'f', erased_at = '2030-01-01 00:00:00.000000'"
            " WHERE seq = 6",
        ):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                raw.execute(statement)


def test_an_erasure_no_erasure_event_names_is_caught(busy):
    """Blanking an event through the one update allowed still needs a recorded erasure."""
    with closing(sqlite3.connect(busy.path)) as raw:
        raw.execute(
            "UPDATE auditevent SET details = '{}', erased_at = '2030-01-01 00:00:00.000000'"
            " WHERE seq = 5"
        )
        raw.commit()
    report = verify_audit_chain(database=busy.database)
    assert report.broken is not None
    assert report.broken.seq == 5
    assert "erased without an erasure event" in report.broken.reason
    assert report.events_erased == 1


def test_details_changed_behind_their_digest_are_caught(busy):
    """A hand edit that keeps the digest and the hash still fails: details must match it."""
    _tamper(busy.path, 'UPDATE auditevent SET details = \'{"note":"edited"}\' WHERE seq = 7')
    report = verify_audit_chain(database=busy.database)
    assert report.broken is not None
    assert report.broken.seq == 7
    assert "changed after it was written" in report.broken.reason
