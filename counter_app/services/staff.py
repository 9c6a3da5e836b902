"""Staff and signing in: Argon2id PIN hashes, lockout after repeated wrong PINs.

A PIN is never logged, never put in an audit event and never returned. Wrong
attempts are counted in the database, so restarting the app does not reset
them; after too many the person is locked out for a while or until a
manager unlocks them.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import bindparam
from sqlmodel import Session, col, func, select

from counter_app.domain.local_time import local_clock
from counter_app.domain.scan_codes import STAFF_BADGE_MAX_LENGTH, STAFF_BADGE_PREFIX
from counter_app.domain.staff import (
    NameProblem,
    Role,
    clean_pin,
    staff_name_key,
    staff_name_problem,
)
from counter_app.domain.validation import InputError, as_id, clean_text
from counter_app.i18n import say, say_later, say_plural
from counter_app.services.errors import NotFoundError, PermissionDeniedError, SignInRefusedError
from counter_app.services.inputs import ServiceInput, checked, parse, text
from counter_app.services.recording import record_change
from counter_app.services.store_setup import load_store, store_zone
from db.store.database import StoreDatabase
from db.store.models import Staff

_hasher = PasswordHasher()  # argon2-cffi's defaults are Argon2id with RFC 9106's low-memory profile


@dataclass(frozen=True)
class LockoutRules:
    """How many wrong PINs lock a person out, and for how long."""

    attempts: int = 5
    minutes: int = 30


@dataclass(frozen=True)
class StaffMember:
    """A staff member as the sign-in screen lists them."""

    id: uuid.UUID
    name: str
    role: Role
    locked_until: datetime | None


@dataclass(frozen=True)
class SignedIn:
    """The person at the counter; services check their role, not the screen."""

    staff_id: uuid.UUID
    store_id: uuid.UUID
    name: str
    role: Role

    @property
    def is_manager(self) -> bool:
        """Whether this person may approve, edit policy and close days."""
        return self.role is Role.MANAGER


class NewStaff(ServiceInput):
    """A person to add to the store's staff."""

    name: Annotated[str, text(field="name", label=say_later("Name"), max_length=80)]
    role: Role
    pin: Annotated[str, checked(clean_pin)]
    badge_code: Annotated[
        str,
        text(
            field="badge_code",
            label=say_later("Badge code"),
            max_length=64,
            required=False,
            free_text=False,
        ),
    ] = ""


def hash_pin(pin: str) -> str:
    """The Argon2id hash of a PIN, for storage."""
    return _hasher.hash(pin)


def pin_matches(pin_hash: str, pin: str) -> bool:
    """Whether ``pin`` is the one ``pin_hash`` was made from (a damaged hash matches nothing)."""
    if not isinstance(pin, str):
        return False  # no PIN at all: as wrong as a wrong one
    try:
        return _hasher.verify(pin_hash, pin)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _only_a_manager(doing: str) -> str:
    """The refusal for a clerk doing a manager's task, ``doing`` said in the language in force."""
    return say("Only a manager can {doing}. Ask a manager to sign in.").format(doing=say(doing))


def require_manager(person: SignedIn, doing: str) -> None:
    """Refuse unless ``person`` is a manager; ``doing`` completes "Only a manager can ...".

    ``doing`` is English marked with ``say_later`` (it is said here, in the language in force).
    """
    if not person.is_manager:
        raise PermissionDeniedError(_only_a_manager(doing))


def list_staff(*, database: StoreDatabase) -> list[StaffMember]:
    """Active staff in name order, for the sign-in screen."""
    with database.read() as session:
        rows = session.exec(
            select(Staff).where(col(Staff.active)).order_by(func.lower(Staff.name))
        ).all()
        return [StaffMember(row.id, row.name, Role(row.role), row.locked_until) for row in rows]


def _check_name(name: str) -> None:
    """Refuse a name that would show as another on the sign-in list."""
    problem = staff_name_problem(name)
    if problem is NameProblem.INVISIBLE:
        raise InputError.single(
            "name",
            say(
                "Name holds a character that shows nothing (such as a zero-width "
                "space); type the name again."
            ),
        )
    if problem is NameProblem.MIXED_SCRIPTS:
        raise InputError.single(
            "name",
            say(
                "Name mixes letters of different alphabets that look alike (such as a "
                "Cyrillic a in a Latin name); type it again in one alphabet."
            ),
        )


