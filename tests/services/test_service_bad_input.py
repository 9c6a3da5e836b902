"""Bad input gets a clear error and stores nothing half-done.

Every attempt below must be refused with a sentence a clerk can act on, and
every table a service writes must look exactly as it did before.
"""

import sqlite3
import uuid
from contextlib import closing
from datetime import datetime, timedelta

import pytest

from counter_app.domain.case_state import CaseStatus, IllegalTransitionError
from counter_app.domain.staff import Role
from counter_app.domain.validation import InputError
from counter_app.services import cases, intake
from counter_app.services.errors import NotFoundError, PermissionDeniedError
from counter_app.services.staff import SignedIn, add_staff
from counter_app.services.store_setup import create_store

KETTLE_BARCODE = "2000000000015"
HEADPHONES_BARCODE = "2000000000039"
CARD_NUMBER = "4111 1111 1111 1111"
LONG = "x" * 10_000
NOT_WORDS = ("Traceback", "pydantic", "Value error", "sqlite", "input_value", "errors.", "[type=")


def assert_sentence(message, words, absent=()):
    """A message a clerk can read: one printable sentence (or a few), naming the problem."""
    assert message, "the error has no message"
    assert message.isprintable(), f"message echoes unprintable characters: {message!r}"
    assert not message[0].islower(), message  # a sentence, or a quoted value leading one
    assert message.endswith("."), message
    for jargon in NOT_WORDS:
        assert jargon not in message, message
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"
    for word in absent:
        assert word not in message, f"{word!r} should not be in {message!r}"


# --------------------------------------------------------------------------- open_case


def _line(**overrides):
    line = {"direction": "in", "barcode": KETTLE_BARCODE, "quantity": 1, "condition": "opened"}
    line.update(overrides)
    return line


def _return(s, **line_overrides):
    return s.return_request(lines=[_line(**line_overrides)])


def _complaint_with(s, **complaint_overrides):
    request = s.complaint_request()
    request["complaint"].update(complaint_overrides)
    return request


def _customer(**fields):
    customer = {"name": "Aoife Kelly", "phone": "+353 87 123 4567", "consent": True}
    customer.update(fields)
    return customer


def _past_follow_up_with_new_customer(s):
    # The customer is written before the follow-up date is checked: it must be rolled back.
    request = _complaint_with(s, follow_up_on=(s.now - timedelta(days=1)).date().isoformat())
    request["customer"] = _customer()
    return request


QUANTITY = ["Quantity", "whole number from 1 to 999"]
CONTROL = ["control character"]

