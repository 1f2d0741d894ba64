"""Shipment writes: mark as shipped, PUT/PATCH, and every read seeing them at once."""

from __future__ import annotations

import duckdb
import httpx
import pytest
from reader_fixtures import all_orders, an_order, assert_order_detail, serve_reader


def _inventory_uid(order: dict) -> str:
    return order["inventory_item_listing"]["inventory_item"]["uid"]


def _ship(client: httpx.Client, inventory_uid: str, tracking: str = "1Z999AA10123456784", carrier: str = "ups") -> httpx.Response:
    return client.post(
        f"/api/v1/inventory/{inventory_uid}/order/ship/", json={"tracking_number": tracking, "carrier": carrier}
    )


def test_marking_shipped_shows_at_once_in_detail_list_filters_search_and_stats(reader_client: httpx.Client) -> None:
    order = an_order(reader_client, status="awaiting_shipment")
    stats_before = reader_client.get("/api/v1/orders/stats/").json()

    response = _ship(reader_client, _inventory_uid(order), tracking="1ZTRACKABC123")

    assert response.status_code == 200
    detail = response.json()
    assert_order_detail(detail)
    assert detail["uid"] == order["uid"]
    assert detail["status"] == "shipped"
    assert detail["shipment_tracking_number"] == "1ZTRACKABC123"
    assert detail["shipment_carrier"] == "ups"
    assert detail["shipment_status"] == "shipped"
    assert detail["shipment_tracking_created"] is not None
    assert detail["updated"] >= order["updated"]
    assert reader_client.get(f"/api/v1/orders/{order['uid']}/").json() == detail

    assert order["uid"] in {o["uid"] for o in all_orders(reader_client, status="shipped")}
    assert order["uid"] not in {o["uid"] for o in all_orders(reader_client, status="awaiting_shipment")}
    assert [o["uid"] for o in all_orders(reader_client, search="trackabc")] == [order["uid"]]
    listed = next(o for o in all_orders(reader_client) if o["uid"] == order["uid"])
    assert (listed["status"], listed["shipment_tracking_number"]) == ("shipped", "1ZTRACKABC123")

    stats_after = reader_client.get("/api/v1/orders/stats/").json()
    assert stats_after["awaiting_shipment"] == stats_before["awaiting_shipment"] - 1
    assert stats_after["shipped"] == stats_before["shipped"] + 1
    for unchanged in ("completed", "total", "total_revenue", "total_fees", "total_shipping", "total_net"):
        assert stats_after[unchanged] == stats_before[unchanged]


def test_repeating_mark_as_shipped_changes_nothing(reader_client: httpx.Client) -> None:
    order = an_order(reader_client, status="awaiting_shipment")
    first = _ship(reader_client, _inventory_uid(order)).json()
    stats = reader_client.get("/api/v1/orders/stats/").json()

    second = _ship(reader_client, _inventory_uid(order)).json()

    assert {k: v for k, v in second.items() if k != "updated"} == {k: v for k, v in first.items() if k != "updated"}
    assert second["shipment_tracking_created"] == first["shipment_tracking_created"]
    assert reader_client.get("/api/v1/orders/stats/").json() == stats


def test_shipping_an_unknown_item_is_a_404(reader_client: httpx.Client) -> None:
    response = _ship(reader_client, "inv_does_not_exist")

    assert response.status_code == 404
    assert "inv_does_not_exist" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"tracking_number": "1Z9", "carrier": "pigeon"}, "carrier"),
        ({"tracking_number": "1Z9", "carrier": ""}, "carrier"),
        ({"tracking_number": "1Z9"}, "carrier"),
        ({"carrier": "ups"}, "tracking_number"),
        ({"tracking_number": "   ", "carrier": "ups"}, "tracking_number"),
        ({"tracking_number": 12345, "carrier": "ups"}, "tracking_number"),
    ],
)
def test_a_bad_ship_request_is_a_400_naming_the_field(reader_client: httpx.Client, body: dict, param: str) -> None:
    order = an_order(reader_client)
    response = reader_client.post(f"/api/v1/inventory/{_inventory_uid(order)}/order/ship/", json=body)

    assert response.status_code == 400
    assert param in response.json()["errors"]


