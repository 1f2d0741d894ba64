"""The floor: ``sql/bench_floor.sql`` over a landing zone, in a fresh DuckDB process.

``python -m pipelines.bench_floor LANDING_DIR`` prints JSON: the query's seconds, its result
(order lines and revenue per simplified status, sales per day) in short, and the total revenue,
which the benchmark sets beside the published marts' to show the floor did the same work.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import duckdb

from pipelines.settings import get_settings, sql


def floor_params(landing: Path) -> dict:
    rates = sorted(landing.glob("fx/*/eurofxref-hist.csv"))
    if not rates:
        raise SystemExit(f"no FX rates file under {landing}/fx")
    settings = get_settings()
    return {"ebay_pages": str(landing / "ebay" / "*" / "page-*.json"),
            "discogs_pages": str(landing / "discogs" / "*" / "page-*.json"),
            "fx_file": str(rates[-1]), "home_currency": settings.home_currency, "timezone": settings.timezone}


def run_floor(landing: Path) -> dict:
    con = duckdb.connect()
    t0 = time.perf_counter()
    rows = con.execute(sql("bench_floor"), floor_params(landing)).fetchall()
    seconds = time.perf_counter() - t0
    by_status = {r[1]: {"orders": r[3], "items": r[4]} for r in rows if r[0] == "status"}
    days = [r for r in rows if r[0] == "day"]
    revenue = sum((r[5] or 0) for r in rows if r[0] == "status")
    return {"seconds": round(seconds, 3), "by_status": by_status, "days": len(days),
            "items": sum(v["items"] for v in by_status.values()), "revenue_home": str(revenue),
            "threads": con.execute("select current_setting('threads')").fetchone()[0]}


if __name__ == "__main__":
    print(json.dumps(run_floor(Path(sys.argv[1]).resolve())))
