"""The reader under load: concurrent clients over HTTP on loopback, per endpoint group.

The endpoints are the reader's own list, ``pipelines.reader.latency.endpoints()`` (typical
parameters, PDFs and CSV exports included), plus what the benchmark adds: the orders list with
a search, and an order's detail over a hundred different orders. Without that module they are
found in the reader's OpenAPI document. ``latency.measure`` is not called because it reports
no throughput; the loop here measures the same way (threads, one keep-alive client each,
warm-up first) and also counts requests per second. Each endpoint runs until it has made
``requests`` calls or spent ``budget_seconds``, whichever comes first.
"""

from __future__ import annotations

import itertools
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx

from pipelines.bench_proc import tree_rss_bytes

STATS_PATH = "/api/v1/orders/stats/"
# The orders list the way the UI pages and filters it.
LIST_QUERIES = ["", "?status=shipped&ordering=-sold_at", "?platform=ebay&page=3", "?ordering=sale_price&page=2",
                "?status=awaiting_shipment", "?platform=discogs&ordering=-sale_price"]
# Artists and buyer names the demo world holds, and fragments of order ids.
SEARCH_TERMS = ["coltrane", "kind of blue", "bowie", "smith", "radiohead", "nguyen", "-100", "abbey"]
# Prefixes measured one endpoint at a time; anything else the reader serves is left out.
ENDPOINT_PREFIXES = ("/api/v1/analytics/", "/api/v1/activity/", "/api/v1/reports/")
SKIPPED_SUFFIXES = ("/export/csv/",)
ALONE_REQUESTS = 12


@dataclass
class GroupResult:
    name: str
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    error_sample: str = ""
    alone_p50_ms: float = float("nan")  # one client, nothing queued: the server's own time per request

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass
class ServerRun:
    cold_start_s: float | None
    rss_after_bytes: int
    groups: list[GroupResult]
    note: str = ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]


def run_group(base_url: str, token: str, name: str, paths: list[str], requests: int, concurrency: int,
              budget_seconds: float) -> GroupResult:
    """Hit ``paths`` (round robin) from ``concurrency`` threads; latency of each request, client side."""
    counter = itertools.count()
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + budget_seconds
    headers = {"Authorization": f"Bearer {token}"}

    def worker() -> None:
        with httpx.Client(base_url=base_url, headers=headers, timeout=120.0) as client:
            while True:
                i = next(counter)
                if i >= requests or (i >= concurrency and time.perf_counter() > deadline):
                    return
                path = paths[i % len(paths)]
                t0 = time.perf_counter()
                try:
                    response = client.get(path)
                    ok = response.status_code == 200
                    problem = "" if ok else f"{response.status_code} {path}: {response.text[:160]}"
                except httpx.HTTPError as exc:
                    ok, problem = False, f"{type(exc).__name__} {path}: {exc}"
                elapsed = time.perf_counter() - t0
                with lock:
                    latencies.append(elapsed)
                    if not ok:
                        errors.append(problem)

    # One untimed round first: the first call of an endpoint compiles queries and fills caches.
    # Then a few calls from one client alone: latency without queueing behind the other clients.
    alone = []
    with httpx.Client(base_url=base_url, headers=headers, timeout=120.0) as client:
        for path in paths[:3]:
            try:
                client.get(path)
            except httpx.HTTPError:
                pass
        for i in range(ALONE_REQUESTS):
            t0 = time.perf_counter()
            try:
                client.get(paths[i % len(paths)])
            except httpx.HTTPError:
                continue
            alone.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    ordered = sorted(latencies)
    return GroupResult(name, len(latencies), len(errors), seconds, _percentile(ordered, 0.5) * 1000,
                       _percentile(ordered, 0.99) * 1000, errors[0] if errors else "",
                       _percentile(sorted(alone), 0.5) * 1000)


