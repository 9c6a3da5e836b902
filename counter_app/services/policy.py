"""The return policy in force: read it, and let a manager save a new version.

Versions are never changed once saved: a new version is a new row, so an old
case can always say which rules decided it. A store with no saved policy uses
the built-in default until a manager or head office saves one.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from counter_app.domain.audit_chain import canonical_json
from counter_app.domain.return_policy import DEFAULT_POLICY, ReturnPolicy
from counter_app.i18n import say
from counter_app.services.inputs import parse
from counter_app.services.recording import record_change
from counter_app.services.staff import SignedIn, require_active_manager, require_manager
from counter_app.services.store_setup import load_store
from db.store.database import StoreDatabase
from db.store.models import Policy


@dataclass(frozen=True)
class PolicyVersion:
    """A version of the policy: 0 is the built-in default, never saved."""

    version: int
    rules: ReturnPolicy
    effective_from: datetime | None


def rules_as_data(rules: ReturnPolicy) -> dict[str, Any]:
    """The rules as JSON-ready data (amounts as text, so no float creeps in)."""
    data: dict[str, Any] = json.loads(rules.model_dump_json())
    return data


_NEWEST = (
    select(Policy).order_by(col(Policy.version).desc()).limit(1)
)  # built once: every case reads it


def load_policy(session: Session) -> PolicyVersion:
    """The newest saved version, inside a service's unit of work."""
    row = session.exec(_NEWEST).first()
    if row is None:
        return PolicyVersion(0, DEFAULT_POLICY, None)
    return PolicyVersion(
        row.version, ReturnPolicy.model_validate_json(row.rules), row.effective_from
    )


def current_policy(*, database: StoreDatabase) -> PolicyVersion:
    """The policy in force now."""
    with database.read() as session:
        return load_policy(session)


def save_policy(
    *,
    database: StoreDatabase,
    staff: SignedIn,
    rules: ReturnPolicy | Mapping[str, Any],
    now: datetime | None = None,
) -> PolicyVersion:
    """Save ``rules`` as the next version; only a manager may.

    Raises:
        PermissionDeniedError: the person is not a manager.
        InputError: a rule is out of range, named twice or missing; each is listed.
    """
    require_manager(staff, say("change the return policy"))
    checked = parse(ReturnPolicy, rules)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    with database.write() as session:
        require_active_manager(session, staff, say("change the return policy"))
        store = load_store(session)
        previous = load_policy(session)
        data = rules_as_data(checked)
        row = Policy(
            store_id=store.id,
            version=previous.version + 1,
            rules=canonical_json(data),
            effective_from=moment,
            created_by=staff.staff_id,
            created_at=moment,
        )
        session.add(row)
        session.flush()
        record_change(
            session,
            store_id=store.id,
            staff_id=staff.staff_id,
            action="policy.saved",
            entity="policy",
            entity_id=str(row.id),
            details={"version": row.version, "previous_version": previous.version},
            outbox_payload={"id": str(row.id), "version": row.version, "rules": data},
            now=moment,
        )
        return PolicyVersion(row.version, checked, moment)
