"""Repeated URLs answered from kept bytes before routing (``pipelines/reader/fast_path.py``).

The fast path may answer a request only with what the routes would answer: the same status,
headers and body; and it must step aside for a bad token, a write, a new snapshot or a new day.
"""

from __future__ import annotations

import dataclasses
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from reader_fixtures import publish_snapshot

from pipelines.ops_store import OpsStore
from pipelines.reader.app import create_app
from pipelines.reader.cache import Kept
from pipelines.reader.cli import ACCESS_LOG_ENV, access_log_wanted
from pipelines.reader.latency import endpoints
from pipelines.reader.snapshot import SnapshotManager
from pipelines.settings import Settings, get_settings

# Every JSON endpoint the reader serves from its payload cache, with the benchmark's parameters
# (pipelines.reader.latency.endpoints), and one page of a filtered order list.
CACHED_JSON = [
    endpoint.path + (f"?{urlencode(endpoint.params)}" if endpoint.params else "")
    for endpoint in endpoints()
    if endpoint.group in ("orders", "analytics", "activity", "reports json")
] + ["/api/v1/orders/?status=awaiting_shipment&ordering=-sale_price&page_size=2"]
# The reader looks at serving/CURRENT at most every 0.5 s.
POINTER_CHECK_SECONDS = 0.6


@dataclasses.dataclass
class Served:
    app: FastAPI
    base_url: str
    settings: Settings
    ops: OpsStore
    token: str

    def client(self, token: str | None = None) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, headers={"Authorization": f"Bearer {token or self.token}"}, timeout=10)

    @property
    def fast_hits(self) -> int:
        return self.app.state.fast_path.answered


@contextmanager
def _serve(settings: Settings) -> Iterator[Served]:
    """The app under uvicorn on a loopback port, the app object kept to read its counters."""
    app = create_app(settings)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the reader did not start"
        time.sleep(0.01)
    ops = OpsStore(settings.ops_store_path)
    try:
        yield Served(app, f"http://127.0.0.1:{sock.getsockname()[1]}", settings, ops, ops.create_token("fast-path-tests"))
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture
def served(tmp_path: Path, reader_snapshot_template: Path) -> Iterator[Served]:
    settings = dataclasses.replace(get_settings(), data_dir=tmp_path / "data")
    publish_snapshot(settings, reader_snapshot_template, "20260214T103000Z-fast1.duckdb")
    with _serve(settings) as server:
        yield server


def _without_stamp(payload: dict) -> dict:
    if "metadata" in payload and "generated_at" in payload["metadata"]:
        return {**payload, "metadata": {**payload["metadata"], "generated_at": None}}
    return payload


def _headers(response: httpx.Response) -> list[tuple[str, str]]:
    return [(name, value) for name, value in response.headers.multi_items() if name != "date"]


@pytest.mark.parametrize("path", CACHED_JSON)
def test_a_repeated_url_is_answered_from_kept_bytes_exactly_as_the_route_answers(served: Served, path: str) -> None:
    with served.client() as client:
        routed = client.get(path)
        hits = served.fast_hits
        fast = client.get(path)

    assert served.fast_hits == hits + 1
    assert routed.status_code == fast.status_code == 200
    assert _headers(fast) == _headers(routed)
    if "/reports/" in path and path != "/api/v1/reports/":
        assert _without_stamp(fast.json()) == _without_stamp(routed.json())
    else:
        assert fast.content == routed.content


def test_a_kept_report_is_stamped_when_it_is_served(served: Served) -> None:
    with served.client() as client:
        client.get("/api/v1/reports/aging/")
        before = datetime.now(UTC).replace(microsecond=0)
        stamp = client.get("/api/v1/reports/aging/").json()["metadata"]["generated_at"]
        after = datetime.now(UTC)

    assert served.fast_hits == 1
    assert before <= datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) <= after


def test_a_remembered_url_still_wants_a_live_token(served: Served) -> None:
    secret = served.ops.create_token("revoked-soon")
    with served.client(token=secret) as client:
        assert client.get("/api/v1/analytics/funnel/").status_code == 200
        assert client.get("/api/v1/analytics/funnel/").status_code == 200
        hits = served.fast_hits
        served.ops.revoke_token("revoked-soon")
        revoked = client.get("/api/v1/analytics/funnel/")
    with served.client(token="tok_not-a-real-token") as client:
        wrong = client.get("/api/v1/analytics/funnel/")
    with httpx.Client(base_url=served.base_url) as client:
        missing = client.get("/api/v1/analytics/funnel/")

    assert hits == 1 and served.fast_hits == hits
    for response, detail in ((revoked, "Invalid token."), (wrong, "Invalid token."), (missing, "Authentication credentials were not provided.")):
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json() == {"detail": detail}


