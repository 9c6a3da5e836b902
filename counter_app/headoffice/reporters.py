"""Head-office reporting tokens: who may read the reports across stores.

A store's token reads only its own store; the reports across stores need a
reporter's token, made and revoked by IT. A reporter token is
``rpt_<reporter id>.<secret>``, a shape no store token has, and only its
SHA-256 is kept (the token itself is shown once, when it is made).
"""

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from counter_app.headoffice.stores import StoreRegistryError
from counter_app.headoffice.tokens import hash_token, new_token, token_owner
from db.headoffice.database import HeadOfficeDatabase
from db.headoffice.models import Reporter

REPORTER_PREFIX = "rpt_"
_NAME_SHAPE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,79}$")


class ReporterError(StoreRegistryError):
    """A reporter command that cannot be done, in words for the IT person who typed it."""


@dataclass(frozen=True)
class IssuedReporterToken:
    """A new reporting token: shown once, never stored as it is."""

    reporter_id: uuid.UUID
    name: str
    token: str


@dataclass(frozen=True)
class AuthenticatedReporter:
    """The reporter a request's token belongs to."""

    reporter_id: uuid.UUID
    name: str


def _check_name(name: str) -> str:
    cleaned = name.strip()
    if not _NAME_SHAPE.match(cleaned):
        raise ReporterError(
            f"{name!r} is not a reporter name: use 1 to 80 letters, digits, '.', '_', '@' or '-', "
            "starting with a letter or digit."
        )
    return cleaned


def _live(session: Session, name: str) -> list[Reporter]:
    return list(
        session.exec(
            select(Reporter).where(Reporter.name == name, col(Reporter.revoked_at).is_(None))
        ).all()
    )


def add_reporter(database: HeadOfficeDatabase, name: str) -> IssuedReporterToken:
    """Make a reporting token for ``name`` (a person or a finance system).

    Raises:
        ReporterError: the name is malformed or already has a live token.
    """
    checked = _check_name(name)
    with database.unit_of_work() as session:
        if _live(session, checked):
            raise ReporterError(
                f"Reporter {checked} already has a live token; revoke it with revoke-reporter "
                "first, then add the reporter again."
            )
        reporter_id = uuid.uuid4()
        token = new_token(reporter_id, prefix=REPORTER_PREFIX)
        session.add(
            Reporter(
                id=reporter_id,
                name=checked,
                token_hash=hash_token(token),
                created_at=datetime.now(UTC),
            )
        )
    return IssuedReporterToken(reporter_id, checked, token)


def revoke_reporter(database: HeadOfficeDatabase, name: str) -> int:
    """Revoke the reporter's live tokens; answers how many there were.

    Raises:
        ReporterError: no reporter of that name was ever added.
    """
    checked = _check_name(name)
    now = datetime.now(UTC)
    with database.unit_of_work() as session:
        known = session.exec(select(Reporter.id).where(Reporter.name == checked)).first()
        if known is None:
            raise ReporterError(f"No reporter {checked!r} was ever added; see add-reporter.")
        live = _live(session, checked)
        for reporter in live:
            reporter.revoked_at = now
            session.add(reporter)
        return len(live)


def authenticate_reporter(session: Session, token: str) -> AuthenticatedReporter | None:
    """The reporter a live token belongs to, or None for a malformed, unknown or revoked one."""
    reporter_id = token_owner(token, prefix=REPORTER_PREFIX)
    if reporter_id is None:
        return None
    reporter = session.exec(
        select(Reporter).where(
            Reporter.id == reporter_id,
            Reporter.token_hash == hash_token(token),
            col(Reporter.revoked_at).is_(None),
        )
    ).first()
    if reporter is None:
        return None
    return AuthenticatedReporter(reporter.id, reporter.name)