OPEN_CASE_INPUTS = [
    # quantities
    pytest.param(lambda s: _return(s, quantity=-1), QUANTITY, (), id="quantity-negative"),
    pytest.param(lambda s: _return(s, quantity=0), QUANTITY, (), id="quantity-zero"),
    pytest.param(lambda s: _return(s, quantity=1000), QUANTITY, (), id="quantity-1000"),
    pytest.param(lambda s: _return(s, quantity=10**30), QUANTITY, (), id="quantity-huge"),
    pytest.param(lambda s: _return(s, quantity="abc"), QUANTITY, (), id="quantity-abc"),
    pytest.param(lambda s: _return(s, quantity=2.5), QUANTITY, (), id="quantity-float"),
    pytest.param(lambda s: _return(s, quantity=True), QUANTITY, (), id="quantity-bool"),
    pytest.param(lambda s: _return(s, quantity=None), QUANTITY, (), id="quantity-none"),
    pytest.param(
        lambda s: _return(s, quantity="\u00b2"), QUANTITY, (), id="quantity-superscript-two"
    ),
    pytest.param(
        lambda s: _return(s, quantity="\u0663"), QUANTITY, (), id="quantity-arabic-indic-three"
    ),
    # too long
    pytest.param(
        lambda s: s.complaint_request(summary=LONG),
        ["Summary", "too long", "10,000", "500"],
        (),
        id="summary-10000",
    ),
    pytest.param(
        lambda s: s.complaint_request(customer=_customer(name=LONG)),
        ["Customer name", "too long"],
        (),
        id="customer-name-10000",
    ),
    pytest.param(
        lambda s: _complaint_with(s, description=LONG),
        ["Description", "too long", "4,000"],
        (),
        id="complaint-description-10000",
    ),
    pytest.param(
        lambda s: _return(s, reason=LONG), ["Line 1", "Reason", "too long"], (), id="reason-10000"
    ),
    # characters nobody means to type
    pytest.param(
        lambda s: s.complaint_request(summary="Broken\x00kettle"),
        ["Summary", *CONTROL, "U+0000"],
        (),
        id="summary-nul",
    ),
    pytest.param(
        lambda s: s.complaint_request(summary="\x1b[31mred alert\x1b[0m"),
        ["Summary", *CONTROL, "U+001B"],
        (),
        id="summary-escape",
    ),
    pytest.param(
        lambda s: s.complaint_request(summary="ding\x07"),
        ["Summary", *CONTROL, "U+0007"],
        (),
        id="summary-bell",
    ),
    pytest.param(
        lambda s: s.complaint_request(customer=_customer(name="Aoife\x1bKelly")),
        ["Customer name", *CONTROL],
        (),
        id="customer-name-escape",
    ),
    pytest.param(
        lambda s: s.complaint_request(customer=_customer(name="Aoife\nKelly")),
        ["Customer name", *CONTROL],
        (),
        id="customer-name-newline",
    ),
    pytest.param(
        lambda s: _complaint_with(s, category="Quality\x00"),
        ["Category", *CONTROL],
        (),
        id="category-nul",
    ),
    pytest.param(
        lambda s: _return(s, barcode=KETTLE_BARCODE + "\x00"),
        ["Line 1", "Barcode", *CONTROL],
        (),
        id="barcode-nul",
    ),
    pytest.param(
        lambda s: s.return_request(receipt_number="R-1\x07"),
        ["Receipt number", *CONTROL],
        (),
        id="receipt-bell",
    ),
    pytest.param(
        lambda s: s.complaint_request(summary="refund \u202eredro"),
        ["Summary", "text-direction", "U+202E"],
        (),
        id="summary-rtl-override",
    ),
    pytest.param(
        lambda s: s.complaint_request(customer=_customer(name="\u202eylleK")),
        ["Customer name", "text-direction"],
        (),
        id="customer-rtl-override",
    ),
    pytest.param(
        lambda s: s.complaint_request(summary="half \ud800 a character"),
        ["Summary", "broken characters"],
        (),
        id="summary-lone-surrogate",
    ),
    pytest.param(
        lambda s: _complaint_with(s, description="\ud800"),
        ["Description", "broken characters"],
        (),
        id="description-lone-surrogate",
    ),
    # wrong types and shapes
    pytest.param(
        lambda s: s.return_request(lines=KETTLE_BARCODE), ["Lines", "list"], (), id="lines-text"
    ),
    pytest.param(
        lambda s: s.return_request(lines=_line()), ["Lines", "list"], (), id="lines-one-mapping"
    ),
    pytest.param(
        lambda s: s.return_request(lines=[_line()] * 101),
        ["Lines", "100"],
        (),
        id="lines-101",
    ),
    pytest.param(
        lambda s: s.complaint_request(case_type="refund"),
        ["Case type", "complaint", "return", "exchange"],
        (),
        id="case-type-refund",
    ),
    pytest.param(
        lambda s: s.complaint_request(summary=42), ["Summary", "must be text"], (), id="summary-int"
    ),
    pytest.param(
        lambda s: _return(s, direction="sideways"), ["Direction"], (), id="direction-sideways"
    ),
    pytest.param(
        lambda s: _return(s, condition="mint"), ["Condition", "unopened"], (), id="condition-mint"
    ),
    pytest.param(
        lambda s: _return(s, condition=None),
        ["Line 1", "condition", "unopened, opened, damaged or defective"],
        (),
        id="condition-missing",
    ),
    pytest.param(
        lambda s: _complaint_with(s, severity="apocalyptic"),
        ["Severity", "low"],
        (),
        id="severity-unknown",
    ),
    pytest.param(
        lambda s: s.complaint_request(customer=_customer(consent="maybe")),
        ["Consent"],
        (),
        id="consent-not-a-yes-or-no",
    ),
    pytest.param(
        lambda s: s.complaint_request(customer=_customer(phone="call me maybe")),
        ["Phone number", "6 to 15 digits"],
        (),
        id="phone-words",
    ),
    pytest.param(
        lambda s: s.complaint_request(customer=_customer(email="aoife at example")),
        ["Email", "name@example.com"],
        (),
        id="email-shape",
    ),
    pytest.param(
        lambda s: s.complaint_request(customer_id="not-a-uuid"),
        ["Customer id"],
        (),
        id="customer-id-not-uuid",
    ),
    # prices
    pytest.param(
        lambda s: _return(s, unit_price="-5"), ["Price", "cannot be negative"], (), id="price-neg"
    ),
    pytest.param(lambda s: _return(s, unit_price="abc"), ["Price", "amount"], (), id="price-words"),
    pytest.param(lambda s: _return(s, unit_price="NaN"), ["Price", "amount"], (), id="price-nan"),
    pytest.param(
        lambda s: _return(s, unit_price="1e9"), ["Price", "more than"], (), id="price-absurd"
    ),
    pytest.param(
        lambda s: _return(s, unit_price="19.999"), ["Price", "2 decimals"], (), id="price-3dp"
    ),
    # unknown fields
    pytest.param(
        lambda s: s.complaint_request(refund_to="card"),
        ["Refund to", "not something this form takes"],
        (),
        id="unknown-field",
    ),
    pytest.param(
        lambda s: _return(s, colour="red"),
        ["Line 1", "Colour", "not something this form takes"],
        (),
        id="unknown-line-field",
    ),
    pytest.param(
        lambda s: s.complaint_request(card_number=CARD_NUMBER),
        ["Card number", "not something this form takes"],
        ("4111", "1111"),
        id="full-card-number-is-not-taken-nor-echoed",
    ),
    pytest.param(
        lambda s: s.return_request(lines=[_line(card_number=CARD_NUMBER.replace(" ", ""))]),
        ["not something this form takes"],
        ("4111111111111111",),
        id="full-card-number-on-a-line",
    ),
    # things that do not exist
    pytest.param(
        lambda s: s.return_request(receipt_number=None, lines=[_line(barcode="2999999999994")]),
        ["Line 1", "no product with barcode 2999999999994"],
        (),
        id="unknown-barcode",
    ),
    pytest.param(
        lambda s: s.return_request(lines=[_line(product_id=str(uuid.uuid4()))]),
        ["Line 1", "no product"],
        (),
        id="unknown-product-id",
    ),
    pytest.param(
        lambda s: s.return_request(receipt_number="R-20260612-9999"),
        ["No receipt R-20260612-9999", "continue without a receipt"],
        (),
        id="unknown-receipt",
    ),
    pytest.param(
        lambda s: _return(s, barcode=HEADPHONES_BARCODE),
        ["Line 1", "Headphones Max Black", "is not on receipt R-20260612-0001"],
        (),
        id="line-not-on-receipt",
    ),
    pytest.param(
        lambda s: _complaint_with(s, product_barcode="2999999999994"),
        ["No product with barcode 2999999999994"],
        (),
        id="complaint-unknown-product",
    ),
    pytest.param(
        lambda s: s.complaint_request(customer_id=str(uuid.uuid4())),
        ["customer is not in this store's records"],
        (),
        id="unknown-customer-id",
    ),
    # times
    pytest.param(
        _past_follow_up_with_new_customer,
        ["follow-up date", "past"],
        (),
        id="follow-up-in-the-past-after-new-customer",
    ),
    pytest.param(
        lambda s: s.complaint_request(arrived_at=s.now + timedelta(hours=1)),
        ["arrived in the future"],
        (),
        id="arrival-in-the-future",
    ),
    pytest.param(
        lambda s: s.complaint_request(arrived_at=s.now - timedelta(days=2)),
        ["more than a day ago"],
        (),
        id="arrival-two-days-ago",
    ),
    pytest.param(
        lambda s: s.complaint_request(arrived_at=datetime(2026, 6, 14, 11, 0)),
        ["time zone"],
        (),
        id="arrival-without-time-zone",
    ),
    pytest.param(
        lambda s: s.complaint_request(arrived_at="yesterday-ish"),
        ["Arrived at"],
        (),
        id="arrival-not-a-time",
    ),
    # consent and case shape
    pytest.param(
        lambda s: s.complaint_request(customer=_customer(consent=False)),
        ["consent"],
        (),
        id="customer-without-consent",
    ),
    pytest.param(
        lambda s: s.complaint_request(customer={"name": "Aoife Kelly"}),
        ["Consent is required"],
        (),
        id="customer-consent-missing",
    ),
    pytest.param(
        lambda s: s.complaint_request(
            customer=_customer(), customer_id=str(s.product_ids["kettle"])
        ),
        ["not both"],
        (),
        id="customer-twice",
    ),
    pytest.param(
        lambda s: s.complaint_request(complaint=None),
        ["complaint needs a category and a description"],
        (),
        id="complaint-without-details",
    ),
    pytest.param(
        lambda s: s.return_request(
            lines=[_line(), {"direction": "out", "barcode": KETTLE_BARCODE, "quantity": 1}]
        ),
        ["return needs"],
        (),
        id="return-with-item-going-out",
    ),
    pytest.param(
        lambda s: s.exchange_request(lines=[_line()]),
        ["exchange needs"],
        (),
        id="exchange-with-nothing-going-out",
    ),
    pytest.param(
        lambda s: _return(s, barcode=None),
        ["Line 1", "Scan the item's barcode"],
        (),
        id="line-without-item",
    ),
    pytest.param(lambda s: ["not", "a", "form"], ["Input"], (), id="request-not-a-mapping"),
]


