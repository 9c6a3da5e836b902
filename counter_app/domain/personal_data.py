"""What counts as a customer's personal data in a case's records, and how it is erased.

Shared by the store (its outbox rows) and head office (the events it kept), so
both erase the same fields of the same payloads. Erasing blanks a field and
keeps its key: ids, kinds, statuses, dates, quantities, money and categories
stay, so every figure made from the events is the same after as before.

Kept on purpose: a line's item description (what came back, not who), the
policy's decision reasons (the policy's words), a manager's override reason
(the accountability of the override, shown in the daily summary), the complaint
category, card last four digits and processor references (accounting).
"""

from collections.abc import Mapping
from typing import Any

ERASED_NAME = ""

# The customer's own details, in a customer event.
CUSTOMER_FIELDS = ("name", "phone", "email", "email_key")
# Free text typed about a case, anywhere in a case's event.
CASE_TEXT_FIELDS = ("summary", "desired_outcome", "accommodation", "body", "note", "label")
# Free text inside a complaint (its category is kept).
COMPLAINT_TEXT_FIELDS = ("description", "desired_outcome", "accommodation")
# Free text on each line or item (the item description is kept).
LINE_TEXT_FIELDS = ("reason",)
LINE_LISTS = ("lines", "lines_in", "lines_out", "items")
# An attachment's file name may be a person's name ("murphy-receipt.jpg").
ATTACHMENT_FIELDS = ("filename",)


def _blank(value: Any) -> Any:
    """The erased form of a value: empty text stays text, anything else becomes None."""
    return "" if isinstance(value, str) else None


def _erase_keys(data: dict[str, Any], keys: tuple[str, ...]) -> bool:
    changed = False
    for key in keys:
        if key in data and data[key] not in ("", None):
            data[key] = _blank(data[key])
            changed = True
    return changed


def erase_customer_fields(data: Mapping[str, Any]) -> tuple[dict[str, Any], bool]:
    """A customer event's data with name, phone and email blanked; and whether anything was."""
    erased = dict(data)
    changed = False
    for key in CUSTOMER_FIELDS:
        if key in erased and erased[key] not in ("", None):
            # As the store keeps an erased customer: an empty name, no phone, no email.
            erased[key] = ERASED_NAME if key == "name" else None
            changed = True
    return erased, changed


def erase_case_text(data: Mapping[str, Any]) -> tuple[dict[str, Any], bool]:
    """A case event's data with the free text about the customer blanked; and whether it was.

    Reaches into ``complaint`` and into each line or item; everything else keeps its value.
    """
    erased = dict(data)
    changed = _erase_keys(erased, CASE_TEXT_FIELDS + ATTACHMENT_FIELDS)
    complaint = erased.get("complaint")
    if isinstance(complaint, Mapping):
        erased["complaint"] = dict(complaint)
        changed = _erase_keys(erased["complaint"], COMPLAINT_TEXT_FIELDS) or changed
    for key in LINE_LISTS:
        lines = erased.get(key)
        if isinstance(lines, list):
            copied = [dict(line) if isinstance(line, Mapping) else line for line in lines]
            for line in copied:
                if isinstance(line, dict):
                    changed = _erase_keys(line, LINE_TEXT_FIELDS) or changed
            erased[key] = copied
    return erased, changed


def erase_event_payload(kind: str, payload: Mapping[str, Any]) -> tuple[dict[str, Any], bool]:
    """An outbox or head-office payload (``{"audit": ..., "data": ...}``) with personal data erased.

    ``kind`` decides what is personal: a ``customer.*`` event's details, any other
    event's free text. The ``audit`` part (ids and the chain's hash) is never touched.
    """
    erased = dict(payload)
    data = erased.get("data")
    target: Mapping[str, Any] = data if isinstance(data, Mapping) else payload
    if kind.startswith("customer."):
        cleaned, changed = erase_customer_fields(target)
    else:
        cleaned, changed = erase_case_text(target)
    if isinstance(data, Mapping):
        erased["data"] = cleaned
        return erased, changed
    return cleaned, changed
