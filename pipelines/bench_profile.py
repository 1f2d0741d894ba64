"""Where the ingest and dbt time goes: per SQL statement and per dbt node.

``python -m pipelines.bench_profile DATA_DIR`` replays the ingest of ``DATA_DIR/landing`` into a
scratch DuckDB file (never the warehouse) with the loaders' own code, timing every statement they
send, and prints JSON: statement name (the ``sql/`` file) -> calls, seconds. :func:`dbt_nodes`
reads the slowest models and tests of a run from dbt's ``run_results.json``.
"""

from __future__ import annotations

import json
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

from pipelines.settings import DBT_PROJECT_DIR, SQL_DIR


class TimedConnection:
    """A DuckDB connection that times every ``execute`` by the ``sql/`` file it came from.

    Its cursors (the loaders' parallel workers) are timed into the same table, so a statement's
    seconds are summed over the threads that ran it: with two workers they can add up to more
    than the wall time."""

    def __init__(self, con, names: dict[str, str], timings: dict[str, list[float]] | None = None,
                 lock: threading.Lock | None = None):
        self._con = con
        self._names = names
        self.timings: dict[str, list[float]] = timings if timings is not None else defaultdict(lambda: [0, 0.0])
        self._lock = lock or threading.Lock()

    def execute(self, query, *args, **kwargs):
        name = self._names.get(query) or " ".join(query.split())[:60]
        t0 = time.perf_counter()
        try:
            return self._con.execute(query, *args, **kwargs)
        finally:
            with self._lock:
                entry = self.timings[name]
                entry[0] += 1
                entry[1] += time.perf_counter() - t0

    def cursor(self) -> "TimedConnection":
        return TimedConnection(self._con.cursor(), self._names, self.timings, self._lock)

    def __getattr__(self, name):
        return getattr(self._con, name)


def statement_names() -> dict[str, str]:
    """SQL text -> file name, including the variants the loaders fill in with ``str.format``."""
    from pipelines.ingest.loaders import CATALOG_READERS, RAW_TABLES

    names = {}
    for path in SQL_DIR.glob("*.sql"):
        text = path.read_text()
        names[text] = path.stem
        for table in RAW_TABLES.values():
            try:
                names[text.format(table=table)] = f"{path.stem} ({table})"
            except (KeyError, IndexError, ValueError):
                pass
        for reader in CATALOG_READERS.values():
            try:
                names[text.format(reader=reader)] = path.stem
            except (KeyError, IndexError, ValueError):
                pass
    return names


def profile_ingest(data_dir: Path) -> dict:
    import duckdb

    from pipelines.ingest.landing import list_partitions
    from pipelines.ingest.loaders import (
        ensure_raw_schema,
        load_catalog_partition,
        load_fx_partition,
        load_marketplace_window,
    )

    landing = data_dir / "landing"
    with tempfile.TemporaryDirectory(dir=data_dir, prefix=".profile-") as scratch:
        raw = duckdb.connect(str(Path(scratch) / "profile.duckdb"))
        raw.execute("set preserve_insertion_order = false")
        con = TimedConnection(raw, statement_names())
        t0 = time.perf_counter()
        ensure_raw_schema(con)
        sources = {}
        for source in ("ebay", "discogs"):
            s0 = time.perf_counter()
            days = list_partitions(landing, source)
            load_marketplace_window(con, landing, source, days, "profile")
            sources[source] = {"partitions": len(days), "seconds": round(time.perf_counter() - s0, 3)}
        s0 = time.perf_counter()
        for day in list_partitions(landing, "catalog"):
            load_catalog_partition(con, landing, day, "profile")
        sources["catalog"] = {"seconds": round(time.perf_counter() - s0, 3)}
        for day in list_partitions(landing, "fx"):
            load_fx_partition(con, landing, day, "profile")
        total = time.perf_counter() - t0
        raw.close()
    statements = sorted(((name, calls, secs) for name, (calls, secs) in con.timings.items()),
                        key=lambda row: -row[2])
    return {"seconds": round(total, 3), "sources": sources,
            "statements": [{"statement": n, "calls": c, "seconds": round(s, 3)} for n, c, s in statements]}


def dbt_nodes(run_id: str, top: int = 10) -> dict:
    """dbt's own timings for the Dagster run ``run_id`` (dagster-dbt names the target folder after it):
    the seconds per kind of node (model, test, unit_test, ...) and the slowest nodes."""
    target = DBT_PROJECT_DIR / "target"
    candidates = sorted(target.glob(f"warehouse_models-{run_id[:7]}-*/run_results.json"),
                        key=lambda p: p.stat().st_mtime)
    if not candidates:
        return {}
    results = json.loads(candidates[-1].read_text()).get("results", [])
    by_kind: dict[str, float] = defaultdict(float)
    nodes = []
    for r in results:
        kind, _, rest = r["unique_id"].partition(".")
        name = rest.rsplit(".", 1)[-1] if kind != "test" else rest.split(".")[1]
        seconds = r.get("execution_time") or 0.0
        by_kind[kind] += seconds
        nodes.append({"node": f"{kind} {name}", "seconds": round(seconds, 3), "status": r.get("status")})
    nodes.sort(key=lambda n: -n["seconds"])
    return {"by_kind": {k: round(v, 3) for k, v in sorted(by_kind.items())}, "top": nodes[:top],
            "nodes": len(nodes)}

if __name__ == "__main__":
    print(json.dumps(profile_ingest(Path(sys.argv[1]).resolve())))
