"""The ops store: the few small records the API itself writes (tokens, shipment updates, export jobs).

It is SQLite in WAL mode (``settings.ops_store_path``) because those writes come from several
reader worker processes at once and must never touch the read-only DuckDB snapshot; WAL lets
the pipeline read the file back (``raw.ops_shipment_updates``) while the API keeps writing.
Every write is one ``BEGIN IMMEDIATE`` transaction and every connection waits on a lock
(``busy_timeout``) instead of failing.

Shipment updates are stored as *what was written*: a field applies on top of the snapshot
only when its name is in ``fields_set`` (writing ``null`` is a value, not "leave alone"), and
``shipment_address`` holds only the address keys written. That is what lets a partial
``PATCH`` merge instead of overwrite, both here and in the reader's overlay.

Export jobs move ``pending -> running -> completed | failed``, each step a conditional update,
so a job runs once and a finished job never changes again (``pipelines/reader/exports.py``).

The module functions (``create_token``, ``upsert_shipment``, ...) act on the store of the
current settings; the reader keeps its own :class:`OpsStore` instance.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import orjson

from pipelines.settings import get_settings, sql

BUSY_TIMEOUT_MS = 10_000
TOKEN_PREFIX = "tok_"
SHIPMENTS_COUNTER = "shipment_updates"

STRING_FIELDS = (
    "shipment_service_id",
    "shipment_tracking_number",
    "shipment_carrier",
    "shipment_status",
    "shipment_rate_cheapest_carrier",
    "shipment_rate_cheapest_product",
    "shipment_rate_cheapest_service_id",
)
DATETIME_FIELDS = (
    "shipment_tracking_created",
    "label_last_updated",
    "shipment_recipient_last_updated",
)
OBJECT_FIELDS = ("shipment_rate_detail", "label_detail", "shipment_recipient_detail")
DECIMAL_FIELDS = ("shipment_rate_cheapest_price",)
BOOLEAN_FIELDS = ("shipment_rate_retrieval_tried",)
ADDRESS_FIELD = "shipment_address"
SHIPMENT_FIELDS = (
    STRING_FIELDS + DATETIME_FIELDS + OBJECT_FIELDS + DECIMAL_FIELDS + BOOLEAN_FIELDS + (ADDRESS_FIELD,)
)

ADDRESS_STRING_FIELDS = (
    "name",
    "email_address",
    "phone_number",
    "street_number",
    "street_1",
    "street_2",
    "city",
    "state_province",
    "postal_code",
    "country",
    "raw_address",
)
ADDRESS_OBJECT_FIELDS = ("raw_address_parsed",)
ADDRESS_FIELDS = ADDRESS_STRING_FIELDS + ADDRESS_OBJECT_FIELDS

_SCHEMA = (
    "reader_ops_create_api_tokens",
    "reader_ops_create_api_tokens_active_name",
    "reader_ops_create_shipment_updates",
    "reader_ops_create_export_jobs",
    "reader_ops_create_counters",
)


class TokenNameTaken(ValueError):
    """A live token already has this name (names identify tokens for ``revoke``)."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def _iso(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _iso_precise(value: datetime) -> str:
    """Fixed-width ISO 8601 UTC with microseconds: text order is time order (job lists sort on it)."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse_iso(value: str | None) -> datetime | None:
    if value is None:
        return None
    return datetime.fromisoformat(value).astimezone(UTC)


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class OpsStore:
    """One ops database file; a SQLite connection per thread (sqlite3 connections are not shared)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._write() as conn:
            for name in _SCHEMA:
                conn.execute(sql(name))
            conn.execute(sql("reader_ops_seed_counter"), {"name": SHIPMENTS_COUNTER})
            columns = {row[0] for row in conn.execute(sql("reader_ops_export_jobs_columns"))}
            if "owner" not in columns:
                conn.execute(sql("reader_ops_add_export_jobs_owner"))

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            self._local.conn = conn
        return conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction that takes the write lock up front, so concurrent writers queue."""
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        """Close this thread's connection (others close when their thread ends)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # tokens

    def create_token(self, name: str) -> str:
        name = name.strip()
        if not name:
            raise ValueError("a token needs a name")
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        try:
            with self._write() as conn:
                conn.execute(
                    sql("reader_ops_insert_token"),
                    {"name": name, "token_hash": hash_token(secret), "created_at": _iso(utc_now())},
                )
        except sqlite3.IntegrityError as exc:
            raise TokenNameTaken(f"a live token named {name!r} already exists; revoke it first") from exc
        return secret

    def list_tokens(self) -> list[dict[str, Any]]:
        return [dict(row) for row in self._conn().execute(sql("reader_ops_list_tokens"))]

    def revoke_token(self, name_or_id: str | int) -> int:
        """Revoke the live token with this name or id; the number revoked (0 when none matched)."""
        with self._write() as conn:
            cursor = conn.execute(
                sql("reader_ops_revoke_token"), {"key": str(name_or_id), "revoked_at": _iso(utc_now())}
            )
        return cursor.rowcount

    def verify_token(self, secret: str) -> bool:
        if not secret.startswith(TOKEN_PREFIX):
            return False
        row = self._conn().execute(sql("reader_ops_verify_token"), {"token_hash": hash_token(secret)}).fetchone()
        return row is not None

    # shipment updates

    def upsert_shipment(self, inventory_uid: str, fields: dict[str, Any]) -> dict[str, Any]:
        """Merge ``fields`` into the item's shipment update in one transaction; the merged update.

        Only the keys given change; ``shipment_address`` merges key by key as well.
        """
        unknown = set(fields) - set(SHIPMENT_FIELDS)
        if unknown:
            raise ValueError(f"not writable shipment fields: {', '.join(sorted(unknown))}")
        encoded_new = {name: _encode_field(name, value) for name, value in fields.items()}
        with self._write() as conn:
            row = conn.execute(sql("reader_ops_select_shipment_update"), {"inventory_uid": inventory_uid}).fetchone()
            current = dict(row) if row is not None else {name: None for name in SHIPMENT_FIELDS}
            fields_set = set(orjson.loads(current.get("fields_set") or "[]"))
            merged = {name: current[name] for name in SHIPMENT_FIELDS}
            for name, value in encoded_new.items():
                if name == ADDRESS_FIELD and value is not None and merged.get(name):
                    address = orjson.loads(merged[name])
                    address.update(orjson.loads(value))
                    value = orjson.dumps(address).decode()
                merged[name] = value
            fields_set.update(encoded_new)
            conn.execute(
                sql("reader_ops_upsert_shipment_update"),
                {
                    **merged,
                    "inventory_uid": inventory_uid,
                    "fields_set": orjson.dumps(sorted(fields_set)).decode(),
                    "updated_at": _iso(utc_now()),
                },
            )
            conn.execute(sql("reader_ops_bump_counter"), {"name": SHIPMENTS_COUNTER})
            stored = conn.execute(sql("reader_ops_select_shipment_update"), {"inventory_uid": inventory_uid}).fetchone()
        return _decode_update(stored)

    def shipment_update(self, inventory_uid: str) -> dict[str, Any] | None:
        row = self._conn().execute(sql("reader_ops_select_shipment_update"), {"inventory_uid": inventory_uid}).fetchone()
        return None if row is None else _decode_update(row)

    def shipment_updates(self) -> list[dict[str, Any]]:
        return [_decode_update(row) for row in self._conn().execute(sql("reader_ops_select_shipment_updates"))]

    def shipment_update_rows(self) -> list[dict[str, Any]]:
        """Updates shaped like ``raw.ops_shipment_updates``: the written fields as one JSON-ready dict.

        ``fields`` holds only what was written (API names; timestamps ISO 8601 UTC, money a
        decimal string, objects as objects), so the pipeline can tell a written null from a
        field never written.
        """
        rows = []
        for update in self.shipment_updates():
            fields = {name: _jsonable(update[name]) for name in update["fields_set"]}
            rows.append(
                {
                    "inventory_uid": update["inventory_uid"],
                    "fields": fields,
                    "updated_at": update["updated_at"],
                    "version": update["version"],
                }
            )
        return rows

    def data_version(self) -> int:
        """Grows by one with every shipment write: compare it to know whether to re-read updates."""
        row = self._conn().execute(sql("reader_ops_read_counter"), {"name": SHIPMENTS_COUNTER}).fetchone()
        return row[0] if row is not None else 0

    # export jobs: pending -> running -> completed | failed, each step one conditional update

    def create_export_job(self, uid: str, kind: str, params: dict[str, Any], owner: str) -> dict[str, Any]:
        with self._write() as conn:
            conn.execute(
                sql("reader_ops_insert_export_job"),
                {"uid": uid, "kind": kind, "params": orjson.dumps(params).decode(), "owner": owner, "created_at": _iso_precise(utc_now())},
            )
            row = conn.execute(sql("reader_ops_select_export_job"), {"uid": uid}).fetchone()
        return _decode_job(row)

    def export_job(self, uid: str) -> dict[str, Any] | None:
        row = self._conn().execute(sql("reader_ops_select_export_job"), {"uid": uid}).fetchone()
        return None if row is None else _decode_job(row)

    def export_jobs(self, limit: int) -> tuple[int, list[dict[str, Any]]]:
        """(how many jobs there are, the ``limit`` newest)."""
        conn = self._conn()
        count = conn.execute(sql("reader_ops_count_export_jobs")).fetchone()[0]
        return count, [_decode_job(row) for row in conn.execute(sql("reader_ops_list_export_jobs"), {"limit": limit})]

    def start_export_job(self, uid: str, owner: str) -> bool:
        """Mark a pending job running (and owned by ``owner``); False if it was not pending."""
        with self._write() as conn:
            cursor = conn.execute(sql("reader_ops_start_export_job"), {"uid": uid, "owner": owner, "started_at": _iso_precise(utc_now())})
        return cursor.rowcount == 1

    def complete_export_job(self, uid: str, row_count: int, file_path: str) -> bool:
        with self._write() as conn:
            cursor = conn.execute(
                sql("reader_ops_complete_export_job"),
                {"uid": uid, "row_count": row_count, "file_path": file_path, "finished_at": _iso_precise(utc_now())},
            )
        return cursor.rowcount == 1

    def fail_export_job(self, uid: str, error: str) -> bool:
        """Mark a pending or running job failed with ``error``; False if it had already finished."""
        with self._write() as conn:
            cursor = conn.execute(sql("reader_ops_fail_export_job"), {"uid": uid, "error": error, "finished_at": _iso_precise(utc_now())})
        return cursor.rowcount == 1

    def unfinished_export_jobs(self) -> list[dict[str, Any]]:
        """uid, status and owner of every pending or running job."""
        return [dict(row) for row in self._conn().execute(sql("reader_ops_select_unfinished_export_jobs"))]


