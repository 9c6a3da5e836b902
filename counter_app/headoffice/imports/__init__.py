"""Load head office's files into the stores' feeds: catalog, sales, staff (CSV), policy (JSON).

Every row is checked before anything is published: one bad row refuses the
whole file, with the line and the column to correct, and nothing reaches any
store. A good file is published in one transaction.

Who gets what: catalog, staff and policy go to every registered store, or to
the one ``--store`` names; sales go to the store named in each row (see
:mod:`.sales` for the sales window).

The files are UTF-8, first line the column names, in any order; examples in
``docs/examples/headoffice/``. Each kind has its module, which lists its columns:
:mod:`.catalog`, :mod:`.sales`, :mod:`.staff`, :mod:`.policy` (a JSON file of
return rules); :mod:`.rows` holds what they share.

Feed item shapes: :mod:`counter_app.sync.feeds.shapes`.
"""

from collections.abc import Callable, Mapping

from counter_app.domain.sync_protocol import Feed
from counter_app.headoffice.imports.catalog import import_catalog, read_catalog
from counter_app.headoffice.imports.policy import import_policy, read_policy
from counter_app.headoffice.imports.rows import MAX_CENTS, ImportRefusedError, ImportResult
from counter_app.headoffice.imports.sales import (
    DEFAULT_SALES_DAYS,
    FUTURE_TOLERANCE,
    SalesRow,
    import_sales,
    read_sales,
)
from counter_app.headoffice.imports.staff import StaffRow, import_staff, read_staff

__all__ = [
    "DEFAULT_SALES_DAYS",
    "FUTURE_TOLERANCE",
    "IMPORTERS",
    "MAX_CENTS",
    "ImportRefusedError",
    "ImportResult",
    "SalesRow",
    "StaffRow",
    "import_catalog",
    "import_policy",
    "import_sales",
    "import_staff",
    "read_catalog",
    "read_policy",
    "read_sales",
    "read_staff",
]

IMPORTERS: Mapping[Feed, Callable[..., ImportResult]] = {
    Feed.CATALOG: import_catalog,
    Feed.SALES: import_sales,
    Feed.STAFF: import_staff,
    Feed.POLICY: import_policy,
}
