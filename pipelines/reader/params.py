"""Query parameters shared by the analytics, activity and report routes, with their bounds.

FastAPI checks types and bounds (an out-of-bounds value is a 400 naming the parameter, see
``errors.py``); the checks that need more than one parameter or a vocabulary live here and
raise :class:`InvalidParameter` the same way.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import Query

from pipelines.reader.analytics import EVENT_TYPES
from pipelines.reader.errors import InvalidParameter

Days = Annotated[int, Query(ge=1, le=365, description="Range in days (1–365), ending today in the seller's time zone")]
Period = Annotated[Literal["day", "week", "month"], Query(description="Bucket size: day, week (starting Monday) or month")]
CategoryLimit = Annotated[int, Query(ge=1, le=50, description="Number of categories (1–50)")]
RecentLimit = Annotated[int, Query(ge=1, le=100, description="Number of events (1–100)")]
EventType = Annotated[
    str | None,
    Query(max_length=64, description="Only events of this type: " + ", ".join(EVENT_TYPES)),
]
ReportFormat = Annotated[Literal["json", "pdf"], Query(description="json or pdf")]
StartDate = Annotated[date | None, Query(description="First day (YYYY-MM-DD, inclusive, seller's time zone)")]
EndDate = Annotated[date | None, Query(description="Last day (YYYY-MM-DD, inclusive, seller's time zone)")]

INVENTORY_STATUSES = ("draft", "ready_to_sell", "listed", "sold")


def event_type(value: str | None) -> str | None:
    """The event type filter; blank means every type (as blank filters do on /orders/)."""
    if value is None or not value.strip():
        return None
    name = value.strip().lower()
    if name not in EVENT_TYPES:
        raise InvalidParameter("event_type", f"unknown event type {value!r}; use one of: {', '.join(EVENT_TYPES)}")
    return name


def date_range(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and start > end:
        raise InvalidParameter("start_date", f"start_date {start.isoformat()} is after end_date {end.isoformat()}")


def statuses(value: object, param: str = "status") -> list[str] | None:
    """Inventory statuses to keep (comma-separated or a list; ``ready-to-sell`` spelled either way).

    Blank means every status.
    """
    if value is None:
        return None
    if not isinstance(value, (str, list)):
        raise InvalidParameter(param, "give statuses as comma-separated text or a list of strings")
    parts = value.split(",") if isinstance(value, str) else value
    chosen: list[str] = []
    for part in parts:
        if not isinstance(part, str):
            raise InvalidParameter(param, "statuses must be strings")
        name = part.strip().lower().replace("-", "_")
        if not name:
            continue
        if name not in INVENTORY_STATUSES:
            raise InvalidParameter(param, f"unknown inventory status {part.strip()!r}; use one of: {', '.join(INVENTORY_STATUSES)}")
        if name not in chosen:
            chosen.append(name)
    return chosen or None