@pytest.mark.parametrize(("build", "words", "absent"), OPEN_CASE_INPUTS)
def test_open_case_refuses_bad_input_and_saves_nothing(seeded, build, words, absent):
    request = build(seeded)
    before = seeded.snapshot()

    with pytest.raises(InputError) as refused:
        intake.open_case(
            database=seeded.database, staff=seeded.clerk, request=request, now=seeded.now
        )

    assert refused.value.problems
    assert_sentence(str(refused.value), words, absent)
    assert seeded.snapshot() == before


def test_every_problem_is_listed_at_once(seeded):
    request = seeded.return_request(
        receipt_number=None,
        lines=[_line(barcode="2999999999994"), _line(barcode="2999999999987")],
    )
    before = seeded.snapshot()
    with pytest.raises(InputError) as refused:
        intake.open_case(
            database=seeded.database, staff=seeded.clerk, request=request, now=seeded.now
        )
    assert [problem.field for problem in refused.value.problems] == ["lines.0", "lines.1"]
    assert "Line 1" in str(refused.value)
    assert "Line 2" in str(refused.value)
    assert seeded.snapshot() == before


def test_open_case_refuses_a_person_not_on_the_staff(seeded):
    stranger = SignedIn(uuid.uuid4(), seeded.store.id, "Stranger", Role.CLERK)
    before = seeded.snapshot()
    with pytest.raises(PermissionDeniedError) as refused:
        intake.open_case(
            database=seeded.database,
            staff=stranger,
            request=seeded.complaint_request(),
            now=seeded.now,
        )
    assert_sentence(str(refused.value), ["Sign in again"])
    assert seeded.snapshot() == before


