"""Opening cases: what is saved, how it is numbered, and what goes with it."""

import json
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event

from counter_app.domain.case_state import CaseStatus, CaseType
from counter_app.domain.validation import InputError
from counter_app.services import intake
from counter_app.services.cases import get_case

KETTLE_BARCODE = "2000000000015"
TOASTER_BARCODE = "2000000000022"
RECEIPT = "R-20260612-0001"


def _open(seeded, request, now=None):
    return intake.open_case(
        database=seeded.database, staff=seeded.clerk, request=request, now=now or seeded.now
    )


def _uuid(text):
    return uuid.UUID(text)


def _events(seeded, action):
    return seeded.sql(
        "SELECT seq, entity_id, case_id, details, hash, id, staff_id FROM auditevent "
        "WHERE action = ? ORDER BY seq",
        (action,),
    )


def _outbox(seeded, kind):
    return seeded.sql("SELECT entity_id, payload FROM outbox WHERE kind = ? ORDER BY seq", (kind,))


class _Commits:
    """Counts COMMITs on the engine (the write engine shares its events)."""

    def __init__(self, database):
        self.count = 0
        self._engine = database.engine
        event.listen(self._engine, "commit", self._seen)

    def _seen(self, _connection):
        self.count += 1

    def close(self):
        event.remove(self._engine, "commit", self._seen)


@pytest.fixture
def commits(seeded):
    watcher = _Commits(seeded.database)
    yield watcher
    watcher.close()


# --------------------------------------------------------------------------- the three kinds


def test_complaint_is_saved_with_its_details(seeded):
    request = seeded.complaint_request()
    request["complaint"]["product_barcode"] = KETTLE_BARCODE
    request["complaint"]["follow_up_on"] = "2026-06-20"
    opened = _open(seeded, request)

    assert opened.number == "S012-20260614-0001"
    assert opened.status is CaseStatus.OPEN
    case = get_case(database=seeded.database, case_ref=opened.id)
    assert case.case_type is CaseType.COMPLAINT
    assert case.status is CaseStatus.OPEN
    assert case.summary == "Kettle stopped working"
    assert case.complaint_category == "Product quality"
    assert case.complaint_description == "The kettle does not switch on any more."
    assert case.staff_id == seeded.clerk.staff_id
    assert case.arrived_at == seeded.now
    assert case.served_at == seeded.now
    assert case.lines == ()
    detail = seeded.sql(
        "SELECT severity, desired_outcome, product_id, follow_up_on FROM complaintdetail"
    )
    assert detail == [
        ("medium", "Replacement", seeded.product_ids["kettle"].hex, "2026-06-20"),
    ]


def test_case_can_be_found_by_number_as_typed(seeded):
    opened = _open(seeded, seeded.complaint_request())
    by_number = get_case(database=seeded.database, case_ref="  s012-20260614-0001 ")
    assert by_number.id == opened.id


def test_return_against_a_receipt_takes_the_price_paid(seeded):
    opened = _open(seeded, seeded.return_request())

    case = get_case(database=seeded.database, case_ref=opened.id)
    assert case.case_type is CaseType.RETURN
    assert len(case.lines) == 1
    line = case.lines[0]
    assert line.direction == "in"
    assert line.description == "Kettle Classic Steel"
    assert line.quantity == 1
    assert line.unit_price_cents == 2699  # (2 x 29.99 - 6.00 discount) / 2, not the list price
    assert line.condition == "unopened"
    assert line.reason == "Changed mind"
    [(sale_id, sale_line_no)] = seeded.sql(
        "SELECT c.sale_id, sl.line_no FROM service_case c "
        "JOIN caseline l ON l.case_id = c.id JOIN saleline sl ON sl.id = l.sale_line_id"
    )
    assert sale_id == seeded.sale_id.hex
    assert sale_line_no == 1


def test_exchange_has_an_item_back_and_an_item_out_at_catalog_prices(seeded):
    opened = _open(seeded, seeded.exchange_request())

    case = get_case(database=seeded.database, case_ref=opened.id)
    assert case.case_type is CaseType.EXCHANGE
    assert [(line.line_no, line.direction) for line in case.lines] == [(1, "in"), (2, "out")]
    assert [line.unit_price_cents for line in case.lines] == [2999, 4599]
    assert [line.description for line in case.lines] == [
        "Kettle Classic Steel",
        "Toaster Pro White",
    ]
    assert case.lines[1].condition is None


def test_item_without_barcode_can_be_described(seeded):
    request = seeded.return_request(receipt_number=None)
    request["lines"] = [
        {
            "direction": "in",
            "description": "Blue umbrella",
            "quantity": 2,
            "condition": "damaged",
            "unit_price": "12.50",
        }
    ]
    opened = _open(seeded, request)
    [line] = get_case(database=seeded.database, case_ref=opened.id).lines
    assert (line.description, line.quantity, line.unit_price_cents) == ("Blue umbrella", 2, 1250)