def test_an_invalid_carrier_lists_the_choices(reader_client: httpx.Client) -> None:
    order = an_order(reader_client)
    response = _ship(reader_client, _inventory_uid(order), carrier="pigeon")

    assert "pigeon" in response.json()["errors"]["carrier"]
    assert "usps" in response.json()["errors"]["carrier"]


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'"text"', b'{"tracking_number": "\\ud800", "carrier": "ups"}', b""])
def test_a_body_that_is_not_a_json_object_is_a_400(reader_client: httpx.Client, body: bytes) -> None:
    order = an_order(reader_client)
    response = reader_client.post(
        f"/api/v1/inventory/{_inventory_uid(order)}/order/ship/", content=body, headers={"content-type": "application/json"}
    )

    assert response.status_code == 400
    assert "errors" in response.json()


def test_patching_the_address_merges_key_by_key_and_shows_in_the_list(reader_client: httpx.Client) -> None:
    order = next((o for o in all_orders(reader_client) if o["shipment_address"]), None)
    if order is None:
        pytest.skip("needs an order with an address")
    before = reader_client.get(f"/api/v1/orders/{order['uid']}/").json()["shipment_address"]

    response = reader_client.patch(
        f"/api/v1/inventory/{_inventory_uid(order)}/order/",
        json={"shipment_address": {"city": "Pasadena", "postal_code": "91101", "country": "us", "uid": "addr_ignored"}},
    )

    assert response.status_code == 200
    after = response.json()["shipment_address"]
    assert (after["city"], after["postal_code"], after["country"]) == ("Pasadena", "91101", "US")
    unchanged = [name for name in after if name not in ("city", "postal_code", "country")]
    assert {name: after[name] for name in unchanged} == {name: before[name] for name in unchanged}
    listed = next(o for o in all_orders(reader_client) if o["uid"] == order["uid"])
    assert listed["shipment_address"]["city"] == "Pasadena"

    renamed = reader_client.patch(
        f"/api/v1/inventory/{_inventory_uid(order)}/order/", json={"shipment_address": {"name": "Jane Roe"}}
    ).json()
    assert renamed["shipment_address"]["city"] == "Pasadena"
    assert renamed["buyer_name"] == "Jane Roe"
    assert order["uid"] in {o["uid"] for o in all_orders(reader_client, search="jane roe")}


def test_an_address_can_be_given_to_an_order_without_one(reader_client: httpx.Client) -> None:
    order = next((o for o in all_orders(reader_client) if o["shipment_address"] is None), None)
    if order is None:
        pytest.skip("needs an order without an address")

    detail = reader_client.patch(
        f"/api/v1/inventory/{_inventory_uid(order)}/order/",
        json={"shipment_address": {"name": "New Buyer", "street_1": "1 Infinite Loop", "country": "US"}},
    ).json()

    assert detail["shipment_address"]["uid"].startswith("addr_")
    assert detail["shipment_address"]["street_1"] == "1 Infinite Loop"
    assert detail["buyer_name"] == "New Buyer"


