"""GET /api/v1/analytics/... and /api/v1/activity/... against a live server on loopback.

Every figure is recomputed here in Python, with Decimal, from the snapshot's own rows (orders,
inventory items, activity events), not from the aggregate marts the endpoints read, and the
server's "today" is pinned just after the snapshot's latest event.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal

import httpx
import pytest
from reader_fixtures import (  # noqa: F401
    InsightsServer,
    exact_json,
    half_up,
    is_integer,
    is_number,
    reader_insights_client,
    reader_insights_server,
)

from pipelines.reader.analytics_schemas import (
    ActivitySeries,
    ActivityStats,
    Funnel,
    Heatmap,
    InventoryMetrics,
    PlatformBreakdown,
    RecentActivity,
    RevenueSummary,
    SalesSeries,
    TopCategories,
)

EVENT_TYPES = ["item_added", "listing_created", "item_sold", "order_shipped", "order_cancelled", "order_refunded", "import_completed"]


def _get(client: httpx.Client, path: str, **params: object) -> dict:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return exact_json(response)


def _window(server: InsightsServer, days: int) -> tuple[date, date]:
    return server.today - timedelta(days=days - 1), server.today


def _revenue_orders(server: InsightsServer) -> list[dict]:
    return server.snapshot.rows(
        "select order_uid, platform, platform_name, category, sold_date, sale_price_home from marts.orders where is_revenue"
    )


def _amount(value: Decimal | None) -> Decimal:
    return Decimal(0) if value is None else Decimal(value)


def _bucket(day: date, period: str) -> date:
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return day


def _expected_sales(server: InsightsServer, period: str, days: int) -> list[tuple[str, int, Decimal]]:
    """(bucket's first day, orders, revenue) for every bucket the range touches, oldest first."""
    start, end = _window(server, days)
    counts: Counter = Counter()
    revenue: defaultdict = defaultdict(Decimal)
    for order in _revenue_orders(server):
        if start <= order["sold_date"] <= end:
            counts[_bucket(order["sold_date"], period)] += 1
            revenue[_bucket(order["sold_date"], period)] += _amount(order["sale_price_home"])
    keys = sorted({_bucket(start + timedelta(days=offset), period) for offset in range(days)})
    return [(key.isoformat(), counts[key], revenue[key]) for key in keys]


def test_sales_have_the_spec_shape_and_types(reader_insights_client: httpx.Client) -> None:
    response = reader_insights_client.get("/api/v1/analytics/sales/", params={"period": "week", "days": 90})
    payload = exact_json(response)

    assert list(payload) == ["data", "total", "period", "granularity", "total_revenue"]
    assert payload["period"] == "week" and payload["granularity"] == "day"
    assert is_integer(payload["total"]) and is_number(payload["total_revenue"])
    for point in payload["data"]:
        assert list(point) == ["date", "value", "revenue", "orders"]
        assert is_integer(point["value"]) and is_integer(point["orders"]) and point["value"] == point["orders"]
        assert isinstance(point["revenue"], Decimal) and point["revenue"] == point["revenue"].quantize(Decimal("0.01"))
        assert date.fromisoformat(point["date"]).weekday() == 0
    assert '"revenue":' in response.text and '"revenue":"' not in response.text
    SalesSeries.model_validate(response.json())


@pytest.mark.parametrize(("period", "days"), [("day", 30), ("day", 1), ("week", 90), ("month", 365), ("week", 7), ("month", 45)])
def test_sales_match_the_orders_recomputed_per_bucket(
    reader_insights_server: InsightsServer, reader_insights_client: httpx.Client, period: str, days: int
) -> None:
    payload = _get(reader_insights_client, "/api/v1/analytics/sales/", period=period, days=days)
    expected = _expected_sales(reader_insights_server, period, days)

    assert [(p["date"], p["orders"], p["revenue"]) for p in payload["data"]] == expected
    assert payload["total"] == sum(count for _, count, _ in expected)
    assert payload["total_revenue"] == sum((amount for _, _, amount in expected), Decimal(0))


def test_sales_default_to_30_days_by_day_with_empty_days_as_zeros(
    reader_insights_server: InsightsServer, reader_insights_client: httpx.Client
) -> None:
    payload = _get(reader_insights_client, "/api/v1/analytics/sales/")

    start, _ = _window(reader_insights_server, 30)
    sold_days = {o["sold_date"] for o in _revenue_orders(reader_insights_server)}

    assert payload["period"] == "day"
    assert [point["date"] for point in payload["data"]] == [(start + timedelta(days=n)).isoformat() for n in range(30)]
    assert payload["data"][-1]["date"] == reader_insights_server.today.isoformat()
    for point in payload["data"]:
        if date.fromisoformat(point["date"]) not in sold_days:
            assert (point["value"], point["orders"], point["revenue"]) == (0, 0, 0)


def test_sales_buckets_use_the_sellers_local_date(reader_insights_server: InsightsServer, reader_insights_client: httpx.Client) -> None:
    """A sale at 03:30 UTC on Feb 1 is Jan 31 in New York: January's and that week's."""
    late = [o for o in _revenue_orders(reader_insights_server) if o["order_uid"] == "ord_b1c2d3e4f5a6"]
    if not late:
        pytest.skip("fixture-specific order")
    days = (reader_insights_server.today - date(2026, 1, 1)).days + 1
    months = {p["date"]: p for p in _get(reader_insights_client, "/api/v1/analytics/sales/", period="month", days=days)["data"]}
    daily = {p["date"]: p for p in _get(reader_insights_client, "/api/v1/analytics/sales/", period="day", days=days)["data"]}

    assert daily["2026-01-31"]["orders"] >= 1 and daily["2026-02-01"]["orders"] == 0
    assert months["2026-01-01"]["revenue"] >= Decimal("22.00")


def test_sales_over_the_whole_history_reconcile_with_order_stats(
    reader_insights_server: InsightsServer, reader_insights_client: httpx.Client
) -> None:
    orders = _revenue_orders(reader_insights_server)
    if min(order["sold_date"] for order in orders) < reader_insights_server.today - timedelta(days=364):
        pytest.skip("the snapshot's history is longer than the longest range")
    sales = _get(reader_insights_client, "/api/v1/analytics/sales/", days=365, period="month")
    stats = _get(reader_insights_client, "/api/v1/orders/stats/")

    assert sales["total"] == stats["total"]
    assert sales["total_revenue"] == Decimal(stats["total_revenue"])


def test_platforms_match_the_orders(reader_insights_server: InsightsServer, reader_insights_client: httpx.Client) -> None:
    response = reader_insights_client.get("/api/v1/analytics/platforms/", params={"days": 60})
    payload = exact_json(response)
    start, end = _window(reader_insights_server, 60)
    counts: Counter = Counter()
    revenue: defaultdict = defaultdict(Decimal)
    names = {}
    for order in _revenue_orders(reader_insights_server):
        if start <= order["sold_date"] <= end:
            counts[order["platform"]] += 1
            revenue[order["platform"]] += _amount(order["sale_price_home"])
            names[order["platform"]] = order["platform_name"]
    expected = sorted(counts, key=lambda name: (-revenue[name], -counts[name], name))

    assert list(payload) == ["data", "platforms", "total_count", "total_revenue"]
    assert [list(item) for item in payload["data"]] == [["platform", "platform_name", "count", "revenue"]] * len(expected)
    assert [(i["platform"], i["platform_name"], i["count"], i["revenue"]) for i in payload["data"]] == [
        (name, names[name], counts[name], revenue[name]) for name in expected
    ]
    assert payload["platforms"] == [{"name": names[name], "value": counts[name]} for name in expected]
    assert payload["total_count"] == sum(counts.values())
    assert payload["total_revenue"] == sum(revenue.values(), Decimal(0))
    PlatformBreakdown.model_validate(response.json())


def test_funnel_counts_every_item_by_stage(reader_insights_server: InsightsServer, reader_insights_client: httpx.Client) -> None:
    response = reader_insights_client.get("/api/v1/analytics/funnel/")
    payload = response.json()
    statuses = Counter(row["status"] for row in reader_insights_server.snapshot.table("marts.inventory_items"))

    assert list(payload) == ["draft", "ready_to_sell", "listed", "sold", "total", "stages"]
    assert payload["stages"] == [{"stage": s, "count": statuses[s]} for s in ("draft", "ready_to_sell", "listed", "sold")]
    assert {s: payload[s] for s in ("draft", "ready_to_sell", "listed", "sold")} == {s: statuses[s] for s in ("draft", "ready_to_sell", "listed", "sold")}
    assert payload["total"] == sum(statuses.values())
    Funnel.model_validate(payload)


@pytest.mark.parametrize("days", [1, 7, 30, 45, 365])
def test_revenue_compares_with_the_period_just_before(
    reader_insights_server: InsightsServer, reader_insights_client: httpx.Client, days: int
) -> None:
    response = reader_insights_client.get("/api/v1/analytics/revenue/", params={"days": days})
    payload = exact_json(response)
    start, end = _window(reader_insights_server, days)
    previous_start, previous_end = start - timedelta(days=days), start - timedelta(days=1)

    def figures(first: date, last: date) -> dict:
        rows = [o for o in _revenue_orders(reader_insights_server) if first <= o["sold_date"] <= last]
        total = sum((_amount(o["sale_price_home"]) for o in rows), Decimal(0))
        return {"total_revenue": total, "average_order_value": half_up(total, len(rows)), "total_orders": len(rows)}

    assert list(payload) == ["total_revenue", "average_order_value", "total_orders", "previous_period"]
    assert payload["previous_period"] == figures(previous_start, previous_end)
    assert {k: v for k, v in payload.items() if k != "previous_period"} == figures(start, end)
    assert all(is_number(value) for value in payload["previous_period"].values())
    RevenueSummary.model_validate(response.json())


def test_average_order_value_is_zero_without_orders(reader_insights_client: httpx.Client) -> None:
    payload = exact_json(reader_insights_client.get("/api/v1/analytics/revenue/", params={"days": 365}))
    previous = payload["previous_period"]

    if previous["total_orders"]:
        pytest.skip("the snapshot has sales in the year before the last")
    assert previous == {"total_revenue": 0, "average_order_value": 0, "total_orders": 0}


def test_inventory_metrics_match_the_items(reader_insights_server: InsightsServer, reader_insights_client: httpx.Client) -> None:
    response = reader_insights_client.get("/api/v1/analytics/inventory/")
    payload = exact_json(response)
    valued = [i for i in reader_insights_server.snapshot.table("marts.inventory_items") if i["status"] in ("ready_to_sell", "listed", "sold")]
    total = sum((_amount(i["value_home"]) for i in valued), Decimal(0))

    assert list(payload) == ["total_items", "total_value", "average_item_value", "by_status"]
    assert payload["total_items"] == len(valued)
    assert payload["total_value"] == total
    assert payload["average_item_value"] == half_up(total, len(valued))
    assert list(payload["by_status"]) == ["ready-to-sell", "listed", "sold"]
    for key, status in (("ready-to-sell", "ready_to_sell"), ("listed", "listed"), ("sold", "sold")):
        items = [i for i in valued if i["status"] == status]
        assert payload["by_status"][key] == {"count": len(items), "value": sum((_amount(i["value_home"]) for i in items), Decimal(0))}
    InventoryMetrics.model_validate(response.json())


@pytest.mark.parametrize(("days", "limit"), [(30, 10), (365, 1), (365, 50), (90, 2)])
def test_top_categories_rank_by_revenue(
    reader_insights_server: InsightsServer, reader_insights_client: httpx.Client, days: int, limit: int
) -> None:
    response = reader_insights_client.get("/api/v1/analytics/categories/top/", params={"days": days, "limit": limit})
    payload = exact_json(response)
    start, end = _window(reader_insights_server, days)
    counts: Counter = Counter()
    revenue: defaultdict = defaultdict(Decimal)
    for order in _revenue_orders(reader_insights_server):
        if start <= order["sold_date"] <= end:
            name = order["category"] or "Uncategorized"
            counts[name] += 1
            revenue[name] += _amount(order["sale_price_home"])
    ranked = sorted(counts, key=lambda name: (-revenue[name], -counts[name], name))[:limit]

    assert list(payload) == ["categories"]
    assert payload["categories"] == [{"name": name, "count": counts[name], "revenue": revenue[name]} for name in ranked]
    TopCategories.model_validate(response.json())


def _events(server: InsightsServer) -> list[dict]:
    return server.snapshot.table("marts.activity_events")


@pytest.mark.parametrize(("days", "event_type"), [(30, None), (7, None), (90, "item_sold"), (1, None), (365, "order_shipped")])
def test_activity_series_counts_events_per_day_and_type(
    reader_insights_server: InsightsServer, reader_insights_client: httpx.Client, days: int, event_type: str | None
) -> None:
    params = {"days": days, **({"event_type": event_type} if event_type else {})}
    response = reader_insights_client.get("/api/v1/analytics/activity/", params=params)
    payload = response.json()
    start, end = _window(reader_insights_server, days)
    types = [event_type] if event_type else EVENT_TYPES
    counts = Counter(
        (e["event_date"], e["event_type"]) for e in _events(reader_insights_server) if start <= e["event_date"] <= end and e["event_type"] in types
    )

    assert list(payload) == ["data", "total", "by_type", "days", "start_date", "end_date", "event_type"]
    assert (payload["days"], payload["start_date"], payload["end_date"], payload["event_type"]) == (days, start.isoformat(), end.isoformat(), event_type)
    assert len(payload["data"]) == days
    for offset, point in enumerate(payload["data"]):
        day = start + timedelta(days=offset)
        assert point == {
            "date": day.isoformat(),
            "value": sum(counts[(day, name)] for name in types),
            "by_type": {name: counts[(day, name)] for name in types},
        }
    assert payload["total"] == sum(counts.values())
    assert payload["by_type"] == {name: sum(n for (_, t), n in counts.items() if t == name) for name in types}
    ActivitySeries.model_validate(payload)


@pytest.mark.parametrize(("days", "event_type"), [(None, None), (None, "item_sold"), (30, None), (7, "item_added")])
def test_heatmap_has_every_weekday_hour_cell(
    reader_insights_server: InsightsServer, reader_insights_client: httpx.Client, days: int | None, event_type: str | None
) -> None:
    params = {k: v for k, v in {"days": days, "event_type": event_type}.items() if v is not None}
    response = reader_insights_client.get("/api/v1/analytics/activity/heatmap/", params=params)
    payload = response.json()
    start = reader_insights_server.today - timedelta(days=days - 1) if days else date.min
    counts = Counter(
        (e["event_weekday"], e["event_hour"])
        for e in _events(reader_insights_server)
        if (event_type is None or e["event_type"] == event_type) and (days is None or start <= e["event_date"] <= reader_insights_server.today)
    )

    assert list(payload) == ["data", "max", "total", "days", "event_type"]
    assert [(c["weekday"], c["hour"]) for c in payload["data"]] == [(w, h) for w in range(7) for h in range(24)]
    assert all(list(cell) == ["weekday", "hour", "value"] for cell in payload["data"])
    assert {(c["weekday"], c["hour"]): c["value"] for c in payload["data"] if c["value"]} == dict(counts)
    assert payload["max"] == max(counts.values(), default=0)
    assert payload["total"] == sum(counts.values())
    assert (payload["days"], payload["event_type"]) == (days, event_type)
    Heatmap.model_validate(payload)


def test_heatmap_weekday_and_hour_are_the_sellers_local_time(reader_insights_server: InsightsServer, reader_insights_client: httpx.Client) -> None:
    """The Sunday-night sale (Monday 04:30 UTC) is a Sunday 23:00 sale in New York."""
    sale = [e for e in _events(reader_insights_server) if e["subject_uid"] == "ord_a6b7c8d9e0f1" and e["event_type"] == "item_sold"]
    if not sale:
        pytest.skip("fixture-specific order")
    cells = reader_insights_client.get("/api/v1/analytics/activity/heatmap/", params={"event_type": "item_sold"}).json()["data"]

    assert next(c for c in cells if (c["weekday"], c["hour"]) == (6, 23))["value"] >= 1


@pytest.mark.parametrize(("limit", "event_type"), [(20, None), (1, None), (100, None), (5, "item_sold")])
def test_recent_activity_is_newest_first(
    reader_insights_server: InsightsServer, reader_insights_client: httpx.Client, limit: int, event_type: str | None
) -> None:
    params = {"limit": limit, **({"event_type": event_type} if event_type else {})}
    response = reader_insights_client.get("/api/v1/activity/recent/", params=params)
    payload = response.json()
    events = [e for e in _events(reader_insights_server) if event_type is None or e["event_type"] == event_type]
    events.sort(key=lambda e: (e["event_at"], e["event_id"]), reverse=True)
    expected = events[:limit]

    assert list(payload) == ["count", "results"]
    assert payload["count"] == len(expected) == len(payload["results"])
    assert [r["uid"] for r in payload["results"]] == [e["event_id"] for e in expected]
    for result, event in zip(payload["results"], expected, strict=True):
        assert list(result) == [
            "uid", "event_type", "occurred_at", "date", "subject_type", "subject_uid", "inventory_uid", "platform", "title", "amount",
        ]  # fmt: skip
        assert result["occurred_at"] == event["event_at"].strftime("%Y-%m-%dT%H:%M:%SZ")
        assert result["date"] == event["event_date"].isoformat()
        assert result["amount"] == (None if event["amount_home"] is None else f"{event['amount_home']:.2f}")
        assert (result["event_type"], result["subject_uid"], result["title"]) == (event["event_type"], event["subject_uid"], event["title"])
    RecentActivity.model_validate(payload)


def test_recent_activity_defaults_to_20(reader_insights_server: InsightsServer, reader_insights_client: httpx.Client) -> None:
    assert reader_insights_client.get("/api/v1/activity/recent/").json()["count"] == min(20, len(_events(reader_insights_server)))


def test_activity_stats_count_today_7_and_30_days(reader_insights_server: InsightsServer, reader_insights_client: httpx.Client) -> None:
    response = reader_insights_client.get("/api/v1/activity/stats/")
    payload = response.json()
    today = reader_insights_server.today

    def window(event: dict, days: int) -> bool:
        return today - timedelta(days=days - 1) <= event["event_date"] <= today

    expected = {
        name: {
            "today": sum(1 for e in _events(reader_insights_server) if e["event_type"] == name and e["event_date"] == today),
            "last_7_days": sum(1 for e in _events(reader_insights_server) if e["event_type"] == name and window(e, 7)),
            "last_30_days": sum(1 for e in _events(reader_insights_server) if e["event_type"] == name and window(e, 30)),
            "total": sum(1 for e in _events(reader_insights_server) if e["event_type"] == name),
        }
        for name in EVENT_TYPES
    }

    assert list(payload) == ["date", "today", "last_7_days", "last_30_days", "total", "by_type"]
    assert payload["date"] == today.isoformat()
    assert payload["by_type"] == expected
    for key in ("today", "last_7_days", "last_30_days", "total"):
        assert payload[key] == sum(counts[key] for counts in expected.values())
    assert payload["today"] > 0
    ActivityStats.model_validate(payload)
