"""Guards at the service boundary: floats never become money; a stale sign-in cannot act."""

import sqlite3
from contextlib import closing

import pytest

from counter_app.domain.case_state import CaseStatus
from counter_app.services import cases, intake
from counter_app.services.errors import InputError, PermissionDeniedError


def test_a_float_price_is_refused_before_it_can_lose_cents(seeded):
    line = {
        "direction": "in",
        "description": "Umbrella without a barcode",
        "quantity": 1,
        "condition": "opened",
        "unit_price": 19.99,
    }
    before = seeded.snapshot()
    with pytest.raises(InputError) as refused:
        intake.open_case(
            database=seeded.database,
            staff=seeded.clerk,
            request=seeded.return_request(receipt_number=None, lines=[line]),
            now=seeded.now,
        )
    assert "like 19.99" in str(refused.value)
    assert refused.value.problems[0].field == "lines.0.unit_price"
    assert seeded.snapshot() == before


def test_the_same_price_typed_as_text_is_kept_to_the_cent(seeded):
    line = {
        "direction": "in",
        "description": "Umbrella without a barcode",
        "quantity": 1,
        "condition": "opened",
        "unit_price": "19.99",
    }
    opened = intake.open_case(
        database=seeded.database,
        staff=seeded.clerk,
        request=seeded.return_request(receipt_number=None, lines=[line]),
        now=seeded.now,
    )
    view = cases.get_case(database=seeded.database, case_ref=opened.id)
    assert view.lines[0].unit_price_cents == 1999


def test_someone_taken_off_the_staff_cannot_change_a_case(seeded):
    opened = intake.open_case(
        database=seeded.database,
        staff=seeded.clerk,
        request=seeded.complaint_request(),
        now=seeded.now,
    )
    with closing(sqlite3.connect(seeded.path)) as raw, raw:
        raw.execute("UPDATE staff SET active = 0 WHERE name = ?", (seeded.clerk.name,))
    before = seeded.snapshot()
    with pytest.raises(PermissionDeniedError, match="no longer on this store's staff"):
        cases.change_status(
            database=seeded.database,
            staff=seeded.clerk,
            case_ref=opened.number,
            target=CaseStatus.RESOLVED,
            now=seeded.now,
        )
    assert seeded.snapshot() == before
