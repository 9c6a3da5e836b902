"""Stores of the chain and their tokens: registered, rotated and revoked by IT.

A store's token is ``<store id>.<secret>`` (see :mod:`counter_app.headoffice.tokens`).
"""

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from counter_app.domain.sync_protocol import STORE_CODE_PATTERN
from counter_app.headoffice.tokens import hash_token, new_token, token_owner
from db.headoffice.database import HeadOfficeDatabase
from db.headoffice.models import HeadOfficeStore, StoreToken


class StoreRegistryError(Exception):
    """A store command that cannot be done, in words for the IT person who typed it."""


@dataclass(frozen=True)
class IssuedToken:
    """A new token for a store: shown once, never stored as it is."""

    store_id: uuid.UUID
    store_code: str
    token: str


@dataclass(frozen=True)
class AuthenticatedStore:
    """The store a request's token belongs to."""

    store_id: uuid.UUID
    code: str
    name: str
    timezone: str
    token_id: uuid.UUID


def _check_code(code: str) -> str:
    cleaned = code.strip().upper()
    if not re.match(STORE_CODE_PATTERN, cleaned):
        raise StoreRegistryError(
            f"{code!r} is not a store code: use 1 to 16 letters, digits, '-' or '_'."
        )
    return cleaned


def _store_by_code(session: Session, code: str) -> HeadOfficeStore:
    store = session.exec(
        select(HeadOfficeStore).where(HeadOfficeStore.code == _check_code(code))
    ).first()
    if store is None:
        raise StoreRegistryError(f"No store {code!r} is registered; add it with add-store.")
    return store


def _issue(session: Session, store: HeadOfficeStore, now: datetime) -> IssuedToken:
    token = new_token(store.id)
    session.add(StoreToken(store_id=store.id, token_hash=hash_token(token), created_at=now))
    return IssuedToken(store.id, store.code, token)


def add_store(
    database: HeadOfficeDatabase, code: str, *, name: str = "", timezone: str = "UTC"
) -> IssuedToken:
    """Register a store and make its first token.

    Raises:
        StoreRegistryError: the code is malformed or already taken.
    """
    checked = _check_code(code)
    now = datetime.now(UTC)
    with database.unit_of_work() as session:
        taken = session.exec(select(HeadOfficeStore).where(HeadOfficeStore.code == checked))
        if taken.first() is not None:
            raise StoreRegistryError(
                f"Store {checked} is already registered; use rotate-token for a new token."
            )
        store = HeadOfficeStore(
            code=checked, name=name or checked, timezone=timezone, created_at=now
        )
        session.add(store)
        session.flush()
        return _issue(session, store, now)


def _revoke_all(session: Session, store: HeadOfficeStore, now: datetime) -> int:
    live = session.exec(
        select(StoreToken).where(
            StoreToken.store_id == store.id, col(StoreToken.revoked_at).is_(None)
        )
    ).all()
    for token in live:
        token.revoked_at = now
        session.add(token)
    return len(live)


def rotate_token(database: HeadOfficeDatabase, code: str) -> IssuedToken:
    """Revoke the store's tokens and make a new one (for a new counter PC or a leak)."""
    now = datetime.now(UTC)
    with database.unit_of_work() as session:
        store = _store_by_code(session, code)
        _revoke_all(session, store, now)
        return _issue(session, store, now)


def revoke_token(database: HeadOfficeDatabase, code: str) -> int:
    """Revoke every token of the store; answers how many were live."""
    with database.unit_of_work() as session:
        return _revoke_all(session, _store_by_code(session, code), datetime.now(UTC))


def authenticate(session: Session, token: str) -> AuthenticatedStore | None:
    """The store a live token belongs to, or None for a malformed, unknown or revoked one."""
    store_id = token_owner(token)
    if store_id is None:
        return None
    row = session.exec(
        select(StoreToken, HeadOfficeStore)
        .join(HeadOfficeStore, col(HeadOfficeStore.id) == col(StoreToken.store_id))
        .where(
            StoreToken.store_id == store_id,
            StoreToken.token_hash == hash_token(token),
            col(StoreToken.revoked_at).is_(None),
        )
    ).first()
    if row is None:
        return None
    stored_token, store = row
    return AuthenticatedStore(store.id, store.code, store.name, store.timezone, stored_token.id)


def list_stores(database: HeadOfficeDatabase) -> list[HeadOfficeStore]:
    """Every registered store, by code."""
    with database.reading() as session:
        return list(session.exec(select(HeadOfficeStore).order_by(HeadOfficeStore.code)).all())
