"""Fixtures for the reader tests: a published snapshot in tmp_path, a token, a live server.

The snapshot comes from ``tests/fixtures/reader_snapshot.sql``, built once per session and
copied into each test's serving folder. To run the same tests against real pipeline output,
point ``READER_TEST_SNAPSHOT`` at a published ``.duckdb`` file: it is copied instead (the tests read the data they check from the
API itself, so they hold for any snapshot with a few orders in each revenue status).

The analytics, report and export tests recompute their expectations from the snapshot file's
own rows (:class:`SnapshotRows`: orders, inventory items, activity events, profit & loss lines),
never from the aggregate marts the endpoints read, against a server whose "today" is pinned
just after the snapshot's latest event (:func:`reader_insights_server`), so they hold for the
fixture and for a real published snapshot alike.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import duckdb
import httpx
import jinja2
import pytest
import uvicorn

from pipelines.ops_store import OpsStore
from pipelines.reader.app import create_app
from pipelines.settings import Settings, get_settings

FIXTURE_SQL = Path(__file__).parent / "fixtures" / "reader_snapshot.sql"


ORDER_LIST_MODELS = ("orders_list", "orders_list_search_chars")
MARTS_DIR = Path(__file__).parent.parent / "dbt_project" / "models" / "marts"


MACROS_DIR = Path(__file__).parent.parent / "dbt_project" / "macros"


def _duckdb_forms(*files: str) -> dict:
    """The project's macros as DuckDB renders them: each ``default__<name>`` of these macro files
    under ``<name>``, read from the files themselves, so the fixture never holds a second copy."""
    forms = {}
    for file in files:
        module = jinja2.Template((MACROS_DIR / file).read_text()).module
        forms |= {name.removeprefix("default__"): getattr(module, name)
                  for name in dir(module) if name.startswith("default__")}
    return forms


# The forms of the project macros the order-list models call, as dbt renders them on DuckDB.
_MODEL_MACROS = {
    **_duckdb_forms("strings.sql", "json.sql"),
    "ref": lambda name: f"marts.{name}",
    "dbt": SimpleNamespace(listagg=lambda measure, delimiter, order_by: f"string_agg({measure}, {delimiter} {order_by})"),
    "difference_materialization": lambda: "by_difference",
}


def _render_model(name: str) -> str:
    """A model's SQL as a table built whole: the rows in the model's build_order, which
    ``build_order_for_table()`` renders for a plain table (macros/by_difference.sql)."""
    model_config: dict = {}

    def config(**values) -> str:
        model_config.update(values)
        return ""

    def build_order_for_table() -> str:
        order = model_config.get("build_order")
        return f"order by {order}" if order else ""

    return jinja2.Template((MARTS_DIR / f"{name}.sql").read_text()).render(
        **_MODEL_MACROS, config=config, build_order_for_table=build_order_for_table)


def add_order_list_marts(path: Path) -> None:
    """Build the order-list marts into a snapshot file from the dbt models' own SQL, rendered with
    the DuckDB forms of their macros (refs -> marts.*), as dbt builds them for the snapshot."""
    conn = duckdb.connect(str(path))
    try:
        for name in ORDER_LIST_MODELS:
            conn.execute(f"create or replace table marts.{name} as {_render_model(name)}")
    finally:
        conn.close()


def build_snapshot_template(folder: Path, order_list: bool = True) -> Path:
    """The fixture snapshot file (or a copy of ``READER_TEST_SNAPSHOT``), built once per session.

    With ``order_list`` it has the order-list marts (``marts.orders_list``) as snapshots published
    now do; without, it is a snapshot from before them, whose list the reader serves from marts.orders.
    """
    path = folder / ("template.duckdb" if order_list else "template-without-list.duckdb")
    source = os.environ.get("READER_TEST_SNAPSHOT")
    if source:
        shutil.copyfile(source, path)
    else:
        conn = duckdb.connect(str(path))
        try:
            conn.execute(FIXTURE_SQL.read_text())
        finally:
            conn.close()
    conn = duckdb.connect(str(path))
    try:
        for name in ORDER_LIST_MODELS:
            conn.execute(f"drop table if exists marts.{name}")
    finally:
        conn.close()
    if order_list:
        add_order_list_marts(path)
    return path


def publish_snapshot(settings: Settings, template: Path, name: str, extra_sql: str = "") -> Path:
    """Copy ``template`` in as snapshot ``name`` and point ``serving/CURRENT`` at it, atomically."""
    settings.serving_dir.mkdir(parents=True, exist_ok=True)
    path = settings.serving_dir / name
    shutil.copyfile(template, path)
    if extra_sql:
        conn = duckdb.connect(str(path))
        try:
            conn.execute(extra_sql)
        finally:
            conn.close()
    pointer_tmp = settings.serving_dir / ".CURRENT.tmp"
    pointer_tmp.write_text(name + "\n")
    os.replace(pointer_tmp, settings.current_pointer)
    return path


@dataclass
class ReaderServer:
    base_url: str
    settings: Settings
    ops: OpsStore
    token: str

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token or self.token}"}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=10, verify=_PLAIN_HTTP)

    def anonymous(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=10, verify=_PLAIN_HTTP)


# The server is plain HTTP on loopback; one TLS context for all clients skips loading the CA
# bundle for every client (a tenth of a second each).
_PLAIN_HTTP = ssl.create_default_context()


@pytest.fixture
def reader_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("PIPELINES_DATA_DIR", str(tmp_path / "data"))
    return get_settings()


@pytest.fixture(scope="session")
def reader_snapshot_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_snapshot_template(tmp_path_factory.mktemp("reader-snapshot"))


@pytest.fixture(scope="session")
def reader_snapshot_template_without_list(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_snapshot_template(tmp_path_factory.mktemp("reader-snapshot-without-list"), order_list=False)


@pytest.fixture
def reader_snapshot(reader_settings: Settings, reader_snapshot_template: Path) -> Path:
    return publish_snapshot(reader_settings, reader_snapshot_template, "20260214T103000Z-fixture1.duckdb")


@pytest.fixture
def reader_ops(reader_settings: Settings) -> OpsStore:
    return OpsStore(reader_settings.ops_store_path)


@pytest.fixture
def reader_token(reader_ops: OpsStore) -> str:
    return reader_ops.create_token("tests")


@contextmanager
def serve_reader(settings: Settings) -> Iterator[str]:
    """Run the app under uvicorn on a free loopback port in a thread; yield its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(settings), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the reader did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture
