"""Read the API's shipment updates back from the ops store, so the marts include them.

The ops store is the system of record for writes made through the API; the warehouse takes a
full copy at every run (the table is small: one row per shipped-through-the-API item), so an
update is never lost across a publish.
"""

from __future__ import annotations

from datetime import datetime, timezone

import duckdb
import orjson
import pyarrow as pa

from pipelines.ops_store import OpsStore
from pipelines.settings import Settings, sql


def load_ops_shipment_updates(con: duckdb.DuckDBPyConnection, settings: Settings, run_id: str) -> int:
    rows = OpsStore(settings.ops_store_path).shipment_update_rows() if settings.ops_store_path.exists() else []
    table = pa.table({
        "inventory_uid": pa.array([r["inventory_uid"] for r in rows], pa.string()),
        "fields": pa.array([orjson.dumps(r["fields"]).decode() for r in rows], pa.string()),
        "updated_at": pa.array([r["updated_at"] for r in rows], pa.timestamp("us", tz="UTC")),
        "version": pa.array([r["version"] for r in rows], pa.int64()),
    })
    con.execute("begin transaction")
    try:
        con.execute("delete from raw.ops_shipment_updates")
        con.register("ops_rows", table)
        con.execute(sql("replace_ops_shipment_updates"), {"run_id": run_id, "loaded_at": datetime.now(timezone.utc)})
        con.unregister("ops_rows")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return len(rows)
