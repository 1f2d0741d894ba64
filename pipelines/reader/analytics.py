"""The analytics and activity payloads, from the marts' rows.

Every count of orders here counts the API's orders, i.e. order lines (the ``items`` columns of
the sales marts), the unit of ``/orders/`` and ``/orders/stats/``: the sales series over all
time adds up to the stats' ``total``. Revenue is the home-currency ``sale_price`` of
revenue-bearing orders (completed, shipped, awaiting shipment). Money in analytics payloads is a
JSON number, as the spec shows it (``489.50``); it travels as a Decimal and is written as that
exact number token (:mod:`pipelines.reader.responses`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pipelines.reader import marts
from pipelines.reader.periods import Window, buckets
from pipelines.reader.snapshot import Reading

# marts.activity_events.event_type, in the order payloads list them.
EVENT_TYPES = (
    "item_added",
    "listing_created",
    "item_sold",
    "order_shipped",
    "order_cancelled",
    "order_refunded",
    "import_completed",
)
# marts.inventory_by_status.status -> the spec's by_status key.
STATUS_KEYS = {"ready_to_sell": "ready-to-sell", "listed": "listed", "sold": "sold"}
FUNNEL_STAGES = ("draft", "ready_to_sell", "listed", "sold")


def _window_params(window: Window) -> dict[str, Any]:
    return {"start": window.start, "end": window.end}


def sales(reading: Reading, window: Window, period: str) -> dict[str, Any]:
    """``GET /analytics/sales/``: one point per bucket of the window, zeros included."""
    rows = marts.records(reading.cursor, "reader_analytics_sales", {**_window_params(window), "period": period})
    by_bucket = {row["bucket"]: row for row in rows}
    data = []
    for start in buckets(window, period):
        row = by_bucket.get(start)
        orders = row["orders"] if row else 0
        data.append({"date": start.isoformat(), "value": orders, "revenue": marts.money(row["revenue"] if row else None), "orders": orders})
    return {
        "data": data,
        "total": sum(point["orders"] for point in data),
        "period": period,
        "granularity": "day",
        "total_revenue": marts.money(sum((point["revenue"] for point in data), Decimal(0))),
    }


def platforms(reading: Reading, window: Window) -> dict[str, Any]:
    """``GET /analytics/platforms/``: platforms with a sale in the window, best revenue first."""
    rows = marts.records(reading.cursor, "reader_analytics_platforms", _window_params(window))
    data = [
        {"platform": row["platform"], "platform_name": row["platform_name"], "count": row["count"], "revenue": marts.money(row["revenue"])}
        for row in rows
    ]
    return {
        "data": data,
        "platforms": [{"name": item["platform_name"], "value": item["count"]} for item in data],
        "total_count": sum(item["count"] for item in data),
        "total_revenue": marts.money(sum((item["revenue"] for item in data), Decimal(0))),
    }


def funnel(reading: Reading) -> dict[str, Any]:
    """``GET /analytics/funnel/``: items per lifecycle stage, every stage present."""
    counts = {row["stage"]: row["count"] for row in marts.records(reading.cursor, "reader_analytics_funnel")}
    stages = list(FUNNEL_STAGES) + [stage for stage in counts if stage not in FUNNEL_STAGES]
    payload: dict[str, Any] = {stage: counts.get(stage, 0) for stage in stages}
    payload["total"] = sum(counts.values())
    payload["stages"] = [{"stage": stage, "count": counts.get(stage, 0)} for stage in stages]
    return payload


def _revenue_block(revenue: Decimal, orders: int) -> dict[str, Any]:
    return {
        "total_revenue": marts.money(revenue),
        "average_order_value": marts.divide(revenue, orders),
        "total_orders": orders,
    }


def revenue(reading: Reading, window: Window) -> dict[str, Any]:
    """``GET /analytics/revenue/``: the window's totals and the same for the window before it."""
    previous = window.previous()
    row = marts.one(
        reading.cursor,
        "reader_analytics_revenue",
        {**_window_params(window), "previous_start": previous.start, "previous_end": previous.end},
    ) or {"total_revenue": 0, "total_orders": 0, "previous_revenue": 0, "previous_orders": 0}
    payload = _revenue_block(row["total_revenue"], row["total_orders"])
    payload["previous_period"] = _revenue_block(row["previous_revenue"], row["previous_orders"])
    return payload


