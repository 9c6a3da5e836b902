"""The policy JSON file: the return rules, to every registered store or to the one named."""

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from counter_app.domain.return_policy import ReturnPolicy
from counter_app.domain.sync_protocol import Feed
from counter_app.headoffice.feeds import publish
from counter_app.headoffice.imports.rows import (
    ImportRefusedError,
    ImportResult,
    dump,
    registered_stores,
)
from counter_app.services.policy import rules_as_data
from counter_app.sync.feeds.shapes import POLICY_KEY, PolicyItem
from db.headoffice.database import HeadOfficeDatabase


def read_policy(path: Path) -> dict[str, Any]:
    """The return rules of a policy JSON file, checked as the store checks them."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ImportRefusedError(f"{path} does not exist; nothing was imported.") from None
    except UnicodeDecodeError:
        raise ImportRefusedError(f"{path.name} is not UTF-8 text; nothing was imported.") from None
    except json.JSONDecodeError as error:
        raise ImportRefusedError(
            f"{path.name} line {error.lineno}, column {error.colno}: {error.msg}; "
            "nothing was imported."
        ) from None
    try:
        rules = ReturnPolicy.model_validate(data)
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"]) or "the whole file"
        raise ImportRefusedError(
            f"{path.name}, rule {where}: {problem['msg']}; nothing was imported."
        ) from None
    return rules_as_data(rules)


def import_policy(
    database: HeadOfficeDatabase,
    path: Path,
    *,
    store_code: str | None = None,
    now: datetime | None = None,
) -> ImportResult:
    """Publish a policy JSON file (the return rules) to every store (or one)."""
    rules = read_policy(path)
    item = PolicyItem(rules=rules, published_at=(now or datetime.now(UTC)).astimezone(UTC))
    with database.unit_of_work() as session:
        stores = registered_stores(session, store_code)
        changed = sum(
            publish(session, store.id, Feed.POLICY, [(POLICY_KEY, dump(item))]) for store in stores
        )
    return ImportResult(Feed.POLICY, 1, len(stores), changed)
