"""What head office keeps, beside the events themselves, to report across stores.

A case event's payload carries the case's header (and, for a completed
return or exchange, its payments); these turn that into rows of ``ho_case``
and ``ho_payment``. A payload that does not have the shape its kind needs is
refused here, before anything is stored, so the store can set it aside.

A store's ``customers.purged`` erases, in head office's copy, what the store
erased in its own: the personal fields of the events it names (the same
fields, by :mod:`counter_app.domain.personal_data`) and the attachments no
case of the store needs any more. ``ho_case`` and ``ho_payment`` hold no
personal data, so the reports are the same after as before.
"""

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import psycopg
from psycopg.types.array import ListBinaryDumper
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import Connection, CursorResult, Table, any_, bindparam, delete, func
from sqlalchemy import select as select_rows
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import Executable
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session, col, select

from counter_app.domain.personal_data import erase_event_payload
from counter_app.domain.sync_protocol import CounterMoment
from db.headoffice.models import ReceivedEvent, ReportedCase, ReportedPayment, StoredAttachment

CASE_TYPES = ("complaint", "return", "exchange")
CASE_STATUSES = ("open", "in_progress", "resolved", "closed")
# Kinds whose payload describes the whole case header.
CASE_SNAPSHOT_KINDS = frozenset({"case.opened", "return.completed", "exchange.completed"})
STATUS_KINDS = frozenset({"case.status_changed", "case.reopened"})
# A complaint accommodated: its status and the refund paid, if any (the case came earlier).
RESOLUTION_KINDS = frozenset({"complaint.resolved", "complaint.kept_open"})
ERASURE_KIND = "customers.purged"
# A store purges at most 100 customers at a time, each with a few events (200 at most).
MAX_ERASED_EVENTS = 20_000


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _Complaint(_Loose):
    category: str = Field(min_length=1, max_length=60)


class _PaymentData(_Loose):
    kind: str = Field(pattern=r"^(refund|charge)$")
    tender: str = Field(pattern=r"^(cash|card|store_credit|original)$")
    # Strict: money is whole cents as a JSON integer, never true, "100" or 12.0.
    amount_cents: int = Field(ge=0, le=10**11, strict=True)


class _CaseData(_Loose):
    id: uuid.UUID
    number: str = Field(min_length=1, max_length=40)
    case_type: str = Field(pattern=r"^(complaint|return|exchange)$")
    status: str = Field(pattern=r"^(open|in_progress|resolved|closed)$")
    arrived_at: CounterMoment
    resolved_at: CounterMoment | None = None
    complaint: _Complaint | None = None
    payments: list[_PaymentData] = Field(default_factory=list, max_length=100)


class _ResolutionData(_Loose):
    id: uuid.UUID
    status: str = Field(pattern=r"^(open|in_progress|resolved|closed)$")
    arrived_at: CounterMoment
    resolved_at: CounterMoment | None = None
    payments: list[_PaymentData] = Field(default_factory=list, max_length=100)


class _StatusData(_Loose):
    to: str = Field(pattern=r"^(open|in_progress|resolved|closed)$")


class _ErasureData(_Loose):
    event_ids: list[uuid.UUID] = Field(default_factory=list, max_length=MAX_ERASED_EVENTS)
    attachments: list[Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]] = Field(
        default_factory=list, max_length=MAX_ERASED_EVENTS
    )


class PayloadError(ValueError):
    """An event whose payload lacks what its kind needs; says which field."""


@dataclass(frozen=True)
class Projection:
    """The checked facts of one event, ready to write once the event is claimed."""

    case: _CaseData | None = None
    resolution: _ResolutionData | None = None
    status: _StatusData | None = None
    erasure: _ErasureData | None = None
    entity_id: str = ""


def _data(payload: dict[str, Any]) -> Any:
    return payload.get("data", payload)


def _first_problem(error: ValidationError, kind: str) -> PayloadError:
    problem = error.errors()[0]
    where = ".".join(str(part) for part in problem["loc"]) or "data"
    return PayloadError(f"{kind}: payload field data.{where}: {problem['msg']}")


def check_payload(kind: str, entity_id: str, payload: dict[str, Any]) -> Projection:
    """Check an event's payload for what its kind needs.

    Raises:
        PayloadError: a field is missing or out of range (named in the message).
    """
    try:
        if kind in CASE_SNAPSHOT_KINDS:
            return Projection(case=_CaseData.model_validate(_data(payload)), entity_id=entity_id)
        if kind in RESOLUTION_KINDS:
            return Projection(
                resolution=_ResolutionData.model_validate(_data(payload)), entity_id=entity_id
            )
        if kind in STATUS_KINDS:
            return Projection(
                status=_StatusData.model_validate(_data(payload)), entity_id=entity_id
            )
        if kind == ERASURE_KIND:
            return Projection(
                erasure=_ErasureData.model_validate(_data(payload)), entity_id=entity_id
            )
    except ValidationError as error:
        raise _first_problem(error, kind) from error
    return Projection(entity_id=entity_id)


