"""Hostile input through every service entry point: refused in words, or kept exactly.

Each parametrized case feeds one hostile value to one field of one entry point
(its id reads ``entry_point:field:kind``). A refusal must be an error a clerk can
act on (see :func:`hostile.assert_sentence`) and must leave every row of every
table, and every file of the data folder, as it was. Text that only looks
dangerous (SQL, HTML, homoglyphs, mixed scripts) is legitimate: it is stored
verbatim, read back exactly, and printed literally on the receipt.
"""

import json
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hostile import (
    BAD_AMOUNTS,
    BAD_BARCODES,
    BAD_CARD_DIGITS,
    BAD_TEXT,
    HUGE,
    LEGIT_TEXT,
    NOT_TEXT,
    SQL,
    SharedStore,
    assert_sentence,
    changed_parts,
    sampled,
    shared_store,
    store_state,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_app.domain.card_numbers import mask_card_numbers
from counter_app.domain.case_state import CaseStatus, IllegalTransitionError
from counter_app.domain.validation import InputError
from counter_app.services import (
    attachments,
    audit_log,
    case_history,
    case_notes,
    cases,
    complaints,
    customers,
    day_close,
    drafts,
    exchanges,
    intake,
    policy,
    printing,
    product_faults,
    returns,
    sales,
    search,
    staff,
    store_credit,
    store_setup,
    walk_ins,
)
from counter_app.services.counter_settings import save_counter_settings
from counter_app.services.errors import ServiceError
from counter_app.services.exports import spreadsheets
from counter_app.services.summary.service import daily_summary
from db.store.models import ProductFaultFlag

KETTLE_BARCODE = "2000000000015"
TOASTER_BARCODE = "2000000000022"
RECEIPT = "R-20260612-0001"
MANAGER_PIN = "2468"
REFUSALS = (InputError, ServiceError, IllegalTransitionError)

CASE_NOW = datetime(2026, 6, 14, 12, 0, tzinfo=UTC)
Seeded = Any


@pytest.fixture(scope="module")
def shared(store_template: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SharedStore]:
    """One store for all the refusals of this module (each checks it is left as it was)."""
    store = shared_store(store_template, tmp_path_factory.mktemp("hostile") / "data", CASE_NOW)
    try:
        yield store
    finally:
        store.database.dispose()


def refuses(seeded: Seeded, call: Callable[[], object], words: tuple[str, ...] = ()) -> str:
    """Call, expect a refusal in words, and check that nothing at all was stored."""
    before = store_state(seeded.path, seeded.folder)
    with pytest.raises(REFUSALS) as refusal:
        call()
    message = str(refusal.value)
    assert_sentence(message, words)
    assert changed_parts(before, store_state(seeded.path, seeded.folder)) == []
    return message


# --------------------------------------------------------------------------- preparations


def _complaint(s: Seeded, **overrides: Any) -> Any:
    return intake.open_case(
        database=s.database, staff=s.clerk, request=s.complaint_request(**overrides), now=s.now
    )


def _flag(s: Seeded) -> uuid.UUID:
    """A fault flag on the kettle, as the return policy raises one."""
    case = _complaint(s)
    flag = ProductFaultFlag(
        store_id=s.store.id,
        product_id=s.product_ids["kettle"],
        case_id=case.id,
        raised_at=s.now,
        complaints=3,
        returns=0,
        window_days=30,
    )
    with s.database.write() as session:
        session.add(flag)
    return flag.id


def _kettle(**overrides: Any) -> dict[str, Any]:
    line = {"barcode": KETTLE_BARCODE, "quantity": 1, "condition": "unopened", "reason": "Unused"}
    line.update(overrides)
    return line


def _receipted(**overrides: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "receipt_number": RECEIPT,
        "lines": [_kettle()],
        "card_reference": "AUTH-1",
    }
    request.update(overrides)
    return request


def _swap(**overrides: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "receipt_number": RECEIPT,
        "lines_in": [_kettle()],
        "lines_out": [{"barcode": KETTLE_BARCODE, "quantity": 1}],
    }
    request.update(overrides)
    return request


def _last_audit(s: Seeded, key: str) -> Any:
    details = s.sql("SELECT details FROM auditevent ORDER BY seq DESC LIMIT 1")[0][0]
    return json.loads(details)[key]


def _one(s: Seeded, query: str, *parameters: Any) -> Any:
    rows = s.sql(query, parameters)
    assert len(rows) == 1, rows
    return rows[0][0]


# --------------------------------------------------------------------------- text that is kept


@dataclass(frozen=True)
class TextField:
    """One free-text field of an entry point that stores what is typed."""

    entry: str
    label: str
    call: Callable[[Seeded, Any, object], Any]
    read_back: Callable[[Seeded, Any, Any], str]
    prepare: Callable[[Seeded], Any] = field(default=lambda s: None)


def _resolve(s: Seeded, case: Any, note: object) -> Any:
    return complaints.resolve_complaint(
        database=s.database,
        staff=s.clerk,
        case_ref=case.id,
        request={"accommodation": "apology", "note": note},
        now=s.now,
    )


STORED_TEXT = [
    TextField(
        "intake.open_case",
        "Summary",
        lambda s, _, v: _complaint(s, summary=v),
        lambda s, _, r: _one(s, "SELECT summary FROM service_case WHERE number = ?", r.number),
    ),
    TextField(
        "intake.open_case",
        "Description",
        lambda s, _, v: intake.open_case(
            database=s.database,
            staff=s.clerk,
            request={
                **s.complaint_request(),
                "complaint": {"category": "Product quality", "description": v},
            },
            now=s.now,
        ),
        lambda s, _, r: _one(
            s, "SELECT description FROM complaintdetail WHERE case_id = ?", r.id.hex
        ),
    ),
    TextField(
        "intake.open_case",
        "Customer name",
        lambda s, _, v: _complaint(s, customer={"name": v, "consent": True}),
        lambda s, _, r: _one(
            s,
            "SELECT cu.name FROM customer cu JOIN service_case c ON c.customer_id = cu.id "
            "WHERE c.number = ?",
            r.number,
        ),
    ),
    TextField(
        "returns.complete_return",
        "Reason",
        lambda s, _, v: returns.complete_return(
            database=s.database,
            staff=s.clerk,
            request=_receipted(lines=[_kettle(reason=v)]),
            now=s.now,
        ),
        lambda s, _, r: _one(s, "SELECT reason FROM caseline WHERE case_id = ?", r.id.hex),
    ),
    TextField(
        "returns.complete_return",
        "Summary",
        lambda s, _, v: returns.complete_return(
            database=s.database, staff=s.clerk, request=_receipted(summary=v), now=s.now
        ),
        lambda s, _, r: _one(s, "SELECT summary FROM service_case WHERE number = ?", r.number),
    ),
    TextField(
        "returns.complete_return",
        "Card refund reference",
        lambda s, _, v: returns.complete_return(
            database=s.database, staff=s.clerk, request=_receipted(card_reference=v), now=s.now
        ),
        lambda s, _, r: _one(s, "SELECT reference FROM payment WHERE case_id = ?", r.id.hex),
    ),
    TextField(
        "exchanges.complete_exchange",
        "Summary",
        lambda s, _, v: exchanges.complete_exchange(
            database=s.database, staff=s.clerk, request=_swap(summary=v), now=s.now
        ),
        lambda s, _, r: _one(s, "SELECT summary FROM service_case WHERE number = ?", r.number),
    ),
    TextField(
        "complaints.resolve_complaint",
        "Note",
        lambda s, case, v: _resolve(s, case, v),
        lambda s, case, _: _one(
            s, "SELECT accommodation FROM complaintdetail WHERE case_id = ?", case.id.hex
        ).partition(". ")[2],
        _complaint,
    ),
    TextField(
        "case_notes.add_note",
        "Note",
        lambda s, case, v: case_notes.add_note(
            database=s.database, staff=s.clerk, case_ref=case.number, body=v, now=s.now
        ),
        lambda s, _, r: _one(s, "SELECT body FROM case_note WHERE id = ?", r.note.id.hex),
        _complaint,
    ),
    TextField(
        "cases.change_status_noting",
        "Note",
        lambda s, case, v: cases.change_status_noting(
            database=s.database,
            staff=s.clerk,
            case_ref=case.number,
            target=CaseStatus.RESOLVED,
            note=v,
            now=s.now,
        ),
        lambda s, _, r: _last_audit(s, "note"),
        _complaint,
    ),
    TextField(
        "walk_ins.add_walk_in",
        "Who",
        lambda s, _, v: walk_ins.add_walk_in(
            database=s.database, staff=s.clerk, label=v, now=s.now
        ),
        lambda s, _, r: _one(s, "SELECT label FROM walk_in WHERE id = ?", r.id.hex),
    ),
    TextField(
        "day_close.close_day",
        "Note",
        lambda s, _, v: day_close.close_day(
            database=s.database,
            staff=s.manager,
            day=s.now.date(),
            counted_cash="0",
            note=v,
            now=s.now,
        ),
        lambda s, _, r: _last_audit(s, "note"),
    ),
    TextField(
        "product_faults.clear_fault_flag",
        "What you found",
        lambda s, flag_id, v: product_faults.clear_fault_flag(
            database=s.database, staff=s.manager, flag_id=flag_id, note=v, now=s.now
        ),
        lambda s, _, r: _last_audit(s, "note"),
        _flag,
    ),
    TextField(
        "staff.add_staff",
        "Name",
        lambda s, _, v: staff.add_staff(
            database=s.database,
            by=s.manager,
            person={"name": v, "role": "clerk", "pin": "8642"},
            now=s.now,
        ),
        lambda s, _, r: _one(s, "SELECT name FROM staff WHERE id = ?", r.id.hex),
    ),
    TextField(
        "store_setup.update_store_details",
        "Store name",
        lambda s, _, v: store_setup.update_store_details(
            database=s.database, staff=s.manager, changes={"name": v}, now=s.now
        ),
        lambda s, _, r: _one(s, "SELECT name FROM store"),
    ),
    TextField(
        "store_setup.update_store_details",
        "Address",
        lambda s, _, v: store_setup.update_store_details(
            database=s.database, staff=s.manager, changes={"address": v}, now=s.now
        ),
        lambda s, _, r: _one(s, "SELECT address FROM store"),
    ),
]


def _text_id(spec: TextField, kind: str) -> str:
    return f"{spec.entry}:{spec.label.lower().replace(' ', '_')}:{kind}"


def _cases(values: dict[str, Any]) -> list[Any]:
    return [
        pytest.param(spec, value, id=_text_id(spec, kind))
        for spec in STORED_TEXT
        for kind, value in values.items()
    ]


@pytest.mark.parametrize(("spec", "value"), sampled(_cases(LEGIT_TEXT)))
def test_text_that_only_looks_dangerous_is_kept_exactly(seeded, spec, value):
    ready = spec.prepare(seeded)
    result = spec.call(seeded, ready, value)
    assert spec.read_back(seeded, ready, result) == value


@pytest.mark.parametrize(("spec", "value"), sampled(_cases(NOT_TEXT)))
def test_what_is_not_text_is_refused_and_nothing_is_stored(shared, spec, value):
    ready = spec.prepare(shared)
    refuses(shared, lambda: spec.call(shared, ready, value), (spec.label, "must be text"))


@pytest.mark.parametrize(
    ("spec", "value", "words"),
    sampled(
        [
            pytest.param(spec, value, words, id=_text_id(spec, kind))
            for spec in STORED_TEXT
            for kind, (value, words) in BAD_TEXT.items()
        ]
    ),
)
def test_text_no_one_means_to_type_is_refused_and_nothing_is_stored(shared, spec, value, words):
    ready = spec.prepare(shared)
    refuses(shared, lambda: spec.call(shared, ready, value), (spec.label, *words))


# --------------------------------------------------------------------------- case references


def _photo(folder: Path) -> Path:
    """A small real PNG outside the data folder."""
    from PIL import Image

    path = folder / "photo.png"
    Image.new("RGB", (8, 8), (200, 30, 30)).save(path)
    return path


CASE_REF_ENTRIES: dict[str, Callable[[Seeded, object], object]] = {
    "cases.get_case": lambda s, ref: cases.get_case(database=s.database, case_ref=ref),
    "cases.change_status": lambda s, ref: cases.change_status(
        database=s.database, staff=s.clerk, case_ref=ref, target=CaseStatus.RESOLVED, now=s.now
    ),
    "case_notes.add_note": lambda s, ref: case_notes.add_note(
        database=s.database, staff=s.clerk, case_ref=ref, body="Called back", now=s.now
    ),
    "case_notes.notes_of_case": lambda s, ref: case_notes.notes_of_case(
        database=s.database, case_ref=ref
    ),
    "attachments.attach_file": lambda s, ref: attachments.attach_file(
        database=s.database,
        data_dir=s.folder,
        staff=s.clerk,
        case_ref=ref,
        source=_photo(s.folder.parent),
        now=s.now,
    ),
    "attachments.list_attachments": lambda s, ref: attachments.list_attachments(
        database=s.database, case_ref=ref
    ),
    "complaints.resolve_complaint": lambda s, ref: complaints.resolve_complaint(
        database=s.database,
        staff=s.clerk,
        case_ref=ref,
        request={"accommodation": "apology"},
        now=s.now,
    ),
    "complaints.assign_complaint": lambda s, ref: complaints.assign_complaint(
        database=s.database,
        staff=s.clerk,
        case_ref=ref,
        assignee_id=None,
        follow_up_on=None,
        now=s.now,
    ),
    "case_history.case_history": lambda s, ref: case_history.case_history(
        database=s.database, case_ref=ref
    ),
    "printing.queue_case_documents": lambda s, ref: printing.queue_case_documents(
        database=s.database, case_ref=ref, now=s.now
    ),
    "printing.document_pdf": lambda s, ref: printing.document_pdf(
        database=s.database, document="receipt", reference=ref
    ),
}

CASE_REFS: dict[str, object] = {
    "none": None,
    "int": 42,
    "float": 1.5,
    "list": ["S012-20260614-0001"],
    "dict": {"number": "S012-20260614-0001"},
    "bytes": b"S012-20260614-0001",
    "empty": "",
    "1M": HUGE,
    "nul": "S012-20260614-0001\x00",
    "sql": SQL,
    "rtl-override": "\u202eS012-20260614-0001",
    "impossible-date": "S012-20261399-0001",
    "unknown-number": "S012-20260614-0999",
    "other-store": "S999-20260614-0001",
    "unknown-uuid": uuid.UUID(int=7),
}


@pytest.mark.parametrize(
    ("entry", "ref"),
    sampled(
        [
            pytest.param(entry, ref, id=f"{entry}:case_ref:{kind}")
            for entry in CASE_REF_ENTRIES
            for kind, ref in CASE_REFS.items()
        ]
    ),
)
def test_a_case_reference_that_names_no_case_is_refused(shared, entry, ref):
    _complaint(shared)  # there is a case, just not that one
    message = refuses(shared, lambda: CASE_REF_ENTRIES[entry](shared, ref))
    assert "case" in message.lower() or "S012-" in message, message


# --------------------------------------------------------------------------- ids picked on screen

ID_ENTRIES: dict[str, Callable[[Seeded, object], object]] = {
    "staff.sign_in": lambda s, v: staff.sign_in(
        database=s.database, staff_id=v, pin="1357", now=s.now
    ),
    "staff.confirm_manager": lambda s, v: staff.confirm_manager(
        database=s.database, staff_id=v, pin=MANAGER_PIN, doing="approve a refund", now=s.now
    ),
    "staff.unlock": lambda s, v: staff.unlock(
        database=s.database, manager=s.manager, staff_id=v, now=s.now
    ),
    "walk_ins.call_walk_in": lambda s, v: walk_ins.call_walk_in(
        database=s.database, staff=s.clerk, walk_in_id=v, now=s.now
    ),
    "walk_ins.finish_walk_in": lambda s, v: walk_ins.finish_walk_in(
        database=s.database, staff=s.clerk, walk_in_id=v, left=True, now=s.now
    ),
    "product_faults.clear_fault_flag": lambda s, v: product_faults.clear_fault_flag(
        database=s.database, staff=s.manager, flag_id=v, note="Checked the batch", now=s.now
    ),
    "complaints.assign_complaint": lambda s, v: complaints.assign_complaint(
        database=s.database,
        staff=s.clerk,
        case_ref=s.complaint_id,
        assignee_id=v,
        follow_up_on=None,
        now=s.now,
    ),
    "drafts.save_draft": lambda s, v: drafts.save_draft(
        data_dir=s.folder, kind="return", staff_id=v, form={"summary": "half done"}, now=s.now
    ),
    "drafts.load_draft": lambda s, v: drafts.load_draft(
        data_dir=s.folder, kind="return", staff_id=v
    ),
}

UNASSIGNED = {("complaints.assign_complaint", "none")}
IDS: dict[str, object] = {
    "none": None,
    "int": 42,
    "float": 1.5,
    "bool": True,
    "list": [],
    "dict": {},
    "bytes": b"\x00" * 16,
    "words": "not-an-id",
    "1M": HUGE,
    "sql": SQL,
    "nul": "\x00",
    "unknown-uuid": uuid.UUID(int=7),
}


@pytest.mark.parametrize(
    ("entry", "value"),
    sampled(
        [
            pytest.param(entry, value, id=f"{entry}:id:{kind}")
            for entry in ID_ENTRIES
            for kind, value in IDS.items()
            # A draft may be kept for an id no longer on the staff: it is a file, not a record;
            # and a complaint assigned to no one (None) is what "unassign" means.
            if (entry, kind) not in UNASSIGNED
            and not (entry.startswith("drafts.") and kind == "unknown-uuid")
        ]
    ),
)
def test_an_id_that_is_no_record_is_refused(shared, entry, value):
    call = ID_ENTRIES[entry]
    if entry == "complaints.assign_complaint":
        case = _complaint(shared)

        def call(s: Seeded, v: object) -> object:
            return complaints.assign_complaint(
                database=s.database,
                staff=s.clerk,
                case_ref=case.id,
                assignee_id=v,
                follow_up_on=None,
                now=s.now,
            )

    refuses(shared, lambda: call(shared, value))


# --------------------------------------------------------------------------- money


def _priced_return(s: Seeded, price: object) -> Any:
    return intake.open_case(
        database=s.database,
        staff=s.clerk,
        request={
            "case_type": "return",
            "receipt_number": RECEIPT,
            "lines": [
                {
                    "direction": "in",
                    "barcode": KETTLE_BARCODE,
                    "quantity": 1,
                    "condition": "opened",
                    "unit_price": price,
                }
            ],
        },
        now=s.now,
    )


MONEY_ENTRIES: dict[str, tuple[str, Callable[[Seeded, object], object]]] = {
    "intake.open_case": ("Price", _priced_return),
    "day_close.close_day": (
        "Counted cash",
        lambda s, v: day_close.close_day(
            database=s.database, staff=s.manager, day=s.now.date(), counted_cash=v, now=s.now
        ),
    ),
    "complaints.resolve_complaint": (
        "Amount",
        lambda s, v: complaints.resolve_complaint(
            database=s.database,
            staff=s.clerk,
            case_ref=s.complaint_id,
            request={"accommodation": "refund", "amount": v, "refund_tender": "cash"},
            now=s.now,
        ),
    ),
    "policy.save_policy": (
        "Manager approval above",
        lambda s, v: policy.save_policy(
            database=s.database, staff=s.manager, rules={"manager_approval_above": v}, now=s.now
        ),
    ),
}
# Amounts that are right in one place: the counted cash is below zero on a day the
# drawer gained; a policy limit may have three decimals (for three-decimal currencies)
# and comes from head office as a JSON number.
ALLOWED_AMOUNTS = {
    "day_close.close_day": {"negative", "negative-int"},
    "policy.save_policy": {"float", "three-decimals"},
}


@pytest.mark.parametrize(
    ("entry", "amount"),
    sampled(
        [
            pytest.param(entry, amount, id=f"{entry}:amount:{kind}")
            for entry in MONEY_ENTRIES
            for kind, amount in BAD_AMOUNTS.items()
            if kind not in ALLOWED_AMOUNTS.get(entry, set())
        ]
    ),
)
def test_an_amount_that_is_no_money_is_refused(shared, entry, amount):
    label, call = MONEY_ENTRIES[entry]
    refuses(shared, lambda: call(shared, amount), (label,))


@pytest.mark.parametrize(
    "amount",
    [pytest.param(a, id=f"complaints.resolve_complaint:amount:{a}") for a in ("0", "0.00")],
)
def test_a_refund_of_nothing_is_refused(shared, amount):
    _, call = MONEY_ENTRIES["complaints.resolve_complaint"]
    refuses(shared, lambda: call(shared, amount), ("more than nothing",))


# --------------------------------------------------------------------------- quantities


def _returned_two_kettles(s: Seeded) -> None:
    returns.complete_return(
        database=s.database,
        staff=s.clerk,
        request=_receipted(lines=[_kettle(quantity=2)]),
        now=s.now,
    )


OVER_BOUGHT = [
    pytest.param(
        lambda s: returns.complete_return(
            database=s.database,
            staff=s.clerk,
            request=_receipted(lines=[_kettle(quantity=3)]),
            now=s.now,
        ),
        id="returns.complete_return:quantity:3-of-2-bought",
    ),
    pytest.param(
        lambda s: returns.complete_return(
            database=s.database,
            staff=s.clerk,
            request=_receipted(lines=[_kettle(quantity=2), _kettle(quantity=1)]),
            now=s.now,
        ),
        id="returns.complete_return:quantity:2+1-on-two-lines",
    ),
    pytest.param(
        lambda s: returns.complete_return(
            database=s.database,
            staff=s.clerk,
            request=_receipted(
                lines=[{"barcode": TOASTER_BARCODE, "quantity": 2, "condition": "unopened"}]
            ),
            now=s.now,
        ),
        id="returns.complete_return:quantity:2-of-1-toaster",
    ),
    pytest.param(
        lambda s: exchanges.complete_exchange(
            database=s.database,
            staff=s.clerk,
            request=_swap(lines_in=[_kettle(quantity=3)]),
            now=s.now,
        ),
        id="exchanges.complete_exchange:quantity:3-of-2-bought",
    ),
]


@pytest.mark.parametrize("call", OVER_BOUGHT)
def test_more_items_than_were_bought_are_refused(shared, call):
    refuses(shared, lambda: call(shared), ("Line 1",))


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(
            lambda s: returns.preview_return(
                database=s.database,
                staff=s.clerk,
                request=_receipted(lines=[_kettle(quantity=3)]),
                now=s.now,
            ),
            id="returns.preview_return:quantity:3-of-2-bought",
        ),
        pytest.param(
            lambda s: exchanges.preview_exchange(
                database=s.database,
                staff=s.clerk,
                request=_swap(lines_in=[_kettle(quantity=999)]),
                now=s.now,
            ),
            id="exchanges.preview_exchange:quantity:999-of-2-bought",
        ),
    ],
)
def test_a_preview_of_more_than_was_bought_shows_it_refused(shared, call):
    """A preview answers with the decision to show: refused, with the reason in words."""
    before = store_state(shared.path, shared.folder)
    plan = call(shared)
    assert plan.decision.verdict.value == "refused"
    assert any("were bought on receipt" in reason for reason in plan.decision.lines[0].reasons)
    assert changed_parts(before, store_state(shared.path, shared.folder)) == []


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(
            lambda s: returns.complete_return(
                database=s.database, staff=s.clerk, request=_receipted(), now=s.now
            ),
            id="returns.complete_return:quantity:1-after-2-returned",
        ),
        pytest.param(
            lambda s: exchanges.complete_exchange(
                database=s.database, staff=s.clerk, request=_swap(), now=s.now
            ),
            id="exchanges.complete_exchange:quantity:1-after-2-returned",
        ),
    ],
)
def test_an_item_already_returned_cannot_come_back_twice(seeded, call):
    _returned_two_kettles(seeded)
    refuses(seeded, lambda: call(seeded), ("Line 1",))