def add_staff(
    *,
    database: StoreDatabase,
    by: SignedIn | None,
    person: NewStaff | Mapping[str, Any],
    now: datetime | None = None,
) -> StaffMember:
    """Add a staff member. Only a manager may, except the very first manager of a new store."""
    details = parse(NewStaff, person)
    moment = now or datetime.now(UTC)
    with database.write() as session:
        store = load_store(session)
        if by is None:
            if session.exec(select(Staff.id).where(Staff.role == Role.MANAGER.value)).first():
                raise PermissionDeniedError(_only_a_manager(say_later("add staff")))
            if details.role is not Role.MANAGER:
                raise InputError.single(
                    "role", say("The first person added to a store is its manager.")
                )
        else:
            require_manager(by, say_later("add staff"))
            require_active_manager(session, by, say_later("add staff"))
        _check_name(details.name)
        key = staff_name_key(details.name)
        same = next(
            (
                name
                for name in session.exec(select(Staff.name).where(Staff.store_id == store.id))
                if staff_name_key(name) == key
            ),
            None,
        )
        if same is not None:
            raise InputError.single(
                "name", say("There is already a staff member called {name}.").format(name=same)
            )
        if (
            details.badge_code
            and session.exec(select(Staff.id).where(Staff.badge_code == details.badge_code)).first()
        ):
            raise InputError.single(
                "badge_code",
                say("Badge code is already given to someone else; scan another badge."),
            )
        staff = Staff(
            store_id=store.id,
            name=details.name,
            role=details.role.value,
            pin_hash=hash_pin(details.pin),
            badge_code=details.badge_code or None,
            created_at=moment,
        )
        session.add(staff)
        session.flush()
        record_change(
            session,
            store_id=store.id,
            staff_id=by.staff_id if by else None,
            action="staff.added",
            entity="staff",
            entity_id=str(staff.id),
            details={"name": staff.name, "role": staff.role},
            now=moment,
        )
        return StaffMember(staff.id, staff.name, details.role, None)


# Built once: every change checks the person making it.
_BY_ID = select(Staff).where(col(Staff.id) == bindparam("staff_id"))


def require_active(session: Session, person: SignedIn) -> Staff:
    """The signed-in person's row, inside a unit of work; refuses anyone no longer on the staff.

    Services call this rather than trusting a ``SignedIn`` kept by a screen: the
    person may have been deactivated since they signed in.
    """
    staff = session.exec(_BY_ID, params={"staff_id": person.staff_id}).first()
    if staff is None or not staff.active or staff.store_id != person.store_id:
        raise PermissionDeniedError(say("Sign in again: you are no longer on this store's staff."))
    return staff


def require_active_manager(session: Session, person: SignedIn, doing: str) -> Staff:
    """Like :func:`require_active`, and a manager by the database's record, not the caller's."""
    staff = require_active(session, person)
    if staff.role != Role.MANAGER.value:
        raise PermissionDeniedError(_only_a_manager(doing))
    return staff


def _load_staff(session: Session, staff_id: uuid.UUID) -> Staff:
    wanted = as_id(staff_id)
    staff = session.get(Staff, wanted) if wanted is not None else None
    if staff is None or not staff.active:
        raise NotFoundError(say("That staff member is not on this store's active staff."))
    return staff


def _store_time(moment: datetime, session: Session) -> str:
    store = load_store(session)
    return local_clock(moment, store_zone(store.timezone), store.locale)


def _check_pin(
    *,
    database: StoreDatabase,
    staff_id: uuid.UUID,
    pin: str,
    rules: LockoutRules | None,
    now: datetime | None,
    manager_only: str | None,
) -> SignedIn:
    """Check a PIN, counting wrong ones towards the lockout.

    Args:
        manager_only: for an approval, what the manager approves; the role is checked
            before the PIN, and a right PIN writes nothing (the approval itself is
            recorded with what it approved). ``None`` for a sign-in, which is audited.
    """
    limits = rules or LockoutRules()
    moment = now or datetime.now(UTC)
    refusal: str | None = None
    with database.write() as session:
        staff = _load_staff(session, staff_id)
        if manager_only is not None and staff.role != Role.MANAGER.value:
            raise PermissionDeniedError(_only_a_manager(manager_only))
        if staff.locked_until is not None and staff.locked_until > moment:
            until = _store_time(staff.locked_until, session)
            refusal = say(
                "{name} is locked out until {until} after too many wrong PINs. "
                "A manager can unlock now."
            ).format(name=staff.name, until=until)
        elif pin_matches(staff.pin_hash, pin):
            person = SignedIn(staff.id, staff.store_id, staff.name, Role(staff.role))
            if manager_only is not None and not staff.failed_pin_attempts:
                return person
            staff.failed_pin_attempts = 0
            staff.locked_until = None
            if manager_only is not None:
                return person
            if _hasher.check_needs_rehash(staff.pin_hash):
                staff.pin_hash = hash_pin(pin)
            record_change(
                session,
                store_id=staff.store_id,
                staff_id=staff.id,
                action="staff.signed_in",
                entity="staff",
                entity_id=str(staff.id),
                details={"name": staff.name},
                now=moment,
            )
            return person
        else:
            staff.failed_pin_attempts += 1
            left = limits.attempts - staff.failed_pin_attempts
            if left > 0:
                refusal = say_plural(
                    "Wrong PIN. {left} try left.", "Wrong PIN. {left} tries left.", left
                ).format(left=left)
            else:
                staff.failed_pin_attempts = 0
                staff.locked_until = moment + timedelta(minutes=limits.minutes)
                refusal = say(
                    "Wrong PIN. {name} is locked out for {minutes} minutes; "
                    "a manager can unlock sooner."
                ).format(name=staff.name, minutes=limits.minutes)
                record_change(
                    session,
                    store_id=staff.store_id,
                    staff_id=staff.id,
                    action="staff.locked_out",
                    entity="staff",
                    entity_id=str(staff.id),
                    details={"name": staff.name, "minutes": limits.minutes},
                    now=moment,
                )
    raise SignInRefusedError(refusal)


