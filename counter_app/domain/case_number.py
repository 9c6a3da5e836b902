"""Human case numbers: ``S012-20261123-0042``, unique per store and business day.

The UUID is what systems use; this number is what a clerk reads out, a
customer quotes on the phone, and the receipt's barcode carries.
"""

import re
from dataclasses import dataclass
from datetime import date

from counter_app.i18n import say

_PATTERN = re.compile(r"^(?P<store>[A-Z0-9]{1,16})-(?P<day>\d{8})-(?P<seq>\d{4,6})$")
STORE_CODE_PATTERN = re.compile(r"^[A-Z0-9]{1,16}$")


class CaseNumberError(ValueError):
    """Text that is not a case number."""


@dataclass(frozen=True, slots=True)
class CaseNumber:
    """A parsed case number."""

    store_code: str
    business_date: date
    sequence: int

    def __post_init__(self) -> None:
        if not STORE_CODE_PATTERN.match(self.store_code):
            raise CaseNumberError(
                say("Store code {code} must be 1 to 16 capital letters or digits.").format(
                    code=repr(self.store_code)
                )
            )
        if not 1 <= self.sequence <= 999_999:
            raise CaseNumberError(say("A case sequence runs from 1 to 999999 per day."))

    def __str__(self) -> str:
        return f"{self.store_code}-{self.business_date:%Y%m%d}-{self.sequence:04d}"

    @classmethod
    def parse(cls, text: str) -> "CaseNumber":
        """Read a typed or scanned case number (spaces and lower case forgiven)."""
        if not isinstance(text, str):
            raise CaseNumberError(
                say("Type or scan the case number; they look like S012-20261123-0042.")
            )
        match = _PATTERN.match(text.strip().upper())
        if match is None:
            raise CaseNumberError(
                say("{text} is not a case number; they look like S012-20261123-0042.").format(
                    text=repr(text.strip()[:40])
                )
            )
        try:
            day = date(int(match["day"][:4]), int(match["day"][4:6]), int(match["day"][6:]))
        except ValueError as error:
            raise CaseNumberError(
                say("{day} in {text} is not a date.").format(
                    day=match["day"], text=repr(text.strip())
                )
            ) from error
        return cls(match["store"], day, int(match["seq"]))
