"""Repeated URLs answered from a kept payload's bytes, before FastAPI routes the request.

A cached JSON endpoint costs little to compute on a hit; what a request then pays is the
framework around it: routing, solving dependencies, validating the query, handing the request to
a worker thread and back. With a few clients queued on one worker that overhead is what they
wait for. So every JSON response made from a kept payload (:func:`cache.kept_response`) is
remembered under its URL, and :class:`FastPathMiddleware` answers the same URL again from the
same :class:`~pipelines.reader.cache.Kept` entry when, and only when, the route would answer with
those very bytes:

- the request is a ``GET`` of the same URL (scheme, host, path and query string: the route's
  parameters, its validation and the order list's page links all follow from it);
- its ``Authorization`` header names a live token (:func:`auth.is_live`: the same indexed lookup
  as the routes', so a revoked token is refused at once);
- the entry's state still holds: the same snapshot is served (:meth:`SnapshotManager.quick_info`,
  which follows the pointer on the same schedule as every request), the same "today", and for
  the order list and stats the same ops-store version (any shipment write misses).

Anything else (a URL not seen, no or a bad token, a moved pointer, a busy lock, a write) goes to
the app unchanged, which answers as before, errors and all, and remembers the new entry. This
runs on the event loop and never waits: a ``stat`` of the pointer and at most two indexed SQLite
reads (WAL readers do not wait for writers); opening a snapshot or reloading the overlay stays
in the routes' worker threads. The URLs are a bounded LRU map like the payloads themselves.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import UTC, datetime

from starlette.types import ASGIApp, Receive, Scope, Send

from pipelines.ops_store import OpsStore
from pipelines.reader.auth import is_live
from pipelines.reader.cache import Kept, PayloadCache
from pipelines.reader.periods import today
from pipelines.reader.responses import json_response
from pipelines.reader.snapshot import SnapshotManager
from pipelines.settings import Settings

MAX_URLS = 512  # as many as the payloads kept (pipelines.reader.cache.MAX_ENTRIES)


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope["headers"]:
        if key == name:
            return value
    return None


def url_key(scope: Scope) -> Hashable:
    """What ``request.url`` is made of: the same key means the same route, parameters and links."""
    return (
        scope.get("scheme"),
        _header(scope, b"host"),
        scope.get("server"),
        scope.get("root_path", ""),
        scope["path"],
        scope.get("query_string", b""),
    )


class FastPath:
    """The remembered URLs and the check that answers one of them without the app."""

    def __init__(self, settings: Settings, ops: OpsStore, snapshots: SnapshotManager, max_urls: int = MAX_URLS) -> None:
        self.settings = settings
        self.ops = ops
        self.snapshots = snapshots
        self.urls = PayloadCache(max_urls)
        self.answered = 0  # requests answered here (the event loop's thread only counts)

    def remember(self, scope: Scope, kept: Kept) -> None:
        """``kept`` answered this request's URL (a GET of a JSON payload, status 200)."""
        if scope.get("method") == "GET":
            self.urls.put(url_key(scope), kept)

    def answer(self, scope: Scope) -> bytes | None:
        """The response body the app would send for this request, when it is a remembered hit; else None."""
        if scope["type"] != "http" or scope["method"] != "GET":
            return None
        kept: Kept | None = self.urls.get(url_key(scope))
        if kept is None:
            return None
        header = _header(scope, b"authorization")
        if not is_live(self.ops, header.decode("latin-1") if header is not None else None):
            return None
        if kept.state is not None:
            info = self.snapshots.quick_info()
            if info is None:
                return None
            version = self.ops.data_version() if kept.with_updates else None
            if (info.name, today(self.settings, info.timezone), version) != kept.state:
                return None
        self.answered += 1
        return kept.body(datetime.now(UTC))


class FastPathMiddleware:
    """Answers :meth:`FastPath.answer`'s hits itself; passes every other request on."""

    def __init__(self, app: ASGIApp, fast_path: FastPath) -> None:
        self.app = app
        self.fast_path = fast_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = self.fast_path.answer(scope) if scope["type"] == "http" else None
        if body is None:
            await self.app(scope, receive, send)
            return
        await json_response(body)(scope, receive, send)