def reader_server(reader_settings: Settings, reader_snapshot: Path, reader_ops: OpsStore, reader_token: str) -> Iterator[ReaderServer]:
    with serve_reader(reader_settings) as base_url:
        yield ReaderServer(base_url, reader_settings, reader_ops, reader_token)


@pytest.fixture
def reader_server_without_snapshot(reader_settings: Settings, reader_ops: OpsStore, reader_token: str) -> Iterator[ReaderServer]:
    with serve_reader(reader_settings) as base_url:
        yield ReaderServer(base_url, reader_settings, reader_ops, reader_token)


@pytest.fixture
def reader_client(reader_server: ReaderServer) -> Iterator[httpx.Client]:
    with reader_server.client() as client:
        yield client


@pytest.fixture(scope="module")
def reader_readonly_server(
    tmp_path_factory: pytest.TempPathFactory, reader_snapshot_template: Path
) -> Iterator[ReaderServer]:
    """One server for a whole module of tests that only read (settings passed, not via env)."""
    data_dir = tmp_path_factory.mktemp("reader-readonly") / "data"
    settings = dataclasses.replace(get_settings(), data_dir=data_dir)
    publish_snapshot(settings, reader_snapshot_template, "20260214T103000Z-readonly.duckdb")
    ops = OpsStore(settings.ops_store_path)
    with serve_reader(settings) as base_url:
        yield ReaderServer(base_url, settings, ops, ops.create_token("readonly-tests"))


@pytest.fixture(scope="module")
def reader_readonly_client(reader_readonly_server: ReaderServer) -> Iterator[httpx.Client]:
    with reader_readonly_server.client() as client:
        yield client


# What the spec (shared/spec/orders-sales-api.md) says each payload holds, written out here
# independently of the implementation so a drift on either side fails a test.

