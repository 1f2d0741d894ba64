"""Write-audit-publish, end to end: bad data that reaches the landing zone stops the run and the
readers keep the snapshot they had.

A small world is generated and built once (its first build passes every gate and publishes).
Each test copies it, breaks the landing zone the way real feeds break, runs
``python -m pipelines materialize`` again, and asserts that the run fails naming the check, and
that ``serving/CURRENT``, the snapshot files and the publish log are exactly as they were.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest.landing import write_landing_file
from pipelines.quality.checks import RAW_ORDER_CHECKS
from world_fixtures import PROJECT_ROOT, World, build_world, sell_one_item_twice, world_env

pytestmark = pytest.mark.slow

GATE_ORDERS = 400


@pytest.fixture(scope="module")
def gated_world(tmp_path_factory) -> World:
    """Built once, published once; tests break copies of it."""
    return build_world(tmp_path_factory.mktemp("gated-world"), orders=GATE_ORDERS)


@pytest.fixture
def world(gated_world, tmp_path) -> World:
    data_dir = tmp_path / "world"
    shutil.copytree(gated_world.data_dir, data_dir)
    return World(data_dir, world_env(data_dir))


# -- what readers see ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Published:
    pointer: str
    files: dict[str, str]
    log: str


def published(world: World) -> Published:
    serving = world.data_dir / "serving"
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(serving.glob("*.duckdb"))}
    log = serving / "publish_log.jsonl"
    return Published((serving / "CURRENT").read_text(), files, log.read_text() if log.exists() else "")


def _materialize_fails(world: World, *checks: str, day: str | None = None) -> str:
    """Run the build (over one day, as the daily schedule does, or everything) and expect the gate
    to hold: the run fails naming ``checks`` and nothing readers see changes."""
    before = published(world)
    window = ["--start-date", day, "--end-date", day] if day else []
    proc = world.run("materialize", *window, check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output[-3000:]
    assert "materialize FAILED" in proc.stdout
    for check in checks:
        assert check in proc.stdout, f"{check} not named as failed:\n{proc.stdout[-3000:]}"
    assert published(world) == before, "the serving snapshot changed although the run failed"
    assert "serving__snapshot" not in _executed_steps(output)
    return output


def _executed_steps(output: str) -> set[str]:
    return {line.split(" - ")[4] for line in output.splitlines() if " - STEP_START - " in line or "STEP_SUCCESS" in line
            if len(line.split(" - ")) > 5}


def _query(world: World, query: str, params=None) -> list[tuple]:
    con = world.warehouse()
    try:
        return con.execute(query, params or []).fetchall()
    finally:
        con.close()


# -- breaking the landing zone the way feeds break ----------------------------------------------

def _pages(world: World, source: str) -> list[Path]:
    return sorted((world.landing_dir / source).glob("*/page-*.json"))


def _write_page(world: World, source: str, day: str, name: str, page: dict) -> None:
    write_landing_file(world.landing_dir, source, date.fromisoformat(day), name, json.dumps(page).encode(),
                       records=len(page["orders"]), fetched_at=datetime.now(UTC))


def test_an_order_version_filed_under_two_days_stops_the_build_before_dbt(world):
    """The same order version (same lastModifiedDate) with different content under another day:
    staging's latest-version pick would be a coin toss, so raw's gate stops the run."""
    first, other = _pages(world, "ebay")[0], _pages(world, "ebay")[-1]
    page = json.loads(first.read_bytes())
    twin = copy.deepcopy(page["orders"][0])
    twin["buyer"]["username"] = "someone_else_entirely"
    _write_page(world, "ebay", other.parent.name, "page-00099.json", {**page, "total": 1, "orders": [twin]})

    output = _materialize_fails(world, "raw/ebay_orders:order_versions_unique", day=other.parent.name)
    assert "warehouse_models" not in _executed_steps(output)
    versions = _query(world, "select _partition_date from raw.ebay_orders where order_id = ?", [twin["orderId"]])
    assert len(versions) == 2


def _run_id(output: str) -> str:
    return re.search(r"\(run ([0-9a-f-]{36})\)", output).group(1)


def _raw_check_metadata(world: World, run_id: str, source: str) -> dict[str, dict]:
    """What each raw order check of ``source`` reported in run ``run_id``, from Dagster's event log."""
    import dagster as dg

    instance = dg.DagsterInstance.from_config(str(world.data_dir / "dagster"))
    try:
        found = {}
        for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION):
            evaluation = entry.dagster_event.event_specific_data
            if evaluation.asset_key == dg.AssetKey(["raw", f"{source}_orders"]) and evaluation.check_name in RAW_ORDER_CHECKS:
                found[evaluation.check_name] = {"passed": evaluation.passed,
                                                **{k: v.value for k, v in evaluation.metadata.items()}}
        return found
    finally:
        instance.dispose()


def _first_run_id(world: World) -> str:
    import dagster as dg

    instance = dg.DagsterInstance.from_config(str(world.data_dir / "dagster"))
    try:
        return instance.get_run_records(ascending=True, limit=1)[0].dagster_run.run_id
    finally:
        instance.dispose()


