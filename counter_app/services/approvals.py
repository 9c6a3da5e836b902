"""A manager's approval: their PIN and a written reason, for what the policy leaves to them.

Returns, exchanges and complaints take the same approval, so the counter has one
approval dialog.
"""

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated

from pydantic import Field

from counter_app.i18n import say, say_later
from counter_app.services.inputs import ServiceInput, text
from counter_app.services.staff import SignedIn, confirm_manager
from db.store.database import StoreDatabase


class ManagerApproval(ServiceInput):
    """A manager's PIN and written reason, for what the policy leaves to a manager."""

    manager_id: uuid.UUID
    pin: str = Field(max_length=16)
    reason: Annotated[
        str,
        text(field="approval.reason", label=say_later("Reason for the approval"), max_length=500),
    ]
    waive_restocking_fees: bool = False


def approval_needed(reasons: Sequence[str]) -> str:
    """The refusal that asks for a manager, with the policy's reasons in one sentence."""
    return say(
        "A manager must approve this: {reasons} Ask a manager for their PIN and write down why."
    ).format(reasons=" ".join(reasons))


def check_approval(
    database: StoreDatabase, approval: ManagerApproval | None, *, now: datetime
) -> SignedIn | None:
    """The approving manager, once their PIN is checked.

    Checked before the unit of work, so a wrong PIN still counts towards the lockout.
    """
    if approval is None:
        return None
    return confirm_manager(
        database=database,
        staff_id=approval.manager_id,
        pin=approval.pin,
        doing=say_later("approve a refund"),
        now=now,
    )
