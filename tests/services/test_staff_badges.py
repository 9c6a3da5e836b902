"""Finding who a scanned staff badge belongs to, so only their PIN remains to type."""

import sqlite3
from contextlib import closing

import pytest

from counter_app.domain.scan_codes import ScanKind, classify_scan
from counter_app.domain.validation import InputError
from counter_app.services.staff import add_staff, staff_by_badge


def _add(seeded, name, badge_code, role="clerk"):
    return add_staff(
        database=seeded.database,
        by=seeded.manager,
        person={"name": name, "role": role, "pin": "8642", "badge_code": badge_code},
        now=seeded.now,
    )


@pytest.mark.parametrize("scanned", ["STAFF-7Q2X", "staff-7q2x", " STAFF-7Q2X\r\n", "7Q2X"])
def test_a_badge_kept_with_its_prefix_is_found_as_scanned_or_typed(seeded, scanned):
    aoife = _add(seeded, "Aoife Walsh", "STAFF-7Q2X")
    _add(seeded, "Other Person", "STAFF-9ZZZ")
    assert staff_by_badge(database=seeded.database, badge_code=scanned) == aoife


@pytest.mark.parametrize("scanned", ["STAFF-B7", "B7"])
def test_a_badge_kept_without_its_prefix_is_found_too(seeded, scanned):
    liam = _add(seeded, "Liam Ryan", "B7", role="manager")
    found = staff_by_badge(database=seeded.database, badge_code=scanned)
    assert found == liam
    assert found is not None
    assert found.role.value == "manager"


def test_the_code_a_scan_gives_finds_the_person(seeded):
    aoife = _add(seeded, "Aoife Walsh", "STAFF-7Q2X")
    scan = classify_scan("staff-7q2x\n")
    assert scan.kind is ScanKind.STAFF_BADGE
    assert staff_by_badge(database=seeded.database, badge_code=scan.code) == aoife


def test_an_unknown_badge_finds_no_one(seeded):
    _add(seeded, "Aoife Walsh", "STAFF-7Q2X")
    assert staff_by_badge(database=seeded.database, badge_code="STAFF-7Q2Y") is None
    assert staff_by_badge(database=seeded.database, badge_code="STAFF-7Q2") is None


def test_someone_taken_off_the_staff_is_not_found_by_their_badge(seeded):
    aoife = _add(seeded, "Aoife Walsh", "STAFF-7Q2X")
    with closing(sqlite3.connect(seeded.path)) as raw, raw:
        raw.execute("UPDATE staff SET active = 0 WHERE id = ?", (aoife.id.hex,))
    assert staff_by_badge(database=seeded.database, badge_code="STAFF-7Q2X") is None


@pytest.mark.parametrize(
    ("scanned", "says"),
    [("STAFF-\x00", "Badge code"), ("STAFF-" + "A" * 59, "too long"), ("   ", "required")],
)
def test_a_code_no_badge_can_hold_is_refused(seeded, scanned, says):
    with pytest.raises(InputError, match=says) as refused:
        staff_by_badge(database=seeded.database, badge_code=scanned)
    assert refused.value.problems[0].field == "badge_code"


def test_looking_up_a_badge_writes_nothing(seeded):
    _add(seeded, "Aoife Walsh", "STAFF-7Q2X")
    before = seeded.snapshot()
    staff_by_badge(database=seeded.database, badge_code="STAFF-7Q2X")
    staff_by_badge(database=seeded.database, badge_code="STAFF-NOPE")
    assert seeded.snapshot() == before