# --------------------------------------------------------------------------- days and times

DAY_ENTRIES: dict[str, Callable[[Seeded, object], object]] = {
    "summary.daily_summary:first_day": lambda s, v: daily_summary(database=s.database, first_day=v),
    "summary.daily_summary:last_day": lambda s, v: daily_summary(
        database=s.database, first_day=date(2026, 6, 1), last_day=v
    ),
    "exports.cases_csv:first_day": lambda s, v: spreadsheets.cases_csv(
        database=s.database, first_day=v
    ),
    "exports.cases_xlsx:last_day": lambda s, v: spreadsheets.cases_xlsx(
        database=s.database, first_day=date(2026, 6, 1), last_day=v
    ),
    "day_close.close_day:day": lambda s, v: day_close.close_day(
        database=s.database, staff=s.manager, day=v, counted_cash="0", now=s.now
    ),
    "day_close.closed_days:first_day": lambda s, v: day_close.closed_days(
        database=s.database, first_day=v, last_day=date(2026, 6, 14)
    ),
    "audit_log.audit_events:first_day": lambda s, v: audit_log.audit_events(
        database=s.database, staff=s.manager, first_day=v
    ),
    "audit_log.audit_events:last_day": lambda s, v: audit_log.audit_events(
        database=s.database, staff=s.manager, last_day=v
    ),
    "search.search_cases:date_from": lambda s, v: search.search_cases(
        database=s.database, query={"date_from": v}
    ),
    "search.search_cases:date_to": lambda s, v: search.search_cases(
        database=s.database, query={"date_to": v}
    ),
    "sales.find_sales_with_item:date_to": lambda s, v: sales.find_sales_with_item(
        database=s.database, barcode=KETTLE_BARCODE, date_from=date(2026, 6, 1), date_to=v
    ),
    "complaints.assign_complaint:follow_up_on": lambda s, v: complaints.assign_complaint(
        database=s.database,
        staff=s.clerk,
        case_ref=s.complaint_id,
        assignee_id=None,
        follow_up_on=v,
        now=s.now,
    ),
    "complaints.resolve_complaint:follow_up_on": lambda s, v: complaints.resolve_complaint(
        database=s.database,
        staff=s.clerk,
        case_ref=s.complaint_id,
        request={"accommodation": "apology", "resolve_now": False, "follow_up_on": v},
        now=s.now,
    ),
}