def test_every_writable_field_round_trips(reader_client: httpx.Client) -> None:
    order = an_order(reader_client)
    body = {
        "shipment_service_id": "usps_priority",
        "shipment_tracking_number": "9400111899",
        "shipment_tracking_created": "2026-02-14T12:00:00+02:00",
        "shipment_carrier": "USPS",
        "shipment_status": "label_created",
        "shipment_rate_detail": {"rates": [{"price": "4.50"}]},
        "shipment_rate_retrieval_tried": True,
        "shipment_rate_cheapest_price": "4.5",
        "shipment_rate_cheapest_carrier": "usps",
        "shipment_rate_cheapest_product": "Priority Mail",
        "shipment_rate_cheapest_service_id": "usps_priority",
        "label_detail": {"format": "pdf"},
        "label_last_updated": "2026-02-14T12:00:00Z",
        "shipment_recipient_detail": {"name": "X"},
        "shipment_recipient_last_updated": "2026-02-14T12:00:00",
        "uid": "ord_read_only_fields_are_ignored",
        "status": "completed",
    }

    detail = reader_client.patch(f"/api/v1/inventory/{_inventory_uid(order)}/order/", json=body).json()

    assert_order_detail(detail)
    assert detail["uid"] == order["uid"]
    assert detail["shipment_tracking_created"] == "2026-02-14T10:00:00Z"
    assert detail["shipment_carrier"] == "usps"
    assert detail["shipment_rate_cheapest_price"] == "4.50"
    assert detail["shipment_rate_retrieval_tried"] is True
    assert detail["label_last_updated"] == "2026-02-14T12:00:00Z"
    assert detail["shipment_recipient_last_updated"] == "2026-02-14T12:00:00Z"
    for name in ("shipment_service_id", "shipment_tracking_number", "shipment_status", "shipment_rate_detail",
                 "shipment_rate_cheapest_carrier", "shipment_rate_cheapest_product",
                 "shipment_rate_cheapest_service_id", "label_detail", "shipment_recipient_detail"):  # fmt: skip
        assert detail[name] == body[name], name


def test_writing_null_or_blank_clears_a_field_and_put_merges_like_patch(reader_client: httpx.Client) -> None:
    order = an_order(reader_client)
    path = f"/api/v1/inventory/{_inventory_uid(order)}/order/"
    reader_client.patch(path, json={"shipment_service_id": "svc", "shipment_status": "label_created"})

    detail = reader_client.put(path, json={"shipment_service_id": None, "shipment_carrier": ""}).json()

    assert detail["shipment_service_id"] is None
    assert detail["shipment_carrier"] == ""
    assert detail["shipment_status"] == "label_created"


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"shipment_rate_cheapest_price": "cheap"}, "shipment_rate_cheapest_price"),
        ({"shipment_rate_cheapest_price": "4.505"}, "shipment_rate_cheapest_price"),
        ({"shipment_rate_cheapest_price": "NaN"}, "shipment_rate_cheapest_price"),
        ({"label_last_updated": "yesterday"}, "label_last_updated"),
        ({"label_last_updated": "0001-01-01T00:00:00+05:00"}, "label_last_updated"),
        ({"shipment_rate_retrieval_tried": "maybe"}, "shipment_rate_retrieval_tried"),
        ({"shipment_rate_detail": [1, 2]}, "shipment_rate_detail"),
        ({"shipment_carrier": "pigeon"}, "shipment_carrier"),
        ({"shipment_tracking_number": 42}, "shipment_tracking_number"),
        ({"shipment_address": "1 Main St"}, "shipment_address"),
        ({"shipment_address": {"country": "USA"}}, "shipment_address.country"),
        ({"shipment_address": {"country": "XX"}}, "shipment_address.country"),
        ({"shipment_service_id": "x" * 1000}, "shipment_service_id"),
    ],
)
def test_a_mistyped_field_is_a_400_naming_it_and_writes_nothing(
    reader_client: httpx.Client, reader_server, body: dict, param: str
) -> None:
    order = an_order(reader_client)
    response = reader_client.patch(f"/api/v1/inventory/{_inventory_uid(order)}/order/", json=body)

    assert response.status_code == 400
    assert param in response.json()["errors"], response.json()
    assert reader_server.ops.shipment_updates() == []


def test_updating_an_unknown_item_is_a_404(reader_client: httpx.Client) -> None:
    response = reader_client.patch("/api/v1/inventory/inv_nope/order/", json={"shipment_status": "shipped"})

    assert response.status_code == 404


