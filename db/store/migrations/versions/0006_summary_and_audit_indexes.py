"""Indexes for the daily summary and the audit screen on a large store

Each serves a query that otherwise reads a whole table on a store with years of
cases: payments and vouchers by time, cases resolved in a window, cases still
open, "did this case come through the queue", and one person's audit events.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 03:05:00.000000
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ('ix_payment_store_created', 'payment', ['store_id', 'created_at']),
    ('ix_storecredit_store_issued', 'storecredit', ['store_id', 'issued_at']),
    ('ix_case_store_resolved', 'service_case', ['store_id', 'resolved_at']),
    ('ix_case_status_store_created', 'service_case', ['status', 'store_id', 'created_at']),
    ('ix_walk_in_case', 'walk_in', ['case_id']),
    ('ix_auditevent_staff_seq', 'auditevent', ['staff_id', 'seq']),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
