"""Run head office: migrate its database, then serve the API with uvicorn."""

import uvicorn

from counter_app.headoffice.app import ServerLimits, create_app
from counter_app.headoffice.logs import configure_json_logging
from db.headoffice.database import HeadOfficeDatabase


def open_database(url: str) -> HeadOfficeDatabase:
    """The head-office database at ``url``, migrated to the newest schema."""
    database = HeadOfficeDatabase(url)
    database.upgrade()
    return database


def serve(url: str, *, host: str, port: int, limits: ServerLimits | None = None) -> None:
    """Serve until interrupted (Ctrl+C or SIGTERM stop it cleanly)."""
    configure_json_logging()
    database = open_database(url)
    try:
        uvicorn.run(
            create_app(database, limits),
            host=host,
            port=port,
            log_config=None,
            timeout_graceful_shutdown=10,
            server_header=False,
        )
    finally:
        database.dispose()
