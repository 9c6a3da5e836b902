"""Root test configuration: Qt draws offscreen, set before any test module imports Qt."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_report_header() -> str:
    """Say which database the head-office tests run against, so a SQLite-only run is visible."""
    url = os.environ.get("COUNTER_TEST_PG_URL")
    if url:
        return f"head office tests: PostgreSQL ({url})"
    return "head office tests: SQLite (set COUNTER_TEST_PG_URL to run them on PostgreSQL too)"
