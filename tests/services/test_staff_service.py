"""Staff and signing in: PIN checks, lockout, unlocking, and PINs that never leak."""

import json
import logging
import uuid
from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from counter_app.domain.staff import Role
from counter_app.domain.validation import InputError
from counter_app.services.database import open_store_database
from counter_app.services.errors import (
    NotFoundError,
    PermissionDeniedError,
    SignInRefusedError,
)
from counter_app.services.staff import (
    LockoutRules,
    SignedIn,
    add_staff,
    list_staff,
    record_lock,
    sign_in,
    unlock,
)
from counter_app.services.store_setup import create_store

CLERK_PIN = "1357"
WRONG_PIN = "9753"
# Each PIN check costs a tenth of a second: tests not about the count lock out after two.
QUICK = LockoutRules(attempts=2, minutes=30)


def _sign_in(seeded, pin, *, at, who=None, rules=None):
    return sign_in(
        database=seeded.database,
        staff_id=(who or seeded.clerk).staff_id,
        pin=pin,
        rules=rules,
        now=at,
    )


def _refusal(seeded, pin, *, at, who=None, rules=None):
    with pytest.raises(SignInRefusedError) as refused:
        _sign_in(seeded, pin, at=at, who=who, rules=rules)
    return str(refused.value)


def _lock_out(seeded, at, who=None, rules=None):
    for _ in range((rules or LockoutRules()).attempts):
        last = _refusal(seeded, WRONG_PIN, at=at, who=who, rules=rules)
    return last


def _actions(seeded):
    return [row[0] for row in seeded.sql("SELECT action FROM auditevent ORDER BY seq")]


def test_right_pin_signs_in(seeded):
    person = _sign_in(seeded, CLERK_PIN, at=seeded.now)
    assert person == SignedIn(seeded.clerk.staff_id, seeded.store.id, "Sam Clerk", Role.CLERK)
    assert not person.is_manager
    assert _actions(seeded)[-1] == "staff.signed_in"
    [(details,)] = seeded.sql("SELECT details FROM auditevent WHERE action = 'staff.signed_in'")
    assert json.loads(details) == {"name": "Sam Clerk"}


def test_manager_signs_in_as_manager(seeded):
    person = _sign_in(seeded, "2468", at=seeded.now, who=seeded.manager)
    assert person.role is Role.MANAGER
    assert person.is_manager


def test_wrong_pin_says_how_many_tries_are_left(seeded):
    messages = [_refusal(seeded, WRONG_PIN, at=seeded.now) for _ in range(4)]
    assert messages == [
        "Wrong PIN. 4 tries left.",
        "Wrong PIN. 3 tries left.",
        "Wrong PIN. 2 tries left.",
        "Wrong PIN. 1 try left.",
    ]
    assert seeded.sql("SELECT failed_pin_attempts FROM staff WHERE name = 'Sam Clerk'") == [(4,)]


def test_fifth_wrong_pin_locks_out_until_the_time_runs_out(seeded):
    start = seeded.now  # 12:00 UTC, 13:00 in Dublin
    fifth = _lock_out(seeded, start)
    assert "locked out" in fifth
    assert "30 minutes" in fifth
    assert "Sam Clerk" in fifth
    [(locked_until,)] = seeded.sql("SELECT locked_until FROM staff WHERE name = 'Sam Clerk'")
    assert locked_until.startswith("2026-06-14 12:30:00")
    assert _actions(seeded).count("staff.locked_out") == 1

    # The right PIN is refused while locked, and says until when in the store's time.
    while_locked = _refusal(seeded, CLERK_PIN, at=start + timedelta(minutes=1))
    assert "locked out until 13:30" in while_locked
    assert "manager can unlock" in while_locked
    assert _refusal(seeded, CLERK_PIN, at=start + timedelta(minutes=29, seconds=59))

    person = _sign_in(seeded, CLERK_PIN, at=start + timedelta(minutes=30))
    assert person.staff_id == seeded.clerk.staff_id
    assert seeded.sql(
        "SELECT failed_pin_attempts, locked_until FROM staff WHERE name = 'Sam Clerk'"
    ) == [(0, None)]


def test_a_locked_person_gets_a_fresh_set_of_tries_after_the_lockout(seeded):
    _lock_out(seeded, seeded.now, rules=QUICK)
    later = seeded.now + timedelta(hours=1)
    assert _refusal(seeded, WRONG_PIN, at=later, rules=QUICK) == "Wrong PIN. 1 try left."


def test_wrong_tries_survive_a_restart(seeded):
    _refusal(seeded, WRONG_PIN, at=seeded.now)
    _refusal(seeded, WRONG_PIN, at=seeded.now)
    seeded.database.dispose()
    seeded.database = open_store_database(seeded.folder).database
    assert _refusal(seeded, WRONG_PIN, at=seeded.now) == "Wrong PIN. 2 tries left."