def _encode_field(name: str, value: Any) -> Any:
    """Python value -> the SQLite column value; a wrong type is a caller bug, so ValueError.

    A null address is stored as every address key written as null, so a later partial
    address write still leaves the other keys cleared instead of reviving the snapshot's.
    """
    if value is None:
        return orjson.dumps(dict.fromkeys(ADDRESS_FIELDS)).decode() if name == ADDRESS_FIELD else None
    if name in STRING_FIELDS:
        if not isinstance(value, str):
            raise ValueError(f"{name} must be a string")
        return value
    if name in DATETIME_FIELDS:
        if not isinstance(value, datetime):
            raise ValueError(f"{name} must be a datetime")
        return _iso(value)
    if name in OBJECT_FIELDS:
        if not isinstance(value, dict):
            raise ValueError(f"{name} must be a dict")
        return orjson.dumps(value).decode()
    if name in DECIMAL_FIELDS:
        if isinstance(value, bool):
            raise ValueError(f"{name} must be a decimal")
        try:
            amount = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        except (InvalidOperation, TypeError) as exc:
            raise ValueError(f"{name} must be a decimal") from exc
        if not amount.is_finite():
            raise ValueError(f"{name} must be finite")
        return f"{amount:.2f}"
    if name in BOOLEAN_FIELDS:
        if not isinstance(value, bool):
            raise ValueError(f"{name} must be a bool")
        return int(value)
    if not isinstance(value, dict):
        raise ValueError(f"{name} must be a dict of address fields")
    unknown = set(value) - set(ADDRESS_FIELDS)
    if unknown:
        raise ValueError(f"not address fields: {', '.join(sorted(unknown))}")
    return orjson.dumps(value).decode()


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return _iso(value)
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


