"""Finding an existing customer by phone, email or name, against a real seeded store."""

import re
import sqlite3
import uuid
from contextlib import closing
from datetime import UTC, datetime, timedelta

import pytest
from captured_statements import captured_statements

from counter_app.domain.validation import InputError
from counter_app.services import intake
from counter_app.services.customers import CASES_READ, CustomerMatch, find_customers


def _open(seeded, customer, minutes=0):
    """A complaint for ``customer`` (new details, or an existing id), ``minutes`` after now."""
    key = "customer_id" if isinstance(customer, uuid.UUID) else "customer"
    opened = intake.open_case(
        database=seeded.database,
        staff=seeded.clerk,
        request=seeded.complaint_request(**{key: customer}),
        now=seeded.now + timedelta(minutes=minutes),
    )
    [(customer_id,)] = seeded.sql(
        "SELECT customer_id FROM service_case WHERE id = ?", (opened.id.hex,)
    )
    return uuid.UUID(customer_id)


def _customer(name, phone=None, email=None):
    return {"name": name, "phone": phone, "email": email, "consent": True}


def _find(seeded, typed, **options):
    return find_customers(database=seeded.database, text=typed, **options)


def _names(seeded, typed, **options):
    return [match.name for match in _find(seeded, typed, **options)]


@pytest.fixture
def regulars(seeded):
    """Zoë (two cases, the later one newer than anyone's), Pat and Ann (one case each)."""
    zoe = _open(seeded, _customer("Zoë Murphy", "+353 87 123 4567", "Zoe.Murphy@example.ie"))
    pat = _open(seeded, _customer("Pat Doyle", "086 555 0000"), minutes=1)
    ann = _open(seeded, _customer("Ann Murphy", None, "ann@example.ie"), minutes=2)
    _open(seeded, zoe, minutes=3)
    return {"zoe": zoe, "pat": pat, "ann": ann}


def test_a_match_carries_the_details_and_the_customers_cases(seeded, regulars):
    [match] = _find(seeded, "0871234567")
    assert match == CustomerMatch(
        id=regulars["zoe"],
        name="Zoë Murphy",
        phone="+353 87 123 4567",
        email="Zoe.Murphy@example.ie",
        cases=2,
        last_case_at=seeded.now + timedelta(minutes=3),
    )


@pytest.mark.parametrize(
    "typed",
    ["+353 87 123 4567", "00353871234567", "087 123 4567", "(087) 123-4567", "1234567", "0871234"],
)
def test_a_phone_typed_in_any_format_or_half_typed_finds_the_customer(seeded, regulars, typed):
    assert [match.id for match in _find(seeded, typed)] == [regulars["zoe"]]


def test_a_number_with_a_country_code_finds_one_saved_without(seeded, regulars):
    assert _names(seeded, "+353 86 555 0000") == ["Pat Doyle"]


def test_a_different_number_finds_no_one(seeded, regulars):
    assert _find(seeded, "087 999 9999") == []


@pytest.mark.parametrize("typed", ["ann@example.ie", "ANN@EXAMPLE.IE", "Ann@Example.ie"])
def test_an_email_saved_in_lower_case_is_found_in_any_case(seeded, regulars, typed):
    assert _names(seeded, typed) == ["Ann Murphy"]


def test_an_email_is_found_as_saved_and_a_part_of_one_finds_no_one(seeded, regulars):
    assert _names(seeded, "Zoe.Murphy@example.ie") == ["Zoë Murphy"]
    assert _find(seeded, "ann@example") == []


def test_an_email_saved_with_capitals_is_found_typed_in_lower_case(seeded, regulars):
    assert _names(seeded, "zoe.murphy@example.ie") == ["Zoë Murphy"]


@pytest.mark.parametrize("typed", ["zoe", "ZOË", "murphy zoe", "zoe mur", "Zoë Murphy"])
def test_a_name_is_found_without_accents_in_any_case_and_while_typed(seeded, regulars, typed):
    assert _names(seeded, typed) == ["Zoë Murphy"]


def test_customers_seen_most_recently_come_first(seeded, regulars):
    assert _names(seeded, "murphy") == ["Zoë Murphy", "Ann Murphy"]
    assert _names(seeded, "murphy", limit=1) == ["Zoë Murphy"]


