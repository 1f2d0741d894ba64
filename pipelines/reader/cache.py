"""Payloads kept between requests: analytics, activity, reports, the order list and stats.

Those payloads depend only on the published snapshot, on "today" in the seller's time zone (the
windows of days end today) and on the request's parameters; the order list and stats also on the
ops store's shipment updates. So a payload is kept under the key (route, parameters, snapshot name,
today) — and for the orders the overlay version, which every shipment write moves — and served
again until that key changes: a new snapshot, the next day or a write all miss and rebuild. Nothing
is ever invalidated by hand, and nothing stale can be hit: the key is read fresh on every request
(:meth:`SnapshotManager.state`, one look at the pointer and the ops store's version counter).

Entries are payload dicts shared between requests: treat them as read-only. The cache holds at
most ``max_entries`` of them, least recently used out first, per server process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from typing import Any

from fastapi import Request

from pipelines.reader.periods import today
from pipelines.reader.snapshot import Reading, SnapshotManager

MAX_ENTRIES = 512


class PayloadCache:
    """A bounded, thread-safe LRU map of payloads."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            value = self._entries.get(key)
            if value is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


def payload_cache(request: Request) -> PayloadCache:
    return request.app.state.payload_cache


def cached_payload(
    request: Request, route: Hashable, build: Callable[[Reading, date], dict[str, Any]], with_updates: bool = False
) -> dict[str, Any]:
    """The payload of ``route`` (the route and its parameters) for the live snapshot and today.

    ``with_updates``: the payload shows shipment updates (orders list, stats), so the overlay
    version is part of the key and a write is seen by the next request. ``build(reading, today)``
    makes the payload on a miss; what it raises (a 400, a 404, a 503) is not kept.
    """
    snapshots: SnapshotManager = request.app.state.snapshots
    settings = request.app.state.settings
    cache = payload_cache(request)
    info, version = snapshots.state()
    hit = cache.get((route, info.name, today(settings, info.timezone), version if with_updates else None))
    if hit is not None:
        return hit
    with snapshots.read() as reading:
        day = today(settings, reading.info.timezone)
        payload = build(reading, day)
    cache.put((route, reading.info.name, day, reading.overlay_version if with_updates else None), payload)
    return payload
