"""The staff CSV: who may sign in, to every registered store or to the one named.

Columns: ``name, role`` (clerk or manager) and optionally ``pin`` (hashed here with
Argon2id, never kept in clear; empty keeps the store's PIN), ``badge_code``,
``active`` (yes/no). A PIN the store already has keeps its hash: Argon2id salts
each hash anew, so hashing it again would look like a change to every store.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import select

from counter_app.domain.staff import (
    PIN_MAX_DIGITS,
    PIN_MIN_DIGITS,
    NameProblem,
    Role,
    staff_name_key,
    staff_name_problem,
)
from counter_app.domain.sync_protocol import Feed
from counter_app.headoffice.feeds import publish
from counter_app.headoffice.imports.rows import (
    BadValueError,
    ImportResult,
    Row,
    dump,
    read_csv,
    refuse,
    registered_stores,
)
from counter_app.services.staff import hash_pin, pin_matches
from counter_app.sync.feeds.shapes import BADGE_MAX, STAFF_NAME_MAX, StaffItem
from db.headoffice.database import HeadOfficeDatabase
from db.headoffice.models import FeedItem


@dataclass(frozen=True)
class StaffRow:
    """A staff member read from the staff CSV, with the PIN typed there (None: keep the store's).

    The PIN stays in memory only until the import has hashed it or found the
    store's hash already made from it; it is never written or shown.
    """

    line: int
    person: StaffItem
    pin: str | None = field(default=None, repr=False)


def _pin(row: Row) -> str:
    value = row.cells.get("pin", "").strip()
    if not value:
        return ""
    if (
        not value.isascii()
        or not value.isdigit()
        or not PIN_MIN_DIGITS <= len(value) <= PIN_MAX_DIGITS
    ):
        raise BadValueError("pin", f"a PIN is {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits (0-9)")
    if len(set(value)) == 1:
        raise BadValueError("pin", "a PIN of one digit repeated is too easy to guess")
    return value


def read_staff(path: Path) -> list[StaffRow]:
    """The people of a staff CSV, every row checked; the import hashes their PINs (Argon2id)."""
    rows = read_csv(path, ("name", "role"), ("pin", "badge_code", "active"))
    people: list[tuple[Row, dict[str, Any], str]] = []
    name_line: dict[str, int] = {}
    badge_line: dict[str, int] = {}
    for row in rows:
        try:
            name = row.text("name", max_length=STAFF_NAME_MAX)
            problem = staff_name_problem(name)
            if problem is NameProblem.INVISIBLE:
                raise BadValueError("name", "holds a character that shows nothing (zero-width)")
            if problem is NameProblem.MIXED_SCRIPTS:
                raise BadValueError("name", "mixes letters of different alphabets that look alike")
            key = staff_name_key(name)
            if key in name_line:
                raise BadValueError("name", f"{name} is already on line {name_line[key]}")
            name_line[key] = row.line
            role = row.text("role", max_length=16).lower()
            if role not in (Role.CLERK.value, Role.MANAGER.value):
                raise BadValueError("role", f"must be clerk or manager, not {role!r}")
            badge = row.text("badge_code", max_length=BADGE_MAX, required=False)
            if badge and badge in badge_line:
                raise BadValueError("badge_code", f"is already given on line {badge_line[badge]}")
            if badge:
                badge_line[badge] = row.line
            data = {
                "name": name,
                "role": role,
                "active": row.yes_no("active", default=True),
                "badge_code": badge or None,
            }
            people.append((row, data, _pin(row)))
        except BadValueError as bad:
            raise refuse(path, row.line, bad.column, bad.problem) from None
    return [
        StaffRow(row.line, StaffItem.model_validate({**data, "pin_hash": None}), pin or None)
        for row, data, pin in people
    ]


class _PinHashes:
    """Each person's PIN hash for the stores: the one a store holds when it matches, else new.

    Argon2id is slow on purpose, so each held hash is checked once and each PIN
    hashed at most once, however many stores share them.
    """

    def __init__(self) -> None:
        self._new: dict[str, str] = {}
        self._checked: dict[tuple[str, str], bool] = {}

    def for_store(self, row: StaffRow, held: str | None) -> str | None:
        """The hash to publish for ``row`` to a store holding ``held`` for that name."""
        if row.pin is None:
            return held
        if held is not None:
            key = (row.person.name, held)
            if key not in self._checked:
                self._checked[key] = pin_matches(held, row.pin)
            if self._checked[key]:
                return held
        if row.person.name not in self._new:
            self._new[row.person.name] = hash_pin(row.pin)
        return self._new[row.person.name]


def import_staff(
    database: HeadOfficeDatabase, path: Path, *, store_code: str | None = None
) -> ImportResult:
    """Publish a staff CSV to every store (or one); PINs are hashed, never kept in clear.

    A row without a PIN keeps the hash head office already published to that
    store, if any (so re-importing a list to change a role does not need the PINs).
    """
    people = read_staff(path)
    hashes = _PinHashes()
    changed = 0
    with database.unit_of_work() as session:
        stores = registered_stores(session, store_code)
        for store in stores:
            held = {
                key: json.loads(data).get("pin_hash")
                for key, data in session.exec(
                    select(FeedItem.key, FeedItem.data).where(
                        FeedItem.store_id == store.id, FeedItem.feed == Feed.STAFF.value
                    )
                ).all()
            }
            items = []
            for row in people:
                pin_hash = hashes.for_store(row, held.get(row.person.name) or None)
                person = row.person.model_copy(update={"pin_hash": pin_hash})
                items.append((person.name, dump(person)))
            changed += publish(session, store.id, Feed.STAFF, items)
    return ImportResult(Feed.STAFF, len(people), len(stores), changed)