BAD_DAYS: dict[str, object] = {
    "before-1970": date(1969, 12, 31),
    "year-1": date(1, 1, 1),
    "year-9999": date(9999, 12, 31),
    "impossible": "2026-13-45",
    "words": "yesterday",
    "int": 20260614,
    "float": 1.5,
    "list": [date(2026, 6, 14)],
    "bytes": b"\x00\x01",
    "sql": SQL,
}


@pytest.mark.parametrize(
    ("entry", "day"),
    sampled(
        [
            pytest.param(entry, day, id=f"{entry}:{kind}")
            for entry in DAY_ENTRIES
            for kind, day in BAD_DAYS.items()
        ]
    ),
)
def test_a_day_no_store_has_worked_is_refused(shared, entry, day):
    refuses(shared, lambda: DAY_ENTRIES[entry](shared, day))


FUTURE_DAYS = [
    pytest.param(
        lambda s: day_close.close_day(
            database=s.database,
            staff=s.manager,
            day=s.now.date() + timedelta(days=1),
            counted_cash="0",
            now=s.now,
        ),
        ("still to come",),
        id="day_close.close_day:day:tomorrow",
    ),
    pytest.param(
        lambda s: complaints.assign_complaint(
            database=s.database,
            staff=s.clerk,
            case_ref=s.complaint_id,
            assignee_id=None,
            follow_up_on=s.now.date() - timedelta(days=1),
            now=s.now,
        ),
        ("past",),
        id="complaints.assign_complaint:follow_up_on:yesterday",
    ),
    pytest.param(
        lambda s: _complaint(s, arrived_at=s.now + timedelta(days=365)),
        ("future",),
        id="intake.open_case:arrived_at:next-year",
    ),
    pytest.param(
        lambda s: _complaint(s, arrived_at=datetime(1969, 12, 31, 23, 0, tzinfo=UTC)),
        ("arrival",),
        id="intake.open_case:arrived_at:before-1970",
    ),
    pytest.param(
        lambda s: _complaint(s, arrived_at="2026-06-14T25:61:00+00:00"),
        ("Arrived at",),
        id="intake.open_case:arrived_at:impossible-time",
    ),
    pytest.param(
        lambda s: daily_summary(
            database=s.database, first_day=date(2026, 6, 14), last_day=date(2026, 6, 1)
        ),
        ("swap",),
        id="summary.daily_summary:last_day:before-first",
    ),
    pytest.param(
        lambda s: search.search_cases(
            database=s.database, query={"date_from": "2026-06-14", "date_to": "2026-06-01"}
        ),
        ("swap",),
        id="search.search_cases:date_to:before-date_from",
    ),
]