def _decode_update(row: sqlite3.Row) -> dict[str, Any]:
    data = dict(row)
    for name in DATETIME_FIELDS:
        data[name] = _parse_iso(data[name])
    for name in OBJECT_FIELDS + (ADDRESS_FIELD,):
        data[name] = None if data[name] is None else orjson.loads(data[name])
    for name in DECIMAL_FIELDS:
        data[name] = None if data[name] is None else Decimal(data[name])
    for name in BOOLEAN_FIELDS:
        data[name] = None if data[name] is None else bool(data[name])
    data["fields_set"] = orjson.loads(data["fields_set"])
    data["created_at"] = _parse_iso(data["created_at"])
    data["updated_at"] = _parse_iso(data["updated_at"])
    return data


def _decode_job(row: sqlite3.Row) -> dict[str, Any]:
    data = dict(row)
    data["params"] = orjson.loads(data["params"] or "{}")
    for name in ("created_at", "started_at", "finished_at"):
        data[name] = _parse_iso(data[name])
    return data


_stores: dict[Path, OpsStore] = {}
_stores_lock = threading.Lock()


def default_store() -> OpsStore:
    """The store at the current settings' path (one instance per path per process)."""
    path = get_settings().ops_store_path
    with _stores_lock:
        store = _stores.get(path)
        if store is None:
            store = _stores[path] = OpsStore(path)
        return store


def create_token(name: str) -> str:
    """Store a new API token under ``name``; the plaintext secret, shown once and never stored."""
    return default_store().create_token(name)


def list_tokens() -> list[dict[str, Any]]:
    """Every token's id, name, created_at and revoked_at (never the secret or its hash)."""
    return default_store().list_tokens()


def revoke_token(name_or_id: str | int) -> int:
    """Revoke a live token by name or id; how many were revoked."""
    return default_store().revoke_token(name_or_id)


def verify_token(secret: str) -> bool:
    """Whether ``secret`` is a live (unrevoked) token."""
    return default_store().verify_token(secret)


def upsert_shipment(inventory_uid: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Merge shipment fields written through the API for one inventory item."""
    return default_store().upsert_shipment(inventory_uid, fields)


def shipment_updates() -> list[dict[str, Any]]:
    """Every shipment update, decoded (datetimes, Decimal, bool, dicts, ``fields_set`` list)."""
    return default_store().shipment_updates()


def shipment_update_rows() -> list[dict[str, Any]]:
    """Shipment updates in the shape of ``raw.ops_shipment_updates`` (inventory_uid, fields, updated_at, version)."""
    return default_store().shipment_update_rows()


def data_version() -> int:
    """A counter that changes whenever shipment updates change."""
    return default_store().data_version()