def test_delivered_completes_a_shipped_order(reader_client: httpx.Client) -> None:
    order = an_order(reader_client, status="shipped")
    stats_before = reader_client.get("/api/v1/orders/stats/").json()

    detail = reader_client.patch(
        f"/api/v1/inventory/{_inventory_uid(order)}/order/", json={"shipment_status": "delivered"}
    ).json()

    assert detail["status"] == "completed"
    stats_after = reader_client.get("/api/v1/orders/stats/").json()
    assert stats_after["shipped"] == stats_before["shipped"] - 1
    assert stats_after["completed"] == stats_before["completed"] + 1
    assert order["uid"] in {o["uid"] for o in all_orders(reader_client, status="completed")}

    reshipped = _ship(reader_client, _inventory_uid(order)).json()
    assert (reshipped["status"], reshipped["shipment_status"]) == ("completed", "delivered")


def test_a_cancelled_order_stays_cancelled_when_tracking_is_written(reader_client: httpx.Client) -> None:
    order = an_order(reader_client, status="cancelled")
    stats_before = reader_client.get("/api/v1/orders/stats/").json()

    detail = _ship(reader_client, _inventory_uid(order)).json()

    assert detail["status"] == "cancelled"
    assert detail["shipment_tracking_number"] == "1Z999AA10123456784"
    assert reader_client.get("/api/v1/orders/stats/").json() == stats_before


def test_a_write_on_one_worker_is_seen_by_another_at_once(reader_server, reader_client: httpx.Client) -> None:
    order = an_order(reader_client, status="awaiting_shipment")
    with serve_reader(reader_server.settings) as other_url:
        with httpx.Client(base_url=other_url, headers={"Authorization": f"Bearer {reader_server.token}"}, verify=False) as other:
            stats_before = other.get("/api/v1/orders/stats/").json()
            assert other.get(f"/api/v1/orders/{order['uid']}/").json()["status"] == "awaiting_shipment"

            _ship(reader_client, _inventory_uid(order))

            assert other.get(f"/api/v1/orders/{order['uid']}/").json()["status"] == "shipped"
            assert other.get("/api/v1/orders/stats/").json()["shipped"] == stats_before["shipped"] + 1


def test_an_order_no_update_touches_is_read_from_its_stored_row_and_an_updated_one_through_orders_live(
        reader_client: httpx.Client, reader_settings) -> None:
    """Order detail reads the stored row unless a shipment update applies to its item: for every
    order of the snapshot that is the row orders_live serves, and an updated order is the live row."""
    from pipelines.ops_store import OpsStore
    from pipelines.reader import orders
    from pipelines.reader.snapshot import SnapshotManager

    order = an_order(reader_client, status="awaiting_shipment")
    assert _ship(reader_client, _inventory_uid(order), tracking="1ZSTORED0001").status_code == 200

    manager = SnapshotManager(reader_settings, OpsStore(reader_settings.ops_store_path), check_interval=0)
    try:
        with manager.read() as reading:
            cursor = reading.cursor
            uids = [row[0] for row in cursor.execute("select order_uid from snapshot.marts.orders").fetchall()]
            assert len(uids) >= 10
            for uid in uids:
                live = orders.formatted_rows(cursor, orders.LIVE_ORDERS, orders.UID_FILTER, {"uid": uid})
                assert orders.order_row(cursor, uid, reading.listing) == live[0]
            stored = orders.formatted_rows(cursor, orders.STORED_ORDERS, orders.UID_FILTER, {"uid": order["uid"]})[0]
            served = orders.order_row(cursor, order["uid"], reading.listing)
            # Without orders_live (dropped in a transaction of its own, rolled back), an order no
            # update touches is still served, and the updated one is not: only it reads the view.
            untouched = next(uid for uid in uids if uid != order["uid"])
            side = cursor.cursor()
            try:
                side.begin()
                side.execute("drop view orders_live")
                assert orders.order_row(side, untouched, reading.listing)["order_uid"] == untouched
                with pytest.raises(duckdb.CatalogException):
                    orders.order_row(side, order["uid"], reading.listing)
                side.rollback()
            finally:
                side.close()
    finally:
        manager.close()
    assert (stored["status"], stored["shipment_tracking_number"]) == ("awaiting_shipment", order["shipment_tracking_number"])
    assert (served["status"], served["shipment_tracking_number"]) == ("shipped", "1ZSTORED0001")
