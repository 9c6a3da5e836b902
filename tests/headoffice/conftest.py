"""Fixtures of the head-office and sync tests; the harness itself is in headoffice_harness."""

from headoffice_harness import (  # noqa: F401  (fixtures, found by name)
    dedicated_head_office,
    demo_template,
    head_office,
    head_office_database_url,
    syncing_store,
)
