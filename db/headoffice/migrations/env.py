"""Alembic environment for the head-office database (SQLite or PostgreSQL).

Runs only programmatically (see ``db.headoffice.database``): the caller hands
over an open connection in ``config.attributes["connection"]``.
"""

from alembic import context

from db.headoffice.models import HeadOfficeTable

config = context.config
connection = config.attributes["connection"]

context.configure(
    connection=connection,
    target_metadata=HeadOfficeTable.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    transaction_per_migration=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
