"""The published snapshot the reader serves, followed through ``serving/CURRENT``.

The publish step writes a new ``serving/<id>.duckdb`` and then swaps the small ``CURRENT``
file to name it. The reader stats that pointer at most every ``check_interval`` seconds and
opens the new snapshot when it changes, without a restart. Requests already running keep
their cursor on the old snapshot; its connection closes when the last of them finishes.

Each snapshot is an in-memory DuckDB database with the snapshot file attached read-only as
``snapshot``: the file stays untouched (analysts keep reading it), while the in-memory side
holds what the reader adds on top and shares across its cursors: the ``shipment_overlay``
table of ops-store updates (reloaded only when :meth:`OpsStore.data_version` moves) and the
views that apply it: ``order_keys`` (the narrow one scans use, ``sql/reader_orders_keys.sql``)
and ``orders_live`` (full rows, ``sql/reader_orders_overlay.sql``; one order's detail reads its
stored row instead when no update applies to it, ``orders.order_row``).

A snapshot with the order-list marts (``marts.orders_list``, see ``sql/reader_list_probe.sql``)
serves the order list from them instead (:class:`ListSupport`): the in-memory side then also holds
``list_counts`` (orders per platform and status) and the two small tables of updated rows,
``list_overlay_stale``/``list_overlay_live``, rebuilt with the overlay, so an update is applied to
its own rows only. A snapshot without them is served the old way, from ``order_keys``.

The connection runs with a bounded memory (``PIPELINES_READER_MEMORY_LIMIT``, default 128MB;
larger work, such as the sort of a full CSV export, spills to a temporary directory of its own),
so the reader stays small whatever the snapshot's size: the snapshot's blocks are read from the
file (the OS page cache) as needed, not all kept.

A snapshot also says which seller settings its marts were built for (``main.snapshot_info``):
the time zone its dates are in and the home currency of its money. The analytics read "today"
in that time zone (:attr:`SnapshotInfo.timezone`), whatever the reader's own environment says.
"""

from __future__ import annotations

import logging
import math
import os
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb

from pipelines.ops_store import OpsStore
from pipelines.reader.errors import SnapshotUnavailable
from pipelines.reader.overlay import overlay_rows
from pipelines.settings import Settings, sql

log = logging.getLogger(__name__)

NO_SNAPSHOT = "no snapshot published yet; run `python -m pipelines materialize`"
MEMORY_LIMIT_ENV = "PIPELINES_READER_MEMORY_LIMIT"
DEFAULT_MEMORY_LIMIT = "128MB"

_SETUP = (
    "reader_set_utc",
    "reader_macro_iso_utc",
    "reader_macro_money",
    "reader_macro_live_status",
    "reader_create_shipment_overlay",
    "reader_orders_keys",
    "reader_orders_overlay",
    "reader_macro_matching_orders",
)


@dataclass(frozen=True)
class SnapshotInfo:
    """The seller settings a snapshot was built for (``main.snapshot_info``, else the reader's)."""

    name: str
    snapshot_id: str
    timezone: ZoneInfo
    home_currency: str


@dataclass(frozen=True)
class ListSupport:
    """What a snapshot with ``marts.orders_list`` offers the order list.

    ``order_id_characters``/``tracking_characters``: every character of those (lower-cased)
    fields in the snapshot; a search term with another character cannot occur in them.
    """

    order_id_characters: frozenset[str]
    tracking_characters: frozenset[str]


@dataclass(frozen=True)
class Reading:
    """What a request reads with: a cursor on one snapshot and that snapshot's settings."""

    cursor: duckdb.DuckDBPyConnection
    info: SnapshotInfo
    overlay_version: int | None = None
    listing: ListSupport | None = None


def _zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        log.error("unknown time zone %r", name)
        return None


def read_info(conn: duckdb.DuckDBPyConnection, name: str, settings: Settings | None) -> SnapshotInfo:
    """The snapshot's own settings; the reader's settings fill in for a snapshot without them."""
    row = None
    try:
        row = conn.execute(sql("reader_snapshot_info")).fetchone()
    except duckdb.CatalogException:
        log.warning("snapshot %s has no main.snapshot_info; using the reader's settings", name)
    snapshot_id, currency, zone_name = row if row is not None else (None, None, None)
    zone = _zone(zone_name) or _zone(settings.timezone if settings else None) or ZoneInfo("UTC")
    return SnapshotInfo(
        name=name,
        snapshot_id=snapshot_id or Path(name).stem,
        timezone=zone,
        home_currency=currency or (settings.home_currency if settings else "USD"),
    )