@pytest.mark.parametrize(("call", "words"), FUTURE_DAYS)
def test_days_in_the_wrong_place_in_time_are_refused(shared, call, words):
    refuses(shared, lambda: call(shared), words)


# --------------------------------------------------------------------------- barcodes and cards

BARCODE_ENTRIES: dict[str, Callable[[Seeded, str], object]] = {
    "intake.open_case": lambda s, code: intake.open_case(
        database=s.database,
        staff=s.clerk,
        request={
            "case_type": "return",
            "lines": [{"direction": "in", "barcode": code, "quantity": 1, "condition": "opened"}],
        },
        now=s.now,
    ),
    "intake.open_case:complaint": lambda s, code: intake.open_case(
        database=s.database,
        staff=s.clerk,
        request={
            **s.complaint_request(),
            "complaint": {
                "category": "Product quality",
                "description": "Broken",
                "product_barcode": code,
            },
        },
        now=s.now,
    ),
    "returns.complete_return": lambda s, code: returns.complete_return(
        database=s.database,
        staff=s.clerk,
        request={
            "lines": [_kettle(barcode=code)],
            "customer": {"name": "Aoife Byrne", "consent": True},
        },
        now=s.now,
    ),
    "returns.preview_return": lambda s, code: returns.preview_return(
        database=s.database,
        staff=s.clerk,
        request=_receipted(lines=[_kettle(barcode=code)]),
        now=s.now,
    ),
    "exchanges.complete_exchange": lambda s, code: exchanges.complete_exchange(
        database=s.database,
        staff=s.clerk,
        request=_swap(lines_out=[{"barcode": code, "quantity": 1}]),
        now=s.now,
    ),
    "complaints.intake_context": lambda s, code: complaints.intake_context(
        database=s.database, product_barcode=code, now=s.now
    ),
    "sales.find_sales_with_item": lambda s, code: sales.find_sales_with_item(
        database=s.database, barcode=code, date_from=date(2026, 6, 1), date_to=date(2026, 6, 14)
    ),
}