LIST_FIELDS = [
    "uid", "order_id", "status", "platform", "platform_name", "buyer_name", "sale_price",
    "marketplace_fee", "platform_fee", "shipping_cost", "net_revenue", "sold_at",
    "inventory_item_listing", "shipment_tracking_number", "shipment_carrier", "shipment_status",
    "shipment_address", "created", "updated",
]  # fmt: skip
LISTING_FIELDS = ["uid", "platform_slug", "platform_name", "status", "listing_url", "listing_id", "price", "inventory_item"]
INVENTORY_ITEM_FIELDS = ["uid", "title", "sku", "condition", "primary_image_url"]
ADDRESS_SUMMARY_FIELDS = ["uid", "full_name", "city", "postal_code", "country"]
DETAIL_EXTRA_FIELDS = [
    "order_created", "external_order_status", "platform_order_id", "shipment_service_id",
    "shipment_tracking_created", "shipment_rate_detail", "shipment_rate_retrieval_tried",
    "shipment_rate_cheapest_price", "shipment_rate_cheapest_carrier", "shipment_rate_cheapest_product",
    "shipment_rate_cheapest_service_id", "label_detail", "label_last_updated", "shipment_recipient_detail",
    "shipment_recipient_last_updated", "shipment_label_url", "shipment_packing_slip_url",
]  # fmt: skip
ADDRESS_FIELDS = [
    "uid", "name", "email_address", "phone_number", "street_number", "street_1", "street_2", "city",
    "state_province", "postal_code", "country", "raw_address", "raw_address_parsed",
]  # fmt: skip
STATS_FIELDS = [
    "awaiting_shipment", "shipped", "completed", "total", "total_revenue", "total_fees", "total_shipping", "total_net",
]  # fmt: skip
MONEY_LIST_FIELDS = ["sale_price", "marketplace_fee", "platform_fee", "shipping_cost", "net_revenue"]

MONEY = re.compile(r"^-?\d+\.\d{2}$")
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def is_money(value: object, nullable: bool = True) -> bool:
    return (nullable and value is None) or (isinstance(value, str) and bool(MONEY.match(value)))


def is_timestamp(value: object, nullable: bool = True) -> bool:
    return (nullable and value is None) or (isinstance(value, str) and bool(TIMESTAMP.match(value)))


def is_text(value: object, nullable: bool = True) -> bool:
    return (nullable and value is None) or isinstance(value, str)


def assert_order_summary(order: dict) -> None:
    """Every field of a list result has the spec's name and type."""
    assert list(order) == LIST_FIELDS
    assert isinstance(order["uid"], str) and order["uid"].startswith("ord_")
    for name in ("order_id", "buyer_name", "shipment_tracking_number", "shipment_carrier", "shipment_status"):
        assert is_text(order[name]), name
    for name in ("status", "platform", "platform_name"):
        assert is_text(order[name], nullable=False), name
    for name in MONEY_LIST_FIELDS:
        assert is_money(order[name]), (name, order[name])
    for name in ("sold_at", "created", "updated"):
        assert is_timestamp(order[name], nullable=False), (name, order[name])
    listing = order["inventory_item_listing"]
    assert list(listing) == LISTING_FIELDS
    assert listing["platform_slug"] == order["platform"]
    assert is_money(listing["price"])
    for name in ("uid", "status", "listing_url", "listing_id", "platform_name"):
        assert is_text(listing[name]), name
    assert list(listing["inventory_item"]) == INVENTORY_ITEM_FIELDS
    assert all(is_text(value) for value in listing["inventory_item"].values())
    assert str(listing["inventory_item"]["uid"]).startswith("inv_")
    address = order["shipment_address"]
    if address is not None:
        assert list(address) == ADDRESS_SUMMARY_FIELDS
        assert address["uid"].startswith("addr_")
        assert all(is_text(value) for value in address.values())


def assert_order_detail(order: dict) -> None:
    """The detail holds every list field, every detail field and the full address schema."""
    assert list(order) == LIST_FIELDS + DETAIL_EXTRA_FIELDS
    summary = dict(order)
    for name in DETAIL_EXTRA_FIELDS:
        summary.pop(name)
    address = summary["shipment_address"]
    if address is not None:
        assert list(address) == ADDRESS_FIELDS
        assert address["raw_address_parsed"] is None or isinstance(address["raw_address_parsed"], dict)
        assert all(is_text(address[name]) for name in ADDRESS_FIELDS if name != "raw_address_parsed")
        summary["shipment_address"] = {
            "uid": address["uid"], "full_name": address["name"], "city": address["city"],
            "postal_code": address["postal_code"], "country": address["country"],
        }  # fmt: skip
    assert_order_summary(summary)
    assert order["platform_order_id"] == order["order_id"]
    assert isinstance(order["shipment_rate_retrieval_tried"], bool)
    assert is_money(order["shipment_rate_cheapest_price"])
    for name in ("order_created", "shipment_tracking_created", "label_last_updated", "shipment_recipient_last_updated"):
        assert is_timestamp(order[name]), (name, order[name])
    for name in ("shipment_rate_detail", "label_detail", "shipment_recipient_detail"):
        assert order[name] is None or isinstance(order[name], dict), name
    for name in (
        "external_order_status", "shipment_service_id", "shipment_rate_cheapest_carrier",
        "shipment_rate_cheapest_product", "shipment_rate_cheapest_service_id", "shipment_label_url",
        "shipment_packing_slip_url",
    ):  # fmt: skip
        assert is_text(order[name]), name


