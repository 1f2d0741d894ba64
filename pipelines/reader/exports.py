"""Inventory CSV exports: streamed straight to the client, or run as background jobs into files.

Both read ``marts.inventory_items`` through ``sql/reader_export_inventory_items.sql`` in batches
of :data:`BATCH_ROWS` rows (never the whole table in memory) and write them with the ``csv``
module. The columns are chosen by name from :data:`EXPORT_FIELDS`, a whitelist, in the order asked.

Jobs run on a small thread pool in the server process. Their state lives in the ops store, so
any worker answers their status; their files are written under ``settings.exports_dir`` as a
hidden ``.partial`` file first and renamed into place once complete, so a download never sees
half a file. A job remembers which server process runs it (``owner``): when a server starts it
marks failed every unfinished job whose process is gone (a crash, a restart), and leaves alone
the jobs that another live worker process is running.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import secrets
import socket
import tempfile
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import duckdb

from pipelines.ops_store import OpsStore
from pipelines.reader import marts
from pipelines.reader.errors import InvalidParameter, SnapshotUnavailable
from pipelines.reader.snapshot import SnapshotManager
from pipelines.settings import sql

log = logging.getLogger(__name__)

BATCH_ROWS = 2000
CHUNK_BYTES = 1 << 16
# Export queries sort every item: one at a time per process keeps the reader's bounded memory
# (DuckDB's memory_limit, see snapshot.py) from running out (two at once did, at 1M orders, and
# take no less time on two cores); more requests wait for the slot.
EXPORT_SLOTS = 1
SLOT_WAIT_SECONDS = 300
BUSY = (
    "too many CSV exports are running in this server; try again shortly, "
    "or create an export job with POST /api/v1/exports/inventory/csv/"
)
_export_slots = threading.BoundedSemaphore(EXPORT_SLOTS)
JOB_KIND = "inventory_csv"
UID_PREFIX = "exp_"
RESTARTED = "the server restarted before this export finished; create it again"
STOPPED = "the server stopped before this export started; create it again"

# Field name -> what the column holds. Money is in the home currency as "34.99", timestamps
# ISO 8601 UTC, booleans true/false, a missing value an empty cell.
EXPORT_FIELDS: dict[str, str] = {
    "uid": "The item's id (inv_...)",
    "sku": "The seller's SKU",
    "title": "Title",
    "category": "Category",
    "condition": "Condition (mint, near_mint, vg_plus, ...)",
    "status": "draft, ready_to_sell, listed or sold",
    "purchase_cost": "Purchase cost (home currency)",
    "value": "Value: sale price if sold, else lowest active listing price, else purchase cost",
    "listed_price": "Lowest active listing price (home currency)",
    "gain": "value - purchase_cost",
    "sale_price": "Sale price if sold (home currency)",
    "created_at": "When the item was created",
    "age_days": "Whole days since creation",
    "aging_bucket": "Aging bucket, e.g. 31-60 days",
    "is_sold": "true or false",
    "active_listing_count": "Active listings",
    "listed_platforms": "Platforms with an active listing, comma-separated",
    "first_listed_at": "When the item was first listed",
    "sold_at": "When it sold",
    "sold_platform": "Platform it sold on",
    "sale_order_uid": "The order that sold it (ord_...)",
    "primary_image_url": "Main image URL",
    "updated_at": "The catalog's last update",
}
DEFAULT_FIELDS = (
    "uid", "sku", "title", "category", "condition", "status",
    "purchase_cost", "value", "listed_price", "created_at", "age_days",
)  # fmt: skip


def parse_fields(value: object) -> list[str]:
    """The chosen columns in order (comma-separated text or a list; duplicates dropped); the
    default set when none are given."""
    if value is None:
        return list(DEFAULT_FIELDS)
    if not isinstance(value, (str, list)):
        raise InvalidParameter("fields", "give field names as comma-separated text or a list of strings")
    parts = value.split(",") if isinstance(value, str) else value
    chosen: list[str] = []
    for part in parts:
        if not isinstance(part, str):
            raise InvalidParameter("fields", "field names must be strings")
        name = part.strip().lower()
        if not name:
            continue
        if name not in EXPORT_FIELDS:
            raise InvalidParameter("fields", f"unknown field {part.strip()!r}; choose from: {', '.join(EXPORT_FIELDS)}")
        if name not in chosen:
            chosen.append(name)
    return chosen or list(DEFAULT_FIELDS)


def _query(fields: list[str]) -> str:
    # Only whitelisted names reach the SQL, quoted as identifiers.
    columns = ", ".join(f'"{name}"' for name in fields if name in EXPORT_FIELDS)
    return sql("reader_export_inventory_items").replace("{columns}", columns)


@contextmanager
def export_slot() -> Iterator[None]:
    """Hold one of the :data:`EXPORT_SLOTS` while an export query runs and its rows are read.

    Waits up to :data:`SLOT_WAIT_SECONDS`, then answers 503 (SnapshotUnavailable) saying so.
    """
    if not _export_slots.acquire(timeout=SLOT_WAIT_SECONDS):
        raise SnapshotUnavailable(BUSY)
    try:
        yield
    finally:
        _export_slots.release()


def start_query(cursor: duckdb.DuckDBPyConnection, fields: list[str], statuses: list[str] | None) -> None:
    """Run the export query on ``cursor``; the caller fetches its rows in batches."""
    marts.execute(cursor, "reader_export_inventory_items", {"statuses": statuses}, text=_query(fields))


def csv_chunks(cursor: duckdb.DuckDBPyConnection, fields: list[str]) -> Iterator[tuple[str, int]]:
    """(CSV text, rows in it): the header first, then one chunk per batch of the running query."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(fields)
    yield buffer.getvalue(), 0
    while True:
        batch = cursor.fetchmany(BATCH_ROWS)
        if not batch:
            return
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(batch)
        yield buffer.getvalue(), len(batch)