@pytest.mark.parametrize(
    ("entry", "code"),
    sampled(
        [
            pytest.param(entry, code, id=f"{entry}:barcode:{kind}")
            for entry in BARCODE_ENTRIES
            for kind, code in BAD_BARCODES.items()
        ]
    ),
)
def test_a_barcode_of_no_product_is_refused(shared, entry, code):
    refuses(shared, lambda: BARCODE_ENTRIES[entry](shared, code), ("arcode",))


CARD_ENTRIES: dict[str, Callable[[Seeded, object], object]] = {
    "complaints.resolve_complaint": lambda s, v: complaints.resolve_complaint(
        database=s.database,
        staff=s.clerk,
        case_ref=s.complaint_id,
        request={
            "accommodation": "refund",
            "amount": "5.00",
            "refund_tender": "card",
            "card_last4": v,
        },
        now=s.now,
    ),
    "exchanges.complete_exchange": lambda s, v: exchanges.complete_exchange(
        database=s.database,
        staff=s.clerk,
        request=_swap(
            lines_out=[{"barcode": "2000000000039", "quantity": 1}],
            payment={"tender": "card", "card_last4": v},
        ),
        now=s.now,
    ),
}


@pytest.mark.parametrize(
    ("entry", "digits", "words"),
    sampled(
        [
            pytest.param(entry, digits, words, id=f"{entry}:card_last4:{kind}")
            for entry in CARD_ENTRIES
            for kind, (digits, words) in BAD_CARD_DIGITS.items()
        ]
    ),
)
def test_card_digits_other_than_the_last_four_are_refused_and_never_echoed(
    shared, entry, digits, words
):
    message = refuses(shared, lambda: CARD_ENTRIES[entry](shared, digits), (words,))
    assert "4111" not in message


@pytest.mark.parametrize(
    "phone",
    [
        pytest.param("378282246310005", id="intake.open_case:phone:card-number"),
        pytest.param("3782 822463 10005", id="intake.open_case:phone:card-number-spaced"),
    ],
)
def test_a_card_number_typed_as_a_phone_number_is_refused(shared, phone):
    message = refuses(
        shared,
        lambda: _complaint(shared, customer={"name": "Aoife", "phone": phone, "consent": True}),
        ("Phone number", "card number"),
    )
    assert "10005" not in message