def endpoint_groups(base_url: str, token: str) -> dict[str, list[str]]:
    """Group name -> the paths to request, from the reader's OpenAPI document and its data."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=120.0) as client:
        spec = client.get("/openapi.json").json()
        listing = client.get("/api/v1/orders/?page_size=100").json()
    uids = [row.get("uid") or row.get("id") for row in listing.get("results", [])]
    uids = [u for u in uids if u]
    groups: dict[str, list[str]] = {
        "orders: list (6 filter/sort variants)": [f"/api/v1/orders/{q}" for q in LIST_QUERIES],
        "orders: list with search": [f"/api/v1/orders/?search={term.replace(' ', '+')}" for term in SEARCH_TERMS],
        "orders: detail (100 orders)": [f"/api/v1/orders/{uid}/" for uid in uids] or ["/api/v1/orders/unknown/"],
    }
    try:
        from pipelines.reader.latency import endpoints as reader_endpoints
    except ImportError:
        reader_endpoints = None
    if reader_endpoints is not None:
        for endpoint in reader_endpoints():
            if "{" in endpoint.path:
                continue
            query = f"?{urlencode(endpoint.params)}" if endpoint.params else ""
            groups[f"{endpoint.group}: {endpoint.name}"] = [endpoint.path + query]
        return groups
    groups["orders: stats"] = [STATS_PATH]
    for path, operations in sorted(spec.get("paths", {}).items()):
        get = operations.get("get")
        if not get or "{" in path or not path.startswith(ENDPOINT_PREFIXES) or path.endswith(SKIPPED_SUFFIXES):
            continue
        if path == "/api/v1/reports/":
            continue  # the list of report types, not a report
        required = [p["name"] for p in get.get("parameters", []) if p.get("required")]
        if required:
            continue
        name = path.removeprefix("/api/v1/").rstrip("/")
        groups[name] = [path]
    return groups


def wait_until_serving(base_url: str, token: str, proc: subprocess.Popen, timeout: float = 300.0) -> float | None:
    """Seconds from now until the stats endpoint first answers 200 (None if it never does)."""
    t0 = time.perf_counter()
    headers = {"Authorization": f"Bearer {token}"}
    while time.perf_counter() - t0 < timeout:
        if proc.poll() is not None:
            return None
        try:
            if httpx.get(base_url + STATS_PATH, headers=headers, timeout=30.0).status_code == 200:
                return time.perf_counter() - t0
        except httpx.HTTPError:
            pass
        time.sleep(0.02)
    return None


def bench_reader(python: str, env: dict[str, str], token: str, log_path: Path, cwd: Path, *, requests: int = 400,
                 concurrency: int = 8, budget_seconds: float = 15.0,
                 progress=lambda _m: None) -> ServerRun:
    """Start ``python -m pipelines serve``, time its cold start, load every group, read its memory."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with open(log_path, "wb") as log:
        started = time.perf_counter()
        proc = subprocess.Popen([python, "-m", "pipelines", "serve", "--port", str(port)], env=env, cwd=cwd,
                                stdout=log, stderr=subprocess.STDOUT)
        try:
            ready = wait_until_serving(base_url, token, proc)
            cold = None if ready is None else time.perf_counter() - started
            if cold is None:
                return ServerRun(None, 0, [], note=f"the reader never answered 200 on {STATS_PATH} (see {log_path})")
            progress(f"bench: reader up in {cold:.2f}s on :{port}")
            groups = endpoint_groups(base_url, token)
            results = []
            for name, paths in groups.items():
                result = run_group(base_url, token, name, paths, requests, concurrency, budget_seconds)
                progress(f"bench: api {name}: {result.rps:,.0f} req/s, p50 {result.p50_ms:.1f} ms, "
                         f"p99 {result.p99_ms:.1f} ms, {result.errors} errors, alone p50 {result.alone_p50_ms:.1f} ms")
                results.append(result)
            return ServerRun(cold, tree_rss_bytes(proc.pid), results)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


