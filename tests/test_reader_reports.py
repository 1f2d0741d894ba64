"""GET /api/v1/reports/...: the four reports as JSON and PDF, and the streamed CSV export.

Figures are recomputed in Python, with Decimal, from the snapshot's inventory items and profit &
loss lines; PDFs are opened with pypdf; CSV is read back with the csv module.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import httpx
import pypdf
import pytest
from reader_fixtures import (  # noqa: F401
    MONEY,
    TIMESTAMP,
    InsightsServer,
    exact_json,
    half_up,
    is_money,
    reader_insights_client,
    reader_insights_server,
)

from pipelines.reader.report_schemas import (
    AgingReport,
    InventorySummaryReport,
    ProfitLossReport,
    ReportList,
    ValuationReport,
)

METADATA_FIELDS = ["report_type", "generated_at", "date_range_start", "date_range_end", "snapshot_id", "currency"]
STOCK = ("ready_to_sell", "listed")


def _money(value: Decimal | None) -> str:
    return f"{(value or Decimal(0)):.2f}"


def _optional_money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _sum(rows: list[dict], key: str) -> Decimal:
    return sum((row[key] for row in rows if row[key] is not None), Decimal(0))


def _items(server: InsightsServer) -> list[dict]:
    return server.snapshot.table("marts.inventory_items")


def _assert_metadata(metadata: dict, report_type: str, start: str | None, end: str | None) -> None:
    assert list(metadata)[: len(METADATA_FIELDS)] == METADATA_FIELDS
    assert metadata["report_type"] == report_type
    assert TIMESTAMP.match(metadata["generated_at"])
    assert (metadata["date_range_start"], metadata["date_range_end"]) == (start, end)


def test_the_report_list_names_every_report_with_parameters_and_formats(reader_insights_client: httpx.Client) -> None:
    payload = reader_insights_client.get("/api/v1/reports/").json()

    ReportList.model_validate(payload)
    by_type = {report["type"]: report for report in payload["reports"]}
    assert list(by_type) == ["inventory-summary", "inventory-valuation", "profit-loss", "aging", "export-csv"]
    assert [p["name"] for p in by_type["profit-loss"]["parameters"]] == ["start_date", "end_date", "format"]
    assert [p["name"] for p in by_type["inventory-valuation"]["parameters"]] == ["include_sold", "format"]
    assert [p["name"] for p in by_type["export-csv"]["parameters"]] == ["status", "fields"]
    assert by_type["aging"]["formats"] == ["json", "pdf"] and by_type["export-csv"]["formats"] == ["csv"]
    for report in payload["reports"]:
        assert reader_insights_client.get(report["path"]).status_code == 200


def _expected_summary(items: list[dict], start: date | None, end: date | None) -> dict:
    chosen = [i for i in items if (start is None or i["created_date"] >= start) and (end is None or i["created_date"] <= end)]
    stock = [i for i in chosen if i["status"] in STOCK]
    with_cost = [i for i in stock if i["purchase_cost_home"] is not None]
    listed = [i for i in stock if i["listed_price_home"] is not None]
    return {
        "summary": {
            "total_items": len(chosen),
            **{status: sum(1 for i in chosen if i["status"] == status) for status in ("draft", "ready_to_sell", "listed", "sold")},
            "in_stock": len(stock),
        },
        "financials": {
            "total_purchase_cost": _money(_sum(with_cost, "purchase_cost_home")),
            "total_listed_value": _money(_sum(listed, "listed_price_home")),
            "average_purchase_cost": _money(half_up(_sum(with_cost, "purchase_cost_home"), len(with_cost))),
            "average_listed_price": _money(half_up(_sum(listed, "listed_price_home"), len(listed))),
            "potential_profit": _money(sum((i["listed_price_home"] - (i["purchase_cost_home"] or 0) for i in listed), Decimal(0))),
        },
        "by_status": [
            {
                "status": status,
                "count": sum(1 for i in chosen if i["status"] == status),
                "total_cost": _money(_sum([i for i in chosen if i["status"] == status], "purchase_cost_home")),
                "total_value": _money(_sum([i for i in chosen if i["status"] == status], "value_home")),
            }
            for status in ("draft", "ready_to_sell", "listed", "sold")
        ],
    }


@pytest.mark.parametrize(("start", "end"), [(None, None), ("2026-01-01", None), (None, "2025-12-31"), ("2025-12-01", "2026-01-31"), ("2030-01-01", "2030-12-31")])
def test_inventory_summary_financials_match_the_items(
    reader_insights_server: InsightsServer, reader_insights_client: httpx.Client, start: str | None, end: str | None
) -> None:
    params = {k: v for k, v in {"start_date": start, "end_date": end}.items() if v}
    response = reader_insights_client.get("/api/v1/reports/inventory-summary/", params=params)
    payload = response.json()
    expected = _expected_summary(
        _items(reader_insights_server), date.fromisoformat(start) if start else None, date.fromisoformat(end) if end else None
    )

    assert list(payload) == ["metadata", "summary", "financials", "by_status"]
    _assert_metadata(payload["metadata"], "inventory_summary", start, end)
    assert list(payload["financials"]) == [
        "total_purchase_cost", "total_listed_value", "average_purchase_cost", "average_listed_price", "potential_profit",
    ]  # fmt: skip
    assert all(is_money(value, nullable=False) for value in payload["financials"].values())
    assert {k: payload[k] for k in ("summary", "financials", "by_status")} == expected
    InventorySummaryReport.model_validate(payload)


def test_inventory_summary_without_dates_is_the_published_summary(
    reader_insights_server: InsightsServer, reader_insights_client: httpx.Client
) -> None:
    financials = reader_insights_client.get("/api/v1/reports/inventory-summary/").json()["financials"]
    published = reader_insights_server.snapshot.table("marts.inventory_summary")[0]

    assert financials == {name: f"{published[name]:.2f}" for name in financials}


@pytest.mark.parametrize("include_sold", [False, True])
def test_inventory_valuation_matches_the_items(
    reader_insights_server: InsightsServer, reader_insights_client: httpx.Client, include_sold: bool
) -> None:
    response = reader_insights_client.get("/api/v1/reports/inventory-valuation/", params={"include_sold": str(include_sold).lower()})
    payload = response.json()
    statuses = ("ready_to_sell", "listed", "sold") if include_sold else STOCK
    valued = [i for i in _items(reader_insights_server) if i["status"] in statuses]
    top = sorted(valued, key=lambda i: (i["value_home"] is None, -(i["value_home"] or 0), i["inventory_uid"]))[:10]

    assert list(payload)[:3] == ["totals", "by_status", "top_items"]
    assert payload["totals"] == {
        "item_count": len(valued),
        "total_cost": _money(_sum(valued, "purchase_cost_home")),
        "total_value": _money(_sum(valued, "value_home")),
        "unrealized_gain": _money(_sum(valued, "value_home") - _sum(valued, "purchase_cost_home")),
    }
    assert payload["by_status"] == [
        {
            "status": status,
            "count": len(rows),
            "total_cost": _money(_sum(rows, "purchase_cost_home")),
            "total_value": _money(_sum(rows, "value_home")),
        }
        for status in statuses
        if (rows := [i for i in valued if i["status"] == status])
    ]
    assert payload["top_items"] == [
        {
            "uid": i["inventory_uid"],
            "title": i["title"],
            "value": _optional_money(i["value_home"]),
            "cost": _optional_money(i["purchase_cost_home"]),
            "status": i["status"],
        }
        for i in top
    ]
    categories = defaultdict(list)
    for item in valued:
        categories[item["category"] or "Uncategorized"].append(item)
    assert {c["category"]: (c["count"], c["total_value"]) for c in payload["by_category"]} == {
        name: (len(rows), _money(_sum(rows, "value_home"))) for name, rows in categories.items()
    }
    assert payload["metadata"]["include_sold"] is include_sold
    ValuationReport.model_validate(payload)


def _pl_lines(server: InsightsServer, start: date, end: date) -> list[dict]:
    return [row for row in server.snapshot.table("marts.profit_loss_items") if start <= row["sold_date"] <= end]


def _months(start: date, end: date) -> list[str]:
    months = []
    day = start
    while day <= end:
        label = day.strftime("%Y-%m")
        if label not in months:
            months.append(label)
        day += timedelta(days=1)
    return months


@pytest.mark.parametrize(("start", "end"), [(None, None), ("2026-01-01", "2026-01-31"), ("2025-12-15", "2026-02-10"), (None, "2026-01-15"), ("2026-02-01", None)])
def test_profit_loss_matches_the_sold_lines(
    reader_insights_server: InsightsServer, reader_insights_client: httpx.Client, start: str | None, end: str | None
) -> None:
    params = {k: v for k, v in {"start_date": start, "end_date": end}.items() if v}
    response = reader_insights_client.get("/api/v1/reports/profit-loss/", params=params)
    payload = exact_json(response)
    last = date.fromisoformat(end) if end else reader_insights_server.today
    first = date.fromisoformat(start) if start else date(last.year - (1 if last.month < 12 else 0), (last.month % 12) + 1, 1)
    lines = _pl_lines(reader_insights_server, first, last)
    sales, cost, shipping, fees, profit = (_sum(lines, k) for k in ("sale_price_home", "cost_home", "shipping_home", "fees_home", "profit_home"))

    assert list(payload) == ["metadata", "summary", "top_profitable", "monthly_breakdown"]
    _assert_metadata(payload["metadata"], "profit_loss", first.isoformat(), last.isoformat())
    assert payload["summary"] == {
        "items_sold": len(lines),
        "total_sales": _money(sales),
        "total_cost": _money(cost),
        "total_shipping": _money(shipping),
        "total_profit": _money(profit),
        "average_profit_per_item": _money(half_up(profit, len(lines))),
        "profit_margin": half_up(profit, sales, "0.001"),
        "total_fees": _money(fees),
    }
    assert isinstance(payload["summary"]["profit_margin"], Decimal)
    assert profit == sales - cost - shipping - fees
    top = sorted(lines, key=lambda row: (-row["profit_home"], row["order_uid"]))[:10]
    assert payload["top_profitable"] == [
        {"uid": r["inventory_uid"], "title": r["title"], "sale_price": _money(r["sale_price_home"]), "cost": _money(r["cost_home"]), "profit": _money(r["profit_home"])}
        for r in top
    ]
    months = _months(first, last)
    assert [m["month"] for m in payload["monthly_breakdown"]] == months
    for month in payload["monthly_breakdown"]:
        rows = [r for r in lines if r["sold_date"].strftime("%Y-%m") == month["month"]]
        assert list(month) == ["month", "sales", "cost", "shipping", "profit", "count", "fees"]
        assert month == {
            "month": month["month"],
            "sales": _money(_sum(rows, "sale_price_home")),
            "cost": _money(_sum(rows, "cost_home")),
            "shipping": _money(_sum(rows, "shipping_home")),
            "profit": _money(_sum(rows, "profit_home")),
            "count": len(rows),
            "fees": _money(_sum(rows, "fees_home")),
        }
    ProfitLossReport.model_validate(response.json())


def test_profit_loss_by_whole_months_agrees_with_the_monthly_mart(
    reader_insights_server: InsightsServer, reader_insights_client: httpx.Client
) -> None:
    published = {row["month"]: row for row in reader_insights_server.snapshot.table("marts.profit_loss_monthly")}
    first = min(row["month_start"] for row in published.values())
    last_month = max(row["month_start"] for row in published.values())
    last = (last_month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    payload = reader_insights_client.get("/api/v1/reports/profit-loss/", params={"start_date": first.isoformat(), "end_date": last.isoformat()}).json()

    for month in payload["monthly_breakdown"]:
        row = published.get(month["month"])
        if row is None:
            assert month["count"] == 0
            continue
        assert (month["sales"], month["profit"], month["count"]) == (f"{row['sales']:.2f}", f"{row['profit']:.2f}", row["count"])


def test_aging_matches_the_stock(reader_insights_server: InsightsServer, reader_insights_client: httpx.Client) -> None:
    response = reader_insights_client.get("/api/v1/reports/aging/")
    payload = exact_json(response)
    stock = [i for i in _items(reader_insights_server) if i["status"] in STOCK]

    assert list(payload)[:3] == ["summary", "buckets", "oldest_items"]
    assert payload["summary"] == {
        "total_items": len(stock),
        "total_value": _money(_sum(stock, "value_home")),
        "average_age_days": half_up(Decimal(sum(i["age_days"] for i in stock)), len(stock), "0.1"),
    }
    assert [b["bucket"] for b in payload["buckets"]] == ["0-30 days", "31-60 days", "61-90 days", "91-180 days", "181-365 days", "over 365 days"]
    assert payload["buckets"][-1]["max_days"] is None
    for bucket in payload["buckets"]:
        inside = [i for i in stock if i["age_days"] >= bucket["min_days"] and (bucket["max_days"] is None or i["age_days"] <= bucket["max_days"])]
        assert list(bucket) == ["bucket", "min_days", "max_days", "count", "total_value", "total_cost"]
        assert (bucket["count"], bucket["total_value"], bucket["total_cost"]) == (
            len(inside), _money(_sum(inside, "value_home")), _money(_sum(inside, "purchase_cost_home")),
        )  # fmt: skip
    assert sum(b["count"] for b in payload["buckets"]) == len(stock)
    oldest = sorted(stock, key=lambda i: (-i["age_days"], i["created_at"], i["inventory_uid"]))[:10]
    assert payload["oldest_items"] == [
        {
            "uid": i["inventory_uid"],
            "title": i["title"],
            "created_at": i["created_at"].strftime("%Y-%m-%dT%H:%M:%SZ"),
            "age_days": i["age_days"],
            "value": _optional_money(i["value_home"]),
            "status": i["status"],
        }
        for i in oldest
    ]
    AgingReport.model_validate(response.json())


def _pdf(client: httpx.Client, path: str, **params: object) -> tuple[httpx.Response, pypdf.PdfReader, str]:
    response = client.get(path, params={**params, "format": "pdf"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert re.fullmatch(r'attachment; filename="[\w.-]+\.pdf"', response.headers["content-disposition"])
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return response, reader, text


def test_profit_loss_pdf_has_the_title_range_summary_chart_and_tables(reader_insights_client: httpx.Client) -> None:
    params = {"start_date": "2025-12-01", "end_date": "2026-02-14"}
    payload = reader_insights_client.get("/api/v1/reports/profit-loss/", params=params).json()
    response, reader, text = _pdf(reader_insights_client, "/api/v1/reports/profit-loss/", **params)

    assert len(reader.pages) >= 1
    assert reader.metadata.title == "Profit & Loss Report"
    assert "Profit & Loss Report" in text
    assert "2025-12-01 to 2026-02-14" in text
    assert payload["summary"]["total_profit"] in text and payload["summary"]["total_sales"] in text
    assert "Profit by month" in text and "Monthly breakdown" in text
    for month in payload["monthly_breakdown"]:
        assert month["month"] in text and month["profit"] in text
    for item in payload["top_profitable"]:
        assert item["profit"] in text
    assert 'filename="profit-loss-2025-12-01-2026-02-14.pdf"' in response.headers["content-disposition"]


@pytest.mark.parametrize(
    ("path", "title", "figure"),
    [
        ("/api/v1/reports/aging/", "Inventory Aging Report", ("summary", "total_value")),
        ("/api/v1/reports/inventory-valuation/", "Inventory Valuation Report", ("totals", "total_value")),
        ("/api/v1/reports/inventory-summary/", "Inventory Summary Report", ("financials", "total_purchase_cost")),
    ],
)
def test_inventory_pdfs_have_the_title_and_summary(reader_insights_client: httpx.Client, path: str, title: str, figure: tuple[str, str]) -> None:
    payload = reader_insights_client.get(path).json()
    _, reader, text = _pdf(reader_insights_client, path)

    assert len(reader.pages) >= 1
    assert title in text
    assert payload[figure[0]][figure[1]] in text
    assert payload["metadata"]["snapshot_id"] in text


def test_aging_pdf_charts_every_bucket(reader_insights_client: httpx.Client) -> None:
    _, _, text = _pdf(reader_insights_client, "/api/v1/reports/aging/")

    assert "Items in stock by age" in text
    for bucket in ("0-30 days", "31-60 days", "over 365 days"):
        assert bucket in text


def _csv(response: httpx.Response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.text)))


def _export_value(item: dict, field: str) -> str:
    money = {"purchase_cost": "purchase_cost_home", "value": "value_home", "listed_price": "listed_price_home", "sale_price": "sale_price_home"}
    if field in money:
        return "" if item[money[field]] is None else f"{item[money[field]]:.2f}"
    if field == "uid":
        return item["inventory_uid"]
    if field in ("created_at", "sold_at"):
        return "" if item[field] is None else item[field].strftime("%Y-%m-%dT%H:%M:%SZ")
    if field == "is_sold":
        return "true" if item["is_sold"] else "false"
    return "" if item[field] is None else str(item[field])


def test_csv_export_has_the_chosen_fields_in_order_and_every_matching_item(
    reader_insights_server: InsightsServer, reader_insights_client: httpx.Client
) -> None:
    fields = ["title", "uid", "value", "status", "age_days", "created_at", "is_sold", "purchase_cost"]
    rows = _csv(reader_insights_client.get("/api/v1/reports/export/csv/", params={"fields": ",".join(fields), "status": "listed,ready-to-sell"}))
    items = sorted(
        (i for i in _items(reader_insights_server) if i["status"] in STOCK), key=lambda i: (i["created_at"], i["inventory_uid"])
    )

    assert rows[0] == fields
    assert rows[1:] == [[_export_value(item, field) for field in fields] for item in items]
    assert all(MONEY.match(row[2]) for row in rows[1:])


def test_csv_export_defaults_to_every_item_and_the_standard_fields(
    reader_insights_server: InsightsServer, reader_insights_client: httpx.Client
) -> None:
    rows = _csv(reader_insights_client.get("/api/v1/reports/export/csv/"))
    items = _items(reader_insights_server)

    assert rows[0] == ["uid", "sku", "title", "category", "condition", "status", "purchase_cost", "value", "listed_price", "created_at", "age_days"]
    assert sorted(row[0] for row in rows[1:]) == sorted(item["inventory_uid"] for item in items)
    assert 'filename="inventory-export.csv"' in reader_insights_client.get("/api/v1/reports/export/csv/").headers["content-disposition"]


def test_csv_export_of_one_status(reader_insights_server: InsightsServer, reader_insights_client: httpx.Client) -> None:
    rows = _csv(reader_insights_client.get("/api/v1/reports/export/csv/", params={"status": "draft", "fields": "uid,status"}))

    assert rows[0] == ["uid", "status"]
    assert sorted(rows[1:]) == sorted([i["inventory_uid"], "draft"] for i in _items(reader_insights_server) if i["status"] == "draft")


def test_csv_export_streams_in_batches(monkeypatch: pytest.MonkeyPatch, reader_insights_server: InsightsServer) -> None:
    """With batches of 2 rows the body still holds every row once, in order."""
    from pipelines.reader import exports

    monkeypatch.setattr(exports, "BATCH_ROWS", 2)
    with reader_insights_server.client() as client, client.stream("GET", "/api/v1/reports/export/csv/", params={"fields": "uid"}) as response:
        chunks = [chunk for chunk in response.iter_bytes()]
    rows = list(csv.reader(io.StringIO(b"".join(chunks).decode())))

    assert rows[0] == ["uid"]
    assert len(rows) - 1 == len(_items(reader_insights_server))
    assert len({row[0] for row in rows[1:]}) == len(rows) - 1


def test_the_reader_loads_reportlab_only_for_a_pdf(tmp_path: Path) -> None:
    code = (
        "import sys, pipelines.reader.app as app;"
        "app.create_app();"
        "print('reportlab' in {name.split('.')[0] for name in sys.modules})"
    )
    env = {**os.environ, "PIPELINES_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)

    assert result.stdout.strip() == "False"


def test_pdfs_rendered_at_the_same_time_all_succeed(reader_insights_server: InsightsServer) -> None:
    """reportlab's font subsetting is shared state: concurrent renders must not trip over it."""
    paths = ["/api/v1/reports/profit-loss/", "/api/v1/reports/aging/", "/api/v1/reports/inventory-valuation/"] * 16
    local = threading.local()

    def render(path: str) -> tuple[int, bytes]:
        if not hasattr(local, "client"):
            local.client = reader_insights_server.client()
        response = local.client.get(path, params={"format": "pdf"})
        return response.status_code, response.content[:5]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(render, paths))

    assert results == [(200, b"%PDF-")] * len(paths)