# --------------------------------------------------------------------------- attachments


def _png(width: int = 8, height: int = 8) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def _bomb() -> bytes:
    """A tiny PNG whose header claims 100,000 x 100,000 pixels (a decompression bomb)."""
    import struct
    import zlib

    data = _png(1, 1)
    header = struct.pack(">II", 100_000, 100_000) + data[24:29]
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    return data[:16] + header + crc + data[33:]


def _zip() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.png", _png())
    return buffer.getvalue()


FAKE_FILES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "zip-named-png": ("photo.png", _zip),
    "text-named-png": ("photo.png", lambda: b"just some text, not a picture\n" * 10),
    "html-named-jpg": ("photo.jpg", lambda: b"<html><script>alert(1)</script></html>"),
    "svg-with-script": ("photo.svg", lambda: b'<svg onload="alert(1)"></svg>'),
    "exe-named-png": ("photo.png", lambda: b"MZ\x90\x00" + b"\x00" * 200),
    "truncated-png": ("photo.png", lambda: _png(64, 64)[:60]),
    "png-header-on-junk": ("photo.png", lambda: _png()[:33] + b"\x00" * 400),
    "decompression-bomb": ("bomb.png", _bomb),
    "empty": ("photo.png", lambda: b""),
    "pdf-header-only": ("scan.pdf", lambda: b"%PDF-1.7\n"),
}


@pytest.mark.parametrize(
    ("name", "content"),
    sampled(
        [
            pytest.param(name, content, id=f"attachments.attach_file:file:{kind}")
            for kind, (name, content) in FAKE_FILES.items()
        ]
    ),
)
def test_a_file_that_is_no_photo_or_pdf_is_refused_and_not_kept(shared, tmp_path, name, content):
    case = _complaint(shared)
    source = tmp_path / name
    source.write_bytes(content())
    message = refuses(
        shared,
        lambda: attachments.attach_file(
            database=shared.database,
            data_dir=shared.folder,
            staff=shared.clerk,
            case_ref=case.id,
            source=source,
            now=shared.now,
        ),
    )
    assert name in message or "file" in message.lower()


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(
            lambda folder: folder / "missing.png", id="attachments.attach_file:file:missing"
        ),
        pytest.param(lambda folder: folder, id="attachments.attach_file:file:a-folder"),
        pytest.param(lambda folder: None, id="attachments.attach_file:file:none"),
        pytest.param(lambda folder: 42, id="attachments.attach_file:file:int"),
        pytest.param(lambda folder: "", id="attachments.attach_file:file:empty-name"),
        pytest.param(
            lambda folder: str(folder / "photo\x00.png"), id="attachments.attach_file:file:nul"
        ),
    ],
)
def test_a_file_that_is_not_there_is_refused(shared, tmp_path, make):
    case = _complaint(shared)
    refuses(
        shared,
        lambda: attachments.attach_file(
            database=shared.database,
            data_dir=shared.folder,
            staff=shared.clerk,
            case_ref=case.id,
            source=make(tmp_path),
            now=shared.now,
        ),
    )


def test_a_huge_file_is_refused_without_being_read(shared, tmp_path):
    case = _complaint(shared)
    source = tmp_path / "huge.png"
    with source.open("wb") as handle:
        handle.write(_png())
        handle.truncate(attachments.MAX_BYTES * 20)  # sparse: 300 MB on paper only
    refuses(
        shared,
        lambda: attachments.attach_file(
            database=shared.database,
            data_dir=shared.folder,
            staff=shared.clerk,
            case_ref=case.id,
            source=source,
            now=shared.now,
        ),
        ("huge.png", "at most"),
    )


def test_a_pdf_named_png_is_kept_as_the_pdf_it_is(seeded, tmp_path):
    """The content decides, never the name: a PDF called .png is a PDF (and shown as one)."""
    from reportlab.pdfgen import canvas

    source = tmp_path / "receipt.png"
    pdf = canvas.Canvas(str(source))
    pdf.drawString(72, 720, "Proof of purchase")
    pdf.save()
    case = _complaint(seeded)
    view = attachments.attach_file(
        database=seeded.database,
        data_dir=seeded.folder,
        staff=seeded.clerk,
        case_ref=case.id,
        source=source,
        now=seeded.now,
    )
    assert view.media_type == "application/pdf"
    assert not view.is_image


# --------------------------------------------------------------------------- not forms

REQUEST_ENTRIES: dict[str, Callable[[Seeded, object], object]] = {
    "intake.open_case": lambda s, v: intake.open_case(
        database=s.database, staff=s.clerk, request=v, now=s.now
    ),
    "returns.complete_return": lambda s, v: returns.complete_return(
        database=s.database, staff=s.clerk, request=v, now=s.now
    ),
    "returns.preview_return": lambda s, v: returns.preview_return(
        database=s.database, staff=s.clerk, request=v, now=s.now
    ),
    "exchanges.complete_exchange": lambda s, v: exchanges.complete_exchange(
        database=s.database, staff=s.clerk, request=v, now=s.now
    ),
    "exchanges.preview_exchange": lambda s, v: exchanges.preview_exchange(
        database=s.database, staff=s.clerk, request=v, now=s.now
    ),
    "complaints.resolve_complaint": lambda s, v: complaints.resolve_complaint(
        database=s.database, staff=s.clerk, case_ref=s.complaint_id, request=v, now=s.now
    ),
    "policy.save_policy": lambda s, v: policy.save_policy(
        database=s.database, staff=s.manager, rules=v, now=s.now
    ),
    "staff.add_staff": lambda s, v: staff.add_staff(
        database=s.database, by=s.manager, person=v, now=s.now
    ),
    "search.search_cases": lambda s, v: search.search_cases(database=s.database, query=v),
    "search.count_cases": lambda s, v: search.count_cases(database=s.database, query=v),
    "counter_settings.save_counter_settings": lambda s, v: save_counter_settings(
        database=s.database, staff=s.manager, changes=v, now=s.now
    ),
    "store_setup.update_store_details": lambda s, v: store_setup.update_store_details(
        database=s.database, staff=s.manager, changes=v, now=s.now
    ),
    "drafts.save_draft": lambda s, v: drafts.save_draft(
        data_dir=s.folder, kind="return", staff_id=s.clerk.staff_id, form=v, now=s.now
    ),
}

