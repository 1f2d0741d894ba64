"""The reader under load: concurrent clients over HTTP on loopback, per endpoint group.

The endpoints are the reader's own list, ``pipelines.reader.latency.endpoints()`` (typical
parameters, PDFs and CSV exports included), plus what the benchmark adds: the orders list with
a search, and an order's detail over a hundred different orders. Without that module they are
found in the reader's OpenAPI document. ``latency.measure`` is not called because it reports
no throughput; the loop here measures the same way (threads, one keep-alive client each,
warm-up first) and also counts requests per second. Each endpoint runs until it has made
``requests`` calls or spent ``budget_seconds``, whichever comes first.

Against an existing data directory (no build), e.g. only the JSON groups::

    PIPELINES_DATA_DIR=/tmp/x python -m pipelines.bench_api --only "orders: orders,analytics:,activity:,reports json:"
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

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
    # CPU the server process spent per request under the concurrent load (user + system, from
    # /proc; 10 ms ticks, so a rough figure): what other work on the machine affects least.
    server_cpu_ms: float = float("nan")

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


def process_cpu_seconds(pid: int | None) -> float:
    """User + system CPU seconds of process ``pid`` so far (NaN when unknown)."""
    if pid is None:
        return float("nan")
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return float("nan")
    fields = stat[stat.rfind(b")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class StdlibClient:
    """A keep-alive client on ``http.client``: about a fifth of httpx's CPU per request.

    With 8 httpx clients in one process the clients' own CPU (about 0.5 ms a request, one GIL)
    can outweigh a server that answers in 0.2 ms; this one leaves the latency to the server.
    """

    def __init__(self, base_url: str, headers: dict[str, str], timeout: float) -> None:
        parts = urlsplit(base_url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        self.headers = headers

    def get(self, path: str) -> StdlibResponse:
        self.connection.request("GET", path, headers=self.headers)
        response = self.connection.getresponse()
        return StdlibResponse(response.status, response.read())

    def __enter__(self) -> StdlibClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.connection.close()


@dataclass
class StdlibResponse:
    status_code: int
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode(errors="replace")


CLIENT_ERRORS = (httpx.HTTPError, http.client.HTTPException, OSError)
# The benchmark's client (docs/benchmarks.md, "How to read it"); httpx measures as runs before 2026-11-27 10:30 did.
DEFAULT_CLIENT = "stdlib"


def _client(kind: str, base_url: str, headers: dict[str, str]) -> httpx.Client | StdlibClient:
    if kind == "stdlib":
        return StdlibClient(base_url, headers, timeout=120.0)
    return httpx.Client(base_url=base_url, headers=headers, timeout=120.0)


def run_group(base_url: str, token: str, name: str, paths: list[str], requests: int, concurrency: int,
              budget_seconds: float, server_pid: int | None = None, client_kind: str = DEFAULT_CLIENT) -> GroupResult:
    """Hit ``paths`` (round robin) from ``concurrency`` threads; latency of each request, client side.

    ``client_kind``: ``stdlib`` (:class:`StdlibClient`, the default) or ``httpx`` (the earlier runs' client).
    """
    counter = itertools.count()
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + budget_seconds
    headers = {"Authorization": f"Bearer {token}"}

    def worker() -> None:
        with _client(client_kind, base_url, headers) as client:
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
                except CLIENT_ERRORS as exc:
                    ok, problem = False, f"{type(exc).__name__} {path}: {exc}"
                elapsed = time.perf_counter() - t0
                with lock:
                    latencies.append(elapsed)
                    if not ok:
                        errors.append(problem)

    # One untimed round first: the first call of an endpoint compiles queries and fills caches.
    # Then a few calls from one client alone: latency without queueing behind the other clients.
    alone = []
    with _client(client_kind, base_url, headers) as client:
        for path in paths[:3]:
            try:
                client.get(path)
            except CLIENT_ERRORS:
                pass
        for i in range(ALONE_REQUESTS):
            t0 = time.perf_counter()
            try:
                client.get(paths[i % len(paths)])
            except CLIENT_ERRORS:
                continue
            alone.append(time.perf_counter() - t0)
    cpu0 = process_cpu_seconds(server_pid)
    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    cpu = process_cpu_seconds(server_pid) - cpu0
    ordered = sorted(latencies)
    return GroupResult(name, len(latencies), len(errors), seconds, _percentile(ordered, 0.5) * 1000,
                       _percentile(ordered, 0.99) * 1000, errors[0] if errors else "",
                       _percentile(sorted(alone), 0.5) * 1000,
                       cpu * 1000 / len(latencies) if latencies else float("nan"))


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
                 progress=lambda _m: None, only: tuple[str, ...] = (), client_kind: str = DEFAULT_CLIENT) -> ServerRun:
    """Start ``python -m pipelines serve``, time its cold start, load every group, read its memory.

    ``only``: measure just the groups whose name starts with one of these prefixes (all when empty).
    ``client_kind``: see :func:`run_group`.
    """
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
            if only:
                groups = {name: paths for name, paths in groups.items() if name.startswith(only)}
            results = []
            for name, paths in groups.items():
                result = run_group(base_url, token, name, paths, requests, concurrency, budget_seconds, proc.pid,
                                   client_kind)
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




def main(argv: list[str] | None = None) -> int:
    """Measure the reader on the current data directory (``PIPELINES_DATA_DIR``) without building anything."""
    parser = argparse.ArgumentParser(prog="python -m pipelines.bench_api",
                                     description="API latency of `python -m pipelines serve` on the current data dir.")
    parser.add_argument("--only", default="", help="comma-separated group-name prefixes (default: every group)")
    parser.add_argument("--requests", type=int, default=400, help="requests per group (default 400)")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--budget", type=float, default=15.0, help="seconds per group at most (default 15)")
    parser.add_argument("--log", default=None, help="the server's log file (default: a temporary file)")
    parser.add_argument("--client", choices=("httpx", "stdlib"), default=DEFAULT_CLIENT,
                        help=f"the clients' HTTP library (default {DEFAULT_CLIENT}, as `python -m pipelines bench`)")
    options = parser.parse_args(argv)

    from pipelines import ops_store

    token_name = f"bench-api-{os.getpid()}-{int(time.time())}"
    token = ops_store.create_token(token_name)
    log_path = Path(options.log) if options.log else Path(tempfile.mkdtemp(prefix="bench-api-")) / "serve.log"
    only = tuple(part.strip() for part in options.only.split(",") if part.strip())
    try:
        load_before = os.getloadavg()[0]
        run = bench_reader(sys.executable, dict(os.environ), token, log_path, Path.cwd(), requests=options.requests,
                           concurrency=options.concurrency, budget_seconds=options.budget, only=only,
                           client_kind=options.client,
                           progress=lambda message: print(message, file=sys.stderr, flush=True))
        load_after = os.getloadavg()[0]
    finally:
        ops_store.revoke_token(token_name)
    if run.note:
        print(run.note, file=sys.stderr)
        return 1
    print(f"clients: {options.concurrency} x {options.client}; cold start {run.cold_start_s:.2f} s; reader RSS after the load {run.rss_after_bytes / 1e6:.0f} MB; "
          f"load average (1 min) before/after {load_before:.2f}/{load_after:.2f}")
    print("| endpoint group | requests | req/s | p50 ms | p99 ms | errors | p50 ms, one client alone | server CPU ms/request |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for g in run.groups:
        print(f"| {g.name} | {g.requests} | {g.rps:,.0f} | {g.p50_ms:.1f} | {g.p99_ms:.1f} | {g.errors} "
              f"| {g.alone_p50_ms:.1f} | {g.server_cpu_ms:.2f} |")
    for g in run.groups:
        if g.error_sample:
            print(f"{g.name}: {g.error_sample}", file=sys.stderr)
    return 1 if any(g.errors for g in run.groups) else 0


if __name__ == "__main__":
    sys.exit(main())
