"""The report payloads: built once as a dict, then sent as JSON or rendered as a PDF from that dict.

Money in reports is the spec's decimal string (``"4200.00"``, home currency); ratios and ages are
numbers (``profit_margin: 0.436``, ``average_age_days: 42.5``), exact Decimals written as number
tokens. Every report carries ``metadata`` (type, when, which snapshot, currency, date range) so a
downloaded file says what it is.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pipelines.reader import marts
from pipelines.reader.marts import money_text, optional_money_text
from pipelines.reader.periods import Window, add_months, buckets
from pipelines.reader.snapshot import Reading

TOP_ITEMS = 10
STOCK_STATUSES = ("ready_to_sell", "listed")
STATUS_ORDER = ("draft", "ready_to_sell", "listed", "sold")
# The longest profit & loss range: its monthly breakdown lists every month of it.
MAX_RANGE_DAYS = 3660

_DATES = [
    {"name": "start_date", "type": "date", "required": False, "description": "First day, YYYY-MM-DD (inclusive)"},
    {"name": "end_date", "type": "date", "required": False, "description": "Last day, YYYY-MM-DD (inclusive)"},
]
_FORMAT = {"name": "format", "type": "string", "required": False, "default": "json", "enum": ["json", "pdf"], "description": "json or pdf"}

REPORTS: list[dict[str, Any]] = [
    {
        "type": "inventory-summary",
        "name": "Inventory summary",
        "description": "Items per lifecycle stage and the financials of stock on hand (ready to sell, listed).",
        "path": "/api/v1/reports/inventory-summary/",
        "parameters": [
            {**_DATES[0], "description": "Only items created on or after this day (default: no bound)"},
            {**_DATES[1], "description": "Only items created on or before this day (default: no bound)"},
            _FORMAT,
        ],
        "formats": ["json", "pdf"],
    },
    {
        "type": "inventory-valuation",
        "name": "Inventory valuation",
        "description": "Cost, value and unrealized gain of the inventory by status and category, and the most valuable items.",
        "path": "/api/v1/reports/inventory-valuation/",
        "parameters": [
            {"name": "include_sold", "type": "boolean", "required": False, "default": False, "description": "Count sold items too"},
            _FORMAT,
        ],
        "formats": ["json", "pdf"],
    },
    {
        "type": "profit-loss",
        "name": "Profit & loss",
        "description": "Sales, costs, shipping, fees and profit of the items sold in a date range, by month, and the most profitable items.",
        "path": "/api/v1/reports/profit-loss/",
        "parameters": [
            {**_DATES[0], "description": "First sale day (default: the 1st of the month 11 months before end_date: 12 calendar months)"},
            {**_DATES[1], "description": "Last sale day (default: today)"},
            _FORMAT,
        ],
        "formats": ["json", "pdf"],
    },
    {
        "type": "aging",
        "name": "Inventory aging",
        "description": "Stock on hand by days since it was created, in time buckets, and the oldest items.",
        "path": "/api/v1/reports/aging/",
        "parameters": [_FORMAT],
        "formats": ["json", "pdf"],
    },
    {
        "type": "export-csv",
        "name": "Inventory CSV export",
        "description": "Inventory items as CSV, streamed; for large exports use POST /api/v1/exports/inventory/csv/.",
        "path": "/api/v1/reports/export/csv/",
        "parameters": [
            {"name": "status", "type": "string", "required": False, "description": "Inventory statuses, comma-separated (default: all)"},
            {"name": "fields", "type": "string", "required": False, "description": "Columns, comma-separated, in order (see docs/api.md)"},
        ],
        "formats": ["csv"],
    },
]


def _metadata(report_type: str, reading: Reading, generated_at: datetime, start: date | None, end: date | None) -> dict[str, Any]:
    return {
        "report_type": report_type,
        "generated_at": generated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "date_range_start": start.isoformat() if start else None,
        "date_range_end": end.isoformat() if end else None,
        "snapshot_id": reading.info.snapshot_id,
        "currency": reading.info.home_currency,
    }


def restamped(payload: dict[str, Any], generated_at: datetime) -> dict[str, Any]:
    """A kept report payload as of ``generated_at``: a copy with a fresh ``metadata.generated_at``."""
    metadata = {**payload["metadata"], "generated_at": generated_at.strftime("%Y-%m-%dT%H:%M:%SZ")}
    return {**payload, "metadata": metadata}


def _sum(rows: list[dict[str, Any]], key: str) -> Decimal:
    return sum((row[key] for row in rows if row[key] is not None), Decimal(0))


def _ordered_statuses(present: list[str]) -> list[str]:
    return [name for name in STATUS_ORDER if name in present] + sorted(name for name in present if name not in STATUS_ORDER)


def inventory_summary(reading: Reading, generated_at: datetime, start: date | None, end: date | None) -> dict[str, Any]:
    """Items created in the range (default: all) per stage, and the financials of their stock on hand."""
    rows = marts.records(reading.cursor, "reader_report_inventory_by_status", {"start": start, "end": end})
    by_status = {row["status"]: row for row in rows}
    stock = [row for row in rows if row["status"] in STOCK_STATUSES]
    items_with_cost = sum(row["items_with_cost"] for row in stock)
    items_listed = sum(row["items_listed"] for row in stock)
    summary: dict[str, Any] = {"total_items": sum(row["count"] for row in rows)}
    summary.update({name: by_status[name]["count"] if name in by_status else 0 for name in STATUS_ORDER})
    summary["in_stock"] = sum(row["count"] for row in stock)
    return {
        "metadata": _metadata("inventory_summary", reading, generated_at, start, end),
        "summary": summary,
        "financials": {
            "total_purchase_cost": money_text(_sum(stock, "total_cost")),
            "total_listed_value": money_text(_sum(stock, "total_listed_value")),
            "average_purchase_cost": money_text(marts.divide(_sum(stock, "total_cost"), items_with_cost)),
            "average_listed_price": money_text(marts.divide(_sum(stock, "total_listed_value"), items_listed)),
            "potential_profit": money_text(_sum(stock, "potential_profit")),
        },
        "by_status": [
            {
                "status": name,
                "count": by_status.get(name, {}).get("count", 0),
                "total_cost": money_text(by_status.get(name, {}).get("total_cost")),
                "total_value": money_text(by_status.get(name, {}).get("total_value")),
            }
            for name in _ordered_statuses(list(set(STATUS_ORDER) | set(by_status)))
        ],
    }


def _valuation_group(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "count": sum(row["count"] for row in rows),
        "total_cost": money_text(_sum(rows, "total_cost")),
        "total_value": money_text(_sum(rows, "total_value")),
        "unrealized_gain": money_text(_sum(rows, "unrealized_gain")),
    }


def inventory_valuation(reading: Reading, generated_at: datetime, include_sold: bool) -> dict[str, Any]:
    """Valued items (ready to sell, listed; sold too with ``include_sold``) by status and category."""
    rows = marts.records(reading.cursor, "reader_report_valuation_rows", {"include_sold": include_sold})
    top = marts.records(reading.cursor, "reader_report_valuation_top_items", {"include_sold": include_sold, "limit": TOP_ITEMS})
    statuses: dict[str, list[dict[str, Any]]] = defaultdict(list)
    categories: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        statuses[row["status"]].append(row)
        categories[row["category"]].append(row)
    totals = _valuation_group(rows)
    by_category = [{"category": name, **_valuation_group(group)} for name, group in categories.items()]
    by_category.sort(key=lambda item: (-Decimal(item["total_value"]), item["category"]))
    payload = {
        "totals": {
            "item_count": totals["count"],
            "total_cost": totals["total_cost"],
            "total_value": totals["total_value"],
            "unrealized_gain": totals["unrealized_gain"],
        },
        "by_status": [
            {key: value for key, value in {"status": name, **_valuation_group(statuses[name])}.items() if key != "unrealized_gain"}
            for name in _ordered_statuses(list(statuses))
        ],
        "top_items": [
            {
                "uid": item["uid"],
                "title": item["title"],
                "value": optional_money_text(item["value"]),
                "cost": optional_money_text(item["cost"]),
                "status": item["status"],
            }
            for item in top
        ],
        "by_category": by_category,
        "metadata": _metadata("inventory_valuation", reading, generated_at, None, None),
    }
    payload["metadata"]["include_sold"] = include_sold
    return payload


def profit_loss_range(today: date, start: date | None, end: date | None) -> Window:
    """The report's range: default end today, default start the 1st of the month 11 months
    before the end's month (12 calendar months, the current one to date)."""
    end = end or today
    start = start or add_months(end, -11)
    return Window(start, end)


