"""Watching what SQL a service sends, for the tests that check its query plans."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from db.store.database import StoreDatabase


@contextmanager
def captured_statements(database: StoreDatabase) -> Iterator[list[tuple[str, Any]]]:
    """Every statement the engine sends (with its parameters) while the block runs."""
    seen: list[tuple[str, Any]] = []

    def record(_conn, _cursor, statement, parameters, _context, executemany) -> None:
        if not executemany:
            seen.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(database.engine, "before_cursor_execute", record)