def test_a_lockout_holds_across_a_restart(seeded):
    _lock_out(seeded, seeded.now, rules=QUICK)
    seeded.database.dispose()
    seeded.database = open_store_database(seeded.folder).database
    later = seeded.now + timedelta(minutes=10)
    assert "locked out until" in _refusal(seeded, CLERK_PIN, at=later, rules=QUICK)


def test_locking_the_counter_is_audited_with_how(seeded):
    outbox_before = seeded.count("outbox")
    record_lock(database=seeded.database, person=seeded.clerk, reason="manual", now=seeded.now)
    record_lock(database=seeded.database, person=seeded.manager, reason="idle", now=seeded.now)
    rows = seeded.sql(
        "SELECT staff_id, details FROM auditevent WHERE action = 'staff.locked' ORDER BY seq"
    )
    assert [json.loads(details) for _, details in rows] == [
        {"name": "Sam Clerk", "reason": "manual"},
        {"name": "Maeve Manager", "reason": "idle"},
    ]
    assert seeded.count("outbox") == outbox_before + 2  # head office sees sessions end too
    assert [uuid.UUID(row[0]) for row in rows] == [
        seeded.clerk.staff_id,
        seeded.manager.staff_id,
    ]


def test_an_unknown_lock_reason_is_a_bug_not_an_event(seeded):
    before = seeded.snapshot()
    with pytest.raises(ValueError, match="unknown lock reason"):
        record_lock(database=seeded.database, person=seeded.clerk, reason="stolen", now=seeded.now)  # type: ignore[arg-type]
    assert seeded.snapshot() == before


def test_right_pin_resets_the_count(seeded):
    _refusal(seeded, WRONG_PIN, at=seeded.now)
    _refusal(seeded, WRONG_PIN, at=seeded.now)
    _sign_in(seeded, CLERK_PIN, at=seeded.now)
    assert _refusal(seeded, WRONG_PIN, at=seeded.now) == "Wrong PIN. 4 tries left."


def test_lockout_rules_can_be_set(seeded):
    rules = LockoutRules(attempts=2, minutes=5)
    with pytest.raises(SignInRefusedError, match="1 try left"):
        _sign_in(seeded, WRONG_PIN, at=seeded.now, rules=rules)
    with pytest.raises(SignInRefusedError, match="locked out for 5 minutes"):
        _sign_in(seeded, WRONG_PIN, at=seeded.now, rules=rules)


def test_manager_unlock_lets_the_person_sign_in_at_once(seeded):
    _lock_out(seeded, seeded.now, rules=QUICK)
    locked = {member.name: member.locked_until for member in list_staff(database=seeded.database)}
    assert locked["Sam Clerk"] is not None
    assert locked["Maeve Manager"] is None

    unlock(
        database=seeded.database,
        manager=seeded.manager,
        staff_id=seeded.clerk.staff_id,
        now=seeded.now + timedelta(minutes=1),
    )

    assert _sign_in(seeded, CLERK_PIN, at=seeded.now + timedelta(minutes=2)).name == "Sam Clerk"
    [(staff_id, entity_id)] = seeded.sql(
        "SELECT staff_id, entity_id FROM auditevent WHERE action = 'staff.unlocked'"
    )
    assert uuid.UUID(staff_id) == seeded.manager.staff_id
    assert uuid.UUID(entity_id) == seeded.clerk.staff_id
    assert seeded.count("outbox") == seeded.count("auditevent")


def test_a_clerk_cannot_unlock(seeded):
    _lock_out(seeded, seeded.now, who=seeded.manager, rules=QUICK)
    before = seeded.snapshot()
    with pytest.raises(PermissionDeniedError, match="Only a manager can unlock"):
        unlock(
            database=seeded.database,
            manager=seeded.clerk,
            staff_id=seeded.manager.staff_id,
            now=seeded.now,
        )
    assert seeded.snapshot() == before
    assert "locked out" in _refusal(seeded, "2468", at=seeded.now, who=seeded.manager)


def test_a_clerk_cannot_add_staff(seeded):
    with pytest.raises(PermissionDeniedError, match="Only a manager can add staff"):
        add_staff(
            database=seeded.database,
            by=seeded.clerk,
            person={"name": "Lena Novak", "role": "clerk", "pin": "8642"},
        )
    assert seeded.count("staff") == 2


def test_unknown_person_cannot_sign_in(seeded):
    stranger = SignedIn(uuid.uuid4(), seeded.store.id, "Nobody", Role.CLERK)
    with pytest.raises(NotFoundError, match="not on this store's active staff"):
        _sign_in(seeded, CLERK_PIN, at=seeded.now, who=stranger)


