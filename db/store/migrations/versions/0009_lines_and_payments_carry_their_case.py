"""Case lines carry their case's store and time, payments their case's type

A month's summary looked up each of its cases' lines by the case's id, and each
of its payments' case for its type: about a hundred thousand searches of
32-character keys, most of a month's time. Lines now carry their case's store
and time (``store_id``, ``case_created_at``) and payments their case's type
(``case_type``), kept by triggers on both tables as 0008 keeps sale lines' time,
so every writer is covered; an index of the lines by (store, case time) and the
payments' window index widened with the type, kind, tender and amount answer
the summary from the indexes alone. The index of cases by resolution time
carries their arrival too, so the resolution times read no case rows.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 19:00:00.000000
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LINE_WINDOW = [
    'store_id', 'case_created_at', 'product_id', 'direction', 'quantity', 'restocking_fee_cents',
    'case_id',
]  # fmt: skip
PAYMENT_WINDOW = ['store_id', 'created_at', 'case_type', 'kind', 'tender', 'amount_cents']
RESOLVED = ['store_id', 'resolved_at']
RESOLVED_WINDOW = [*RESOLVED, 'arrived_at']

_LINE_CASE = "SELECT {column} FROM service_case WHERE service_case.id = NEW.case_id"
_LINE_STORE = _LINE_CASE.format(column='store_id')
_LINE_TIME = _LINE_CASE.format(column='created_at')
_PAYMENT_TYPE = _LINE_CASE.format(column='case_type')

CASE_COPY_TRIGGERS = (
    # A new line, or a line moved to another case, takes its case's store and time.
    f"""CREATE TRIGGER caseline_case_on_insert AFTER INSERT ON caseline BEGIN
        UPDATE caseline SET store_id = ({_LINE_STORE}), case_created_at = ({_LINE_TIME})
        WHERE rowid = NEW.rowid;
    END""",
    f"""CREATE TRIGGER caseline_case_on_move
    AFTER UPDATE OF case_id, store_id, case_created_at ON caseline
    WHEN NEW.store_id IS NOT ({_LINE_STORE}) OR NEW.case_created_at IS NOT ({_LINE_TIME})
    BEGIN
        UPDATE caseline SET store_id = ({_LINE_STORE}), case_created_at = ({_LINE_TIME})
        WHERE rowid = NEW.rowid;
    END""",
    # A new payment, or one moved to another case, takes its case's type.
    f"""CREATE TRIGGER payment_case_type_on_insert AFTER INSERT ON payment BEGIN
        UPDATE payment SET case_type = ({_PAYMENT_TYPE}) WHERE rowid = NEW.rowid;
    END""",
    f"""CREATE TRIGGER payment_case_type_on_move AFTER UPDATE OF case_id, case_type ON payment
    WHEN NEW.case_type IS NOT ({_PAYMENT_TYPE})
    BEGIN
        UPDATE payment SET case_type = ({_PAYMENT_TYPE}) WHERE rowid = NEW.rowid;
    END""",
    # A case whose store, time or type is corrected passes it on to its lines and payments.
    """CREATE TRIGGER service_case_to_lines AFTER UPDATE OF store_id, created_at ON service_case
    BEGIN
        UPDATE caseline SET store_id = NEW.store_id, case_created_at = NEW.created_at
        WHERE case_id = NEW.id;
    END""",
    """CREATE TRIGGER service_case_type_to_payments AFTER UPDATE OF case_type ON service_case
    BEGIN
        UPDATE payment SET case_type = NEW.case_type WHERE case_id = NEW.id;
    END""",
)
TRIGGER_NAMES = (
    'caseline_case_on_insert', 'caseline_case_on_move', 'payment_case_type_on_insert',
    'payment_case_type_on_move', 'service_case_to_lines', 'service_case_type_to_payments',
)  # fmt: skip


def upgrade() -> None:
    op.execute("ALTER TABLE caseline ADD COLUMN store_id CHAR(32)")
    op.execute("ALTER TABLE caseline ADD COLUMN case_created_at DATETIME")
    op.execute(
        "UPDATE caseline SET"
        " store_id = (SELECT store_id FROM service_case WHERE service_case.id = caseline.case_id),"
        " case_created_at ="
        " (SELECT created_at FROM service_case WHERE service_case.id = caseline.case_id)"
    )
    op.execute("ALTER TABLE payment ADD COLUMN case_type VARCHAR(16)")
    op.execute(
        "UPDATE payment SET"
        " case_type = (SELECT case_type FROM service_case WHERE service_case.id = payment.case_id)"
    )
    for trigger in CASE_COPY_TRIGGERS:
        op.execute(trigger)
    op.create_index('ix_caseline_store_case_created', 'caseline', LINE_WINDOW, unique=False)
    op.drop_index('ix_payment_store_created', table_name='payment')
    op.create_index('ix_payment_store_created', 'payment', PAYMENT_WINDOW, unique=False)
    op.drop_index('ix_case_store_resolved', table_name='service_case')
    op.create_index('ix_case_store_resolved', 'service_case', RESOLVED_WINDOW, unique=False)


def downgrade() -> None:
    op.drop_index('ix_case_store_resolved', table_name='service_case')
    op.create_index('ix_case_store_resolved', 'service_case', RESOLVED, unique=False)
    op.drop_index('ix_payment_store_created', table_name='payment')
    op.create_index('ix_payment_store_created', 'payment', ['store_id', 'created_at'], unique=False)
    op.drop_index('ix_caseline_store_case_created', table_name='caseline')
    for name in TRIGGER_NAMES:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("ALTER TABLE payment DROP COLUMN case_type")
    op.execute("ALTER TABLE caseline DROP COLUMN case_created_at")
    op.execute("ALTER TABLE caseline DROP COLUMN store_id")