# --------------------------------------------------------------------------- case numbers


def test_numbers_count_up_within_a_day_and_restart_on_the_next(seeded):
    day_one_morning = datetime(2026, 6, 14, 8, 0, tzinfo=UTC)
    day_one_late = datetime(2026, 6, 14, 22, 55, tzinfo=UTC)  # 23:55 in Dublin (IST)
    just_after_11_utc = datetime(2026, 6, 14, 23, 5, tzinfo=UTC)  # 00:05 on 15 June in Dublin
    day_two_morning = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)

    numbers = [
        _open(seeded, seeded.complaint_request(), now=moment).number
        for moment in (day_one_morning, day_one_late, just_after_11_utc, day_two_morning)
    ]

    assert numbers == [
        "S012-20260614-0001",
        "S012-20260614-0002",
        "S012-20260615-0001",
        "S012-20260615-0002",
    ]
    assert seeded.sql(
        "SELECT business_date, last_number FROM casenumbercounter ORDER BY business_date"
    ) == [("2026-06-14", 2), ("2026-06-15", 2)]


def test_in_winter_a_time_after_11_utc_is_still_the_same_day_in_dublin(seeded):
    # Dublin keeps GMT in winter: 23:05 UTC is 23:05 local, still 14 January.
    moment = datetime(2026, 1, 14, 23, 5, tzinfo=UTC)
    assert _open(seeded, seeded.complaint_request(), now=moment).number == "S012-20260114-0001"


def test_a_store_local_now_gives_the_same_number_as_utc(seeded):
    dublin = datetime(2026, 6, 15, 0, 5, tzinfo=UTC).astimezone(seeded.store.zone)
    assert dublin.hour == 1  # 00:05 UTC is 01:05 IST
    assert _open(seeded, seeded.complaint_request(), now=dublin).number == "S012-20260615-0001"


def test_numbers_of_refused_cases_are_not_used_up(seeded):
    assert _open(seeded, seeded.complaint_request()).number.endswith("-0001")
    with pytest.raises(InputError):
        _open(seeded, seeded.return_request(receipt_number="R-NOPE"))
    assert _open(seeded, seeded.complaint_request()).number.endswith("-0002")


# --------------------------------------------------------------------------- audit and outbox


@pytest.mark.parametrize("kind", ["complaint", "return", "exchange"])
def test_each_case_has_one_audit_event_and_one_outbox_row_in_the_same_commit(seeded, commits, kind):
    request = getattr(seeded, f"{kind}_request")()
    before = seeded.snapshot()
    commits_before = commits.count

    opened = _open(seeded, request)

    assert commits.count - commits_before == 1  # one unit of work, one COMMIT
    after = seeded.snapshot()
    assert after["service_case"] - before["service_case"] == 1
    assert after["auditevent"] - before["auditevent"] == 1
    assert after["outbox"] - before["outbox"] == 1
    assert after["customer"] == before["customer"]

    [(seq, entity_id, case_id, details, event_hash, event_id, staff_id)] = _events(
        seeded, "case.opened"
    )
    assert _uuid(entity_id) == opened.id
    assert _uuid(case_id) == opened.id
    assert _uuid(staff_id) == seeded.clerk.staff_id
    assert json.loads(details)["number"] == opened.number
    assert json.loads(details)["case_type"] == kind

    [(outbox_entity, payload_text)] = _outbox(seeded, "case.opened")
    assert _uuid(outbox_entity) == opened.id
    payload = json.loads(payload_text)
    assert payload["data"]["id"] == str(opened.id)
    assert payload["data"]["number"] == opened.number
    assert payload["audit"] == {"id": str(_uuid(event_id)), "seq": seq, "hash": event_hash}

    [(created_at, occurred_at, queued_at)] = seeded.sql(
        "SELECT c.created_at, a.occurred_at, o.created_at FROM service_case c "
        "JOIN auditevent a ON a.case_id = c.id JOIN outbox o ON o.kind = a.action"
    )
    assert created_at == occurred_at == queued_at


def test_outbox_snapshot_carries_the_lines(seeded):
    opened = _open(seeded, seeded.exchange_request())
    [(_, payload_text)] = _outbox(seeded, "case.opened")
    data = json.loads(payload_text)["data"]
    assert data["case_type"] == "exchange"
    assert data["status"] == "open"
    assert [(line["direction"], line["unit_price_cents"]) for line in data["lines"]] == [
        ("in", 2999),
        ("out", 4599),
    ]
    assert data["staff_id"] == str(seeded.clerk.staff_id)
    assert data["id"] == str(opened.id)


