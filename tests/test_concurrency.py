"""The pipeline, the API under load and an analyst's DuckDB session, all at once, without an error."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import httpx
import pytest

from pipelines.ingest.landing import write_landing_file
from world_fixtures import PROJECT_ROOT, build_world
from test_pipeline_e2e import _free_port

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures"
NEW_DAY = datetime(2026, 11, 23, tzinfo=timezone.utc)


def _land_new_orders(world) -> int:
    """Three orders nobody has seen, in a page of their own, two days after the world ends."""
    page = json.loads((FIXTURES / "ebay_page.json").read_text())
    lines = 0
    for i, order in enumerate(page["orders"]):
        order["orderId"] = f"99-0000{i}-77777"
        order["creationDate"] = order["lastModifiedDate"] = f"2026-11-23T1{i}:00:00.000Z"
        lines += len(order["lineItems"])
    write_landing_file(world.landing_dir, "ebay", NEW_DAY.date(), "page-90001.json", json.dumps(page).encode(),
                       records=len(page["orders"]), fetched_at=NEW_DAY)
    return lines


def test_api_and_analyst_keep_working_while_a_run_publishes(tmp_path):
    world = build_world(tmp_path, orders=600, days=60)
    token = world.run("token", "create", "load").stdout.strip().split()[-1]
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "pipelines", "serve", "--port", str(port)], cwd=PROJECT_ROOT,
                              env=world.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Bearer {token}"}
    try:
        for _ in range(150):
            try:
                before = httpx.get(f"{base}/api/v1/orders/", headers=headers).json()["count"]
                break
            except httpx.TransportError:
                time.sleep(0.2)
        analyst = duckdb.connect(str(world.snapshot), read_only=True)
        analyst_rows = analyst.execute("select count(*) from marts.orders").fetchone()[0]
        assert analyst_rows == before

        new_lines = _land_new_orders(world)
        run = subprocess.Popen([sys.executable, "-m", "pipelines", "materialize"], cwd=PROJECT_ROOT, env=world.env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        statuses: list[int] = []
        errors: list[str] = []
        paths = ["/api/v1/orders/", "/api/v1/orders/stats/", "/api/v1/orders/?search=blue&page_size=5",
                 "/api/v1/orders/?status=completed&ordering=-sale_price"]

        def hammer(offset: int) -> None:
            with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
                i = offset
                while run.poll() is None:
                    try:
                        statuses.append(client.get(paths[i % len(paths)]).status_code)
                    except httpx.HTTPError as exc:
                        errors.append(repr(exc))
                    i += 1

        threads = [threading.Thread(target=hammer, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        analyst_reads = 0
        while run.poll() is None:
            assert analyst.execute("select count(*) from marts.orders").fetchone()[0] == analyst_rows
            analyst_reads += 1
            time.sleep(0.2)
        for t in threads:
            t.join()
        output = run.stdout.read()
        assert run.returncode == 0, output[-3000:]
        assert errors == []
        assert statuses and set(statuses) == {200}, {s: statuses.count(s) for s in set(statuses)}
        assert analyst_reads > 0
        assert analyst.execute("select count(*) from marts.orders").fetchone()[0] == analyst_rows
        analyst.close()

        after = httpx.get(f"{base}/api/v1/orders/", headers=headers).json()["count"]
        assert after == before + new_lines
    finally:
        server.terminate()
        server.wait(timeout=10)
