"""Latency of the reader over HTTP: p50/p99 per endpoint and per endpoint group.

:func:`measure` hits a running server (``requests`` times per endpoint, from ``concurrency``
client threads, each with its own keep-alive connection) and returns one row per endpoint and
one per group. Run it from the command line against a server, or let it start one::

    PIPELINES_DATA_DIR=/tmp/reader-bench python -m pipelines.reader.latency --serve --requests 200 --concurrency 8
    python -m pipelines.reader.latency --base-url http://127.0.0.1:8000 --token tok_... --requests 200

With ``--serve`` it runs ``python -m pipelines serve`` on a free loopback port in a child
process (so the clients do not share the server's interpreter), creates a token for the run and
revokes it afterwards.
"""

from __future__ import annotations

import argparse
import math
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import IO

import httpx

WARMUP = 3


@dataclass(frozen=True)
class Endpoint:
    group: str
    name: str
    path: str
    params: dict[str, str | int] | None = None


def endpoints(order_uid: str | None = None) -> list[Endpoint]:
    """Every read endpoint, with typical parameters, by group."""
    found: list[Endpoint] = [
        Endpoint("orders", "orders list", "/api/v1/orders/"),
        Endpoint("orders", "orders list filtered", "/api/v1/orders/", {"status": "awaiting_shipment", "ordering": "-sale_price"}),
        Endpoint("orders", "orders stats", "/api/v1/orders/stats/"),
        Endpoint("analytics", "sales day 30", "/api/v1/analytics/sales/"),
        Endpoint("analytics", "sales week 90", "/api/v1/analytics/sales/", {"period": "week", "days": 90}),
        Endpoint("analytics", "sales month 365", "/api/v1/analytics/sales/", {"period": "month", "days": 365}),
        Endpoint("analytics", "platforms", "/api/v1/analytics/platforms/"),
        Endpoint("analytics", "funnel", "/api/v1/analytics/funnel/"),
        Endpoint("analytics", "revenue", "/api/v1/analytics/revenue/"),
        Endpoint("analytics", "inventory", "/api/v1/analytics/inventory/"),
        Endpoint("analytics", "categories top", "/api/v1/analytics/categories/top/", {"days": 90}),
        Endpoint("activity", "activity series", "/api/v1/analytics/activity/"),
        Endpoint("activity", "heatmap", "/api/v1/analytics/activity/heatmap/"),
        Endpoint("activity", "heatmap 30d sold", "/api/v1/analytics/activity/heatmap/", {"days": 30, "event_type": "item_sold"}),
        Endpoint("activity", "recent", "/api/v1/activity/recent/"),
        Endpoint("activity", "stats", "/api/v1/activity/stats/"),
        Endpoint("reports json", "report list", "/api/v1/reports/"),
        Endpoint("reports json", "inventory summary", "/api/v1/reports/inventory-summary/"),
        Endpoint("reports json", "inventory valuation", "/api/v1/reports/inventory-valuation/"),
        Endpoint("reports json", "profit loss", "/api/v1/reports/profit-loss/"),
        Endpoint("reports json", "aging", "/api/v1/reports/aging/"),
        Endpoint("reports pdf", "inventory summary pdf", "/api/v1/reports/inventory-summary/", {"format": "pdf"}),
        Endpoint("reports pdf", "inventory valuation pdf", "/api/v1/reports/inventory-valuation/", {"format": "pdf"}),
        Endpoint("reports pdf", "profit loss pdf", "/api/v1/reports/profit-loss/", {"format": "pdf"}),
        Endpoint("reports pdf", "aging pdf", "/api/v1/reports/aging/", {"format": "pdf"}),
        Endpoint("csv", "export csv (all items)", "/api/v1/reports/export/csv/"),
        Endpoint("csv", "export csv (listed, 3 fields)", "/api/v1/reports/export/csv/", {"status": "listed", "fields": "uid,title,value"}),
        Endpoint("exports", "export jobs list", "/api/v1/exports/"),
    ]
    if order_uid:
        found.insert(2, Endpoint("orders", "order detail", f"/api/v1/orders/{order_uid}/"))
    return found


