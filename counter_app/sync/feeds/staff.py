"""The staff feed at the store: people upserted by name, never deleted (made inactive)."""

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlmodel import Session, select

from counter_app.domain.sync_protocol import Feed, FeedEntry
from counter_app.services.recording import record_change
from counter_app.sync.feeds import read_items
from counter_app.sync.feeds.shapes import StaffItem
from db.store.models import Staff, Store

# Never a valid Argon2 hash: a person new to the store without a PIN cannot sign in.
NO_PIN = "!no-pin-set"


def _free_badge(session: Session, staff: Staff, badge: str | None) -> None:
    """Take the badge from anyone else who holds it: head office's word is the last."""
    if not badge:
        return
    for other in session.exec(select(Staff).where(Staff.badge_code == badge)).all():
        if other.id != staff.id:
            other.badge_code = None
            session.add(other)
    session.flush()


def apply_staff(session: Session, store: Store, entries: Sequence[FeedEntry]) -> None:
    """Upsert each person by name; a changed person gets an audit event (never the PIN hash).

    Failed PIN attempts and lockouts are the store's own and stay as they are.
    """
    now = datetime.now(UTC)
    for item in read_items(StaffItem, Feed.STAFF, entries):
        staff = session.exec(
            select(Staff).where(Staff.store_id == store.id, Staff.name == item.name)
        ).first()
        new = staff is None
        if staff is None:
            staff = Staff(
                store_id=store.id,
                name=item.name,
                role=item.role.value,
                pin_hash=item.pin_hash or NO_PIN,
                badge_code=None,
                active=item.active,
                created_at=now,
            )
            session.add(staff)
            session.flush()
        pin_changed = item.pin_hash is not None and item.pin_hash != staff.pin_hash
        before = (staff.role, staff.active, staff.badge_code)
        after = (item.role.value, item.active, item.badge_code)
        if not new and before == after and not pin_changed:
            continue
        _free_badge(session, staff, item.badge_code)
        staff.role, staff.active, staff.badge_code = after
        if item.pin_hash is not None:
            staff.pin_hash = item.pin_hash
        session.add(staff)
        session.flush()
        record_change(
            session,
            store_id=store.id,
            staff_id=None,
            action="staff.added_by_head_office" if new else "staff.changed_by_head_office",
            entity="staff",
            entity_id=str(staff.id),
            details={
                "name": staff.name,
                "role": staff.role,
                "active": staff.active,
                "badge": staff.badge_code is not None,
                "pin_changed": pin_changed and not new,
            },
            now=now,
        )