def business_day(moment: datetime, timezone: str) -> date:
    """The store's calendar day of a moment (its own time zone, not UTC)."""
    try:
        zone = ZoneInfo(timezone)
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    return moment.astimezone(zone).date()


class ReportProjector:
    """A batch's effect on ``ho_case`` and ``ho_payment``, applied in memory then written at once.

    Effects apply in event order, then one read and two writes store them,
    however many events the batch holds. The result is the one event-by-event
    writing would give: a case's snapshot creates or updates it, a resolution
    or status change later in the same batch sees that, and a status change
    for a case head office never heard of changes nothing.
    """

    def __init__(self, store_id: uuid.UUID, timezone: str) -> None:
        self._store_id = store_id
        self._timezone = timezone
        # (event id, the case it changes, what it says), in the order they apply.
        self._steps: list[tuple[uuid.UUID, uuid.UUID, Projection]] = []

    def add(self, event_id: uuid.UUID, projection: Projection) -> None:
        """Queue a claimed event's effect; effects apply in the order they were added."""
        case_id = _case_id_of(projection)
        if case_id is not None:
            self._steps.append((event_id, case_id, projection))

    def write(self, session: Session) -> None:
        """Apply the queued effects in order, then write the cases and payments they touched."""
        if not self._steps:
            return
        connection = session.connection()
        cases = _held_cases(connection, self._store_id, {step[1] for step in self._steps})
        touched: set[uuid.UUID] = set()
        payments: list[dict[str, Any]] = []
        paid: _CaseData | _ResolutionData
        for event_id, case_id, projection in self._steps:
            if projection.case is not None:
                self._apply_case(cases, projection.case)
                touched.add(case_id)
                paid = projection.case
            elif projection.resolution is not None:
                if self._apply_resolution(cases, projection.resolution):
                    touched.add(case_id)
                paid = projection.resolution
            elif projection.status is not None:
                if case_id in cases:
                    cases[case_id]["status"] = projection.status.to
                    touched.add(case_id)
                continue
            paid_on = business_day(paid.resolved_at or paid.arrived_at, self._timezone)
            payments.extend(self._payment_rows(event_id, paid.id, paid.payments, paid_on))
        if touched:
            insert_rows(connection, _case_upsert, [cases[case_id] for case_id in sorted(touched)])
        if payments:
            insert_rows(connection, _payment_insert, payments)

    def _apply_case(self, cases: dict[uuid.UUID, dict[str, Any]], data: _CaseData) -> None:
        case = cases.get(data.id)
        if case is None:
            case = cases[data.id] = {
                "store_id": self._store_id,
                "case_id": data.id,
                "number": data.number,
                "case_type": data.case_type,
                "status": data.status,
                "complaint_category": None,
                "business_day": business_day(data.arrived_at, self._timezone),
                "opened_at": data.arrived_at,
                "resolved_at": None,
            }
        case["status"] = data.status
        case["resolved_at"] = data.resolved_at or case["resolved_at"]
        if data.complaint is not None:
            case["complaint_category"] = data.complaint.category

    @staticmethod
    def _apply_resolution(cases: dict[uuid.UUID, dict[str, Any]], data: _ResolutionData) -> bool:
        """A complaint accommodated: the reported case's status; False when there is no case."""
        case = cases.get(data.id)
        if case is None:
            return False
        case["status"] = data.status
        case["resolved_at"] = data.resolved_at or case["resolved_at"]
        return True

    def _payment_rows(
        self,
        event_id: uuid.UUID,
        case_id: uuid.UUID,
        payments: list[_PaymentData],
        paid_on: date,
    ) -> list[dict[str, Any]]:
        return [
            {
                "store_id": self._store_id,
                "event_id": event_id,
                "line_no": line_no,
                "case_id": case_id,
                "kind": payment.kind,
                "tender": payment.tender,
                "amount_cents": payment.amount_cents,
                "business_day": paid_on,
            }
            for line_no, payment in enumerate(payments, start=1)
        ]


def _case_id_of(projection: Projection) -> uuid.UUID | None:
    """The reported case an event changes, if it changes one."""
    if projection.case is not None:
        return projection.case.id
    if projection.resolution is not None:
        return projection.resolution.id
    if projection.status is not None:
        try:
            return uuid.UUID(projection.entity_id)
        except ValueError:
            return None
    return None


# ----------------------------------------------------------------------- many rows at once

_CASES: Table = ReportedCase.metadata.tables["ho_case"]
_PAYMENTS: Table = ReportedPayment.metadata.tables["ho_payment"]
MultiRowInsert = postgresql.Insert | sqlite.Insert
# An insert of many rows, for the dialect named; made once, then cached by its dialect.
InsertOfMany = Callable[[str], Executable]


class _BinaryList(list[Any]):
    """A list that psycopg sends as a binary array (see :class:`_BinaryArray`)."""


psycopg.adapters.register_dumper(_BinaryList, ListBinaryDumper)


