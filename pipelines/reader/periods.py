"""Windows of days and their buckets, in the seller's time zone.

"Today" is the date, in the snapshot's time zone, of the reader's as-of instant: the setting
``PIPELINES_AS_OF`` when set (the same instant a pinned build computed its ages at, which keeps
tests and demos reproducible), else now. A window of ``days`` days ends today, inclusive:
``days=1`` is today alone, ``days=30`` today and the 29 days before it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from pipelines.settings import Settings

log = logging.getLogger(__name__)

PERIODS = ("day", "week", "month")


def as_of_instant(settings: Settings) -> datetime:
    """The reader's "now": the as-of setting when it is a valid ISO instant, else the clock."""
    if settings.as_of:
        try:
            instant = datetime.fromisoformat(settings.as_of)
        except ValueError:
            log.error("PIPELINES_AS_OF=%r is not an ISO 8601 instant; using the clock", settings.as_of)
        else:
            return instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)
    return datetime.now(UTC)


def today(settings: Settings, zone: ZoneInfo) -> date:
    return as_of_instant(settings).astimezone(zone).date()


@dataclass(frozen=True)
class Window:
    """The seller's dates ``start``..``end``, both inclusive."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Window:
        """The window of the same length that ends the day before this one starts."""
        return Window(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def dates(self) -> Iterator[date]:
        for offset in range(self.days):
            yield self.start + timedelta(days=offset)


def last_days(end: date, days: int) -> Window:
    return Window(end - timedelta(days=days - 1), end)


def bucket_start(day: date, period: str) -> date:
    """The first day of ``day``'s bucket: the day itself, its week's Monday, its month's 1st."""
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return day


def buckets(window: Window, period: str) -> list[date]:
    """The first day of every bucket the window touches, oldest first."""
    first = bucket_start(window.start, period)
    last = bucket_start(window.end, period)
    starts = [first]
    while starts[-1] < last:
        starts.append(next_bucket(starts[-1], period))
    return starts


def next_bucket(start: date, period: str) -> date:
    if period == "week":
        return start + timedelta(days=7)
    if period == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start + timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """The 1st of the month ``months`` after (or before, negative) ``day``'s month, within the
    calendar ``date`` can hold (clamped to its first and last month)."""
    index = day.year * 12 + day.month - 1 + months
    index = min(max(index, date.min.year * 12), date.max.year * 12 + 11)
    return date(index // 12, index % 12 + 1, 1)