def test_a_customer_without_cases_is_found_by_exact_phone_and_name_prefix(seeded, regulars):
    # A customer as head office may send one: details, no case at this store.
    lone = uuid.uuid4()
    with closing(sqlite3.connect(seeded.path)) as raw, raw:
        raw.execute(
            "INSERT INTO customer (id, store_id, name, phone, email, created_at) "
            "VALUES (?, ?, ?, ?, NULL, ?)",
            (lone.hex, seeded.store.id.hex, "Bríd Walsh", "+353 1 555 0101", "2026-06-01 10:00:00"),
        )
    [by_phone] = _find(seeded, "+353 1 555 0101")
    assert (by_phone.id, by_phone.cases, by_phone.last_case_at) == (lone, 0, None)
    assert _names(seeded, "Bríd") == ["Bríd Walsh"]
    assert _names(seeded, "bríd") == ["Bríd Walsh"]  # the first letter capitalised
    assert _find(seeded, "walsh") == []  # no case, so no full-text row: only prefixes


@pytest.mark.parametrize("typed", ["", "   ", "!!", "--"])
def test_text_with_nothing_to_look_for_finds_no_one(seeded, regulars, typed):
    assert _find(seeded, typed) == []


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("zoe\x00", "Search"),
        ("zoe\u202e", "Search"),
        ("z" * 201, "too long"),
    ],
)
def test_control_characters_and_overlong_text_are_refused(seeded, regulars, typed, says):
    with pytest.raises(InputError) as refused:
        _find(seeded, typed)
    assert says in str(refused.value)
    assert refused.value.problems[0].field == "text"


@pytest.mark.parametrize("limit", [0, 51, True, "8"])
def test_a_limit_out_of_range_is_refused(seeded, limit):
    with pytest.raises(InputError, match="1 to 50 customers"):
        _find(seeded, "zoe", limit=limit)


def test_query_syntax_in_a_name_is_only_words(seeded, regulars):
    assert _find(seeded, 'zoe" OR "pat') == []
    assert _names(seeded, "customer:zoe") == []  # a column filter typed is a word


def test_a_name_in_many_cases_reads_only_the_newest_cases(seeded):
    """A common name: the customer of old cases drops out, the newest are offered."""
    old = _open(seeded, _customer("Olive Kelly", "+353 87 000 0001"))
    new = _open(seeded, _customer("Nora Kelly", "+353 87 000 0002"), minutes=1)
    with closing(sqlite3.connect(seeded.path)) as raw, raw:
        top = raw.execute("SELECT max(rowid) FROM service_case").fetchone()[0]
        # CASES_READ more search rows that name "kelly" (no customer, so not offered).
        raw.executemany(
            "INSERT INTO case_search (rowid, number, customer, phone, receipt, products, notes) "
            "VALUES (?, '', 'kelly', '', '', '', '')",
            [(top + index,) for index in range(1, CASES_READ + 1)],
        )
        # Nora's case is the newest of all.
        raw.execute("UPDATE case_search SET rowid = ? WHERE rowid = ?", (top + CASES_READ + 1, top))
        raw.execute(
            "UPDATE service_case SET rowid = ? WHERE rowid = ?", (top + CASES_READ + 1, top)
        )
    assert [match.id for match in _find(seeded, "kelly")] == [new]
    assert [match.id for match in _find(seeded, "olive")] == [old]  # more words find her


# --------------------------------------------------------------------------- query plans


def _plans(seeded, typed) -> list[str]:
    with captured_statements(seeded.database) as seen:
        _find(seeded, typed)
    steps = []
    with closing(sqlite3.connect(seeded.path)) as raw:
        for statement, parameters in seen:
            if statement.lstrip().upper().startswith("SELECT"):
                plan = raw.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
                steps.extend(row[3] for row in plan)
    return steps


@pytest.mark.parametrize("typed", ["087 123 4567", "ann@example.ie", "zoe mur"])
def test_no_query_scans_the_case_table_or_the_customers(seeded, regulars, typed):
    steps = _plans(seeded, typed)
    assert steps, "no statement was captured"
    # The store table has one row; "found" is the at most CASES_READ rowids the FTS5 gave.
    scans = [step for step in steps if re.match(r"SCAN (?!case_search|store$|found$)", step)]
    assert scans == [], steps
    if "@" in typed:
        assert any("ix_customer_email_key" in step for step in steps), steps
    elif not typed[0].isdigit():
        assert any("ix_customer_name" in step for step in steps), steps
    assert not any("service_case" in step and step.startswith("SCAN") for step in steps)
    assert any("case_search VIRTUAL TABLE" in step for step in steps) or "@" in typed


def test_every_time_returned_is_aware_utc(seeded, regulars):
    for match in _find(seeded, "murphy"):
        assert match.last_case_at is not None
        assert match.last_case_at.tzinfo is UTC
        assert match.last_case_at <= datetime(2026, 6, 14, 12, 3, tzinfo=UTC)
