"""Store-credit vouchers: issued with a unique code, spent down, never below zero.

A voucher's code is printed as a barcode, so it is short, has no letters that
read alike (Crockford's alphabet: no I, L, O, U) and is random, so a code
cannot be guessed from another.
"""

import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from counter_app.domain.local_time import local_day
from counter_app.domain.validation import InputError
from counter_app.i18n import say
from counter_app.services.errors import NotFoundError
from counter_app.services.recording import record_change
from counter_app.services.store_setup import store_zone
from db.store.database import StoreDatabase
from db.store.models import Store, StoreCredit

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_PREFIX = "SC"
CODE_GROUP = 5


@dataclass(frozen=True)
class Voucher:
    """A voucher as screens and receipts show it."""

    id: uuid.UUID
    code: str
    initial_cents: int
    balance_cents: int
    issued_at: datetime
    expires_on: date | None

    def expired(self, today: date) -> bool:
        """Whether the voucher can no longer be spent on ``today`` (the store's date)."""
        return self.expires_on is not None and today > self.expires_on


def _new_code() -> str:
    characters = "".join(secrets.choice(CODE_ALPHABET) for _ in range(2 * CODE_GROUP))
    return f"{CODE_PREFIX}-{characters[:CODE_GROUP]}-{characters[CODE_GROUP:]}"


def normalise_code(typed: str) -> str:
    """A code as typed or scanned (any case, with or without dashes) in its printed form."""
    if not isinstance(typed, str):
        typed = ""  # not a code at all: refused below like any text that is no code
    text = typed.strip().upper().replace("-", "").replace(" ", "")
    # Crockford: O reads as 0, I and L as 1.
    text = text.translate(str.maketrans("OIL", "011"))
    if len(text) == len(CODE_PREFIX) + 2 * CODE_GROUP and text.startswith(CODE_PREFIX):
        text = text[len(CODE_PREFIX) :]
    if len(text) != 2 * CODE_GROUP or any(ch not in CODE_ALPHABET for ch in text):
        raise InputError.single(
            "voucher_code", say("That is not a voucher code; it looks like SC-7K2QM-94XDA.")
        )
    return f"{CODE_PREFIX}-{text[:CODE_GROUP]}-{text[CODE_GROUP:]}"


def _no_voucher(wanted: str) -> NotFoundError:
    """The refusal for a code no voucher of this store has."""
    return NotFoundError(
        say("No voucher {code} at this store; check the code on the voucher.").format(code=wanted)
    )


def _view(row: StoreCredit) -> Voucher:
    return Voucher(
        row.id, row.code, row.initial_cents, row.balance_cents, row.issued_at, row.expires_on
    )


def issue_voucher(
    session: Session,
    *,
    store: Store,
    staff_id: uuid.UUID,
    case_id: uuid.UUID | None,
    customer_id: uuid.UUID | None,
    amount_cents: int,
    valid_days: int,
    now: datetime,
) -> Voucher:
    """Issue a voucher inside the caller's unit of work, with its audit event and outbox row."""
    if amount_cents <= 0:
        raise InputError.single("amount", say("A voucher must be for more than nothing."))
    code = _new_code()
    while session.exec(select(StoreCredit.id).where(StoreCredit.code == code)).first():
        code = _new_code()
    today = now.astimezone(store_zone(store.timezone)).date()
    row = StoreCredit(
        store_id=store.id,
        code=code,
        case_id=case_id,
        customer_id=customer_id,
        initial_cents=amount_cents,
        balance_cents=amount_cents,
        issued_at=now,
        expires_on=today + timedelta(days=valid_days),
    )
    session.add(row)
    session.flush()
    record_change(
        session,
        store_id=store.id,
        staff_id=staff_id,
        action="voucher.issued",
        entity="store_credit",
        entity_id=str(row.id),
        case_id=case_id,
        details={"code": code, "amount_cents": amount_cents},
        outbox_payload={
            "id": str(row.id),
            "code": code,
            "case_id": str(case_id) if case_id else None,
            "customer_id": str(customer_id) if customer_id else None,
            "initial_cents": amount_cents,
            "issued_at": now.isoformat(),
            "expires_on": row.expires_on.isoformat() if row.expires_on else None,
        },
        now=now,
    )
    return _view(row)


def spend_voucher(
    session: Session,
    *,
    store: Store,
    staff_id: uuid.UUID,
    code: str,
    amount_cents: int,
    case_id: uuid.UUID,
    now: datetime,
    format_money: Callable[[int], str],
) -> Voucher:
    """Take ``amount_cents`` off a voucher inside the caller's unit of work.

    Raises:
        NotFoundError: no voucher has this code.
        InputError: the voucher has expired, or holds less than the amount.
    """
    wanted = normalise_code(code)
    row = session.exec(select(StoreCredit).where(StoreCredit.code == wanted)).first()
    if row is None:
        raise _no_voucher(wanted)
    today = now.astimezone(store_zone(store.timezone)).date()
    if row.expires_on is not None and today > row.expires_on:
        raise InputError.single(
            "voucher_code",
            say("Voucher {code} expired on {date}.").format(
                code=wanted, date=local_day(row.expires_on, store.locale)
            ),
        )
    if row.balance_cents < amount_cents:
        raise InputError.single(
            "voucher_code",
            say("Voucher {code} has {balance} left, less than the {amount} to pay.").format(
                code=wanted,
                balance=format_money(row.balance_cents),
                amount=format_money(amount_cents),
            ),
        )
    row.balance_cents -= amount_cents
    session.add(row)
    session.flush()
    record_change(
        session,
        store_id=store.id,
        staff_id=staff_id,
        action="voucher.spent",
        entity="store_credit",
        entity_id=str(row.id),
        case_id=case_id,
        details={"code": wanted, "amount_cents": amount_cents, "balance_cents": row.balance_cents},
        now=now,
    )
    return _view(row)


def find_voucher_in(session: Session, code: str) -> Voucher:
    """A voucher by its code as typed or scanned, inside a unit of work."""
    wanted = normalise_code(code)
    row = session.exec(select(StoreCredit).where(StoreCredit.code == wanted)).first()
    if row is None:
        raise _no_voucher(wanted)
    return _view(row)


def find_voucher(*, database: StoreDatabase, code: str) -> Voucher:
    """A voucher by its code as typed or scanned, with its balance."""
    with database.read() as session:
        return find_voucher_in(session, code)
