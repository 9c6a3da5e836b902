"""This counter PC's id for head office, made once and kept in the store database."""

import uuid
from datetime import UTC, datetime

from sqlmodel import col, select

from db.store.database import StoreDatabase
from db.store.models import SyncDevice


def device_id(database: StoreDatabase) -> uuid.UUID:
    """The id events from this database carry (made on first use)."""
    with database.read() as session:
        known = session.exec(select(SyncDevice.id).order_by(col(SyncDevice.created_at))).first()
    if known is not None:
        return known
    with database.write() as session:
        known = session.exec(select(SyncDevice.id).order_by(col(SyncDevice.created_at))).first()
        if known is not None:
            return known
        device = SyncDevice(created_at=datetime.now(UTC))
        session.add(device)
        return device.id