@pytest.mark.parametrize(
    ("build", "field"),
    [
        pytest.param(
            lambda s: s.complaint_request(customer=_customer(consent=False)),
            "customer",
            id="consent",
        ),
        pytest.param(
            lambda s: s.exchange_request(lines=[_line()]),
            "lines",
            id="exchange-lines",
        ),
        pytest.param(
            lambda s: s.complaint_request(arrived_at=datetime(2026, 6, 14, 11, 0)),
            "arrived_at",
            id="naive-arrival",
        ),
    ],
)
def test_the_problem_names_the_field_to_highlight(seeded, build, field):
    with pytest.raises(InputError) as refused:
        intake.open_case(
            database=seeded.database, staff=seeded.clerk, request=build(seeded), now=seeded.now
        )
    assert [problem.field for problem in refused.value.problems] == [field]


# --------------------------------------------------------------------------- create_store


def _counts(path):
    with closing(sqlite3.connect(path)) as raw:
        return {
            table: raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in ("store", "staff", "auditevent", "outbox")
        }


def _store(**overrides):
    details = {"code": "S012", "name": "Grafton Street", "timezone": "Europe/Dublin"}
    details.update(overrides)
    return details


CREATE_STORE_INPUTS = [
    pytest.param(_store(code="S 012!"), ["Store code", "1 to 16 letters or digits"], id="code"),
    pytest.param(_store(code=""), ["Store code"], id="code-empty"),
    pytest.param(_store(code="S" * 17), ["Store code"], id="code-17"),
    pytest.param(_store(code=12), ["Store code"], id="code-int"),
    pytest.param(_store(name=LONG), ["Store name", "too long", "120"], id="name-10000"),
    pytest.param(_store(name="Grafton\x00"), ["Store name", *CONTROL], id="name-nul"),
    pytest.param(_store(name="\x1b]0;pwned\x07"), ["Store name", *CONTROL], id="name-escape"),
    pytest.param(_store(name="Grafton \u202e"), ["Store name", "text-direction"], id="name-rlo"),
    pytest.param(_store(name="\ud800"), ["Store name", "broken characters"], id="name-surrogate"),
    pytest.param(_store(name=None), ["Store name", "must be text"], id="name-none"),
    pytest.param(_store(address=LONG), ["Address", "too long"], id="address-10000"),
    pytest.param(_store(timezone="Mars/Olympus_Mons"), ["Time zone"], id="timezone"),
    pytest.param(_store(timezone=1), ["Time zone"], id="timezone-int"),
    pytest.param(_store(currency="EURO"), ["currency code"], id="currency"),
    pytest.param(_store(locale="xx_YY"), ["Language", "locale"], id="locale"),
    pytest.param(_store(locale="en_IE\x00"), ["Language"], id="locale-nul"),
    pytest.param(_store(owner="me"), ["Owner", "not something this form takes"], id="unknown"),
    pytest.param({"name": "No code"}, ["Code is required"], id="code-missing"),
]


