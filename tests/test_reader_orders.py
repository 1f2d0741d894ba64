"""GET /api/v1/orders/, /orders/{uid}/ and /orders/stats/ against a live server on loopback.

Nothing here writes, so the module shares one server (``reader_readonly_client``).
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reader_fixtures import (
    all_orders,
    an_order,
    assert_order_detail,
    assert_order_summary,
    assert_stats,
)

from pipelines.reader.schemas import OrderDetail, OrderPage, OrderStats


def test_the_list_has_the_spec_shape_and_types(reader_readonly_client: httpx.Client) -> None:
    response = reader_readonly_client.get("/api/v1/orders/")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    page = response.json()
    assert list(page) == ["count", "next", "previous", "results"]
    assert isinstance(page["count"], int) and page["count"] >= len(page["results"]) > 0
    assert len(page["results"]) <= 25
    for order in page["results"]:
        assert_order_summary(order)
    OrderPage.model_validate(page)


def test_money_keeps_two_decimals_and_net_is_sale_minus_fees_and_shipping(reader_readonly_client: httpx.Client) -> None:
    for order in all_orders(reader_readonly_client):
        amounts = [order[name] for name in ("sale_price", "marketplace_fee", "platform_fee", "shipping_cost")]
        if order["net_revenue"] is None or None in amounts:
            continue
        sale, marketplace_fee, platform_fee, shipping = (Decimal(amount) for amount in amounts)
        assert Decimal(order["net_revenue"]) == sale - marketplace_fee - platform_fee - shipping


def test_default_order_is_newest_sale_first_with_uid_breaking_ties(reader_readonly_client: httpx.Client) -> None:
    orders = all_orders(reader_readonly_client)
    keys = [(order["sold_at"], order["uid"]) for order in orders]

    assert keys == sorted(keys, key=lambda key: (_desc(key[0]), key[1]))


def _desc(text: str) -> tuple[int, ...]:
    return tuple(-ord(char) for char in text)


@pytest.mark.parametrize("field", ["sale_price", "net_revenue", "buyer_name", "uid", "status", "created", "updated", "platform"])
def test_ordering_ascending_and_descending(reader_readonly_client: httpx.Client, field: str) -> None:
    def values(ordering: str) -> list:
        orders = all_orders(reader_readonly_client, ordering=ordering)
        present = [order[field] for order in orders if order[field] is not None]
        assert [order[field] for order in orders[len(present) :]] == [None] * (len(orders) - len(present))
        return [Decimal(value) for value in present] if field in ("sale_price", "net_revenue") else present

    ascending = values(field)
    descending = values(f"-{field}")
    assert ascending == sorted(ascending)
    assert descending == sorted(descending, reverse=True)


def test_ordering_by_several_fields_is_stable(reader_readonly_client: httpx.Client) -> None:
    orders = all_orders(reader_readonly_client, ordering="platform,-sold_at")
    keys = [(order["platform"], _desc(order["sold_at"]), order["uid"]) for order in orders]

    assert keys == sorted(keys)


def test_an_unknown_ordering_field_is_a_400_naming_it(reader_readonly_client: httpx.Client) -> None:
    response = reader_readonly_client.get("/api/v1/orders/", params={"ordering": "sold_at,-price_paid"})

    assert response.status_code == 400
    assert "price_paid" in response.json()["errors"]["ordering"]
    assert "price_paid" in response.json()["detail"]
    assert reader_readonly_client.get("/api/v1/orders/", params={"ordering": "--uid"}).status_code == 400


def test_pages_link_to_each_other_keeping_the_other_parameters(reader_readonly_client: httpx.Client) -> None:
    count = reader_readonly_client.get("/api/v1/orders/").json()["count"]
    if count < 3:
        pytest.skip("needs three orders")
    first = reader_readonly_client.get("/api/v1/orders/", params={"page_size": 2, "ordering": "uid"}).json()

    assert first["previous"] is None
    next_url = urlsplit(first["next"])
    assert next_url.scheme == "http" and next_url.netloc == urlsplit(str(reader_readonly_client.base_url)).netloc
    assert parse_qs(next_url.query) == {"page_size": ["2"], "ordering": ["uid"], "page": ["2"]}

    second = reader_readonly_client.get(first["next"]).json()
    assert parse_qs(urlsplit(second["previous"]).query) == {"page_size": ["2"], "ordering": ["uid"]}
    seen = [order["uid"] for order in first["results"] + second["results"]]
    page = second
    while page["next"]:
        page = reader_readonly_client.get(page["next"]).json()
        seen.extend(order["uid"] for order in page["results"])
    assert len(seen) == len(set(seen)) == count
    assert seen == sorted(seen)
    assert page["count"] == count


def test_a_page_past_the_end_is_a_404(reader_readonly_client: httpx.Client) -> None:
    count = reader_readonly_client.get("/api/v1/orders/").json()["count"]
    last_page = max(1, -(-count // 10))

    assert reader_readonly_client.get("/api/v1/orders/", params={"page_size": 10, "page": last_page}).status_code == 200
    response = reader_readonly_client.get("/api/v1/orders/", params={"page_size": 10, "page": last_page + 1})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}
    assert reader_readonly_client.get("/api/v1/orders/", params={"page": 10**15}).status_code == 404


@pytest.mark.parametrize(("param", "value"), [("page_size", 0), ("page_size", 500), ("page_size", "ten"), ("page", 0), ("page", "last!")])
def test_out_of_bounds_paging_is_a_400_naming_the_parameter(reader_readonly_client: httpx.Client, param: str, value: object) -> None:
    response = reader_readonly_client.get("/api/v1/orders/", params={param: value})

    assert response.status_code == 400
    assert param in response.json()["errors"]
    assert param in response.json()["detail"]


def test_page_size_bounds_are_inclusive(reader_readonly_client: httpx.Client) -> None:
    assert len(reader_readonly_client.get("/api/v1/orders/", params={"page_size": 1}).json()["results"]) == 1
    assert reader_readonly_client.get("/api/v1/orders/", params={"page_size": 100}).status_code == 200


def _search(client: httpx.Client, text: str) -> list[str]:
    return [order["uid"] for order in all_orders(client, search=text)]


def test_search_finds_by_title_buyer_order_id_and_tracking_ignoring_case(reader_readonly_client: httpx.Client) -> None:
    orders = all_orders(reader_readonly_client)
    with_title = next(o for o in orders if o["inventory_item_listing"]["inventory_item"]["title"])
    title = with_title["inventory_item_listing"]["inventory_item"]["title"]
    assert with_title["uid"] in _search(reader_readonly_client, title[1:6].upper())

    with_buyer = next(o for o in orders if o["buyer_name"])
    assert with_buyer["uid"] in _search(reader_readonly_client, with_buyer["buyer_name"].lower())

    with_order_id = next(o for o in orders if o["order_id"])
    assert with_order_id["uid"] in _search(reader_readonly_client, with_order_id["order_id"][2:])

    with_tracking = next((o for o in orders if o["shipment_tracking_number"]), None)
    if with_tracking is not None:
        assert with_tracking["uid"] in _search(reader_readonly_client, with_tracking["shipment_tracking_number"][-6:].lower())

    for uid in _search(reader_readonly_client, title[1:6]):
        match = next(o for o in orders if o["uid"] == uid)
        texts = [
            match["order_id"],
            match["buyer_name"],
            match["shipment_tracking_number"],
            match["inventory_item_listing"]["inventory_item"]["title"],
        ]
        assert any(title[1:6].lower() in (text or "").lower() for text in texts)


def test_search_that_matches_nothing_is_an_empty_first_page(reader_readonly_client: httpx.Client) -> None:
    page = reader_readonly_client.get("/api/v1/orders/", params={"search": "zz-no-such-thing-%_"}).json()

    assert page == {"count": 0, "next": None, "previous": None, "results": []}


def test_status_and_platform_filters_split_the_list(reader_readonly_client: httpx.Client) -> None:
    orders = all_orders(reader_readonly_client)
    for field in ("status", "platform"):
        values = {order[field] for order in orders}
        assert len(values) >= 2, f"the snapshot needs two values of {field}"
        for value in values:
            filtered = all_orders(reader_readonly_client, **{field: value})
            assert filtered and {order[field] for order in filtered} == {value}
            assert len(filtered) == sum(1 for order in orders if order[field] == value)
    assert all_orders(reader_readonly_client, status="no_such_status") == []


def test_status_and_platform_filters_combine(reader_readonly_client: httpx.Client) -> None:
    order = an_order(reader_readonly_client, status="awaiting_shipment")
    filtered = all_orders(reader_readonly_client, status="awaiting_shipment", platform=order["platform"])

    assert order["uid"] in {o["uid"] for o in filtered}
    assert {(o["status"], o["platform"]) for o in filtered} == {("awaiting_shipment", order["platform"])}


def test_blank_filters_are_ignored(reader_readonly_client: httpx.Client) -> None:
    everything = reader_readonly_client.get("/api/v1/orders/").json()["count"]

    assert reader_readonly_client.get("/api/v1/orders/", params={"status": "", "platform": " ", "search": ""}).json()["count"] == everything


def test_detail_has_every_list_and_detail_field(reader_readonly_client: httpx.Client) -> None:
    for summary in all_orders(reader_readonly_client)[:20]:
        response = reader_readonly_client.get(f"/api/v1/orders/{summary['uid']}/")
        assert response.status_code == 200
        detail = response.json()
        assert_order_detail(detail)
        OrderDetail.model_validate(detail)
        assert {name: detail[name] for name in summary if name != "shipment_address"} == {
            name: value for name, value in summary.items() if name != "shipment_address"
        }


def test_detail_matches_the_spec_example_fields(reader_readonly_client: httpx.Client) -> None:
    detail = reader_readonly_client.get("/api/v1/orders/ord_0a1b2c3d4e5f/").json()
    if "uid" not in detail:
        pytest.skip("fixture-specific order")

    assert detail["sale_price"] == "34.99"
    assert detail["net_revenue"] == "25.42"
    assert detail["sold_at"] == "2026-02-14T10:30:00Z"
    assert detail["order_created"] == "2026-02-14T10:29:12Z"
    assert detail["shipment_rate_cheapest_price"] == "4.50"
    assert detail["shipment_rate_detail"] == {"rates": [{"carrier": "usps", "product": "Priority Mail", "price": "4.50"}]}
    assert detail["shipment_address"]["street_2"] == "Apt 4B"
    assert detail["shipment_address"]["raw_address_parsed"] == {"street": "123 Main St", "unit": "Apt 4B"}


def test_an_unknown_order_is_a_404(reader_readonly_client: httpx.Client) -> None:
    response = reader_readonly_client.get("/api/v1/orders/ord_does_not_exist/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_stats_have_the_spec_shape_and_add_up(reader_readonly_client: httpx.Client) -> None:
    response = reader_readonly_client.get("/api/v1/orders/stats/")

    assert response.status_code == 200
    stats = response.json()
    assert_stats(stats)
    OrderStats.model_validate(stats)
    assert stats["total"] == stats["awaiting_shipment"] + stats["shipped"] + stats["completed"]
    orders = all_orders(reader_readonly_client)
    for status in ("awaiting_shipment", "shipped", "completed"):
        assert stats[status] == sum(1 for order in orders if order["status"] == status)
    assert Decimal(stats["total_net"]) == (
        Decimal(stats["total_revenue"]) - Decimal(stats["total_fees"]) - Decimal(stats["total_shipping"])
    )


def test_carrier_choices_are_value_label_pairs(reader_readonly_client: httpx.Client) -> None:
    choices = reader_readonly_client.get("/api/v1/inventory/choices/shipment-carriers/").json()

    assert {"value": "ups", "label": "UPS"} in choices
    assert {"usps", "fedex", "dhl", "royal_mail", "deutsche_post", "canada_post", "other"} <= {c["value"] for c in choices}
    assert all(list(choice) == ["value", "label"] for choice in choices)


def test_openapi_and_docs_are_served_without_a_token(reader_readonly_server) -> None:
    with reader_readonly_server.anonymous() as client:
        schema = client.get("/openapi.json").json()
        assert client.get("/docs").status_code == 200
    list_op = schema["paths"]["/api/v1/orders/"]["get"]
    assert {p["name"] for p in list_op["parameters"]} == {"search", "status", "platform", "ordering", "page", "page_size"}
    assert list_op["responses"]["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/OrderPage"}
    assert "/api/v1/inventory/{uid}/order/ship/" in schema["paths"]
    assert {"put", "patch"} <= set(schema["paths"]["/api/v1/inventory/{uid}/order/"])


query_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    params=st.dictionaries(
        st.sampled_from(["search", "status", "platform", "ordering", "page", "page_size"]),
        st.one_of(query_text, st.integers(-5, 10**20).map(str)),
    )
)
def test_no_query_makes_the_server_fail(reader_readonly_client: httpx.Client, params: dict[str, str]) -> None:
    response = reader_readonly_client.get("/api/v1/orders/", params=params)

    assert response.status_code in (200, 400, 404), (params, response.text)
    assert "detail" in response.json() or "results" in response.json()