def spool_csv(cursor: duckdb.DuckDBPyConnection, fields: list[str]) -> BinaryIO:
    """The running query as CSV in an unnamed temporary file (gone once closed), rewound."""
    spool = tempfile.TemporaryFile()
    try:
        for text, _ in csv_chunks(cursor, fields):
            spool.write(text.encode("utf-8"))
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    return spool


def file_chunks(handle: BinaryIO) -> Iterator[bytes]:
    """The file's bytes in chunks of :data:`CHUNK_BYTES`; closes it at the end (or when dropped)."""
    with handle:
        while chunk := handle.read(CHUNK_BYTES):
            yield chunk


def write_csv(path: Path, cursor: duckdb.DuckDBPyConnection, fields: list[str]) -> int:
    """Write the running query as CSV to ``path`` atomically (temp file, fsync, rename); the row count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    rows = 0
    try:
        with open(partial, "w", encoding="utf-8", newline="") as handle:
            for text, count in csv_chunks(cursor, fields):
                handle.write(text)
                rows += count
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return rows


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class ExportRunner:
    """Runs export jobs on a thread pool of this server process and recovers the ones left behind."""

    def __init__(self, ops: OpsStore, snapshots: SnapshotManager, exports_dir: Path, workers: int = 2) -> None:
        self.ops = ops
        self.snapshots = snapshots
        self.exports_dir = exports_dir
        self.host = socket.gethostname()
        self.owner = f"{self.host}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="export")
        self._futures: dict[str, Future[None]] = {}
        self._lock = threading.Lock()

    def _orphaned(self, owner: str | None) -> bool:
        """Whether the process that owns a job is gone: only a live other process on this host keeps it."""
        if not owner:
            return True
        host, _, rest = owner.partition(":")
        pid_text, _, instance = rest.partition(":")
        if host != self.host or not pid_text.isdigit():
            return True
        pid = int(pid_text)
        if pid == os.getpid():
            return f"{host}:{pid}:{instance}" != self.owner
        return not _process_alive(pid)

    def recover(self) -> list[str]:
        """Mark failed every unfinished job whose server process is gone; their uids."""
        failed = []
        for job in self.ops.unfinished_export_jobs():
            if self._orphaned(job["owner"]) and self.ops.fail_export_job(job["uid"], RESTARTED):
                failed.append(job["uid"])
        if failed:
            log.warning("marked %d export job(s) left unfinished by a stopped server as failed: %s", len(failed), ", ".join(failed))
        return failed

    def create(self, fields: list[str], statuses: list[str] | None) -> dict[str, Any]:
        uid = UID_PREFIX + secrets.token_hex(6)
        job = self.ops.create_export_job(uid, JOB_KIND, {"status": statuses, "fields": fields}, self.owner)
        with self._lock:
            self._futures[uid] = self._pool.submit(self._run, uid)
        return job

    def file_path(self, uid: str) -> Path:
        return self.exports_dir / f"{uid}.csv"

    def _run(self, uid: str) -> None:
        try:
            if not self.ops.start_export_job(uid, self.owner):
                return
            job = self.ops.export_job(uid)
            if job is None:
                return
            path = self.file_path(uid)
            with export_slot(), self.snapshots.cursor() as cursor:
                start_query(cursor, job["params"]["fields"], job["params"]["status"])
                rows = write_csv(path, cursor, job["params"]["fields"])
            self.ops.complete_export_job(uid, rows, str(path))
        except SnapshotUnavailable as exc:
            self.ops.fail_export_job(uid, exc.detail)
        except Exception as exc:
            log.exception("export %s failed", uid)
            self.ops.fail_export_job(uid, f"{type(exc).__name__}: {exc}")
        finally:
            with self._lock:
                self._futures.pop(uid, None)
            self.ops.close()

    def shutdown(self) -> None:
        """Stop taking jobs: the queued ones fail now (STOPPED), the running ones finish."""
        with self._lock:
            queued = [uid for uid, future in self._futures.items() if future.cancel()]
        for uid in queued:
            self.ops.fail_export_job(uid, STOPPED)
        self._pool.shutdown(wait=False, cancel_futures=True)


def _timestamp(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def job_payload(job: dict[str, Any], base_url: str) -> dict[str, Any]:
    """An export job as the API shows it; ``download_url`` once the file is there."""
    completed = job["status"] == "completed"
    return {
        "uid": job["uid"],
        "kind": job["kind"],
        "status": job["status"],
        "params": job["params"],
        "row_count": job["row_count"],
        "created_at": _timestamp(job["created_at"]),
        "started_at": _timestamp(job["started_at"]),
        "finished_at": _timestamp(job["finished_at"]),
        "error": job["error"],
        "download_url": f"{base_url.rstrip('/')}/api/v1/exports/{job['uid']}/download/" if completed else None,
    }