def test_new_customer_with_consent_gets_its_own_audit_event_and_outbox_row(seeded, commits):
    before = seeded.snapshot()
    request = seeded.complaint_request(
        customer={
            "name": "Aoife Kelly",
            "phone": "+353 87 123 4567",
            "email": "aoife@example.ie",
            "consent": True,
        }
    )
    opened = _open(seeded, request)

    assert commits.count == 1
    after = seeded.snapshot()
    assert after["customer"] == before["customer"] + 1
    assert after["auditevent"] == before["auditevent"] + 2
    assert after["outbox"] == before["outbox"] + 2

    [(customer_id, name, phone, email, consent_at)] = seeded.sql(
        "SELECT id, name, phone, email, consent_at FROM customer"
    )
    assert (name, phone, email) == ("Aoife Kelly", "+353 87 123 4567", "aoife@example.ie")
    assert consent_at.startswith("2026-06-14 12:00:00")
    case = get_case(database=seeded.database, case_ref=opened.id)
    assert case.customer_id == uuid.UUID(customer_id)

    [(_, entity_id, case_column, details, *_)] = _events(seeded, "customer.added")
    assert _uuid(entity_id) == case.customer_id
    assert case_column is None
    assert json.loads(details) == {"customer_id": str(case.customer_id)}
    [(outbox_entity, payload_text)] = _outbox(seeded, "customer.added")
    assert _uuid(outbox_entity) == case.customer_id
    data = json.loads(payload_text)["data"]
    assert data["name"] == "Aoife Kelly"
    assert data["email"] == "aoife@example.ie"
    # The customer is recorded before the case that refers to it.
    assert [
        row[0]
        for row in seeded.sql(
            "SELECT action FROM auditevent WHERE seq > ?", (before["auditevent"],)
        )
    ] == ["customer.added", "case.opened"]


def test_an_existing_customer_is_not_added_again(seeded):
    first = _open(
        seeded, seeded.complaint_request(customer={"name": "Jonas Weber", "consent": True})
    )
    customer_id = get_case(database=seeded.database, case_ref=first.id).customer_id
    assert customer_id is not None

    second = _open(seeded, seeded.exchange_request(customer_id=str(customer_id)))

    assert get_case(database=seeded.database, case_ref=second.id).customer_id == customer_id
    assert seeded.count("customer") == 1
    assert len(_events(seeded, "customer.added")) == 1


def test_customer_without_consent_is_refused_and_nothing_is_saved(seeded):
    before = seeded.snapshot()
    with pytest.raises(InputError, match="consent") as refused:
        _open(seeded, seeded.complaint_request(customer={"name": "Ravi Patel", "consent": False}))
    assert "Ask the customer for consent" in str(refused.value)
    assert seeded.snapshot() == before


# --------------------------------------------------------------------------- money


@pytest.mark.parametrize("typed", ["19.99", "19,99", " 19.99 ", Decimal("19.99")])
def test_a_typed_price_is_stored_as_integer_cents(seeded, typed):
    request = seeded.exchange_request()
    request["lines"][1]["unit_price"] = typed
    opened = _open(seeded, request)

    [(price, storage_class)] = seeded.sql(
        "SELECT unit_price_cents, typeof(unit_price_cents) FROM caseline WHERE direction = 'out'"
    )
    assert price == 1999
    assert isinstance(price, int)
    assert storage_class == "integer"
    assert get_case(database=seeded.database, case_ref=opened.id).lines[1].unit_price_cents == 1999
    [(_, payload_text)] = _outbox(seeded, "case.opened")
    assert json.loads(payload_text)["data"]["lines"][1]["unit_price_cents"] == 1999


def test_every_money_column_written_by_intake_is_an_integer(seeded):
    _open(seeded, seeded.return_request())
    _open(seeded, seeded.exchange_request())
    storage = seeded.sql("SELECT DISTINCT typeof(unit_price_cents) FROM caseline")
    assert storage == [("integer",)]


def test_a_whole_price_keeps_its_cents(seeded):
    request = seeded.exchange_request()
    request["lines"][1]["unit_price"] = 20
    _open(seeded, request)
    assert seeded.sql("SELECT unit_price_cents FROM caseline WHERE direction = 'out'") == [(2000,)]


def test_arrival_time_is_kept_in_utc(seeded):
    arrived = (seeded.now - timedelta(minutes=12)).astimezone(seeded.store.zone)
    opened = _open(seeded, seeded.complaint_request(arrived_at=arrived))
    case = get_case(database=seeded.database, case_ref=opened.id)
    assert case.arrived_at == seeded.now - timedelta(minutes=12)
    assert case.arrived_at.utcoffset() == timedelta(0)
    assert seeded.sql("SELECT arrived_at FROM service_case") == [("2026-06-14 11:48:00.000000",)]