class Snapshot:
    """One opened snapshot file; ``refs`` counts the requests holding a cursor on it."""

    def __init__(self, name: str, path: Path, settings: Settings | None = None) -> None:
        self.name = name
        self.path = path
        self.refs = 0
        self.retired = False
        self.overlay_version: int | None = None
        self.overlay_lock = threading.Lock()
        self.conn = duckdb.connect(":memory:", config=_connection_config())
        try:
            self.conn.execute(sql("reader_attach_snapshot"), {"path": str(path)})
            for statement in _SETUP:
                self.conn.execute(sql(statement))
            self.listing = _list_support(self.conn, name)
            # Bind the stats query this snapshot will serve once now: a snapshot without
            # marts.order_stats is refused at the switch (the old one keeps serving) instead of
            # failing requests later. The order-list path's query reads only the few updated
            # rows; the fallback's scans every order, so only a snapshot without the list pays it.
            self.conn.execute(sql("reader_list_stats" if self.listing is not None else "reader_orders_stats")).fetchall()
            self.info = read_info(self.conn, name, settings)
        except BaseException:
            self.conn.close()
            raise

    def refresh_overlay(self, ops: OpsStore) -> None:
        """Reload the overlay table when the ops store changed since the last load.

        The version is read before the rows, so a write landing in between only causes one
        more reload later, never a missed one. Readers on other cursors see the old or the
        new overlay, never half of it (one DuckDB transaction).
        """
        if ops.data_version() == self.overlay_version:
            return
        with self.overlay_lock:
            version = ops.data_version()
            if version == self.overlay_version:
                return
            rows = overlay_rows(ops.shipment_updates())
            cursor = self.conn.cursor()
            try:
                cursor.begin()
                cursor.execute(sql("reader_clear_shipment_overlay"))
                if rows:
                    cursor.execute(sql("reader_load_shipment_overlay"), {"rows": rows})
                if self.listing is not None:
                    cursor.execute(sql("reader_list_load_overlay"))
                cursor.commit()
            finally:
                cursor.close()
            self.overlay_version = version

    def close(self) -> None:
        self.conn.close()


def _connection_config() -> dict[str, str]:
    """DuckDB settings of a snapshot's connection: bounded memory, spilling to a temp dir of its
    own (DuckDB creates it when it first spills and removes it when the connection closes)."""
    return {
        "memory_limit": os.environ.get(MEMORY_LIMIT_ENV) or DEFAULT_MEMORY_LIMIT,
        "temp_directory": os.path.join(tempfile.gettempdir(), f"pipelines-reader-{os.getpid()}-{uuid.uuid4().hex[:8]}"),
    }


def _list_support(conn: duckdb.DuckDBPyConnection, name: str) -> ListSupport | None:
    """Set up the order list's in-memory tables when the snapshot has its marts; None otherwise."""
    try:
        row = conn.execute(sql("reader_list_probe")).fetchone()
    except (duckdb.CatalogException, duckdb.BinderException):
        log.warning("snapshot %s has no marts.orders_list; the order list reads marts.orders", name)
        return None
    if row is None:
        return None
    conn.execute(sql("reader_list_create_counts"))
    conn.execute(sql("reader_list_create_overlay"))
    return ListSupport(order_id_characters=frozenset(row[1] or ""), tracking_characters=frozenset(row[2] or ""))


