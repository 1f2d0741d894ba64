"""How the analytics, activity, report and export routes say no, and that nothing makes them fail.

Every bad parameter is a 400 naming it; no token is a 401; no snapshot, or one published before
a mart existed, is a 503; and a property-based test throws arbitrary query strings at every
GET route of the OpenAPI document, asserting no 5xx.
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reader_fixtures import (  # noqa: F401
    InsightsServer,
    ReaderServer,
    publish_snapshot,
    reader_insights_client,
    reader_insights_server,
)

NEW_GET_PATHS = [
    "/api/v1/analytics/sales/",
    "/api/v1/analytics/platforms/",
    "/api/v1/analytics/funnel/",
    "/api/v1/analytics/revenue/",
    "/api/v1/analytics/inventory/",
    "/api/v1/analytics/categories/top/",
    "/api/v1/analytics/activity/",
    "/api/v1/analytics/activity/heatmap/",
    "/api/v1/activity/recent/",
    "/api/v1/activity/stats/",
    "/api/v1/reports/",
    "/api/v1/reports/inventory-summary/",
    "/api/v1/reports/inventory-valuation/",
    "/api/v1/reports/profit-loss/",
    "/api/v1/reports/aging/",
    "/api/v1/reports/export/csv/",
    "/api/v1/exports/",
    "/api/v1/exports/exp_000000000000/",
]
SNAPSHOT_PATHS = [path for path in NEW_GET_PATHS if path not in ("/api/v1/reports/", "/api/v1/exports/", "/api/v1/exports/exp_000000000000/")]

BAD_PARAMETERS = [
    ("/api/v1/analytics/sales/", {"days": 0}, "days"),
    ("/api/v1/analytics/sales/", {"days": 400}, "days"),
    ("/api/v1/analytics/sales/", {"days": 366}, "days"),
    ("/api/v1/analytics/sales/", {"days": "abc"}, "days"),
    ("/api/v1/analytics/sales/", {"days": "3.5"}, "days"),
    ("/api/v1/analytics/sales/", {"period": "hour"}, "period"),
    ("/api/v1/analytics/sales/", {"period": ""}, "period"),
    ("/api/v1/analytics/platforms/", {"days": 0}, "days"),
    ("/api/v1/analytics/platforms/", {"days": "-1"}, "days"),
    ("/api/v1/analytics/revenue/", {"days": 400}, "days"),
    ("/api/v1/analytics/revenue/", {"days": "x"}, "days"),
    ("/api/v1/analytics/categories/top/", {"limit": 0}, "limit"),
    ("/api/v1/analytics/categories/top/", {"limit": 51}, "limit"),
    ("/api/v1/analytics/categories/top/", {"limit": "ten"}, "limit"),
    ("/api/v1/analytics/categories/top/", {"days": 400}, "days"),
    ("/api/v1/analytics/activity/", {"days": 0}, "days"),
    ("/api/v1/analytics/activity/", {"event_type": "sold_item"}, "event_type"),
    ("/api/v1/analytics/activity/heatmap/", {"days": 999}, "days"),
    ("/api/v1/analytics/activity/heatmap/", {"event_type": "nope"}, "event_type"),
    ("/api/v1/activity/recent/", {"limit": 0}, "limit"),
    ("/api/v1/activity/recent/", {"limit": 101}, "limit"),
    ("/api/v1/activity/recent/", {"limit": "all"}, "limit"),
    ("/api/v1/activity/recent/", {"event_type": "everything"}, "event_type"),
    ("/api/v1/reports/inventory-summary/", {"start_date": "2026-02-30"}, "start_date"),
    ("/api/v1/reports/inventory-summary/", {"end_date": "yesterday"}, "end_date"),
    ("/api/v1/reports/inventory-summary/", {"start_date": "2026-02-10", "end_date": "2026-02-01"}, "start_date"),
    ("/api/v1/reports/inventory-summary/", {"format": "xml"}, "format"),
    ("/api/v1/reports/inventory-valuation/", {"include_sold": "maybe"}, "include_sold"),
    ("/api/v1/reports/inventory-valuation/", {"format": "csv"}, "format"),
    ("/api/v1/reports/profit-loss/", {"start_date": "2026-13-01"}, "start_date"),
    ("/api/v1/reports/profit-loss/", {"end_date": "02/14/2026"}, "end_date"),
    ("/api/v1/reports/profit-loss/", {"start_date": "2026-02-10", "end_date": "2026-01-01"}, "start_date"),
    ("/api/v1/reports/profit-loss/", {"start_date": "2099-01-01"}, "start_date"),
    ("/api/v1/reports/profit-loss/", {"start_date": "0001-01-01", "end_date": "9999-12-31"}, "start_date"),
    ("/api/v1/reports/profit-loss/", {"format": "xml"}, "format"),
    ("/api/v1/reports/aging/", {"format": "xml"}, "format"),
    ("/api/v1/reports/aging/", {"format": "PDF "}, "format"),
    ("/api/v1/reports/export/csv/", {"fields": "uid,secret_column"}, "fields"),
    ("/api/v1/reports/export/csv/", {"fields": "uid;title"}, "fields"),
    ("/api/v1/reports/export/csv/", {"status": "shipped"}, "status"),
    ("/api/v1/exports/", {"limit": 0}, "limit"),
    ("/api/v1/exports/", {"limit": 101}, "limit"),
    ("/api/v1/exports/exp_000000000000/", {"download": "perhaps"}, "download"),
]


@pytest.mark.parametrize(("path", "params", "param"), BAD_PARAMETERS)
def test_a_bad_parameter_is_a_400_naming_it(reader_insights_client: httpx.Client, path: str, params: dict, param: str) -> None:
    response = reader_insights_client.get(path, params=params)

    assert response.status_code == 400, response.text
    body = response.json()
    assert list(body["errors"]) == [param]
    assert param in body["detail"]


def test_an_unknown_export_field_is_named_in_the_error(reader_insights_client: httpx.Client) -> None:
    response = reader_insights_client.get("/api/v1/reports/export/csv/", params={"fields": "uid,secret_column"})

    assert "secret_column" in response.json()["errors"]["fields"]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/analytics/sales/", {"days": 1}),
        ("/api/v1/analytics/sales/", {"days": 365, "period": "month"}),
        ("/api/v1/analytics/categories/top/", {"limit": 1}),
        ("/api/v1/analytics/categories/top/", {"limit": 50}),
        ("/api/v1/activity/recent/", {"limit": 1}),
        ("/api/v1/activity/recent/", {"limit": 100}),
        ("/api/v1/analytics/activity/", {"event_type": ""}),
        ("/api/v1/reports/profit-loss/", {"start_date": "2026-02-14", "end_date": "2026-02-14"}),
        ("/api/v1/reports/inventory-valuation/", {"include_sold": "1"}),
        ("/api/v1/reports/export/csv/", {"fields": "", "status": ""}),
        ("/api/v1/reports/profit-loss/", {"end_date": "0001-01-15"}),
        ("/api/v1/reports/profit-loss/", {"start_date": "9999-12-01", "end_date": "9999-12-31"}),
        ("/api/v1/reports/profit-loss/", {"start_date": "9990-01-01", "end_date": "9999-12-31", "format": "pdf"}),
        ("/api/v1/reports/inventory-summary/", {"start_date": "0001-01-01", "end_date": "9999-12-31"}),
    ],
)
def test_bounds_are_inclusive_and_blank_filters_are_ignored(reader_insights_client: httpx.Client, path: str, params: dict) -> None:
    assert reader_insights_client.get(path, params=params).status_code == 200


@pytest.mark.parametrize("path", NEW_GET_PATHS)
def test_every_route_needs_a_token(reader_insights_server: InsightsServer, path: str) -> None:
    with reader_insights_server.anonymous() as client:
        response = client.get(path)
    with reader_insights_server.client(token="tok_not-a-real-token") as client:
        wrong = client.get(path)

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert wrong.status_code == 401


def test_creating_an_export_needs_a_token(reader_insights_server: InsightsServer) -> None:
    with reader_insights_server.anonymous() as client:
        response = client.post("/api/v1/exports/inventory/csv/", json={"fields": "nope"})

    assert response.status_code == 401


def test_without_a_snapshot_every_snapshot_route_is_a_503(reader_server_without_snapshot: ReaderServer) -> None:
    with reader_server_without_snapshot.client() as client:
        for path in SNAPSHOT_PATHS:
            response = client.get(path)
            assert response.status_code == 503, path
            assert response.headers["retry-after"] == "5"
        assert client.get("/api/v1/reports/").status_code == 200
        assert client.get("/api/v1/exports/").status_code == 200


def test_a_snapshot_published_before_the_marts_existed_serves_orders_and_503s_analytics(
    reader_server: ReaderServer, reader_client: httpx.Client, reader_snapshot_template: Path
) -> None:
    dropped = ["sales_daily", "platform_sales_daily", "activity_events", "inventory_items", "profit_loss_items", "inventory_summary"]
    publish_snapshot(
        reader_server.settings,
        reader_snapshot_template,
        "20260215T000000Z-old.duckdb",
        extra_sql="".join(f"drop table marts.{name};" for name in dropped) + "drop table main.snapshot_info;",
    )
    deadline = time.monotonic() + 5
    while reader_client.get("/api/v1/analytics/sales/").status_code != 503 and time.monotonic() < deadline:
        time.sleep(0.05)

    for path in ("/api/v1/analytics/sales/", "/api/v1/analytics/revenue/", "/api/v1/activity/recent/", "/api/v1/reports/aging/", "/api/v1/reports/profit-loss/"):
        response = reader_client.get(path)
        assert response.status_code == 503, path
        assert "materialize" in response.json()["detail"]
    assert reader_client.get("/api/v1/reports/export/csv/").status_code == 503
    assert reader_client.get("/api/v1/orders/").status_code == 200
    assert reader_client.get("/api/v1/analytics/funnel/").status_code == 200


def test_every_route_is_documented_with_its_parameters_and_response(reader_insights_server: InsightsServer) -> None:
    with reader_insights_server.anonymous() as client:
        schema = client.get("/openapi.json").json()
        assert client.get("/docs").status_code == 200

    paths = schema["paths"]
    for path in NEW_GET_PATHS:
        template = "/api/v1/exports/{uid}/" if path.startswith("/api/v1/exports/exp_") else path
        operation = paths[template]["get"]
        assert operation["summary"], path
        assert "200" in operation["responses"] and operation["responses"]["200"]["content"], path
        assert {"400", "401"} <= set(operation["responses"]), path
    expected_parameters = {
        "/api/v1/analytics/sales/": {"period", "days"},
        "/api/v1/analytics/platforms/": {"days"},
        "/api/v1/analytics/revenue/": {"days"},
        "/api/v1/analytics/categories/top/": {"days", "limit"},
        "/api/v1/analytics/activity/": {"days", "event_type"},
        "/api/v1/analytics/activity/heatmap/": {"days", "event_type"},
        "/api/v1/activity/recent/": {"limit", "event_type"},
        "/api/v1/reports/inventory-summary/": {"start_date", "end_date", "format"},
        "/api/v1/reports/inventory-valuation/": {"include_sold", "format"},
        "/api/v1/reports/profit-loss/": {"start_date", "end_date", "format"},
        "/api/v1/reports/aging/": {"format"},
        "/api/v1/reports/export/csv/": {"status", "fields"},
        "/api/v1/exports/{uid}/": {"uid", "download"},
    }
    for path, names in expected_parameters.items():
        assert {p["name"] for p in paths[path]["get"]["parameters"]} == names, path
    sales = paths["/api/v1/analytics/sales/"]["get"]
    assert sales["responses"]["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/SalesSeries"}
    days = next(p for p in sales["parameters"] if p["name"] == "days")["schema"]
    assert (days["minimum"], days["maximum"], days["default"]) == (1, 365, 30)
    assert "application/pdf" in paths["/api/v1/reports/profit-loss/"]["get"]["responses"]["200"]["content"]
    assert "text/csv" in paths["/api/v1/reports/export/csv/"]["get"]["responses"]["200"]["content"]
    create = paths["/api/v1/exports/inventory/csv/"]["post"]
    assert "202" in create["responses"]
    assert create["requestBody"]["content"]["application/json"]["schema"]


def _get_routes(schema: dict) -> list[tuple[str, list[str]]]:
    routes = []
    for path, operations in schema["paths"].items():
        if "get" in operations and path.startswith("/api/v1/"):
            names = [p["name"] for p in operations["get"].get("parameters", []) if p["in"] == "query"]
            routes.append((path, names))
    return routes


_junk = st.text(alphabet=st.characters(codec="utf-8"), max_size=20)
_values = st.one_of(
    _junk,
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(["0", "1", "30", "365", "366", "day", "week", "month", "json", "pdf", "xml", "true", "false",
                     "item_sold", "listed", "ready-to-sell", "uid,title", "2026-02-14", "2026-02-30", "0001-01-01", "0001-01-15",
                     "9999-12-31", "", " ", "-1", "1e9", "NaN"]),
)  # fmt: skip
_path_ids = st.one_of(_junk.filter(lambda text: "/" not in text and text not in ("", ".", "..")), st.just("exp_000000000000"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_no_query_makes_any_get_route_fail(reader_insights_server: InsightsServer, reader_insights_client: httpx.Client, data: st.DataObject) -> None:
    schema = _SCHEMA.setdefault("schema", reader_insights_client.get("/openapi.json").json())
    path, names = data.draw(st.sampled_from(_get_routes(schema)))
    if "{" in path:
        path = path.replace("{uid}", quote(data.draw(_path_ids), safe=""))
    params = data.draw(st.dictionaries(st.sampled_from(names), _values, max_size=len(names))) if names else {}

    response = reader_insights_client.get(path, params=params)

    assert response.status_code < 500, (path, params, response.text[:500])
    assert response.status_code in (200, 400, 404, 409, 410), (path, params, response.status_code)


_SCHEMA: dict = {}
