"""Finding a customer already in the store's records, as the clerk types a phone, email or name.

So a returning customer is picked, not saved twice, and their earlier cases
come with them. What is typed decides how it is looked up:

* an email (it holds ``@``): the ``customer.email_key`` index (the address in
  lower case), so it is found however either was typed;
* a phone (the shape of one, with at least ``MIN_PHONE_DIGITS`` digits): the
  search index's ``phone`` column, digits compared however either was typed,
  the last number still being typed; plus the ``customer.phone`` index for the
  number exactly as typed, which also finds a customer with no case;
* anything else is a name: the search index's ``customer`` column (accents and
  case ignored, the last word a prefix), plus customers whose name starts with
  exactly what was typed.

Nothing is read in Python beyond a few hundred rowids: the full-text index
hands over the newest matching cases first and stops at :data:`CASES_READ`,
and every other condition has an index or a ``LIMIT``.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from counter_app.domain.validation import InputError, clean_text
from counter_app.i18n import say
from counter_app.services.search import (
    INTERNATIONAL_DIGITS,
    MAX_TEXT_LENGTH,
    MIN_PHONE_DIGITS,
    SHARED_ENDING_DIGITS,
    fold_for_search,
)
from counter_app.services.store_setup import load_store
from db.store.database import StoreDatabase
from db.types import UTCDateTime

DEFAULT_MATCHES = 8
MAX_MATCHES = 50
# The newest matching cases read from the full-text index, at most; a customer whose every
# matching case is older than this many others is not offered (the clerk types more).
CASES_READ = 400
# Name prefixes sort below this character, so "name >= p AND name < p || _TOP" is "starts with p".
_TOP = "\U0010ffff"
_PHONE_CHARACTERS = frozenset("+0123456789 ().-/")
_ASCII_DIGITS = frozenset("0123456789")


@dataclass(frozen=True)
class CustomerMatch:
    """A customer the typed text may mean, with how many cases they have and the latest."""

    id: uuid.UUID
    name: str
    phone: str | None
    email: str | None
    cases: int
    last_case_at: datetime | None


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _digits(typed: str) -> str:
    return "".join(character for character in typed if character in _ASCII_DIGITS)


def _looks_like_phone(typed: str) -> bool:
    return (
        set(typed) <= _PHONE_CHARACTERS
        and typed.lstrip("+").strip() != ""
        and "+" not in typed[1:]
        and len(_digits(typed)) >= MIN_PHONE_DIGITS
    )


def _phone_match(typed: str) -> str | None:
    """The FTS5 query on the phone column for a number typed in any format, maybe unfinished."""
    significant = _digits(typed).lstrip("0")
    if len(significant) < MIN_PHONE_DIGITS:
        return None
    terms = [f"phone : {_quoted(significant)} *"]
    if len(significant) >= INTERNATIONAL_DIGITS:
        # Typed with a country code, saved without one: the national endings agree.
        terms.append(f"phone : {_quoted(significant[-SHARED_ENDING_DIGITS:])}")
    return " OR ".join(terms)


def _name_match(typed: str) -> str | None:
    """The FTS5 query on the customer column: every word, in any order, the last a prefix."""
    words = [word for word in fold_for_search(typed).split() if any(ch.isalnum() for ch in word)]
    if not words:
        return None
    phrases = [_quoted(word) for word in words]
    phrases[-1] += " *"
    return "customer : (" + " AND ".join(phrases) + ")"


def _customers_of_cases(session: Session, match: str, store_id: str, limit: int) -> list[str]:
    """Customer ids (hex) of the newest cases the FTS5 query finds, newest first, no repeats.

    The full-text index gives its rowids newest first and stops after CASES_READ;
    each is then one primary-key look-up in service_case.
    """
    rows = session.execute(
        text(
            "SELECT c.customer_id FROM ("
            "  SELECT rowid FROM case_search WHERE case_search MATCH :match "
            "  ORDER BY rowid DESC LIMIT :cases_read"
            ") AS found CROSS JOIN service_case c ON c.rowid = found.rowid "
            "WHERE c.customer_id IS NOT NULL AND +c.store_id = :store_id "
            "ORDER BY found.rowid DESC"
        ),
        {"match": match, "cases_read": CASES_READ, "store_id": store_id},
    )
    found: dict[str, None] = {}
    for (customer_id,) in rows:
        found.setdefault(str(customer_id), None)
        if len(found) == limit:
            break
    return list(found)


def _customers_where(session: Session, where: str, parameters: dict[str, Any]) -> list[str]:
    """Customer ids (hex) a condition on the customer table finds, at most ``:limit``."""
    rows = session.execute(
        text(f"SELECT id FROM customer WHERE ({where}) AND +store_id = :store_id LIMIT :limit"),  # noqa: S608 - our SQL
        parameters,
    )
    return [str(row[0]) for row in rows]


def _load_matches(session: Session, customer_ids: list[str]) -> list[CustomerMatch]:
    """The customers with these ids, each with their number of cases and the latest case's time."""
    if not customer_ids:
        return []
    names = [f"id_{index}" for index in range(len(customer_ids))]
    parameters = dict(zip(names, customer_ids, strict=True))
    statement = text(
        "SELECT cu.id, cu.name, cu.phone, cu.email, "  # noqa: S608 - no input in the SQL
        "(SELECT count(*) FROM service_case s WHERE s.customer_id = cu.id) AS cases, "
        "(SELECT max(s.created_at) FROM service_case s WHERE s.customer_id = cu.id) "
        "AS last_case_at "
        f"FROM customer cu WHERE cu.id IN ({', '.join(':' + name for name in names)})"
    ).columns(last_case_at=UTCDateTime())
    return [
        CustomerMatch(
            id=uuid.UUID(str(row.id)),
            name=row.name,
            phone=row.phone,
            email=row.email,
            cases=int(row.cases),
            last_case_at=row.last_case_at,
        )
        for row in session.execute(statement, parameters)
    ]


