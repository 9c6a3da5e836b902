"""Pieces every case-writing service shares: numbers, arrival times, customers, products.

All run inside the calling service's unit of work.
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Annotated, Any

from pydantic import model_validator
from sqlalchemy import Insert, Table, bindparam, insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, SQLModel, select

from counter_app.domain.case_number import CaseNumber, CaseNumberError
from counter_app.domain.validation import InputError, clean_email, clean_phone
from counter_app.i18n import say, say_later
from counter_app.services.errors import NotFoundError
from counter_app.services.inputs import ServiceInput, checked, text
from counter_app.services.recording import record_change
from db.store.models import Case, CaseNumberCounter, Customer, Product, ProductBarcode, Store

LATEST_ARRIVAL_AGE = timedelta(hours=24)

_COUNTERS: Table = CaseNumberCounter.__table__  # type: ignore[attr-defined]
# The day's next number in one statement: the first of the day inserts 1, later ones add 1.
_NEXT_NUMBER = (
    sqlite_insert(_COUNTERS)
    .values(
        store_id=bindparam("store_id", type_=_COUNTERS.c.store_id.type),
        business_date=bindparam("business_date", type_=_COUNTERS.c.business_date.type),
        last_number=1,
    )
    .on_conflict_do_update(
        index_elements=[_COUNTERS.c.store_id, _COUNTERS.c.business_date],
        set_={"last_number": _COUNTERS.c.last_number + 1},
    )
    .returning(_COUNTERS.c.last_number)
)


class CustomerInput(ServiceInput):
    """A customer's details, kept only with their consent."""

    name: Annotated[str, text(field="name", label=say_later("Customer name"), max_length=120)]
    phone: Annotated[str | None, checked(lambda v: None if v in (None, "") else clean_phone(v))] = (
        None
    )
    email: Annotated[str | None, checked(lambda v: None if v in (None, "") else clean_email(v))] = (
        None
    )
    consent: bool

    @model_validator(mode="after")
    def _needs_consent(self) -> "CustomerInput":
        if not self.consent:
            raise InputError.single(
                "consent", say("Ask the customer for consent before saving their details.")
            )
        return self


def next_case_number(session: Session, store: Store, business_date: date) -> CaseNumber:
    """Give out the next number of the day; the write lock makes it race-free."""
    last_number = (
        session.connection()
        .execute(_NEXT_NUMBER, {"store_id": store.id, "business_date": business_date})
        .scalar_one()
    )
    return CaseNumber(store.code, business_date, int(last_number))


def insert_rows(session: Session, rows: Sequence[SQLModel]) -> None:
    """Write new rows of one table now, in one statement, inside the unit of work.

    For rows a service writes once and does not change again in the same unit of
    work (a counter case, its lines, its payments): the session does not track
    them, which spares its bookkeeping, and later reads in the unit of work (the
    search row, the fault check) see them at once. The rows' objects stay usable
    as values; adding one to the session afterwards would insert it twice. What
    the session holds unwritten goes first, since these rows may point at it.
    """
    if not rows:
        return
    session.flush()
    table: Table = type(rows[0]).__table__  # type: ignore[attr-defined]
    names = [column.key for column in table.columns]
    session.connection().execute(
        _insert_into(table), [{name: getattr(row, name) for name in names} for row in rows]
    )


@cache
def _insert_into(table: Table) -> Insert:
    return insert(table)


def arrival_time(arrived_at: datetime | None, moment: datetime) -> datetime:
    """When the customer arrived: now, or earlier today as the queue recorded it."""
    if arrived_at is not None and arrived_at.tzinfo is None:
        raise InputError.single("arrived_at", say("The arrival time must carry its time zone."))
    arrived = (arrived_at or moment).astimezone(UTC)
    if arrived > moment + timedelta(minutes=5):
        raise InputError.single(
            "arrived_at", say("The customer cannot have arrived in the future.")
        )
    if arrived < moment - LATEST_ARRIVAL_AGE:
        raise InputError.single(
            "arrived_at",
            say("The arrival time is more than a day ago; open the case with today's time."),
        )
    return arrived


def product_by_barcode(session: Session, barcode: str) -> Product | None:
    """The catalog item with this barcode, if any."""
    return session.exec(
        select(Product).join(ProductBarcode).where(ProductBarcode.barcode == barcode)
    ).first()


def case_customer(
    session: Session,
    *,
    store: Store,
    staff_id: uuid.UUID,
    customer_id: uuid.UUID | None,
    customer: CustomerInput | None,
    moment: datetime,
) -> uuid.UUID | None:
    """The case's customer: an existing one, a new one saved with consent, or none."""
    if customer_id is not None and customer is not None:
        raise InputError.single(
            "customer", say("Pick an existing customer or add a new one, not both.")
        )
    if customer_id is not None:
        if session.get(Customer, customer_id) is None:
            raise InputError.single(
                "customer_id", say("That customer is not in this store's records.")
            )
        return customer_id
    if customer is None:
        return None
    row = Customer(
        store_id=store.id,
        name=customer.name,
        phone=customer.phone,
        email=customer.email,
        email_key=customer.email.lower() if customer.email else None,
        consent_at=moment,
        created_at=moment,
    )
    session.add(row)
    session.flush()
    record_change(
        session,
        store_id=store.id,
        staff_id=staff_id,
        action="customer.added",
        entity="customer",
        entity_id=str(row.id),
        details={"customer_id": str(row.id)},
        outbox_payload={
            "id": str(row.id),
            "name": row.name,
            "phone": row.phone,
            "email": row.email,
            "consent_at": moment.isoformat(),
        },
        now=moment,
    )
    return row.id


def find_case(session: Session, case_ref: uuid.UUID | str) -> Case:
    """A case by its id, or by its number as typed or scanned.

    Raises:
        InputError: the text is not a case number.
        NotFoundError: no such case at this store.
    """
    if isinstance(case_ref, uuid.UUID):
        case = session.get(Case, case_ref)
    else:
        try:
            number = str(CaseNumber.parse(case_ref))
        except CaseNumberError as error:
            raise InputError.single("number", str(error)) from None
        case = session.exec(select(Case).where(Case.number == number)).first()
    if case is None:
        raise NotFoundError(say("No case {number} at this store.").format(number=case_ref))
    return case


def case_header(case: Case) -> dict[str, Any]:
    """The fields of a case every message to head office about it starts with."""
    return {
        "id": str(case.id),
        "number": case.number,
        "case_type": case.case_type,
        "status": case.status,
        "customer_id": str(case.customer_id) if case.customer_id else None,
        "staff_id": str(case.staff_id),
        "sale_id": str(case.sale_id) if case.sale_id else None,
        "summary": case.summary,
        "arrived_at": case.arrived_at.isoformat(),
        "served_at": case.served_at.isoformat() if case.served_at else None,
    }