NOT_FORMS: dict[str, object] = {
    "none": None,
    "int": 42,
    "text": "case_type=return",
    "list": [("case_type", "return")],
    "bytes": b'{"case_type": "return"}',
    "unknown-key": {"\x00": 1, "x" * 10_000: 2},
    "sql-key": {SQL: "1"},
}


@pytest.mark.parametrize(
    ("entry", "form"),
    sampled(
        [
            pytest.param(entry, form, id=f"{entry}:form:{kind}")
            for entry in REQUEST_ENTRIES
            for kind, form in NOT_FORMS.items()
            # A draft keeps whatever the unfinished form holds, odd field names too.
            if not (entry == "drafts.save_draft" and kind.endswith("-key"))
        ]
    ),
)
def test_a_form_that_is_not_a_form_is_refused(shared, entry, form):
    refuses(shared, lambda: REQUEST_ENTRIES[entry](shared, form))


# --------------------------------------------------------------------------- settings, queries

FIELD_VALUES = [
    # the return policy
    *(
        pytest.param(
            lambda s, v: policy.save_policy(
                database=s.database, staff=s.manager, rules={"window_days": v}, now=s.now
            ),
            value,
            ("Window days",),
            id=f"policy.save_policy:window_days:{kind}",
        )
        for kind, value in {
            "negative": -1,
            "10^15": 10**15,
            "float": 1.5,
            "words": "thirty",
            "none": None,
            "list": [30],
        }.items()
    ),
    *(
        pytest.param(
            lambda s, v: policy.save_policy(
                database=s.database, staff=s.manager, rules={"complaint_categories": v}, now=s.now
            ),
            value,
            ("Complaint categories",),
            id=f"policy.save_policy:complaint_categories:{kind}",
        )
        for kind, value in {
            "empty": [],
            "huge-name": ["x" * 10_000],
            "nul": ["Other\x00"],
            "rtl-override": ["\u202eOther"],
            "twice": ["Other", "Other"],
            "not-a-list": 42,
        }.items()
    ),
    # this counter's settings
    *(
        pytest.param(
            lambda s, v: save_counter_settings(
                database=s.database, staff=s.manager, changes={"idle_lock_minutes": v}, now=s.now
            ),
            value,
            ("Auto-lock",),
            id=f"counter_settings.save_counter_settings:idle_lock_minutes:{kind}",
        )
        for kind, value in {
            "negative": -1,
            "10^9": 10**9,
            "float": 2.5,
            "words": "five",
            "bool": True,
        }.items()
    ),
    *(
        pytest.param(
            lambda s, v: save_counter_settings(
                database=s.database, staff=s.manager, changes={"head_office_url": v}, now=s.now
            ),
            value,
            ("ead office",),
            id=f"counter_settings.save_counter_settings:head_office_url:{kind}",
        )
        for kind, value in {
            "javascript": "javascript:alert(1)",
            "ftp": "ftp://example.com",
            "no-host": "https://",
            "spaces": "https://exa mple.com",
            "nul": "https://example.com\x00",
            "1M": "https://" + HUGE,
            "int": 42,
        }.items()
    ),
    *(
        pytest.param(
            lambda s, v: save_counter_settings(
                database=s.database, staff=s.manager, changes={"language": v}, now=s.now
            ),
            value,
            ("Language",),
            id=f"counter_settings.save_counter_settings:language:{kind}",
        )
        for kind, value in {"unknown": "xx", "nul": "de\x00", "none": None, "sql": SQL}.items()
    ),
    # the store's details
    *(
        pytest.param(
            lambda s, v: store_setup.update_store_details(
                database=s.database, staff=s.manager, changes={"timezone": v}, now=s.now
            ),
            value,
            ("Time zone",),
            id=f"store_setup.update_store_details:timezone:{kind}",
        )
        for kind, value in {
            "unknown": "Mars/Olympus_Mons",
            "path": "../../etc/passwd",
            "nul": "Europe/Dublin\x00",
            "int": 1,
        }.items()
    ),
    # walk-ins and queries
    *(
        pytest.param(
            lambda s, v: walk_ins.add_walk_in(
                database=s.database, staff=s.clerk, label="Blue coat", reason=v, now=s.now
            ),
            value,
            ("Choose what the customer came for",),
            id=f"walk_ins.add_walk_in:reason:{kind}",
        )
        for kind, value in {"unknown": "refund-me", "nul": "return\x00", "list": ["return"]}.items()
    ),
    *(
        pytest.param(
            lambda s, v: search.search_cases(database=s.database, query={}, limit=v),
            value,
            (),
            id=f"search.search_cases:limit:{kind}",
        )
        for kind, value in {
            "zero": 0,
            "negative": -1,
            "10^9": 10**9,
            "text": "50",
            "bool": True,
        }.items()
    ),
    *(
        pytest.param(
            lambda s, v: search.search_cases(database=s.database, query={}, offset=v),
            value,
            (),
            id=f"search.search_cases:offset:{kind}",
        )
        for kind, value in {"negative": -1, "10^30": 10**30, "text": "0", "float": 1.5}.items()
    ),
    *(
        pytest.param(
            lambda s, v: search.search_cases(database=s.database, query={"status": v}),
            value,
            ("tatus",),
            id=f"search.search_cases:status:{kind}",
        )
        for kind, value in {"unknown": "deleted", "sql": SQL, "int": 3}.items()
    ),
    *(
        pytest.param(
            lambda s, v: audit_log.audit_events(database=s.database, staff=s.manager, limit=v),
            value,
            ("events at a time",),
            id=f"audit_log.audit_events:limit:{kind}",
        )
        for kind, value in {
            "zero": 0,
            "negative": -1,
            "10^9": 10**9,
            "bool": True,
            "text": "50",
        }.items()
    ),
    *(
        pytest.param(
            lambda s, v: audit_log.audit_events(database=s.database, staff=s.manager, **v),
            value,
            (),
            id=f"audit_log.audit_events:{kind}",
        )
        for kind, value in {
            "who-words": {"who": "everyone"},
            "who-int": {"who": 42},
            "action-list": {"action": ["case."]},
            "before_seq-text": {"before_seq": "10"},
            "after_seq-bool": {"after_seq": True},
            "case_number-sql": {"case_number": SQL},
            "case_number-int": {"case_number": 42},
        }.items()
    ),
    *(
        pytest.param(
            lambda s, v: customers.find_customers(database=s.database, text=v),
            value,
            ("must be text",) if not isinstance(value, str) else (),
            id=f"customers.find_customers:text:{kind}",
        )
        for kind, value in {**NOT_TEXT, "1M": HUGE, "nul": "Ann\x00"}.items()
    ),
    *(
        pytest.param(
            lambda s, v: search.search_cases(database=s.database, query={"text": v}),
            value,
            (),
            id=f"search.search_cases:text:{kind}",
        )
        for kind, value in {**NOT_TEXT, "1M": HUGE, "nul": "kettle\x00"}.items()
    ),
    *(
        pytest.param(
            lambda s, v: staff.staff_by_badge(database=s.database, badge_code=v),
            value,
            ("Badge code",),
            id=f"staff.staff_by_badge:badge_code:{kind}",
        )
        for kind, value in {**NOT_TEXT, "1M": HUGE, "nul": "STAFF-7Q2\x00"}.items()
    ),
    *(
        pytest.param(
            lambda s, v: sales.find_receipt(database=s.database, receipt_number=v),
            value,
            (),
            id=f"sales.find_receipt:receipt_number:{kind}",
        )
        for kind, value in {**NOT_TEXT, "1M": HUGE, "nul": RECEIPT + "\x00", "sql": SQL}.items()
    ),
    *(
        pytest.param(
            lambda s, v: store_credit.find_voucher(database=s.database, code=v),
            value,
            ("voucher",),
            id=f"store_credit.find_voucher:code:{kind}",
        )
        for kind, value in {**NOT_TEXT, "1M": HUGE, "nul": "SC-7K2QM-94XDA\x00", "sql": SQL}.items()
    ),
    *(
        pytest.param(
            lambda s, v: drafts.save_draft(
                data_dir=s.folder, kind=v, staff_id=s.clerk.staff_id, form={}, now=s.now
            ),
            value,
            ("draft",),
            id=f"drafts.save_draft:kind:{kind}",
        )
        for kind, value in {
            "path": "../../counter",
            "unknown": "refund",
            "list": ["return"],
            "dict": {},
            "nul": "return\x00",
        }.items()
    ),
    *(
        pytest.param(
            lambda s, v: drafts.save_draft(
                data_dir=s.folder, kind="return", staff_id=s.clerk.staff_id, form=v, now=s.now
            ),
            value,
            ("draft",),
            id=f"drafts.save_draft:form:{kind}",
        )
        for kind, value in {
            "too-big": {"summary": "x" * 1_000_001},
            "broken-characters": {"summary": "\ud800"},
            "key-not-text": {("a", "b"): 1},
        }.items()
    ),
    *(
        pytest.param(
            lambda s, v: printing.document_pdf(database=s.database, document=v, reference="x"),
            value,
            (),
            id=f"printing.document_pdf:document:{kind}",
        )
        for kind, value in {"unknown": "invoice", "none": None, "list": ["receipt"]}.items()
    ),
]


