"""The order list read from ``marts.orders_list`` and the payloads kept between requests.

A snapshot with the order-list marts must answer every list request exactly as one without them
(served from ``marts.orders``, the reference): the same pages, counts, links and values, before
and after shipment writes. Kept payloads (analytics, reports, the order list and stats) must
follow a new snapshot and a write at once.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import httpx
import pytest
from reader_fixtures import ReaderServer, all_orders, publish_snapshot, serve_reader

from pipelines.ops_store import OpsStore
from pipelines.reader.cache import PayloadCache
from pipelines.reader.orders import ORDERING_FIELDS
from pipelines.settings import get_settings

LIST = "/api/v1/orders/"
STATS = "/api/v1/orders/stats/"
# The reader looks at serving/CURRENT at most every 0.5 s.
POINTER_CHECK_SECONDS = 0.6


@contextmanager
def _server(folder: Path, template: Path, name: str) -> Iterator[ReaderServer]:
    settings = dataclasses.replace(get_settings(), data_dir=folder / "data")
    publish_snapshot(settings, template, name)
    ops = OpsStore(settings.ops_store_path)
    with serve_reader(settings) as base_url:
        yield ReaderServer(base_url, settings, ops, ops.create_token("order-list-tests"))


@pytest.fixture
def twin_servers(
    tmp_path: Path, reader_snapshot_template: Path, reader_snapshot_template_without_list: Path
) -> Iterator[tuple[ReaderServer, ReaderServer]]:
    """(a reader on a snapshot with the order-list marts, one on the same data without them)."""
    with _server(tmp_path / "list", reader_snapshot_template, "20260214T103000Z-list.duckdb") as with_list:
        with _server(tmp_path / "plain", reader_snapshot_template_without_list, "20260214T103000Z-plain.duckdb") as plain:
            yield with_list, plain


def _page(server: ReaderServer, client: httpx.Client, params: dict, written_at: bool = True) -> tuple[int, dict]:
    """A list response with the server's address taken out; without ``written_at``, also the
    ``updated`` times (a write stamps its own second, which differs between two servers)."""
    response = client.get(LIST, params=params)
    text = response.text.replace(server.base_url, "http://reader")
    payload = httpx.Response(200, text=text).json()
    if not written_at:
        for order in payload.get("results", []):
            order.pop("updated")
    return response.status_code, payload


def _requests(orders: list[dict]) -> list[dict]:
    """List requests covering every filter, every ordering both ways, pages, and searches built
    from the data itself (an order id fragment, a buyer name and a title in another case)."""
    some = next(order for order in orders if order["buyer_name"] and order["order_id"])
    title = some["inventory_item_listing"]["inventory_item"]["title"]
    requests: list[dict] = [{}, {"page_size": 2}, {"page_size": 2, "page": 2}, {"page_size": 3, "page": 99}]
    requests += [{"status": status} for status in {order["status"] for order in orders}]
    requests += [{"platform": "ebay"}, {"platform": "DISCOGS"}, {"platform": "ebay", "status": "completed"}]
    for name in ORDERING_FIELDS:
        requests += [{"ordering": name, "page_size": 4}, {"ordering": f"-{name}", "page_size": 4, "page": 2}]
    requests += [{"ordering": "platform,-sale_price"}, {"ordering": "status,buyer_name", "platform": "ebay"}]
    requests += [
        {"search": some["order_id"][1:5]},
        {"search": some["buyer_name"].upper()},
        {"search": title[:6].lower()},
        {"search": "-"},
        {"search": "no order has this"},
        {"search": some["buyer_name"][:3], "status": some["status"], "page_size": 1},
    ]
    return requests


def _same_lists(with_list: ReaderServer, plain: ReaderServer, requests: list[dict], written_at: bool = True) -> None:
    with with_list.client() as fast, plain.client() as reference:
        for params in requests:
            got, expected = _page(with_list, fast, params, written_at), _page(plain, reference, params, written_at)
            if got != expected and got[0] == expected[0] == 200:
                for mine, theirs in zip(got[1]["results"], expected[1]["results"], strict=False):
                    assert mine == theirs, params
            assert got == expected, params


def test_the_order_list_marts_answer_every_list_request_as_marts_orders_does(twin_servers) -> None:
    with_list, plain = twin_servers
    with plain.client() as reference:
        orders = all_orders(reference)
    assert len(orders) > 5

    _same_lists(with_list, plain, _requests(orders))


def test_a_list_published_before_sold_position_is_not_read_backwards(
    tmp_path: Path, reader_snapshot_template: Path, reader_snapshot_template_without_list: Path
) -> None:
    """A snapshot published before the list was numbered oldest first (list_position newest
    first, uid_position) is served from marts.orders until the next publish: read with today's
    numbering, its pages would come out backwards."""
    old = tmp_path / "old-layout.duckdb"
    old.write_bytes(reader_snapshot_template.read_bytes())
    with duckdb.connect(str(old)) as con:
        con.execute("create table marts.orders_list_old as "
                    "select row_number() over (order by sold_at desc nulls last, order_uid) as list_position, "
                    "row_number() over (order by order_uid) as uid_position, * exclude (sold_position, uid_number) "
                    "from marts.orders_list order by list_position")
        con.execute("drop table marts.orders_list")
        con.execute("alter table marts.orders_list_old rename to orders_list")
    with _server(tmp_path / "old", old, "20260214T103000Z-old.duckdb") as with_old_list:
        with _server(tmp_path / "plain", reader_snapshot_template_without_list, "20260214T103000Z-plain.duckdb") as plain:
            with plain.client() as reference:
                orders = all_orders(reference)
            _same_lists(with_old_list, plain, _requests(orders))


def test_shipment_updates_read_the_same_through_the_order_list_marts(twin_servers) -> None:
    with_list, plain = twin_servers
    with plain.client() as reference:
        awaiting = all_orders(reference, status="awaiting_shipment")[0]
        shipped = all_orders(reference, status="shipped")[0]
        other = all_orders(reference, status="completed")[0]
    writes = [
        (f"/api/v1/inventory/{_item(awaiting)}/order/ship/", "post", {"tracking_number": "1ZLISTTWIN42", "carrier": "ups"}),
        (f"/api/v1/inventory/{_item(shipped)}/order/", "patch", {"shipment_status": "delivered"}),
        (f"/api/v1/inventory/{_item(other)}/order/", "patch", {"shipment_address": {"name": "Zelda Quux", "city": "Oslo"}}),
    ]
    for server in (with_list, plain):
        with server.client() as client:
            client.get(STATS)
            client.get(LIST, params={"status": "awaiting_shipment"})
            for path, method, body in writes:
                assert getattr(client, method)(path, json=body).status_code == 200

    _same_lists(
        with_list,
        plain,
        [
            {},
            {"search": "1zlisttwin"},
            {"search": "zelda"},
            {"status": "awaiting_shipment"},
            {"status": "shipped"},
            {"status": "completed", "ordering": "-sold_at"},
            {"ordering": "buyer_name"},
            {"ordering": "sold_at", "page_size": 3},
        ],
        written_at=False,
    )
    # Each server stamps a write with its own second, so the written orders' order among
    # themselves under -updated may differ between the two; on each server they come first.
    written = {awaiting["uid"], shipped["uid"], other["uid"]}
    for server in (with_list, plain):
        with server.client() as client:
            newest = client.get(LIST, params={"ordering": "-updated", "page_size": 3}).json()["results"]
            assert {order["uid"] for order in newest} == written
    with with_list.client() as fast, plain.client() as reference:
        assert fast.get(STATS).json() == reference.get(STATS).json()
        found = fast.get(LIST, params={"search": "1zlisttwin"}).json()["results"]
        assert [(order["uid"], order["status"]) for order in found] == [(awaiting["uid"], "shipped")]
        assert [order["uid"] for order in fast.get(LIST, params={"search": "zelda"}).json()["results"]] == [other["uid"]]


def _item(order: dict) -> str:
    return order["inventory_item_listing"]["inventory_item"]["uid"]


def test_a_write_shows_at_once_in_a_list_and_stats_already_served(reader_client: httpx.Client) -> None:
    awaiting = reader_client.get(LIST, params={"status": "awaiting_shipment"}).json()
    stats = reader_client.get(STATS).json()
    assert reader_client.get(LIST, params={"status": "awaiting_shipment"}).json() == awaiting
    order = awaiting["results"][0]

    response = reader_client.post(
        f"/api/v1/inventory/{_item(order)}/order/ship/", json={"tracking_number": "1ZKEPT0001", "carrier": "ups"}
    )

    assert response.status_code == 200
    after = reader_client.get(LIST, params={"status": "awaiting_shipment"}).json()
    assert after["count"] == awaiting["count"] - 1
    assert order["uid"] not in {row["uid"] for row in after["results"]}
    stats_after = reader_client.get(STATS).json()
    assert (stats_after["awaiting_shipment"], stats_after["shipped"]) == (stats["awaiting_shipment"] - 1, stats["shipped"] + 1)


def test_kept_payloads_follow_a_newly_published_snapshot(reader_server: ReaderServer, reader_snapshot_template: Path) -> None:
    paths = ["/api/v1/analytics/funnel/", "/api/v1/reports/aging/", STATS, LIST]
    with reader_server.client() as client:
        before = {path: client.get(path).json() for path in paths}
        assert {path: client.get(path).json() for path in paths if path != "/api/v1/reports/aging/"} == {
            path: payload for path, payload in before.items() if path != "/api/v1/reports/aging/"
        }
        publish_snapshot(
            reader_server.settings,
            reader_snapshot_template,
            "20260215T103000Z-fixture2.duckdb",
            extra_sql=(
                "update marts.inventory_funnel set count = count + 7 where stage = 'draft';"
                "update marts.inventory_summary set stock_items = stock_items + 3;"
                "update marts.order_stats set total = total + 5;"
                "delete from marts.orders_list where sold_position = (select max(sold_position) from marts.orders_list);"
                "delete from marts.orders where order_uid not in (select order_uid from marts.orders_list);"
            ),
        )
        time.sleep(POINTER_CHECK_SECONDS)
        after = {path: client.get(path).json() for path in paths}

    assert after["/api/v1/analytics/funnel/"]["draft"] == before["/api/v1/analytics/funnel/"]["draft"] + 7
    assert after["/api/v1/reports/aging/"]["summary"]["total_items"] == before["/api/v1/reports/aging/"]["summary"]["total_items"] + 3
    assert after[STATS]["total"] == before[STATS]["total"] + 5
    assert after[LIST]["count"] == before[LIST]["count"] - 1
    assert after[LIST]["results"][0]["uid"] == before[LIST]["results"][1]["uid"]


def test_a_kept_report_is_generated_again_each_time(reader_client: httpx.Client) -> None:
    first = reader_client.get("/api/v1/reports/aging/").json()
    time.sleep(1.1)
    second = reader_client.get("/api/v1/reports/aging/").json()

    assert second["metadata"]["generated_at"] > first["metadata"]["generated_at"]
    assert {key: value for key, value in second.items() if key != "metadata"} == {
        key: value for key, value in first.items() if key != "metadata"
    }


def test_the_payload_cache_keeps_the_most_recently_used_entries() -> None:
    cache = PayloadCache(max_entries=2)
    cache.put("a", {"n": 1})
    cache.put("b", {"n": 2})
    assert cache.get("a") == {"n": 1}

    cache.put("c", {"n": 3})

    assert cache.get("b") is None
    assert (cache.get("a"), cache.get("c")) == ({"n": 1}, {"n": 3})
    assert len(cache) == 2
