"""Covering indexes for the daily summary, and sale lines that know their sale's time

A day's summary reads the window's cases several times: grouped by type, status
and hour, joined to their lines, payments and complaints, checked against the
walk-in queue. Each of those needed a lookup of the case's row for its id and
times, and a look in the queue for every case; the case now records that a
walk-in became it (``from_walk_in``, filled in here from the queue), and the
window index carries all of it. The open cases' index carries the id
its follow-up check joins on, the follow-up dates get an index of their own, and
"was this case ever reopened" looks in an index of reopenings alone instead of
every event of the case.

A return prices each line at the lowest the product sold for lately: that read
every sale line of the product, years of them, to look up each one's sale time.
Sale lines now carry the time (``sold_at``, kept by triggers on both tables, so
every writer of sales is covered) with an index on (product, time).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 13:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CASE_WINDOW = [
    'store_id', 'created_at', 'id', 'case_type', 'status', 'arrived_at', 'served_at',
    'resolved_first_contact', 'from_walk_in',
]  # fmt: skip
WIDENED = (
    ('ix_case_store_created', 'service_case', ['store_id', 'created_at'], CASE_WINDOW),
    (
        'ix_case_status_store_created',
        'service_case',
        ['status', 'store_id', 'created_at'],
        ['status', 'store_id', 'created_at', 'id'],
    ),
)


SALE_TIME_TRIGGERS = (
    # A new line, or a line moved to another sale, takes its sale's time.
    """CREATE TRIGGER saleline_sold_at_on_insert AFTER INSERT ON saleline BEGIN
        UPDATE saleline SET sold_at = (SELECT sold_at FROM sale WHERE sale.id = NEW.sale_id)
        WHERE rowid = NEW.rowid;
    END""",
    """CREATE TRIGGER saleline_sold_at_on_move AFTER UPDATE OF sale_id, sold_at ON saleline
    BEGIN
        UPDATE saleline SET sold_at = (SELECT sold_at FROM sale WHERE sale.id = NEW.sale_id)
        WHERE rowid = NEW.rowid
          AND sold_at IS NOT (SELECT sold_at FROM sale WHERE sale.id = NEW.sale_id);
    END""",
    # A sale whose time is corrected passes it on to its lines.
    """CREATE TRIGGER sale_sold_at_to_lines AFTER UPDATE OF sold_at ON sale BEGIN
        UPDATE saleline SET sold_at = NEW.sold_at WHERE sale_id = NEW.id;
    END""",
)
TRIGGER_NAMES = ('saleline_sold_at_on_insert', 'saleline_sold_at_on_move', 'sale_sold_at_to_lines')


def upgrade() -> None:
    op.execute("ALTER TABLE service_case ADD COLUMN from_walk_in BOOLEAN NOT NULL DEFAULT 0")
    op.execute(
        "UPDATE service_case SET from_walk_in = 1"
        " WHERE id IN (SELECT case_id FROM walk_in WHERE case_id IS NOT NULL)"
    )
    for name, table, _, columns in WIDENED:
        op.drop_index(name, table_name=table)
        op.create_index(name, table, columns, unique=False)
    op.create_index(
        'ix_complaint_case_follow_up',
        'complaintdetail',
        ['case_id', 'follow_up_on'],
        unique=False,
        sqlite_where=sa.text('follow_up_on IS NOT NULL'),
    )
    op.create_index(
        'ix_auditevent_case_reopened',
        'auditevent',
        ['case_id'],
        unique=False,
        sqlite_where=sa.text("action = 'case.reopened'"),
    )
    op.execute("ALTER TABLE saleline ADD COLUMN sold_at DATETIME")
    op.execute(
        "UPDATE saleline SET sold_at = (SELECT sold_at FROM sale WHERE sale.id = saleline.sale_id)"
    )
    for trigger in SALE_TIME_TRIGGERS:
        op.execute(trigger)
    op.create_index('ix_saleline_product_sold', 'saleline', ['product_id', 'sold_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_saleline_product_sold', table_name='saleline')
    for name in TRIGGER_NAMES:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("ALTER TABLE saleline DROP COLUMN sold_at")
    op.drop_index('ix_auditevent_case_reopened', table_name='auditevent')
    op.drop_index('ix_complaint_case_follow_up', table_name='complaintdetail')
    for name, table, columns, _ in reversed(WIDENED):
        op.drop_index(name, table_name=table)
        op.create_index(name, table, columns, unique=False)
    op.execute("ALTER TABLE service_case DROP COLUMN from_walk_in")