@pytest.mark.parametrize(("call", "value", "words"), sampled(FIELD_VALUES))
def test_a_value_out_of_place_is_refused(shared, call, value, words):
    refuses(shared, lambda: call(shared, value), words)


# --------------------------------------------------------------------------- PINs

HOSTILE_PINS: dict[str, object] = {
    **NOT_TEXT,
    "none": None,
    "empty": "",
    "1M": HUGE,
    "nul": "1357\x00",
    "arabic-digits": "\u0661\u0663\u0665\u0667",
    "sql": "' OR '1'='1",
    "spaces": " 1357 ",
}


@pytest.mark.parametrize(
    ("entry", "pin"),
    sampled(
        [
            pytest.param(entry, pin, id=f"staff.{entry}:pin:{kind}")
            for entry in ("sign_in", "confirm_manager")
            for kind, pin in HOSTILE_PINS.items()
        ]
    ),
)
def test_a_pin_that_is_not_the_pin_is_a_wrong_pin(shared, entry, pin):
    """Refused like any wrong PIN, and counted towards the lockout like one; nothing else."""
    person = shared.clerk if entry == "sign_in" else shared.manager

    def call() -> object:
        if entry == "sign_in":
            return staff.sign_in(
                database=shared.database, staff_id=person.staff_id, pin=pin, now=shared.now
            )
        return staff.confirm_manager(
            database=shared.database,
            staff_id=person.staff_id,
            pin=pin,
            doing="approve a refund",
            now=shared.now,
        )

    before = store_state(shared.path, shared.folder)
    with pytest.raises(staff.SignInRefusedError) as refusal:
        call()
    assert_sentence(str(refusal.value), ("Wrong PIN",))
    after = store_state(shared.path, shared.folder)
    assert changed_parts(before, after) == ["staff"]
    attempts = shared.sql(
        "SELECT failed_pin_attempts FROM staff WHERE id = ?", (person.staff_id.hex,)
    )
    assert attempts == [(1,)]
    with closing(sqlite3.connect(shared.path)) as raw, raw:  # the next case starts afresh
        raw.execute("UPDATE staff SET failed_pin_attempts = 0")


# --------------------------------------------------------------------------- printed as typed


def _pdf_text(content: bytes, folder: Path) -> str:
    path = folder / "receipt.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return " ".join(result.stdout.split())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
@pytest.mark.parametrize(
    "kind", ["sql", "html", "format-string", "formula", "homoglyphs"], ids=lambda k: f"receipt:{k}"
)
def test_text_that_looks_like_code_is_printed_literally(seeded, tmp_path, kind):
    text = LEGIT_TEXT[kind]
    case = _complaint(seeded, summary=text)
    assert _one(seeded, "SELECT summary FROM service_case WHERE id = ?", case.id.hex) == text
    for paper in ("roll80", "a4"):
        printed = _pdf_text(
            printing.document_pdf(
                database=seeded.database, document="receipt", reference=case.number, paper=paper
            ),
            tmp_path,
        )
        assert text in printed, (paper, printed)


# --------------------------------------------------------------------------- generated (long)

ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=()), max_size=600)
ANY_VALUE = st.one_of(
    ANY_TEXT,
    ANY_TEXT.map(lambda text: f"  {text}\n"),
    st.none(),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.binary(max_size=40),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)


@pytest.mark.long
@pytest.mark.parametrize(
    "spec", [pytest.param(spec, id=_text_id(spec, "generated")) for spec in STORED_TEXT]
)
def test_any_value_in_a_text_field_is_kept_exactly_or_refused_whole(shared, spec):
    """Whatever a field is given: kept as typed (spaces around aside) or refused, never half."""

    @settings(
        max_examples=100,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(value=ANY_VALUE)
    def one(value: object) -> None:
        ready = spec.prepare(shared)
        before = store_state(shared.path, shared.folder)
        try:
            result = spec.call(shared, ready, value)
        except REFUSALS as refusal:
            assert_sentence(str(refusal))
            assert changed_parts(before, store_state(shared.path, shared.folder)) == []
            return
        kept = spec.read_back(shared, ready, result)
        if isinstance(value, str) and not mask_card_numbers(value).count:
            assert kept == value.strip()
        else:
            assert value is None or isinstance(value, str), f"{value!r} was kept as {kept!r}"

    one()