@pytest.mark.parametrize(("details", "words"), CREATE_STORE_INPUTS)
def test_create_store_refuses_bad_input_and_saves_nothing(empty_database, details, words):
    before = _counts(empty_database.path)
    with pytest.raises(InputError) as refused:
        create_store(database=empty_database, details=details)
    assert_sentence(str(refused.value), words)
    assert before == {"store": 0, "staff": 0, "auditevent": 0, "outbox": 0}
    assert _counts(empty_database.path) == before


def test_create_store_refuses_a_second_store(seeded):
    before = seeded.snapshot()
    with pytest.raises(InputError) as refused:
        create_store(database=seeded.database, details=_store(code="S013"))
    assert_sentence(str(refused.value), ["already has a store"])
    assert seeded.snapshot() == before


# --------------------------------------------------------------------------- add_staff


def _person(**overrides):
    person = {"name": "Lena Novak", "role": "clerk", "pin": "8642"}
    person.update(overrides)
    return person


PIN_SHAPE = ["A PIN is 4 to 8 digits"]

ADD_STAFF_INPUTS = [
    pytest.param(_person(name=LONG), ["Name", "too long", "80"], (), id="name-10000"),
    pytest.param(_person(name="Lena\x00"), ["Name", *CONTROL], (), id="name-nul"),
    pytest.param(_person(name="Lena\x07"), ["Name", *CONTROL], (), id="name-bell"),
    pytest.param(_person(name="Lena\x1b[2J"), ["Name", *CONTROL], (), id="name-escape"),
    pytest.param(_person(name="\u202eanel"), ["Name", "text-direction"], (), id="name-rlo"),
    pytest.param(_person(name="Lena\ud800"), ["Name", "broken characters"], (), id="name-sur"),
    pytest.param(_person(name="   "), ["Name is required"], (), id="name-blank"),
    pytest.param(_person(pin="1111"), ["too easy to guess"], ("1111",), id="pin-1111"),
    pytest.param(_person(pin="12ab"), PIN_SHAPE, ("12ab",), id="pin-12ab"),
    pytest.param(_person(pin="123"), PIN_SHAPE, (), id="pin-too-short"),
    pytest.param(_person(pin="123456789"), PIN_SHAPE, ("123456789",), id="pin-too-long"),
    pytest.param(_person(pin=8642), PIN_SHAPE, (), id="pin-int"),
    pytest.param(_person(pin="\u0668\u0666\u0664\u0662"), PIN_SHAPE, (), id="pin-arabic-digits"),
    pytest.param(_person(pin=" 8642"), PIN_SHAPE, (), id="pin-space"),
    pytest.param(_person(role="owner"), ["Role", "clerk", "manager"], (), id="role-owner"),
    pytest.param(_person(is_admin=True), ["not something this form takes"], (), id="unknown"),
    pytest.param(_person(name="Sam Clerk"), ["already a staff member"], (), id="name-taken"),
    # Names that show as one already there: another case, spacing, width, or hidden characters.
    pytest.param(
        _person(name="sam  CLERK"),
        ["already a staff member called Sam Clerk"],
        (),
        id="name-taken-case",
    ),
    pytest.param(
        _person(name="\uff33am Clerk"),
        ["already a staff member called Sam Clerk"],
        (),
        id="name-taken-fullwidth",
    ),
    pytest.param(
        _person(name="Sam\u200b Clerk"), ["Name", "shows nothing"], (), id="name-zero-width"
    ),
    pytest.param(
        _person(name="Sam Cle\u00adrk"), ["Name", "shows nothing"], (), id="name-soft-hyphen"
    ),
    pytest.param(
        _person(name="S\u0430m Clerk"),
        ["Name", "alphabets that look alike"],
        (),
        id="name-cyrillic-a",
    ),
    pytest.param(_person(badge_code="B\x00"), ["Badge code", *CONTROL], (), id="badge-nul"),
]