def inventory(reading: Reading) -> dict[str, Any]:
    """``GET /analytics/inventory/``: valued items (ready to sell, listed, sold) and their value."""
    totals = marts.one(reading.cursor, "reader_analytics_inventory_totals") or {}
    rows = marts.records(reading.cursor, "reader_analytics_inventory_by_status")
    return {
        "total_items": totals.get("total_items") or 0,
        "total_value": marts.money(totals.get("total_value")),
        "average_item_value": marts.money(totals.get("average_item_value")),
        "by_status": {
            STATUS_KEYS.get(row["status"], row["status"].replace("_", "-")): {"count": row["count"], "value": marts.money(row["value"])}
            for row in rows
        },
    }


def top_categories(reading: Reading, window: Window, limit: int) -> dict[str, Any]:
    """``GET /analytics/categories/top/``: the ``limit`` best categories by revenue in the window."""
    rows = marts.records(reading.cursor, "reader_analytics_top_categories", {**_window_params(window), "limit": limit})
    return {"categories": [{"name": row["name"], "count": row["count"], "revenue": marts.money(row["revenue"])} for row in rows]}


def _types(present: list[str], event_type: str | None) -> list[str]:
    if event_type is not None:
        return [event_type]
    return list(EVENT_TYPES) + sorted({name for name in present if name not in EVENT_TYPES})


def activity(reading: Reading, window: Window, event_type: str | None) -> dict[str, Any]:
    """``GET /analytics/activity/``: events per day of the window, split by type, zeros included."""
    rows = marts.records(reading.cursor, "reader_analytics_activity", {**_window_params(window), "event_type": event_type})
    types = _types([row["event_type"] for row in rows], event_type)
    counts: dict[date, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["event_date"], {})[row["event_type"]] = row["count"]
    data = []
    for day in window.dates():
        by_type = {name: counts.get(day, {}).get(name, 0) for name in types}
        data.append({"date": day.isoformat(), "value": sum(by_type.values()), "by_type": by_type})
    return {
        "data": data,
        "total": sum(point["value"] for point in data),
        "by_type": {name: sum(point["by_type"][name] for point in data) for name in types},
        "days": window.days,
        "start_date": window.start.isoformat(),
        "end_date": window.end.isoformat(),
        "event_type": event_type,
    }


def heatmap(reading: Reading, window: Window | None, event_type: str | None) -> dict[str, Any]:
    """``GET /analytics/activity/heatmap/``: all 168 weekday x hour cells, zeros included.

    All time and every type come straight from ``marts.activity_heatmap``; a window or a type
    counts ``marts.activity_events`` instead.
    """
    if window is None and event_type is None:
        rows = marts.records(reading.cursor, "reader_analytics_heatmap")
    else:
        params = {
            "start": window.start if window else None,
            "end": window.end if window else None,
            "event_type": event_type,
        }
        rows = marts.records(reading.cursor, "reader_analytics_heatmap_window", params)
    values = {(row["weekday"], row["hour"]): row["value"] for row in rows}
    data = [{"weekday": weekday, "hour": hour, "value": values.get((weekday, hour), 0)} for weekday in range(7) for hour in range(24)]
    return {
        "data": data,
        "max": max(cell["value"] for cell in data),
        "total": sum(cell["value"] for cell in data),
        "days": window.days if window else None,
        "event_type": event_type,
    }


def recent(reading: Reading, limit: int, event_type: str | None) -> dict[str, Any]:
    """``GET /activity/recent/``: the latest events, newest first."""
    rows = marts.records(reading.cursor, "reader_activity_recent", {"limit": limit, "event_type": event_type})
    results = [
        {
            "uid": row["event_id"],
            "event_type": row["event_type"],
            "occurred_at": row["occurred_at"],
            "date": row["date"],
            "subject_type": row["subject_type"],
            "subject_uid": row["subject_uid"],
            "inventory_uid": row["inventory_uid"],
            "platform": row["platform"],
            "title": row["title"],
            "amount": row["amount"],
        }
        for row in rows
    ]
    return {"count": len(results), "results": results}


STATS_WINDOWS = ("today", "last_7_days", "last_30_days", "total")


def stats(reading: Reading, today: date) -> dict[str, Any]:
    """``GET /activity/stats/``: events per type today, over 7 and 30 days, and all time."""
    rows = marts.records(reading.cursor, "reader_activity_stats", {"today": today})
    by_name = {row["event_type"]: row for row in rows}
    types = _types(list(by_name), None)
    by_type = {name: {key: (by_name[name][key] if name in by_name else 0) for key in STATS_WINDOWS} for name in types}
    payload: dict[str, Any] = {"date": today.isoformat()}
    payload.update({key: sum(counts[key] for counts in by_type.values()) for key in STATS_WINDOWS})
    payload["by_type"] = by_type
    return payload