def test_the_first_person_of_a_store_must_be_a_manager(empty_database):
    store = create_store(database=empty_database, details={"code": "S099", "name": "New Store"})
    with pytest.raises(InputError, match="first person added to a store is its manager"):
        add_staff(
            database=empty_database,
            by=None,
            person={"name": "Sam Clerk", "role": "clerk", "pin": "1357"},
        )
    manager = add_staff(
        database=empty_database,
        by=None,
        person={"name": "Maeve Manager", "role": "manager", "pin": "2468"},
    )
    assert manager.role is Role.MANAGER
    # Once there is a manager, nobody can add staff without signing in as one.
    with pytest.raises(PermissionDeniedError):
        add_staff(
            database=empty_database,
            by=None,
            person={"name": "Second Manager", "role": "manager", "pin": "8642"},
        )
    assert [m.name for m in list_staff(database=empty_database)] == ["Maeve Manager"]
    assert store.code == "S099"


def test_staff_cannot_be_added_before_the_store(empty_database):
    with pytest.raises(NotFoundError, match="no store set up"):
        add_staff(
            database=empty_database,
            by=None,
            person={"name": "Maeve Manager", "role": "manager", "pin": "2468"},
        )


def test_pins_are_kept_as_salted_argon2id_hashes(seeded):
    rows = dict(seeded.sql("SELECT name, pin_hash FROM staff"))
    assert set(rows) == {"Maeve Manager", "Sam Clerk"}
    for pin_hash in rows.values():
        assert pin_hash.startswith("$argon2id$")
    assert PasswordHasher().verify(rows["Sam Clerk"], CLERK_PIN)
    assert PasswordHasher().verify(rows["Maeve Manager"], "2468")
    assert CLERK_PIN not in rows["Sam Clerk"]


@pytest.mark.parametrize(
    ("pin", "words"),
    [
        ("1111", "too easy to guess"),
        ("00000000", "too easy to guess"),
        ("12ab", "4 to 8 digits"),
        ("", "4 to 8 digits"),
    ],
)
def test_weak_or_malformed_pins_are_refused(seeded, pin, words):
    with pytest.raises(InputError, match=words) as refused:
        add_staff(
            database=seeded.database,
            by=seeded.manager,
            person={"name": "Lena Novak", "role": "clerk", "pin": pin},
        )
    assert not pin or pin not in str(refused.value)
    assert seeded.count("staff") == 2


def test_a_pin_never_reaches_the_audit_trail_the_outbox_or_the_log(seeded, caplog):
    secret, wrong = "73915286", "86420753"  # 8 digits: cannot turn up in a hash or id by chance
    caplog.set_level(logging.DEBUG)
    # SQLAlchemy logs every statement with its parameters at INFO on its own logger.
    caplog.set_level(logging.DEBUG, logger="sqlalchemy.engine")
    member = add_staff(
        database=seeded.database,
        by=seeded.manager,
        person={"name": "Pat Quinn", "role": "clerk", "pin": secret},
        now=seeded.now,
    )
    who = SignedIn(member.id, seeded.store.id, member.name, member.role)
    refusals = [_refusal(seeded, wrong, at=seeded.now, who=who, rules=QUICK) for _ in range(2)]
    refusals.append(_refusal(seeded, secret, at=seeded.now, who=who))
    unlock(database=seeded.database, manager=seeded.manager, staff_id=member.id, now=seeded.now)
    assert _sign_in(seeded, secret, at=seeded.now, who=who).staff_id == member.id
    with pytest.raises(InputError) as weak:
        add_staff(
            database=seeded.database,
            by=seeded.manager,
            person={"name": "Pat Quinn", "role": "clerk", "pin": wrong},
            now=seeded.now,
        )

    # The log did see the work: the INSERT of the new staff row, with its parameters.
    assert any("INSERT INTO staff" in record.getMessage() for record in caplog.records)
    assert "$argon2id$" in caplog.text
    for pin in (secret, wrong):
        assert pin not in caplog.text
        for record in caplog.records:
            assert pin not in record.getMessage()
        for (details,) in seeded.sql("SELECT details FROM auditevent"):
            assert pin not in details
        for (payload,) in seeded.sql("SELECT payload FROM outbox"):
            assert pin not in payload
        for message in [*refusals, str(weak.value)]:
            assert pin not in message
    actions = _actions(seeded)
    assert {"staff.added", "staff.locked_out", "staff.unlocked", "staff.signed_in"} <= set(actions)

    # Nor anywhere in the database file itself, WAL included.
    seeded.database.dispose()
    raw = b"".join(path.read_bytes() for path in seeded.folder.glob("counter.sqlite*"))
    assert secret.encode() not in raw
    assert wrong.encode() not in raw