@pytest.mark.parametrize(("person", "words", "absent"), ADD_STAFF_INPUTS)
def test_add_staff_refuses_bad_input_and_saves_nothing(seeded, person, words, absent):
    before = seeded.snapshot()
    with pytest.raises(InputError) as refused:
        add_staff(database=seeded.database, by=seeded.manager, person=person, now=seeded.now)
    assert_sentence(str(refused.value), words, absent)
    assert seeded.snapshot() == before


@pytest.mark.parametrize("by", ["clerk", None], ids=["by-a-clerk", "by-nobody"])
def test_add_staff_refuses_without_a_manager_and_saves_nothing(seeded, by):
    before = seeded.snapshot()
    with pytest.raises(PermissionDeniedError) as refused:
        add_staff(
            database=seeded.database,
            by=getattr(seeded, by) if by else None,
            person=_person(),
            now=seeded.now,
        )
    assert_sentence(str(refused.value), ["Only a manager can add staff"])
    assert seeded.snapshot() == before


def test_add_staff_refuses_a_badge_code_already_in_use(seeded):
    add_staff(
        database=seeded.database,
        by=seeded.manager,
        person=_person(badge_code="BADGE-7"),
        now=seeded.now,
    )
    before = seeded.snapshot()
    with pytest.raises(InputError) as refused:
        add_staff(
            database=seeded.database,
            by=seeded.manager,
            person=_person(name="Another Person", badge_code="BADGE-7"),
            now=seeded.now,
        )
    assert_sentence(str(refused.value), ["Badge code"])
    assert seeded.snapshot() == before


# --------------------------------------------------------------------------- change_status


def _case_in(seeded, status):
    opened = intake.open_case(
        database=seeded.database,
        staff=seeded.clerk,
        request=seeded.complaint_request(),
        now=seeded.now,
    )
    path = {
        CaseStatus.OPEN: [],
        CaseStatus.RESOLVED: [CaseStatus.RESOLVED],
        CaseStatus.CLOSED: [CaseStatus.RESOLVED, CaseStatus.CLOSED],
    }[status]
    for step in path:
        cases.change_status(
            database=seeded.database,
            staff=seeded.clerk,
            case_ref=opened.id,
            target=step,
            now=seeded.now,
        )
    return opened.number


