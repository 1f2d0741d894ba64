"""The benchmark's own parts: the floor query, memory sampling, stage grouping, the docs section."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from pipelines.bench import (
    END_MARKER,
    START_MARKER,
    Build,
    SizeReport,
    Stage,
    classify_step,
    hold_out,
    land_held_out,
    parse_sizes,
    render,
    write_docs,
)
from pipelines.bench_floor import run_floor
from pipelines.bench_proc import tree_pids, tree_rss_bytes
from pipelines.demo.generate import generate

END = date(2026, 11, 20)


def test_sizes_read_plain_and_suffixed_counts():
    assert parse_sizes("100000,1000000") == [100_000, 1_000_000]
    assert parse_sizes("100k, 1m,2_500") == [100_000, 1_000_000, 2_500]
    with pytest.raises(ValueError):
        parse_sizes("0")


def test_steps_are_grouped_by_the_assets_they_materialize():
    assert classify_step("raw__ebay_orders", {"raw"}, 0) == "ingest"
    assert classify_step("raw_catalog", {"raw"}, 0) == "ingest"
    assert classify_step("warehouse_models", {"staging", "marts"}, 120) == "dbt"
    assert classify_step("serving__snapshot", {"serving"}, 0) == "publish"
    assert classify_step("raw__ebay_orders_every_record_loaded_or_quarantined", set(), 1) == "checks"
    assert classify_step("marts_orders_expectations", set(), 1) == "checks"
    # A step that failed before materializing anything still lands in its stage by name.
    assert classify_step("warehouse_models", set(), 0) == "dbt"
    assert classify_step("raw__discogs_orders", set(), 0) == "ingest"


def test_the_docs_section_between_the_markers_is_replaced_and_the_rest_kept(tmp_path):
    docs = tmp_path / "benchmarks.md"
    write_docs("first table\n", docs)
    assert docs.read_text().count(START_MARKER) == 1
    docs.write_text(docs.read_text().replace("# Benchmarks", "# Benchmarks\n\nNotes written by hand.") + "\nAfter.\n")
    write_docs("second table\n", docs)
    text = docs.read_text()
    assert "first table" not in text and "second table" in text
    assert "Notes written by hand." in text and text.endswith("After.\n")
    assert text.index(START_MARKER) < text.index("second table") < text.index(END_MARKER)


def test_a_held_out_day_leaves_the_landing_zone_and_comes_back(tmp_path):
    generate(tmp_path / "landing", orders=200, seed=3, end_date=END, days=20)
    before = sorted(p.relative_to(tmp_path / "landing") for p in (tmp_path / "landing").rglob("page-*.json"))
    held = hold_out(tmp_path / "landing", END, tmp_path / "held")
    assert held and held[0] == END
    assert not [p for p in (tmp_path / "landing").rglob("page-*.json") if p.parent.name >= END.isoformat()]
    land_held_out(tmp_path / "landing", tmp_path / "held")
    assert sorted(p.relative_to(tmp_path / "landing") for p in (tmp_path / "landing").rglob("page-*.json")) == before


def test_the_memory_of_a_process_tree_includes_its_children():
    grandchild = "b = bytearray(150_000_000); print('ready', flush=True); input()"
    child = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {grandchild!r}])"
    proc = subprocess.Popen([sys.executable, "-c", child], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        assert len(tree_pids(proc.pid)) >= 2
        assert tree_rss_bytes(proc.pid) >= 150_000_000
    finally:
        proc.stdin.close()
        proc.wait()


def test_the_floor_counts_every_order_line_once_per_simplified_status(tmp_path):
    generate(tmp_path, orders=600, seed=12, end_date=END, days=45)
    expected = Counter()
    for source, key, stamp, lines in (("ebay", "orderId", "lastModifiedDate", "lineItems"),
                                      ("discogs", "id", "last_activity", "items")):
        latest = {}
        for page in (tmp_path / source).glob("*/page-*.json"):
            for order in json.loads(page.read_text())["orders"]:
                if order[key] not in latest or order[stamp] > latest[order[key]][stamp]:
                    latest[order[key]] = order
        for order in latest.values():
            expected[_simple_status(source, order)] += len(order[lines])
    result = run_floor(tmp_path)
    assert {status: v["items"] for status, v in result["by_status"].items()} == dict(expected)
    assert result["days"] >= 45


def _simple_status(source: str, order: dict) -> str:
    if source == "ebay":
        if order["cancelStatus"]["cancelState"] == "CANCELED":
            return "cancelled"
        if order["orderPaymentStatus"] == "FULLY_REFUNDED":
            return "refunded"
        if order["orderPaymentStatus"] in ("PENDING", "FAILED"):
            return "unpaid"
        return "shipped" if order["orderFulfillmentStatus"] in ("FULFILLED", "IN_PROGRESS") else "awaiting_shipment"
    status = order["status"]
    if status.startswith("Cancelled"):
        return "cancelled"
    if status == "Refund Sent":
        return "refunded"
    if status in ("New Order", "Buyer Contacted", "Invoice Sent", "Payment Pending"):
        return "unpaid"
    return "shipped" if status == "Shipped" else "awaiting_shipment"


def test_a_failed_stage_is_a_row_in_the_table_not_a_crash():
    report = SizeReport(1000, Path("/tmp/x"), END, generate=Stage(1.5, 50_000_000))
    report.build = Build(total=Stage(30.0, 900_000_000, "FAILED (exit 1): materialize FAILED after 30.0s"))
    report.build.parts["dbt"] = Stage(10.0, 800_000_000, "FAILED: warehouse_models")
    report.floor = Stage(2.0, 300_000_000)
    report.api_note = "skipped (--skip-api)"
    from datetime import datetime, timezone

    text = render([report], {"nproc": "2", "cpu": "x", "memory": "1 GiB", "os": "linux", "python": "3.11",
                             "duckdb": "1", "dagster": "1", "dbt-core": "1"}, "python -m pipelines bench",
                  datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert "FAILED (exit 1)" in text and "FAILED: warehouse_models" in text
    assert "| generate the world (not part of the build) | 1.5 s · 50 MB |" in text
    assert "skipped (--skip-api)" in text