class SnapshotManager:
    """Hands out cursors on the live snapshot and switches snapshots when the pointer moves."""

    def __init__(self, settings: Settings, ops: OpsStore, check_interval: float = 0.5) -> None:
        self.settings = settings
        self.pointer = settings.current_pointer
        self.serving_dir = settings.serving_dir
        self.ops = ops
        self.check_interval = check_interval
        self._lock = threading.Lock()
        self._current: Snapshot | None = None
        self._pointer_key: tuple[int, int, int] | None = None
        self._checked_at = -math.inf
        self._problem = NO_SNAPSHOT
        self._last_logged: str | None = None

    @property
    def current_name(self) -> str | None:
        current = self._current
        return current.name if current is not None else None

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor on the live snapshot with the overlay up to date; SnapshotUnavailable when none.

        The cursor reads in one transaction, so every query of a request (a page and its count)
        sees the same overlay even if another request reloads it meanwhile.
        """
        with self.read() as reading:
            yield reading.cursor

    @contextmanager
    def read(self) -> Iterator[Reading]:
        """:meth:`cursor` together with the snapshot's settings (its time zone, its currency)."""
        snapshot = self._acquire()
        try:
            snapshot.refresh_overlay(self.ops)
            # Read before the transaction starts: what it sees is at least this version, never
            # older, so a payload cached under it never hides a write.
            version = snapshot.overlay_version
            cursor = snapshot.conn.cursor()
            try:
                cursor.begin()
                yield Reading(cursor, snapshot.info, version, snapshot.listing)
            finally:
                cursor.close()
        finally:
            self._release(snapshot)

    def state(self) -> tuple[SnapshotInfo, int | None]:
        """The live snapshot's settings and its overlay version (refreshed), without a cursor.

        What a payload cache keys on; SnapshotUnavailable when nothing is served.
        """
        snapshot = self._acquire()
        try:
            snapshot.refresh_overlay(self.ops)
            return snapshot.info, snapshot.overlay_version
        finally:
            self._release(snapshot)

    def quick_info(self) -> SnapshotInfo | None:
        """The live snapshot's settings when telling them takes no waiting and no opening; else None.

        What :mod:`pipelines.reader.fast_path` asks on the event loop. It follows the same rule as
        every request (the pointer is looked at when ``check_interval`` has passed) but only looks:
        when the pointer moved, or another thread holds the lock (maybe opening a snapshot), it
        says None and the request takes the ordinary way, which follows the pointer in a worker
        thread. The overlay is not refreshed here: callers compare the ops store's version themselves.
        """
        if not self._lock.acquire(blocking=False):
            return None
        try:
            now = time.monotonic()
            if now - self._checked_at >= self.check_interval:
                if self._pointer_moved():
                    return None  # the check stays due: the next ordinary request opens the snapshot
                self._checked_at = now
            current = self._current
            return current.info if current is not None else None
        finally:
            self._lock.release()

    def _pointer_moved(self) -> bool:
        """Whether :meth:`_follow_pointer` would have something to do (a missing pointer: nothing)."""
        key = self._pointer_stat()
        return key is not None and key != self._pointer_key

    def _pointer_stat(self) -> tuple[int, int, int] | None:
        """What tells one state of the pointer file from another; None when there is none."""
        try:
            stat = os.stat(self.pointer)
        except FileNotFoundError:
            return None
        return (stat.st_ino, stat.st_mtime_ns, stat.st_size)

    def close(self) -> None:
        with self._lock:
            current, self._current = self._current, None
            if current is not None:
                current.retired = True
                if current.refs == 0:
                    current.close()

    def _acquire(self) -> Snapshot:
        with self._lock:
            now = time.monotonic()
            if now - self._checked_at >= self.check_interval:
                self._checked_at = now
                self._follow_pointer()
            snapshot = self._current
            if snapshot is None:
                raise SnapshotUnavailable(self._problem)
            snapshot.refs += 1
            return snapshot

    def _release(self, snapshot: Snapshot) -> None:
        with self._lock:
            snapshot.refs -= 1
            if snapshot.retired and snapshot.refs == 0:
                snapshot.close()

    def _follow_pointer(self) -> None:
        """Open the snapshot ``CURRENT`` names if it changed; keep serving the old one if that fails.

        A pointer that cannot be followed is retried at the next check (the publisher may be
        mid-way), and its problem is logged once, not every half second.
        """
        key = self._pointer_stat()
        if key is None or key == self._pointer_key:
            return
        try:
            name = self.pointer.read_text().strip()
        except OSError as exc:
            self._report(f"cannot read the snapshot pointer {self.pointer}: {exc}")
            return
        if self._current is not None and name == self._current.name:
            self._pointer_key = key
            return
        if not name or Path(name).name != name:
            self._report(f"the snapshot pointer {self.pointer} does not name a file in {self.serving_dir}: {name!r}")
            return
        path = self.serving_dir / name
        if not path.is_file():
            self._report(f"the snapshot pointer names {name}, which is not in {self.serving_dir}")
            return
        try:
            snapshot = Snapshot(name, path, self.settings)
        except duckdb.Error as exc:
            self._report(f"cannot open snapshot {name}: {exc}")
            return
        self._pointer_key = key
        previous, self._current = self._current, snapshot
        log.info("serving snapshot %s", name)
        if previous is not None:
            previous.retired = True
            if previous.refs == 0:
                previous.close()

    def _report(self, problem: str) -> None:
        if problem != self._last_logged:
            log.error(problem)
            self._last_logged = problem
        if self._current is None:
            self._problem = problem