def profit_loss(reading: Reading, generated_at: datetime, window: Window) -> dict[str, Any]:
    """Items sold in the window: summary, the most profitable items and every month's figures."""
    params = {"start": window.start, "end": window.end}
    months = {row["month"]: row for row in marts.records(reading.cursor, "reader_report_profit_loss_monthly", params)}
    top = marts.records(reading.cursor, "reader_report_profit_loss_top", {**params, "limit": TOP_ITEMS})
    rows = list(months.values())
    items_sold = sum(row["count"] for row in rows)
    sales, cost, shipping, fees, profit = (_sum(rows, key) for key in ("sales", "cost", "shipping", "fees", "profit"))
    breakdown = []
    for first_day in buckets(window, "month"):
        label = first_day.strftime("%Y-%m")
        row = months.get(label)
        breakdown.append(
            {
                "month": label,
                "sales": money_text(row["sales"] if row else None),
                "cost": money_text(row["cost"] if row else None),
                "shipping": money_text(row["shipping"] if row else None),
                "profit": money_text(row["profit"] if row else None),
                "count": row["count"] if row else 0,
                "fees": money_text(row["fees"] if row else None),
            }
        )
    return {
        "metadata": _metadata("profit_loss", reading, generated_at, window.start, window.end),
        "summary": {
            "items_sold": items_sold,
            "total_sales": money_text(sales),
            "total_cost": money_text(cost),
            "total_shipping": money_text(shipping),
            "total_profit": money_text(profit),
            "average_profit_per_item": money_text(marts.divide(profit, items_sold)),
            "profit_margin": marts.divide(profit, sales, places="0.001") if sales else Decimal("0.000"),
            "total_fees": money_text(fees),
        },
        "top_profitable": [
            {
                "uid": item["uid"],
                "title": item["title"],
                "sale_price": money_text(item["sale_price"]),
                "cost": money_text(item["cost"]),
                "profit": money_text(item["profit"]),
            }
            for item in top
        ],
        "monthly_breakdown": breakdown,
    }


