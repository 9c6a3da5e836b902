"""Alembic environment for the store database.

Runs only programmatically (see ``db.store.migrate``): the caller hands over an
open connection in ``config.attributes["connection"]``. Batch mode lets
SQLite alter tables; each revision runs in its own transaction with its
version bump, so a crash leaves the file at a whole revision.
"""

from alembic import context

from db.store.migrate import include_name
from db.store.models import StoreTable

config = context.config
connection = config.attributes["connection"]

context.configure(
    connection=connection,
    target_metadata=StoreTable.metadata,
    render_as_batch=True,
    transaction_per_migration=True,
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