def sign_in(
    *,
    database: StoreDatabase,
    staff_id: uuid.UUID,
    pin: str,
    rules: LockoutRules | None = None,
    now: datetime | None = None,
) -> SignedIn:
    """Check a PIN and return who is at the counter.

    Raises:
        SignInRefusedError: wrong PIN (with the tries left), or locked out (with until when).
        NotFoundError: the person is not on the active staff.
    """
    return _check_pin(
        database=database, staff_id=staff_id, pin=pin, rules=rules, now=now, manager_only=None
    )


def confirm_manager(
    *,
    database: StoreDatabase,
    staff_id: uuid.UUID,
    pin: str,
    doing: str,
    rules: LockoutRules | None = None,
    now: datetime | None = None,
) -> SignedIn:
    """Check a manager's PIN for an approval at someone else's counter session.

    Nothing is written for a right PIN: the approval is recorded with what it approved.
    Wrong PINs count towards the manager's lockout like any sign-in.

    Raises:
        SignInRefusedError: wrong PIN or locked out.
        PermissionDeniedError: the person is not a manager (checked before the PIN).
    """
    return _check_pin(
        database=database, staff_id=staff_id, pin=pin, rules=rules, now=now, manager_only=doing
    )


def unlock(
    *,
    database: StoreDatabase,
    manager: SignedIn,
    staff_id: uuid.UUID,
    now: datetime | None = None,
) -> None:
    """Lift a lockout before it runs out; only a manager may."""
    require_manager(manager, say_later("unlock a staff member"))
    moment = now or datetime.now(UTC)
    with database.write() as session:
        require_active_manager(session, manager, say_later("unlock a staff member"))
        staff = _load_staff(session, staff_id)
        staff.failed_pin_attempts = 0
        staff.locked_until = None
        record_change(
            session,
            store_id=staff.store_id,
            staff_id=manager.staff_id,
            action="staff.unlocked",
            entity="staff",
            entity_id=str(staff.id),
            details={"name": staff.name},
            now=moment,
        )


LockReason = Literal["manual", "idle"]


def record_lock(
    *,
    database: StoreDatabase,
    person: SignedIn,
    reason: LockReason,
    now: datetime | None = None,
) -> None:
    """Audit that the counter went back to sign-in, by hand or after idle time.

    Locking is how a person signs out, so the trail shows when each session ended
    and how. Nothing is refused: a counter must lock even if the person was taken
    off the staff meanwhile, so the role is not checked here.
    """
    if reason not in ("manual", "idle"):
        raise ValueError(f"unknown lock reason {reason!r}")
    moment = now or datetime.now(UTC)
    with database.write() as session:
        record_change(
            session,
            store_id=person.store_id,
            staff_id=person.staff_id,
            action="staff.locked",
            entity="staff",
            entity_id=str(person.staff_id),
            details={"name": person.name, "reason": reason},
            now=moment,
        )


def _badge_forms(badge_code: str) -> list[str]:
    """How a badge may be kept: as scanned (``STAFF-`` and the code) or the code alone."""
    as_given = badge_code.strip()
    code = as_given.upper()
    bare = code.removeprefix(STAFF_BADGE_PREFIX)
    return list(dict.fromkeys([as_given, code, bare, STAFF_BADGE_PREFIX + bare]))


def staff_by_badge(*, database: StoreDatabase, badge_code: str) -> StaffMember | None:
    """The active staff member whose badge this is, or None when no one on the staff has it.

    Takes the code as scanned (``STAFF-7Q2``, in any case) or without its prefix,
    and finds it whichever way ``Staff.badge_code`` keeps it; one look-up on the
    badge's unique index.

    Raises:
        InputError: the code has control characters or is longer than a badge can be.
    """
    code = clean_text(
        badge_code, field="badge_code", label=say("Badge code"), max_length=STAFF_BADGE_MAX_LENGTH
    )
    with database.read() as session:
        row = session.exec(
            select(Staff).where(col(Staff.badge_code).in_(_badge_forms(code)), col(Staff.active))
        ).first()
        if row is None:
            return None
        return StaffMember(row.id, row.name, Role(row.role), row.locked_until)