def aging(reading: Reading, generated_at: datetime) -> dict[str, Any]:
    """Stock on hand by age: summary, buckets (every one, zeros included), the oldest items."""
    summary = marts.one(reading.cursor, "reader_report_aging_summary") or {}
    bucket_rows = marts.records(reading.cursor, "reader_report_aging_buckets")
    oldest = marts.records(reading.cursor, "reader_report_aging_oldest", {"limit": TOP_ITEMS})
    average_age = summary.get("average_age_days")
    return {
        "summary": {
            "total_items": summary.get("total_items") or 0,
            "total_value": money_text(summary.get("total_value")),
            "average_age_days": Decimal(average_age).quantize(Decimal("0.1")) if average_age is not None else Decimal("0.0"),
        },
        "buckets": [
            {
                "bucket": row["bucket"],
                "min_days": row["min_days"],
                "max_days": row["max_days"],
                "count": row["count"],
                "total_value": money_text(row["total_value"]),
                "total_cost": money_text(row["total_cost"]),
            }
            for row in bucket_rows
        ],
        "oldest_items": [
            {
                "uid": item["uid"],
                "title": item["title"],
                "created_at": item["created_at"],
                "age_days": item["age_days"],
                "value": optional_money_text(item["value"]),
                "status": item["status"],
            }
            for item in oldest
        ],
        "metadata": _metadata("aging", reading, generated_at, None, None),
    }