def test_a_write_sends_the_next_request_back_to_the_route(served: Served) -> None:
    with served.client() as client:
        awaiting = client.get("/api/v1/orders/", params={"status": "awaiting_shipment"}).json()
        assert client.get("/api/v1/orders/", params={"status": "awaiting_shipment"}).json() == awaiting
        hits = served.fast_hits
        item = awaiting["results"][0]["inventory_item_listing"]["inventory_item"]["uid"]
        shipped = client.post(f"/api/v1/inventory/{item}/order/ship/", json={"tracking_number": "1ZFAST0001", "carrier": "ups"})
        after = client.get("/api/v1/orders/", params={"status": "awaiting_shipment"}).json()

    assert shipped.status_code == 200
    assert served.fast_hits == hits
    assert after["count"] == awaiting["count"] - 1


def test_a_new_snapshot_sends_the_next_request_back_to_the_route(served: Served, reader_snapshot_template: Path) -> None:
    with served.client() as client:
        before = client.get("/api/v1/analytics/funnel/").json()
        assert client.get("/api/v1/analytics/funnel/").json() == before
        hits = served.fast_hits
        publish_snapshot(
            served.settings,
            reader_snapshot_template,
            "20260215T103000Z-fast2.duckdb",
            extra_sql="update marts.inventory_funnel set count = count + 7 where stage = 'draft';",
        )
        time.sleep(POINTER_CHECK_SECONDS)
        after = client.get("/api/v1/analytics/funnel/").json()
        again = client.get("/api/v1/analytics/funnel/").json()

    assert after["draft"] == before["draft"] + 7
    assert again == after
    assert served.fast_hits == hits + 1  # the request after the switch was routed, the next one not


def test_the_same_path_with_other_parameters_is_not_a_hit(served: Served) -> None:
    with served.client() as client:
        client.get("/api/v1/analytics/sales/")
        client.get("/api/v1/analytics/sales/?days=7")
        bad = client.get("/api/v1/analytics/sales/?days=0")
        bad_again = client.get("/api/v1/analytics/sales/?days=0")

    assert served.fast_hits == 0
    assert bad.status_code == bad_again.status_code == 400
    assert bad.json() == bad_again.json()


def test_quick_info_never_waits_and_never_opens(tmp_path: Path, reader_snapshot_template: Path) -> None:
    settings = dataclasses.replace(get_settings(), data_dir=tmp_path / "data")
    publish_snapshot(settings, reader_snapshot_template, "20260214T103000Z-quick1.duckdb")
    manager = SnapshotManager(settings, OpsStore(settings.ops_store_path), check_interval=0)
    try:
        assert manager.quick_info() is None  # nothing opened yet: the ordinary way opens it
        assert manager.state()[0].name == "20260214T103000Z-quick1.duckdb"
        assert manager.quick_info().name == "20260214T103000Z-quick1.duckdb"

        publish_snapshot(settings, reader_snapshot_template, "20260215T103000Z-quick2.duckdb")
        assert manager.quick_info() is None
        assert manager.current_name == "20260214T103000Z-quick1.duckdb"
        assert manager.state()[0].name == "20260215T103000Z-quick2.duckdb"
        assert manager.quick_info().name == "20260215T103000Z-quick2.duckdb"

        with manager._lock:
            assert manager.quick_info() is None
    finally:
        manager.close()


def test_a_kept_report_is_encoded_once_per_second() -> None:
    kept = Kept({"metadata": {"generated_at": None}, "n": 1}, None, restamp=lambda payload, now: {**payload, "at": now.second})
    first = datetime(2026, 2, 14, 10, 30, 0, 100, tzinfo=UTC)

    assert kept.body(first) is kept.body(first.replace(microsecond=900_000))
    assert kept.body(first.replace(second=1)) == b'{"metadata":{"generated_at":null},"n":1,"at":1}'
    assert Kept({"n": 1}, None).body(first) == b'{"n":1}'
    with pytest.raises(ValueError):
        Kept({"n": 1}, None).served(first)  # only its bytes are kept


@pytest.mark.parametrize(("value", "wanted"), [(None, False), ("", False), ("0", False), ("1", True), ("true", True), ("On", True)])
def test_the_access_log_is_off_unless_asked_for(monkeypatch: pytest.MonkeyPatch, value: str | None, wanted: bool) -> None:
    if value is None:
        monkeypatch.delenv(ACCESS_LOG_ENV, raising=False)
    else:
        monkeypatch.setenv(ACCESS_LOG_ENV, value)
    assert access_log_wanted() is wanted
