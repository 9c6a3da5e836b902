"""Money, counts, shares, days and times in a store's locale, for screens and documents.

Apart from the summary report so that a screen showing a number needs no chart library.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.numbers import format_decimal, format_percent

from counter_app.domain.money import Money

DASH = "\N{EN DASH}"  # a figure with nothing to show


@dataclass(frozen=True)
class Formats:
    """Money, counts, shares, durations and days in the store's locale."""

    currency: str
    locale: str

    @property
    def _babel(self) -> str:
        try:
            Locale.parse(self.locale)
        except (UnknownLocaleError, ValueError, TypeError):
            return "en"
        return self.locale

    def money(self, cents: int) -> str:
        """Integer cents as the store's customers read them, e.g. ``€1,234.50``."""
        return Money.from_minor(cents, self.currency).format(self._babel)

    def number(self, value: float) -> str:
        """A count or an average count (one decimal at most)."""
        return str(format_decimal(round(value, 1), format="#,##0.#", locale=self._babel))

    def share(self, value: float | None) -> str:
        """A share as a whole percentage; a dash when there is nothing to share."""
        return DASH if value is None else str(format_percent(value, locale=self._babel))

    def day(self, day: date) -> str:
        """A calendar day in full, e.g. ``Sunday, 14 June 2026``."""
        return str(format_date(day, format="full", locale=self._babel))

    def short_day(self, day: date) -> str:
        """A calendar day in brief, for the comparison columns."""
        return str(format_date(day, format="medium", locale=self._babel))

    def clock(self, moment: datetime) -> str:
        """A time of day as the store's clocks read it, e.g. ``18:05``."""
        return str(format_time(moment.time(), format="short", locale=self._babel))

    def hour(self, hour: int) -> str:
        """The start of an hour of day as the store's clocks read, e.g. ``14:00``."""
        return str(format_time(time(hour % 24), format="short", locale=self._babel))
