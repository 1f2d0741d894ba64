"""Payloads kept between requests: analytics, activity, reports, the order list and stats.

Those payloads depend only on the published snapshot, on "today" in the seller's time zone (the
windows of days end today) and on the request's parameters; the order list and stats also on the
ops store's shipment updates. So a payload is kept under the key (route, parameters, snapshot name,
today) — and for the orders the overlay version, which every shipment write moves — and served
again until that key changes: a new snapshot, the next day or a write all miss and rebuild. Nothing
is ever invalidated by hand, and nothing stale can be hit: the key is read fresh on every request
(:meth:`SnapshotManager.state`, one look at the pointer and the ops store's version counter).

A payload is kept as a :class:`Kept`: the dict together with its JSON bytes, encoded once (a
report once per second, since its ``generated_at`` says when it was served), so a hit costs no
serialization. :mod:`pipelines.reader.fast_path` answers a repeated URL from those bytes before
FastAPI routes the request at all.

Entries are shared between requests: treat the payload dicts as read-only. The cache holds at
most ``max_entries`` of them, least recently used out first, per server process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import UTC, date, datetime
from typing import Any

from fastapi import Request, Response

from pipelines.reader.periods import today
from pipelines.reader.responses import dumps, json_response
from pipelines.reader.snapshot import Reading, SnapshotManager

MAX_ENTRIES = 512

# (snapshot name, today in its time zone, overlay version or None): what a kept payload is valid for.
State = tuple[str, date, int | None]
Restamp = Callable[[dict[str, Any], datetime], dict[str, Any]]


class Kept:
    """One kept payload, the state it was built for, and its JSON encoding.

    ``state`` None: the payload depends on no data (the report list) and holds whatever is served.
    A payload without ``restamp`` is served as it is, so only its bytes are kept (encoded here,
    in the worker thread that built it; bytes take a fraction of the memory of the dicts).
    ``restamp`` (reports): the payload served at an instant is ``restamp(payload, now)``, so the
    dict is kept (a PDF is rendered from it too); its bytes are encoded once per second of
    ``now`` (the stamp's resolution) and reused within it.
    """

    __slots__ = ("payload", "state", "with_updates", "restamp", "_body", "_stamped")

    def __init__(
        self, payload: dict[str, Any], state: State | None, with_updates: bool = False, restamp: Restamp | None = None
    ) -> None:
        self.state = state
        self.with_updates = with_updates
        self.restamp = restamp
        self.payload: dict[str, Any] | None = payload if restamp is not None else None
        self._body: bytes | None = dumps(payload) if restamp is None else None
        self._stamped: tuple[int, bytes] | None = None

    def served(self, now: datetime) -> dict[str, Any]:
        """A report's payload as served at ``now`` (only reports keep their dict)."""
        if self.payload is None or self.restamp is None:
            raise ValueError("only a kept report holds its payload; the others hold their bytes")
        return self.restamp(self.payload, now)

    def body(self, now: datetime) -> bytes:
        """The JSON bytes of the payload as served at ``now``."""
        if self._body is not None:
            return self._body
        second = int(now.timestamp())
        stamped = self._stamped
        if stamped is not None and stamped[0] == second:
            return stamped[1]
        body = dumps(self.restamp(self.payload, now))
        self._stamped = (second, body)
        return body


class PayloadCache:
    """A bounded, thread-safe LRU map (of :class:`Kept` payloads, or of anything else)."""

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


def kept_payload(
    request: Request,
    route: Hashable,
    build: Callable[[Reading, date], dict[str, Any]],
    with_updates: bool = False,
    restamp: Restamp | None = None,
) -> Kept:
    """The kept payload of ``route`` (the route and its parameters) for the live snapshot and today.

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
    state: State = (reading.info.name, day, reading.overlay_version if with_updates else None)
    kept = Kept(payload, state, with_updates, restamp)
    cache.put((route, *state), kept)
    return kept


def kept_response(request: Request, kept: Kept, now: datetime | None = None) -> Response:
    """The 200 JSON response of ``kept`` served at ``now`` (default: now); the URL's later requests
    are answered from the same entry by :mod:`pipelines.reader.fast_path` while its state holds."""
    request.app.state.fast_path.remember(request.scope, kept)
    return json_response(kept.body(now or datetime.now(UTC)))


def cached_response(
    request: Request, route: Hashable, build: Callable[[Reading, date], dict[str, Any]], with_updates: bool = False
) -> Response:
    """:func:`kept_payload` answered as JSON (:func:`kept_response`)."""
    return kept_response(request, kept_payload(request, route, build, with_updates))
