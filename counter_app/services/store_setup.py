"""The store this counter PC serves: set up once, read everywhere."""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import Locale, UnknownLocaleError
from sqlmodel import Session, select

from counter_app.domain.case_number import STORE_CODE_PATTERN
from counter_app.domain.money import MoneyError, minor_unit_digits
from counter_app.domain.validation import InputError, shown_key
from counter_app.i18n import say, say_later
from counter_app.services.errors import NotFoundError
from counter_app.services.inputs import ServiceInput, checked, parse, text
from counter_app.services.recording import record_change
from db.store.database import StoreDatabase
from db.store.models import Case, Product, Sale, Store

if TYPE_CHECKING:  # staff imports this module for the store row; only the type is needed here
    from counter_app.services.staff import SignedIn

# What a manager may change after set-up; the code is printed in every case number.
EDITABLE_DETAILS = ("name", "address", "phone", "timezone", "locale", "currency")


def _store_code(value: object) -> str:
    code = value.strip().upper() if isinstance(value, str) else ""
    if not STORE_CODE_PATTERN.match(code):
        raise InputError.single(
            "code", say("Store code must be 1 to 16 letters or digits, like S012.")
        )
    return code


def _timezone(value: object) -> str:
    if not isinstance(value, str) or value not in available_timezones():
        raise InputError.single(
            "timezone", say("Time zone must be a name like Europe/Dublin or America/New_York.")
        )
    return value


def _currency(value: object) -> str:
    code = value.strip().upper() if isinstance(value, str) else ""
    try:
        minor_unit_digits(code)
    except MoneyError as error:
        raise InputError.single("currency", str(error)) from None
    return code


def _locale(value: object) -> str:
    try:
        Locale.parse(value if isinstance(value, str) else "")
    except (UnknownLocaleError, ValueError, TypeError):
        raise InputError.single(
            "locale", say("Language must be a locale like en_IE or de_DE.")
        ) from None
    return str(value)


class StoreDetails(ServiceInput):
    """What identifies a store on its receipts."""

    code: Annotated[str, checked(_store_code)]
    name: Annotated[str, text(field="name", label=say_later("Store name"), max_length=120)]
    address: Annotated[
        str,
        text(
            field="address",
            label=say_later("Address"),
            max_length=300,
            required=False,
            multiline=True,
        ),
    ] = ""
    phone: Annotated[
        str,
        text(
            field="phone", label=say_later("Phone"), max_length=40, required=False, free_text=False
        ),
    ] = ""
    timezone: Annotated[str, checked(_timezone)] = "UTC"
    currency: Annotated[str, checked(_currency)] = "EUR"
    locale: Annotated[str, checked(_locale)] = "en_IE"


@dataclass(frozen=True)
class StoreInfo:
    """The store, as screens, documents and services see it."""

    id: uuid.UUID
    code: str
    name: str
    address: str
    phone: str
    timezone: str
    currency: str
    locale: str

    @property
    def zone(self) -> ZoneInfo:
        """The store's time zone, for showing times and choosing business days."""
        return store_zone(self.timezone)


def store_zone(timezone: str) -> ZoneInfo:
    """The zone named ``timezone``; UTC if this machine's zone data does not know it."""
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _info(store: Store) -> StoreInfo:
    return StoreInfo(
        id=store.id,
        code=store.code,
        name=store.name,
        address=store.address,
        phone=store.phone,
        timezone=store.timezone,
        currency=store.currency,
        locale=store.locale,
    )


_THE_STORE = select(Store)  # built once: every unit of work reads it


def load_store(session: Session) -> Store:
    """The store row, inside a service's unit of work; refuses when none is set up."""
    store = session.exec(_THE_STORE).first()
    if store is None:
        raise NotFoundError(
            say("This counter has no store set up yet. Run 'counter-app demo' for the demo store.")
        )
    return store


def current_store(*, database: StoreDatabase) -> StoreInfo | None:
    """The store this counter serves, or None before set-up."""
    with database.read() as session:
        store = session.exec(select(Store)).first()
        return _info(store) if store else None


def create_store(
    *,
    database: StoreDatabase,
    details: StoreDetails | Mapping[str, Any],
    now: datetime | None = None,
) -> StoreInfo:
    """Set up the store this counter serves; a counter serves exactly one store."""
    checked_details = parse(StoreDetails, details)
    moment = now or datetime.now(UTC)
    with database.write() as session:
        if session.exec(select(Store)).first() is not None:
            raise InputError.single("code", say("This counter already has a store set up."))
        store = Store(**checked_details.model_dump(), created_at=moment)
        session.add(store)
        session.flush()
        record_change(
            session,
            store_id=store.id,
            staff_id=None,
            action="store.created",
            entity="store",
            entity_id=str(store.id),
            details=checked_details.model_dump(),
            now=moment,
        )
        return _info(store)


def _has_amounts(session: Session) -> bool:
    """Whether any amount is already kept in the store's currency (a case, a sale, a price)."""
    return any(
        session.exec(select(table.id).limit(1)).first() is not None
        for table in (Case, Sale, Product)
    )


def update_store_details(
    *,
    database: StoreDatabase,
    staff: "SignedIn",
    changes: Mapping[str, object],
    now: datetime | None = None,
) -> StoreInfo:
    """Change what the store's receipts say about it; only a manager may.

    The store code stays: it is part of every case number already given. The
    currency changes only while no amount has been kept in it, since amounts are
    stored as whole minor units and would be read in the wrong currency.

    Raises:
        PermissionDeniedError: not a manager by the database's record.
        InputError: a detail is wrong, cannot change, or the currency is in use.
    """
    # Imported here: the staff service imports this module for the store row.
    from counter_app.services.staff import require_active_manager, require_manager

    require_manager(staff, say("change the store's details"))
    if not isinstance(changes, Mapping):
        raise InputError.single(
            "changes", say("The changes could not be read; make them again on the screen.")
        )
    for key in changes:
        if key == "code":
            raise InputError.single(
                "code", say("The store code cannot change: it is part of every case number given.")
            )
        if key not in EDITABLE_DETAILS:
            raise InputError.single(
                str(key)[:40],
                say("{key} is not a store detail that can be changed.").format(key=shown_key(key)),
            )
    moment = now or datetime.now(UTC)
    with database.write() as session:
        require_active_manager(session, staff, say("change the store's details"))
        store = load_store(session)
        before = StoreDetails.model_construct(
            **{key: getattr(store, key) for key in ("code", *EDITABLE_DETAILS)}
        ).model_dump()
        wanted = parse(StoreDetails, {**before, **changes}).model_dump()
        changed = {key: wanted[key] for key in EDITABLE_DETAILS if wanted[key] != before[key]}
        if "currency" in changed and _has_amounts(session):
            raise InputError.single(
                "currency",
                say(
                    "The currency cannot change from {currency} now: this store already "
                    "keeps cases, sales or prices in {currency}, and they would be read "
                    "in the wrong currency. Keep it, or ask head office to set up the store "
                    "again in a new data folder."
                ).format(currency=before["currency"]),
            )
        if not changed:
            return _info(store)
        for key, value in changed.items():
            setattr(store, key, value)
        record_change(
            session,
            store_id=store.id,
            staff_id=staff.staff_id,
            action="store.updated",
            entity="store",
            entity_id=str(store.id),
            details={"changed": changed},
            now=moment,
        )
        return _info(store)
