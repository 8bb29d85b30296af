"""The one source of "now", so tests can move time without sleeping."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time

from flask import current_app, has_app_context

# Any day the app takes: far enough for any clinic's records, near enough that the
# arithmetic on it (a week on, a zone's offset) never leaves datetime's years 1 to 9999.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2200, 12, 31)
# Sessions are booked and moved no further than this from today, either way.
BOOKING_YEARS = 5


def system_now() -> datetime:
    return datetime.now(UTC)


def now() -> datetime:
    """Aware UTC now; an app may install its own clock as config["CLOCK"]."""
    if has_app_context():
        clock: Callable[[], datetime] = current_app.config.get("CLOCK") or system_now
        return clock()
    return system_now()


def years_on(day: date, years: int) -> date:
    """The same day `years` later (earlier when negative); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def booking_days() -> tuple[date, date]:
    """The first and last day a session may be booked on (days in UTC)."""
    today = now().date()
    return years_on(today, -BOOKING_YEARS), years_on(today, BOOKING_YEARS)


def bookable(moment: datetime) -> bool:
    """Whether a session may start at `moment` (aware): on one of the booking days."""
    first, last = booking_days()
    return datetime.combine(first, time.min, UTC) <= moment <= datetime.combine(last, time.max, UTC)
