"""Audit events hash their details by digest, so a customer's typed words can be erased

From this schema on, an audit event's hash covers ``details_sha256`` (the
SHA-256 of its details) instead of the details themselves. Erasing a
customer's personal data can then blank the words typed about them (a note,
a line's reason, a walk-in's label, a file name) in the audit trail too:
``erased_at`` marks the event, its digest and hash stay, and the chain still
proves who did what, when. The update trigger allows that one change and
nothing else. Events written before this schema keep hashing their details
as text; erased, they are checked by their place in the chain.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 09:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import db.types


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KEPT_COLUMNS = (
    'seq', 'id', 'store_id', 'occurred_at', 'staff_id', 'action', 'entity', 'entity_id',
    'case_id', 'details_sha256', 'prev_hash', 'hash',
)
_ONLY_AN_ERASURE = ' AND '.join(f'NEW.{name} IS OLD.{name}' for name in _KEPT_COLUMNS)
ERASURE_ONLY_TRIGGER = (
    'CREATE TRIGGER auditevent_no_update BEFORE UPDATE ON auditevent '
    f'WHEN NOT (OLD.erased_at IS NULL AND NEW.erased_at IS NOT NULL AND {_ONLY_AN_ERASURE}) '
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"
)
APPEND_ONLY_TRIGGERS = (
    'CREATE TRIGGER auditevent_no_update BEFORE UPDATE ON auditevent '
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
    'CREATE TRIGGER auditevent_no_delete BEFORE DELETE ON auditevent '
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
)


def upgrade() -> None:
    op.add_column(
        'auditevent',
        sa.Column('details_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    )
    op.add_column('auditevent', sa.Column('erased_at', db.types.UTCDateTime(), nullable=True))
    op.execute('DROP TRIGGER auditevent_no_update')
    op.execute(ERASURE_ONLY_TRIGGER)


def downgrade() -> None:
    op.execute('DROP TRIGGER IF EXISTS auditevent_no_update')
    op.execute('DROP TRIGGER IF EXISTS auditevent_no_delete')
    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.drop_column('erased_at')
        batch_op.drop_column('details_sha256')
    for trigger in APPEND_ONLY_TRIGGERS:
        op.execute(trigger)