def _name_prefixes(typed: str) -> list[str]:
    """What a stored name may start with: as typed, and with its first letter capitalised."""
    return list(dict.fromkeys([typed, typed[:1].upper() + typed[1:]]))


def find_customers(
    *, database: StoreDatabase, text: str, limit: int = DEFAULT_MATCHES
) -> list[CustomerMatch]:
    """Customers the typed phone, email or name may mean; those seen most recently first.

    Query plans (checked in tests/services/test_customer_lookup.py):

    * phone and name: ``SCAN case_search VIRTUAL TABLE INDEX ...`` (the FTS5
      match, rowids newest first, at most :data:`CASES_READ`), then
      ``SEARCH c USING INTEGER PRIMARY KEY (rowid=?)`` per case;
    * phone as typed: ``SEARCH customer USING INDEX ix_customer_phone (phone=?)``;
    * email: ``SEARCH customer USING INDEX ix_customer_email_key (email_key=?)``;
    * a name's exact prefix: ``SEARCH customer USING INDEX ix_customer_name``, a
      range search;
    * the matches' case counts: ``SEARCH s USING COVERING INDEX
      ix_service_case_customer_id (customer_id=?)``, ``limit`` customers at most.

    Raises:
        InputError: the text has control characters or is too long; the limit is out of range.
    """
    typed = clean_text(
        text, field="text", label=say("Search"), max_length=MAX_TEXT_LENGTH, required=False
    )
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_MATCHES:
        raise InputError.single(
            "limit", say("Ask for 1 to {most} customers at a time.").format(most=MAX_MATCHES)
        )
    if not typed:
        return []
    with database.read() as session:
        store_id = load_store(session).id.hex
        limits: dict[str, Any] = {"store_id": store_id, "limit": limit}
        found: list[str] = []
        if "@" in typed:
            found += _customers_where(
                session,
                "email_key = :lowered",
                {**limits, "lowered": typed.lower()},
            )
        elif _looks_like_phone(typed):
            found += _customers_where(session, "phone = :phone", {**limits, "phone": typed})
            match = _phone_match(typed)
            if match is not None:
                found += _customers_of_cases(session, match, store_id, limit)
        else:
            match = _name_match(typed)
            if match is not None:
                found += _customers_of_cases(session, match, store_id, limit)
            ranges = []
            parameters: dict[str, Any] = dict(limits)
            for index, prefix in enumerate(_name_prefixes(typed)):
                ranges.append(f"(name >= :from_{index} AND name < :to_{index})")
                parameters[f"from_{index}"] = prefix
                parameters[f"to_{index}"] = prefix + _TOP
            found += _customers_where(session, " OR ".join(ranges), parameters)
        unique = list(dict.fromkeys(found))[:MAX_MATCHES]
        matches = _load_matches(session, unique)
    matches.sort(
        key=lambda match: (match.last_case_at is not None, match.last_case_at), reverse=True
    )
    return matches[:limit]