def assert_stats(stats: dict) -> None:
    assert list(stats)[: len(STATS_FIELDS)] == STATS_FIELDS
    assert set(stats) <= set(STATS_FIELDS) | {"currency"}
    for name in STATS_FIELDS[:4]:
        assert isinstance(stats[name], int) and not isinstance(stats[name], bool), name
    for name in STATS_FIELDS[4:]:
        assert is_money(stats[name], nullable=False), (name, stats[name])


def all_orders(client: httpx.Client, **params: object) -> list[dict]:
    """Every order the list returns for ``params``, following ``next`` links."""
    response = client.get("/api/v1/orders/", params={"page_size": 100, **params})
    response.raise_for_status()
    page = response.json()
    orders = list(page["results"])
    while page["next"]:
        page = client.get(page["next"]).raise_for_status().json()
        orders.extend(page["results"])
    return orders


def an_order(client: httpx.Client, **params: object) -> dict:
    """The first order matching ``params``, or skip the test when the snapshot has none."""
    results = client.get("/api/v1/orders/", params={"page_size": 100, **params}).raise_for_status().json()["results"]
    if not results:
        pytest.skip(f"the snapshot has no order with {params}")
    return results[0]


# --- analytics, reports, exports: a server whose "today" is pinned to the snapshot's data ---


@dataclass
class SnapshotRows:
    """A published snapshot file read directly (read-only), for tests to recompute figures from."""

    path: Path

    def rows(self, query: str, params: dict | None = None) -> list[dict]:
        conn = duckdb.connect(str(self.path), read_only=True)
        try:
            conn.execute("set TimeZone = 'UTC'")
            cursor = conn.execute(query, params or {})
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        finally:
            conn.close()

    def table(self, name: str) -> list[dict]:
        return self.rows(f"select * from {name}")

    @property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.rows("select timezone from main.snapshot_info")[0]["timezone"])

    def as_of(self) -> datetime:
        """An instant just after the snapshot's latest event: the pinned "now" of the tests."""
        latest = self.rows(
            "select greatest((select max(event_at) from marts.activity_events), (select max(sold_at) from marts.orders)) as latest"
        )[0]["latest"]
        return latest.astimezone(UTC) + timedelta(hours=1)


@dataclass
class InsightsServer(ReaderServer):
    snapshot: SnapshotRows
    today: date


@pytest.fixture(scope="module")
def reader_insights_server(tmp_path_factory: pytest.TempPathFactory, reader_snapshot_template: Path) -> Iterator[InsightsServer]:
    """One server per module on the fixture snapshot, its as-of pinned just after the latest event."""
    data_dir = tmp_path_factory.mktemp("reader-insights") / "data"
    snapshot = SnapshotRows(reader_snapshot_template)
    as_of = snapshot.as_of()
    settings = dataclasses.replace(get_settings(), data_dir=data_dir, as_of=as_of.isoformat())
    publish_snapshot(settings, reader_snapshot_template, "20260214T230000Z-insights.duckdb")
    ops = OpsStore(settings.ops_store_path)
    with serve_reader(settings) as base_url:
        yield InsightsServer(
            base_url, settings, ops, ops.create_token("insights-tests"), snapshot, as_of.astimezone(snapshot.timezone).date()
        )


@pytest.fixture(scope="module")
def reader_insights_client(reader_insights_server: InsightsServer) -> Iterator[httpx.Client]:
    with reader_insights_server.client() as client:
        yield client


def exact_json(response: httpx.Response) -> object:
    """The body with JSON numbers as Decimal, to compare money to the cent without floats."""
    return json.loads(response.text, parse_float=Decimal)


def half_up(amount: Decimal, count: int | Decimal, places: str = "0.01") -> Decimal:
    """amount / count rounded half away from zero; 0 when count is 0 (how the spec's averages read)."""
    if not count:
        return Decimal(0).quantize(Decimal(places))
    return (Decimal(amount) / count).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def is_number(value: object) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def is_integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