class _BinaryArray(TypeDecorator[list[Any]]):
    """An array parameter sent in PostgreSQL's binary format.

    psycopg sends a plain list as array text, quoting and escaping every
    element in Python: for a batch's JSON payloads that costs several times
    the insert itself. In binary, each element goes as it is.
    """

    impl = postgresql.ARRAY
    cache_ok = True

    def bind_processor(self, dialect: Dialect) -> Callable[[Any], Any]:
        """The elements converted as the column's type does, then marked for binary."""
        convert = super().bind_processor(dialect)

        def to_binary(value: Any) -> Any:
            return None if value is None else _BinaryList(convert(value) if convert else value)

        return to_binary


def rows_insert(dialect: str, table: Table) -> MultiRowInsert:
    """An INSERT of many whole rows of ``table`` at once, for :func:`insert_rows` to run.

    PostgreSQL gets the rows as one array per column, unnested: a short
    statement, the same for every batch, that neither psycopg nor the server
    parses again; a VALUES list of a few thousand parameters costs more to
    parse than to insert. SQLite, in the process, takes the rows themselves.
    Both insert every column, in the table's order.
    """
    if dialect != "postgresql":
        return sqlite.insert(table)
    names = [column.name for column in table.columns]
    arrays = func.unnest(
        *[bindparam(name, type_=_BinaryArray(table.c[name].type)) for name in names]
    )
    rows = arrays.table_valued(*names).render_derived()
    return postgresql.insert(table).from_select(names, select_rows(*rows.c))


def insert_rows(
    connection: Connection, statement: InsertOfMany, rows: list[dict[str, Any]]
) -> CursorResult[Any]:
    """Run an insert made by ``statement`` (see :func:`rows_insert`) for every row.

    SQLite takes the rows as they are (SQLAlchemy packs them into multi-row
    VALUES); PostgreSQL takes one list per column, every row having every column.
    """
    dialect = connection.dialect.name
    if dialect != "postgresql":
        return connection.execute(statement(dialect), rows)
    columns = {name: [row[name] for row in rows] for name in rows[0]}
    return connection.execute(statement(dialect), columns)


def _held_cases(
    connection: Connection, store_id: uuid.UUID, case_ids: set[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    """The store's cases already reported among ``case_ids``, locked until the commit.

    Locked in key order (PostgreSQL; SQLite's writer already holds the whole
    file), so two batches touching the same cases wait for each other instead
    of one overwriting what the other read.
    """
    wanted = sorted(case_ids)
    if connection.dialect.name == "postgresql":
        # One array parameter rather than hundreds: the statement stays the same for every batch.
        among = _CASES.c.case_id == any_(
            bindparam("case_ids", wanted, type_=_BinaryArray(_CASES.c.case_id.type))
        )
    else:
        among = _CASES.c.case_id.in_(wanted)
    rows = connection.execute(
        select_rows(_CASES)
        .where(_CASES.c.store_id == store_id, among)
        .order_by(_CASES.c.case_id)
        .with_for_update()
    )
    return {row.case_id: dict(row._mapping) for row in rows}


@cache
def _case_upsert(dialect: str) -> MultiRowInsert:
    """Insert new cases; for a case already held, change only what a later event may change.

    The coalesces matter only when another batch, racing this one, stored a
    case both thought new: its resolution time or category is kept, as when
    the events are applied one after the other.
    """
    statement = rows_insert(dialect, _CASES)
    return statement.on_conflict_do_update(
        index_elements=["store_id", "case_id"],
        set_={
            "status": statement.excluded.status,
            "resolved_at": func.coalesce(statement.excluded.resolved_at, _CASES.c.resolved_at),
            "complaint_category": func.coalesce(
                statement.excluded.complaint_category, _CASES.c.complaint_category
            ),
        },
    )


@cache
def _payment_insert(dialect: str) -> MultiRowInsert:
    """Payments of newly claimed events: their key holds the event id, so none is held yet."""
    return rows_insert(dialect, _PAYMENTS)


def erase_personal_data(session: Session, *, store_id: uuid.UUID, erasure: _ErasureData) -> int:
    """Erase the personal fields of the store's events named, and its unneeded attachments.

    Only this store's rows are read or changed: the ids come from its own event,
    and every statement is keyed by its store id. Returns how many events changed.
    """
    changed = 0
    wanted = sorted(set(erasure.event_ids))
    for start in range(0, len(wanted), 500):
        rows = session.exec(
            select(ReceivedEvent).where(
                col(ReceivedEvent.store_id) == store_id,
                col(ReceivedEvent.event_id).in_(wanted[start : start + 500]),
            )
        ).all()
        for row in rows:
            erased, was_changed = erase_event_payload(row.kind, json.loads(row.payload))
            if was_changed:
                row.payload = json.dumps(erased, ensure_ascii=False, sort_keys=True)
                session.add(row)
                changed += 1
    if erasure.attachments:
        session.exec(
            delete(StoredAttachment).where(
                col(StoredAttachment.store_id) == store_id,
                col(StoredAttachment.sha256).in_(erasure.attachments),
            )
        )
    return changed
