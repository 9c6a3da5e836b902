"""Every manager-only service refuses anyone else, however it is called.

The screens hide manager buttons from clerks, but that is no protection: a
``SignedIn`` is a plain value a caller can build. Each entry point below is
called directly with a clerk's sign-in, with a forged sign-in that claims
"manager" for a clerk's row, with a manager since demoted, and with a manager
taken off the staff. Each must refuse with the plain wording and write nothing:
no row, no audit event, no outbox row, no settings file.

Manager approvals of overrides (a clerk's id and PIN given as the approver) are
covered in ``test_returns_approvals.py``; they check the role by the database too.
"""

import sqlite3
import uuid
from collections.abc import Callable
from contextlib import closing
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from counter_app.domain.staff import Role
from counter_app.services.audit_log import audit_events, audit_filter_choices
from counter_app.services.counter_settings import save_counter_settings, settings_path
from counter_app.services.day_close import close_day
from counter_app.services.errors import PermissionDeniedError
from counter_app.services.policy import current_policy, rules_as_data, save_policy
from counter_app.services.product_faults import clear_fault_flag
from counter_app.services.staff import SignedIn, add_staff, unlock
from counter_app.services.store_setup import update_store_details
from counter_app.services.summary import manager_summary

ONLY_A_MANAGER = "Only a manager can {doing}. Ask a manager to sign in."
NO_LONGER_ON_STAFF = "Sign in again: you are no longer on this store's staff."

Call = Callable[[Any, SignedIn], object]

# Entry point name, what the refusal says the person cannot do, and the call.
MANAGER_ONLY: list[tuple[str, str, Call]] = [
    (
        "policy.save_policy",
        "change the return policy",
        lambda s, who: save_policy(
            database=s.database,
            staff=who,
            rules={**rules_as_data(current_policy(database=s.database).rules), "window_days": 7},
            now=s.now,
        ),
    ),
    (
        "day_close.close_day",
        "close the day",
        lambda s, who: close_day(
            database=s.database, staff=who, day=date(2026, 6, 14), counted_cash="0", now=s.now
        ),
    ),
    (
        "store_setup.update_store_details",
        "change the store's details",
        lambda s, who: update_store_details(
            database=s.database, staff=who, changes={"name": "Taken over"}, now=s.now
        ),
    ),
    (
        "counter_settings.save_counter_settings",
        "change this counter's settings",
        lambda s, who: save_counter_settings(
            database=s.database,
            staff=who,
            changes={"head_office_url": "https://evil.example.com"},
            now=s.now,
        ),
    ),
    (
        "audit_log.audit_events",
        "see the audit trail",
        lambda s, who: audit_events(database=s.database, staff=who),
    ),
    (
        "audit_log.audit_filter_choices",
        "see the audit trail",
        lambda s, who: audit_filter_choices(database=s.database, staff=who),
    ),
    (
        "summary.manager_summary",
        "see the store's figures",
        lambda s, who: manager_summary(database=s.database, staff=who, first_day=date(2026, 6, 14)),
    ),
    (
        "product_faults.clear_fault_flag",
        "clear a product fault flag",
        lambda s, who: clear_fault_flag(
            database=s.database, staff=who, flag_id=uuid.uuid4(), note="Checked", now=s.now
        ),
    ),
    (
        "staff.add_staff",
        "add staff",
        lambda s, who: add_staff(
            database=s.database,
            by=who,
            person={"name": "Mallory", "role": "manager", "pin": "8024"},
            now=s.now,
        ),
    ),
    (
        "staff.unlock",
        "unlock a staff member",
        lambda s, who: unlock(
            database=s.database, manager=who, staff_id=s.clerk.staff_id, now=s.now
        ),
    ),
]


def _set_staff(path: Path, name: str, **values: Any) -> None:
    assignments = ", ".join(f"{column} = ?" for column in values)
    with closing(sqlite3.connect(path)) as raw, raw:
        raw.execute(
            f"UPDATE staff SET {assignments} WHERE name = ?",  # noqa: S608
            (*values.values(), name),
        )


def _clerk(seeded: Any) -> tuple[SignedIn, str]:
    return seeded.clerk, "only"


def _clerk_claiming_manager(seeded: Any) -> tuple[SignedIn, str]:
    return replace(seeded.clerk, role=Role.MANAGER), "only"


def _demoted_manager(seeded: Any) -> tuple[SignedIn, str]:
    _set_staff(seeded.path, seeded.manager.name, role=Role.CLERK.value)
    return seeded.manager, "only"


def _removed_manager(seeded: Any) -> tuple[SignedIn, str]:
    _set_staff(seeded.path, seeded.manager.name, active=0)
    return seeded.manager, "gone"


def _manager_of_another_store(seeded: Any) -> tuple[SignedIn, str]:
    return replace(seeded.manager, store_id=uuid.uuid4()), "gone"


CALLERS = {
    "clerk": _clerk,
    "clerk claiming manager": _clerk_claiming_manager,
    "demoted manager": _demoted_manager,
    "removed manager": _removed_manager,
    "manager of another store": _manager_of_another_store,
}


def _everything_written(seeded: Any) -> dict[str, Any]:
    """Row counts of every table, and the counter's settings file."""
    with closing(sqlite3.connect(seeded.path)) as raw:
        tables = [
            row[0]
            for row in raw.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        counts: dict[str, Any] = {
            table: raw.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            for table in tables
        }
    settings = settings_path(seeded.path.parent)
    counts["settings file"] = settings.read_bytes() if settings.exists() else None
    return {**counts, **seeded.snapshot()}


@pytest.mark.parametrize("caller", list(CALLERS))
@pytest.mark.parametrize(
    ("entry", "doing", "call"), MANAGER_ONLY, ids=[entry for entry, _, _ in MANAGER_ONLY]
)
def test_a_manager_only_service_refuses_and_writes_nothing(seeded, entry, doing, call, caller):
    who, why = CALLERS[caller](seeded)
    before = _everything_written(seeded)

    with pytest.raises(PermissionDeniedError) as refused:
        call(seeded, who)

    expected = ONLY_A_MANAGER.format(doing=doing) if why == "only" else NO_LONGER_ON_STAFF
    assert str(refused.value) == expected
    assert _everything_written(seeded) == before


@pytest.mark.parametrize(
    ("entry", "doing", "call"), MANAGER_ONLY, ids=[entry for entry, _, _ in MANAGER_ONLY]
)
def test_the_real_manager_gets_past_the_guard(seeded, entry, doing, call):
    """The table is not vacuous: the same call by the manager is not refused for its role."""
    try:
        call(seeded, seeded.manager)
    except PermissionDeniedError as refused:  # pragma: no cover - the failure being guarded
        pytest.fail(f"{entry} refused the manager: {refused}")
    except Exception:  # noqa: S110 - a later check (e.g. no such flag) may refuse
        pass
