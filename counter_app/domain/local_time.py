"""Times and dates as the store's people read them: its time zone, its locale's forms."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.core import UnknownLocaleError
from babel.dates import format_date, format_time, get_datetime_format

FALLBACK_LOCALE = "en_IE"


def _locale(locale: str) -> str:
    try:
        format_date(date(2000, 1, 1), locale=locale)
    except (UnknownLocaleError, ValueError):
        return FALLBACK_LOCALE
    return locale


def local_clock(moment: datetime, zone: ZoneInfo, locale: str) -> str:
    """``14:05`` (or ``2:05 PM``): the time of day in the store, in the locale's short form."""
    return format_time(moment.astimezone(zone), format="short", locale=_locale(locale))


def local_day(day: date, locale: str) -> str:
    """``23 Nov 2026``: a calendar day in the locale's medium form."""
    return format_date(day, format="medium", locale=_locale(locale))


def local_moment(moment: datetime, zone: ZoneInfo, locale: str) -> str:
    """``23 Nov 2026, 14:05``: a day and time in the store, in the locale's medium/short form."""
    known = _locale(locale)
    local = moment.astimezone(zone)
    joined = str(get_datetime_format("medium", locale=known))
    return joined.replace("{1}", local_day(local.date(), known)).replace(
        "{0}", local_clock(local, zone, known)
    )


def store_today(zone: ZoneInfo, now: datetime | None = None) -> date:
    """The store's calendar day now (what "today" means on the home screen)."""
    return (now or datetime.now(UTC)).astimezone(zone).date()


def elapsed(seconds: float) -> str:
    """A ticking duration: ``0:45``, ``12:05``, ``1:02:09`` (hours only when there are some)."""
    whole = timedelta(seconds=max(0, int(seconds)))
    hours, rest = divmod(int(whole.total_seconds()), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