def test_the_raw_gate_judges_the_partitions_a_run_loaded_not_the_history(world):
    """The full build judged every partition. A daily run judges the partitions it loads (its day
    and the lookback day): an order version loaded twice into a partition of long ago, which no
    daily run reloads, is not judged again, while the same fault in the day's pages stops the run."""
    full_build = _raw_check_metadata(world, _first_run_id(world), "ebay")
    partitions = _query(world, "select count(distinct _partition_date) from raw.ebay_orders")[0][0]
    assert {m["partitions_checked"] for m in full_build.values()} == {partitions}

    days = sorted({p.parent.name for p in _pages(world, "ebay")})
    day = days[-1]
    window = [d for d in (str(date.fromisoformat(day) - timedelta(days=1)), day) if d in days]
    # history gone bad behind the pipeline's back: one row of an old partition, loaded twice
    old_day = days[0]
    con = duckdb.connect(str(world.data_dir / "warehouse.duckdb"))
    con.execute("insert into raw.ebay_orders select * from raw.ebay_orders where _partition_date = ? limit 1",
                [old_day])
    con.close()

    proc = world.run("materialize", "--start-date", day, "--end-date", day)
    daily = _raw_check_metadata(world, _run_id(proc.stdout), "ebay")
    assert set(daily) == set(RAW_ORDER_CHECKS) and all(m["passed"] for m in daily.values())
    rows = _query(world, "select count(*) from raw.ebay_orders where _partition_date >= ?", [window[0]])[0][0]
    for meta in daily.values():
        assert meta["partitions"] == window and meta["rows_checked"] == rows
        assert meta["rows_from_other_partitions"] == 0

    # the same fault in the day's own pages: a version of one of its orders filed twice
    page_path = _pages(world, "ebay")[-1]
    page = json.loads(page_path.read_bytes())
    twin = copy.deepcopy(page["orders"][0])
    twin["buyer"]["username"] = "someone_else_entirely"
    _write_page(world, "ebay", day, "page-00099.json", {**page, "total": 1, "orders": [twin]})
    output = _materialize_fails(world, "raw/ebay_orders:order_versions_unique", day=day)
    failed = _raw_check_metadata(world, _run_id(output), "ebay")["order_versions_unique"]
    assert not failed["passed"]
    assert {r["partition_date"] for r in failed["sample_rows"]} == {day}
    assert {r["order_id"] for r in failed["sample_rows"]} == {twin["orderId"]}


def _single_line_orders(world: World, count: int) -> list[tuple[Path, int]]:
    """``count`` single-line eBay orders from one day's pages (one-line orders keep a negative fee
    clear of the fee allocation, whose own dbt test would otherwise fail first)."""
    by_day: dict[str, list[tuple[Path, int]]] = {}
    for path in _pages(world, "ebay"):
        for i, order in enumerate(json.loads(path.read_bytes())["orders"]):
            if len(order["lineItems"]) == 1:
                by_day.setdefault(path.parent.name, []).append((path, i))
    return next(found[:count] for found in by_day.values() if len(found) >= count)


def test_a_negative_price_is_quarantined_and_a_negative_fee_is_stopped_at_the_marts(world):
    """The loader quarantines a negative price (and loads the rest); a negative fee is no reason to
    reject a record at the door, so it reaches the marts, where the amounts gate holds publish."""
    (fee_page, fee_index), (price_page, price_index) = _single_line_orders(world, 2)
    page = json.loads(fee_page.read_bytes())
    page["orders"][fee_index]["totalMarketplaceFee"]["value"] = "-12.00"
    negative_fee_order = page["orders"][fee_index]["orderId"]
    _write_page(world, "ebay", fee_page.parent.name, fee_page.name, page)
    page = json.loads(price_page.read_bytes())
    page["orders"][price_index]["lineItems"][0]["lineItemCost"]["value"] = "-5.00"
    negative_price_order = page["orders"][price_index]["orderId"]
    _write_page(world, "ebay", price_page.parent.name, price_page.name, page)

    _materialize_fails(world, "marts/orders:amounts_in_range", day=fee_page.parent.name)
    assert _query(world, "select reason from raw.quarantine where source = 'ebay' and record like ?",
                  [f'%"{negative_price_order}"%']) == [("negative price",)]
    assert _query(world, "select count(*) from raw.ebay_orders where order_id = ?", [negative_price_order]) == [(0,)]
    assert _query(world, "select marketplace_fee from marts.orders where order_id = ?",
                  [negative_fee_order])[0][0] < 0