CHANGE_STATUS_INPUTS = [
    pytest.param(
        CaseStatus.OPEN,
        {"target": CaseStatus.CLOSED},
        IllegalTransitionError,
        ["open cannot become closed", "in progress, resolved"],
        id="open-to-closed",
    ),
    pytest.param(
        CaseStatus.OPEN,
        {"target": CaseStatus.OPEN},
        IllegalTransitionError,
        ["already open"],
        id="open-to-open",
    ),
    pytest.param(
        CaseStatus.CLOSED,
        {"target": CaseStatus.RESOLVED},
        IllegalTransitionError,
        ["closed cannot become resolved"],
        id="closed-to-resolved",
    ),
    pytest.param(
        CaseStatus.CLOSED,
        {"target": CaseStatus.IN_PROGRESS},
        InputError,
        ["Reason for reopening is required"],
        id="reopen-without-note",
    ),
    pytest.param(
        CaseStatus.CLOSED,
        {"target": CaseStatus.IN_PROGRESS, "note": "   \n "},
        InputError,
        ["Reason for reopening is required"],
        id="reopen-with-blank-note",
    ),
    pytest.param(
        CaseStatus.RESOLVED,
        {"target": CaseStatus.IN_PROGRESS, "note": "Customer came back\x00"},
        InputError,
        ["Reason for reopening", *CONTROL],
        id="reopen-note-nul",
    ),
    pytest.param(
        CaseStatus.OPEN,
        {"target": CaseStatus.RESOLVED, "note": LONG},
        InputError,
        ["Note", "too long", "500"],
        id="note-10000",
    ),
    pytest.param(
        CaseStatus.OPEN,
        {"target": CaseStatus.RESOLVED, "note": "ok \x1b[8m"},
        InputError,
        ["Note", *CONTROL],
        id="note-escape",
    ),
    pytest.param(
        CaseStatus.OPEN,
        {"target": CaseStatus.RESOLVED, "note": "\u202eenod"},
        InputError,
        ["Note", "text-direction"],
        id="note-rlo",
    ),
    pytest.param(
        CaseStatus.OPEN,
        {"target": CaseStatus.RESOLVED, "note": "\ud800"},
        InputError,
        ["Note", "broken characters"],
        id="note-surrogate",
    ),
    pytest.param(
        CaseStatus.OPEN,
        {"target": CaseStatus.RESOLVED, "note": 7},
        InputError,
        ["Note must be text"],
        id="note-int",
    ),
    pytest.param(
        CaseStatus.OPEN,
        {"target": CaseStatus.RESOLVED, "case_ref": "Robert'); DROP TABLE staff;--"},
        InputError,
        ["is not a case number", "S012-20261123-0042"],
        id="case-ref-sql",
    ),
    pytest.param(
        CaseStatus.OPEN,
        {"target": CaseStatus.RESOLVED, "case_ref": "S012-20260614-0999"},
        NotFoundError,
        ["No case S012-20260614-0999"],
        id="case-ref-unknown-number",
    ),
    pytest.param(
        CaseStatus.OPEN,
        {"target": CaseStatus.RESOLVED, "case_ref": "S012-20261399-0001"},
        InputError,
        ["not a date"],
        id="case-ref-impossible-date",
    ),
    pytest.param(
        CaseStatus.OPEN,
        {"target": CaseStatus.RESOLVED, "case_ref": uuid.UUID(int=7)},
        NotFoundError,
        ["No case"],
        id="case-ref-unknown-uuid",
    ),
    pytest.param(
        CaseStatus.OPEN,
        {"target": "refund"},
        (InputError, IllegalTransitionError),
        ["refund"],
        id="target-not-a-status",
    ),
]


@pytest.mark.parametrize(("status", "call", "error", "words"), CHANGE_STATUS_INPUTS)
def test_change_status_refuses_and_changes_nothing(seeded, status, call, error, words):
    number = _case_in(seeded, status)
    arguments = {"case_ref": number, "now": seeded.now + timedelta(minutes=5), **call}
    before = seeded.snapshot()

    with pytest.raises(error) as refused:
        cases.change_status(database=seeded.database, staff=seeded.clerk, **arguments)

    assert_sentence(str(refused.value), words)
    assert seeded.snapshot() == before


@pytest.mark.parametrize(
    "name",
    ["José Núñez", "Ζωή Παπαδοπούλου", "Анна Иванова", "Siobhán O'Brien-Smith", "李小龍"],
)
def test_names_in_one_alphabet_are_taken_whatever_the_alphabet(seeded, name):
    added = add_staff(
        database=seeded.database, by=seeded.manager, person=_person(name=name), now=seeded.now
    )
    assert added.name == name
