"""Finding cases: by number, customer, phone, product, receipt or any words (SQLite FTS5).

Each service that writes a case calls :func:`index_case` in the same unit of
work, so the search index never lags behind or runs ahead of the cases.
"""

import uuid

from sqlalchemy import text
from sqlmodel import Session

_DELETE_ROW = text(
    "DELETE FROM case_search WHERE rowid = (SELECT rowid FROM service_case WHERE id = :case_id)"
)
_INSERT_ROW = text(
    """
INSERT INTO case_search (rowid, number, customer, phone, receipt, products, notes)
SELECT
    c.rowid,
    c.number,
    coalesce(cu.name, ''),
    coalesce(replace(replace(replace(replace(replace(replace(
        cu.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), ''),
    coalesce(s.receipt_number, ''),
    coalesce((
        SELECT group_concat(coalesce(p.name || ' ' || p.sku, l.description), ' ')
        FROM caseline l LEFT JOIN product p ON p.id = l.product_id
        WHERE l.case_id = c.id
    ), '') || ' ' || coalesce((
        SELECT p.name || ' ' || p.sku FROM product p WHERE p.id = cd.product_id
    ), ''),
    trim(c.summary || ' ' || coalesce(cd.category, '') || ' ' || coalesce(cd.description, '')
        || ' ' || coalesce(cd.desired_outcome, '') || ' ' || coalesce(cd.accommodation, '')
        || ' ' || coalesce((
        SELECT group_concat(l.reason, ' ') FROM caseline l WHERE l.case_id = c.id
    ), ''))
FROM service_case c
LEFT JOIN customer cu ON cu.id = c.customer_id
LEFT JOIN sale s ON s.id = c.sale_id
LEFT JOIN complaintdetail cd ON cd.case_id = c.id
WHERE c.id = :case_id
"""
)


def index_case(session: Session, case_id: uuid.UUID) -> None:
    """(Re)write the search row of one case, inside the caller's unit of work."""
    parameters = {"case_id": case_id.hex}
    session.flush()
    session.execute(_DELETE_ROW, parameters)
    session.execute(_INSERT_ROW, parameters)