def _percentile(samples: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of sorted ``samples``."""
    if not samples:
        return math.nan
    rank = max(1, math.ceil(fraction * len(samples)))
    return samples[rank - 1]


def _row(group: str, name: str, samples: list[float], errors: int, nbytes: int) -> dict[str, object]:
    ordered = sorted(samples)
    return {
        "group": group,
        "endpoint": name,
        "requests": len(samples) + errors,
        "errors": errors,
        "p50_ms": round(_percentile(ordered, 0.50) * 1000, 2),
        "p99_ms": round(_percentile(ordered, 0.99) * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2) if ordered else math.nan,
        "bytes": nbytes,
    }


def measure(base_url: str, token: str, requests: int = 200, concurrency: int = 8) -> list[dict[str, object]]:
    """Hit every endpoint ``requests`` times from ``concurrency`` threads; rows per endpoint, then per group.

    Endpoints are measured one after the other (the concurrent clients all hit the same one),
    after a few warm-up requests each. A request counts as an error unless it answers 200.
    """
    headers = {"Authorization": f"Bearer {token}"}
    local = threading.local()
    clients: list[httpx.Client] = []
    clients_lock = threading.Lock()

    def client() -> httpx.Client:
        if not hasattr(local, "client"):
            local.client = httpx.Client(base_url=base_url, headers=headers, timeout=60)
            with clients_lock:
                clients.append(local.client)
        return local.client

    def timed(endpoint: Endpoint) -> tuple[float, bool, int]:
        started = time.perf_counter()
        try:
            response = client().get(endpoint.path, params=endpoint.params)
            body = response.content
        except httpx.TransportError:
            # Counted, not fatal: one reset connection should not void the whole run.
            return time.perf_counter() - started, False, 0
        return time.perf_counter() - started, response.status_code == 200, len(body)

    with httpx.Client(base_url=base_url, headers=headers, timeout=60) as probe:
        page = probe.get("/api/v1/orders/", params={"page_size": 1})
        page.raise_for_status()
        results = page.json()["results"]
    targets = endpoints(results[0]["uid"] if results else None)

    rows: list[dict[str, object]] = []
    pooled: dict[str, tuple[list[float], list[int]]] = {}
    try:
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            for endpoint in targets:
                list(pool.map(timed, [endpoint] * WARMUP))
                outcomes = list(pool.map(timed, [endpoint] * requests))
                samples = [seconds for seconds, ok, _ in outcomes if ok]
                errors = sum(1 for _, ok, _ in outcomes if not ok)
                nbytes = outcomes[-1][2] if outcomes else 0
                rows.append(_row(endpoint.group, endpoint.name, samples, errors, nbytes))
                group_samples, group_errors = pooled.setdefault(endpoint.group, ([], []))
                group_samples.extend(samples)
                group_errors.append(errors)
    finally:
        for each in clients:
            each.close()
    for group, (samples, errors) in pooled.items():
        rows.append(_row(group, "(all)", samples, sum(errors), 0))
    return rows


def format_table(rows: list[dict[str, object]]) -> str:
    """The rows as a Markdown table."""
    columns = ["group", "endpoint", "requests", "errors", "p50_ms", "p99_ms", "max_ms"]
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join(" --- " for _ in columns) + "|"]
    lines.extend("| " + " | ".join(str(row[column]) for column in columns) + " |" for row in rows)
    return "\n".join(lines)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(workers: int, log_file: IO[bytes]) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "pipelines", "serve", "--port", str(port), "--workers", str(workers)],
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the reader exited with {server.returncode}")
        try:
            if httpx.get(f"{base_url}/openapi.json", timeout=1).status_code == 200:
                return server, base_url
        except httpx.TransportError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("the reader did not start within 30 s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines.reader.latency", description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="a running reader (default with --serve: start one)")
    parser.add_argument("--token", default=os.environ.get("PIPELINES_API_TOKEN"), help="API token (default $PIPELINES_API_TOKEN)")
    parser.add_argument("--serve", action="store_true", help="start `python -m pipelines serve` on the current data dir")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes with --serve (default 1)")
    parser.add_argument("--requests", type=int, default=200, help="requests per endpoint (default 200)")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent clients (default 8)")
    options = parser.parse_args(argv)

    server = None
    token_name = None
    server_log = tempfile.TemporaryFile()
    try:
        if options.serve:
            from pipelines import ops_store

            token_name = f"latency-{os.getpid()}-{int(time.time())}"
            options.token = ops_store.create_token(token_name)
            server, options.base_url = _serve(options.workers, server_log)
        if not options.base_url or not options.token:
            parser.error("give --base-url and --token, or --serve")
        rows = measure(options.base_url, options.token, options.requests, options.concurrency)
        print(format_table(rows))
        if any(row["errors"] for row in rows):
            if server is not None:
                server_log.seek(0)
                print(server_log.read().decode(errors="replace")[-5000:], file=sys.stderr)
            return 1
        return 0
    finally:
        server_log.close()
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        if token_name:
            from pipelines import ops_store

            ops_store.revoke_token(token_name)


if __name__ == "__main__":
    sys.exit(main())