def test_losing_ninety_percent_of_the_landing_pages_stops_publish(world):
    for source in ("ebay", "discogs"):
        days = sorted({p.parent for p in _pages(world, source)})
        for day in days[: len(days) * 9 // 10]:
            for page in day.glob("page-*.json"):
                page.unlink()
    published_rows = _query(world, "select count(*) from marts.orders")[0][0]

    _materialize_fails(world, "marts/orders:row_count_vs_published")
    rows = _query(world, "select count(*) from marts.orders")[0][0]
    assert rows < published_rows * 0.5


def test_an_error_severity_dbt_test_stops_publish_in_the_same_run(world):
    """Two listings of the catalog export pointing at one inventory item: two orders sell the same
    item. dbt's unique test on marts.orders.inventory_uid fails, ``dbt build`` exits non-zero, the
    dbt step fails and publish (downstream of the marts) never starts."""
    kept, day = sell_one_item_twice(world)

    output = _materialize_fails(world, "marts/orders:unique_orders_inventory_uid", day=day)
    assert "warehouse_models" in output and "DagsterDbtCliRuntimeError" in output
    # The marts file is the last whole build again (one sale of the item); the failed build's marts
    # are kept beside it to look at (both sales).
    assert _query(world, "select count(*) from marts.orders where inventory_uid = ?", [kept]) == [(1,)]
    failed = duckdb.connect(str(world.data_dir / "marts_db.failed.duckdb"), read_only=True)
    try:
        assert failed.execute("select count(*) from marts.orders where inventory_uid = ?", [kept]).fetchall() == [(2,)]
    finally:
        failed.close()


def test_publish_waits_for_every_quality_check_and_each_is_blocking():
    import dagster as dg

    from pipelines.definitions import defs
    from pipelines.quality.checks import MARTS_ORDER_CHECKS, RAW_ORDER_CHECKS
    from pipelines.schedules import BUILD_JOB_NAME

    graph = defs.resolve_asset_graph()
    ours = {key for key in graph.asset_check_keys
            if (key.asset_key.path[0] == "raw" and key.name in RAW_ORDER_CHECKS)
            or (key.asset_key.path == ["marts", "orders"] and key.name in MARTS_ORDER_CHECKS)}
    assert len(ours) == 2 * len(RAW_ORDER_CHECKS) + len(MARTS_ORDER_CHECKS)
    assert all(graph.get_check_spec(key).blocking for key in ours)
    # dagster-dbt makes error-severity tests blocking specs too
    unique_inventory = dg.AssetCheckKey(dg.AssetKey(["marts", "orders"]), "unique_orders_inventory_uid")
    assert graph.get_check_spec(unique_inventory).blocking

    job = defs.resolve_job_def(BUILD_JOB_NAME)
    upstream = job.graph.dependency_structure.all_upstream_outputs_from_node("serving__snapshot")
    waits_for = {output.output_name for output in upstream if output.node_name == "marts_orders_expectations"}
    assert waits_for == {f"marts__orders_{name}" for name in MARTS_ORDER_CHECKS}
    dbt_waits_for = {o.output_name for o in job.graph.dependency_structure.all_upstream_outputs_from_node(
        "warehouse_models") if o.node_name.startswith("raw_") and o.node_name.endswith("_expectations")}
    assert dbt_waits_for == {f"raw__{source}_orders_{name}" for source in ("ebay", "discogs")
                             for name in RAW_ORDER_CHECKS}


def test_every_dbt_data_test_is_an_asset_check_of_the_model_it_judges():
    """dagster-dbt attaches a test to the one model it reads; a singular test reading several would
    only be logged as an observation, absent from the asset's checks in the UI. Each such test names
    its model (``meta.dagster.ref`` in its config)."""
    import json

    import dagster as dg

    from pipelines.transform.assets import warehouse_models
    from pipelines.transform.project import dbt_project

    manifest = json.loads(dbt_project().manifest_path.read_text())
    data_tests = {node["name"] for node in manifest["nodes"].values() if node["resource_type"] == "test"}
    checks = {key.name: key.asset_key for key in warehouse_models.check_keys}
    assert len(data_tests) > 100
    assert data_tests - set(checks) == set()
    assert checks["assert_activity_heatmap_counts_every_event"] == dg.AssetKey(["marts", "activity_heatmap"])
    assert checks["assert_line_allocations_add_up_to_orders"] == dg.AssetKey(
        ["intermediate", "int_order_lines_unioned"])


def test_loading_the_definitions_does_not_import_great_expectations():
    code = "import sys, pipelines.definitions; print('great_expectations' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert proc.stdout.strip() == "False", proc.stderr[-2000:]


def test_a_failed_rule_reaches_dagster_as_an_error_with_a_table_a_person_can_read(tmp_path, monkeypatch):
    import dagster as dg

    from pipelines.quality.assets import marts_orders_expectations
    from test_quality_checks import ORDERS_DDL

    monkeypatch.setenv("PIPELINES_DATA_DIR", str(tmp_path))
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    con.execute(ORDERS_DDL)
    con.execute("update marts.orders set platform_fee = -0.01, net_revenue = 26.50 where order_uid = 'ord_a'")
    con.close()

    results = {r.check_name: r for r in marts_orders_expectations(dg.build_asset_check_context())}
    failed = {name for name, r in results.items() if not r.passed}
    assert failed == {"amounts_in_range"}
    result = results["amounts_in_range"]
    assert result.severity == dg.AssetCheckSeverity.ERROR
    assert "platform_fee" in result.description
    assert "| `expect_column_values_to_be_between(platform_fee, min_value=0, max_value=100000)` | 1 | `-0.01` |" \
        in result.metadata["failed"].value
    assert result.metadata["sample_rows"].value[0]["order_uid"] == "ord_a"