def test_renders_in_many_threads_keep_the_shared_font_state_intact() -> None:
    """Without serialising renders this fails now and then with a KeyError inside reportlab's
    font subsetting; switching threads very often makes the interleaving likely."""
    from pipelines.reader import report_pdf

    def payload(seed: int) -> dict:
        titles = ["".join(chr(0x41 + (seed * 31 + row * 7 + k) % 0x17F) for k in range(80)) for row in range(10)]
        return {
            "metadata": {"report_type": "profit_loss", "generated_at": "2026-02-14T23:00:00Z", "date_range_start": "2026-01-01",
                         "date_range_end": "2026-12-31", "snapshot_id": "s", "currency": "USD"},
            "summary": {"items_sold": 1, "total_profit": "1.00"},
            "top_profitable": [{"uid": f"inv_{seed}_{row}", "title": title, "sale_price": "1.00", "cost": "0.50", "profit": "0.50"}
                               for row, title in enumerate(titles)],
            "monthly_breakdown": [{"month": f"2026-{m:02d}", "sales": "1.00", "cost": "0.50", "shipping": "0.10", "profit": f"{seed % 7}.{m:02d}",
                                   "count": m, "fees": "0.10"} for m in range(1, 13)],
        }  # fmt: skip

    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            documents = list(pool.map(lambda seed: report_pdf.render("profit-loss", payload(seed)), range(120)))
    finally:
        sys.setswitchinterval(previous)

    assert all(document.startswith(b"%PDF-") for document in documents)
