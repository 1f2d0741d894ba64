"""Incremental builds end up equal to a full refresh.

1. A daily run (the Dagster build job over one new day, which passes its raw partition window to
dbt) on top of a full build, with late versions of old orders in the new day, leaves every mart
equal to a full rebuild of the same data.

2. The incremental marts, rebuilt one day window at a time, end up equal to a full refresh.

A small world is generated and materialized by the real commands in a subprocess, the
incremental marts are rebuilt with --full-refresh and copied out, then the last days of every
one of them are damaged (rows deleted, a stale row no source would produce added) and rebuilt
day window by day window through the min_date / max_date vars: the marts must equal the full
refresh row for row, so daily windowed runs never drift from a rebuild.

3. A windowed run keeps the staged catalog while its export is the latest one, and derives it
again when the export is reloaded or the settings it reads change.

4. The models incremental by difference (int_listings_joined, orders, profit_loss_items,
activity_events), damaged and rebuilt a month later in as-of time, equal a full refresh while
writing only the rows that differ.

dbt runs in-process from one parsed manifest: a change of --vars makes the CLI re-parse the
whole project (about ten seconds a run), while the vars themselves are read at run time.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import duckdb
import pytest

from pipelines.warehouse import attach_marts

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"

END_DATE = date(2026, 11, 20)
AS_OF = "2026-11-20T23:00:00Z"
WINDOW_DAYS = [END_DATE - timedelta(days=n) for n in (3, 2, 1, 0)]

# The marts windowed on min_date / max_date (staging and int_order_lines_unioned are incremental
# too, on the raw partition window).
WINDOWED_MARTS = "config.materialized:incremental,path:models/marts"

# mart -> the date column its window is on
INCREMENTAL_MARTS = {
    "sales_daily": "sold_date",
    "platform_sales_daily": "sold_date",
    "category_sales_daily": "sold_date",
}


def _run(cmd: list[str], env: dict, cwd: Path) -> str:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise AssertionError(f"{' '.join(cmd[:4])} ... failed ({proc.returncode}):\n"
                             f"{proc.stdout[-6000:]}\n{proc.stderr[-4000:]}")
    return proc.stdout


def _compiled_sql(materialize_output: str, model: str, folder: str = "compiled") -> str:
    """A model's select as dbt compiled it (``folder="run"``: the statements its materialization
    executed) in the Dagster run ``materialize`` reported (dagster-dbt names each invocation's
    target folder after the run id)."""
    run_id = re.search(r"\(run ([0-9a-f-]{36})\)", materialize_output).group(1)
    found = sorted(DBT_PROJECT_DIR.glob(f"target/warehouse_models-{run_id[:7]}-*/{folder}/**/{model}.sql"))
    assert found, f"no SQL of {model} for run {run_id}"
    return found[-1].read_text()


class Dbt:
    """dbt in this process, parsing the project once."""

    def __init__(self, data_dir: Path):
        from dbt.cli.main import dbtRunner

        self.common = ["--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
                       "--target-path", str(data_dir / "dbt-target"), "--log-path", str(data_dir / "dbt-logs"),
                       "--quiet"]
        parsed = self._check(dbtRunner().invoke(["parse", *self.common, "--vars", json.dumps({"as_of": AS_OF})]))
        self.runner = dbtRunner(manifest=parsed.result)

    def run(self, *args: str, window: date | None = None, **more_vars: str) -> None:
        dbt_vars = {"as_of": AS_OF, **more_vars}
        if window is not None:
            dbt_vars.update(min_date=window.isoformat(), max_date=window.isoformat())
        self._check(self.runner.invoke(["run", *args, *self.common, "--vars", json.dumps(dbt_vars)]))

    @staticmethod
    def _check(result):
        if not result.success:
            raise AssertionError(f"dbt failed: {result.exception or result.result}")
        return result


def _connect(warehouse: Path) -> duckdb.DuckDBPyConnection:
    # dbt-duckdb keeps its database instance open in this process after a run; a plain read-write
    # connection shares that instance (a read-only one would be refused as a different configuration).
    # The marts are in their own file beside it, attached as the pipeline attaches it.
    con = duckdb.connect(str(warehouse))
    attach_marts(con, warehouse.parent / "marts_db.duckdb")
    return con


def _mart_rows(warehouse: Path) -> dict[str, list[tuple]]:
    with _connect(warehouse) as con:
        return {mart: con.sql(f"select * from marts.{mart} order by all").fetchall() for mart in INCREMENTAL_MARTS}


def _damage_the_window(warehouse: Path) -> None:
    """Lose the window's rows and leave stale ones behind that no source would produce."""
    first, last = WINDOW_DAYS[0].isoformat(), WINDOW_DAYS[-1].isoformat()
    with _connect(warehouse) as con:
        for mart, column in INCREMENTAL_MARTS.items():
            con.execute(f"delete from marts.{mart} where {column} between ? and ?", [first, last])
        con.execute("insert into marts.sales_daily (sold_date, orders, items, revenue_home) values (?, 9, 9, 9.99)", [last])
        con.execute("insert into marts.platform_sales_daily (sold_date, platform, platform_name, orders, items, revenue_home) "
                    "values (?, 'ghost', 'Ghost', 1, 1, 1.00)", [last])
        con.execute("insert into marts.category_sales_daily (sold_date, category, orders, items, revenue_home) "
                    "values (?, 'Ghost', 1, 1, 1.00)", [first])


def _small_world(data_dir: Path, monkeypatch: pytest.MonkeyPatch, *materialize_args: str) -> dict:
    """A small world, generated and built by the real commands (``materialize`` with
    ``materialize_args``), its marts built at the pinned instant AS_OF."""
    monkeypatch.setenv("PIPELINES_DATA_DIR", str(data_dir))
    monkeypatch.setenv("DAGSTER_HOME", str(data_dir / "dagster"))
    monkeypatch.delenv("PIPELINES_HOME_CURRENCY", raising=False)
    monkeypatch.delenv("PIPELINES_TIMEZONE", raising=False)
    # materialize builds every parent at the instant the marts below are built at.
    monkeypatch.setenv("PIPELINES_AS_OF", AS_OF)
    env = dict(os.environ)
    cli = [sys.executable, "-m", "pipelines"]
    # Sixty days keep the partitions, and so the load, small; the orders are what the marts need.
    _run([*cli, "generate", "--orders", "800", "--seed", "5", "--days", "60", "--end-date", END_DATE.isoformat()],
         env, PROJECT_ROOT)
    _run([*cli, "materialize", *materialize_args], env, PROJECT_ROOT)
    return {"data_dir": data_dir, "env": env, "cli": cli}


@pytest.fixture
def small_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return _small_world(tmp_path, monkeypatch)["data_dir"]


def test_day_by_day_incremental_builds_equal_a_full_refresh(small_world):
    data_dir = small_world
    warehouse = data_dir / "warehouse.duckdb"
    dbt = Dbt(data_dir)
    # Their parents stay as materialize built them; both builds below read the same ones.
    dbt.run("--full-refresh", "--select", WINDOWED_MARTS)
    full_refresh = _mart_rows(warehouse)
    assert all(full_refresh.values()), "the full refresh built empty marts"
    window_rows = sum(1 for row in full_refresh["sales_daily"] if row[0] in WINDOW_DAYS)
    assert window_rows > 0, "the window holds no sales: the test would prove nothing"

    _damage_the_window(warehouse)
    assert _mart_rows(warehouse) != full_refresh

    for day in WINDOW_DAYS:
        dbt.run("--select", WINDOWED_MARTS, window=day)

    rebuilt = _mart_rows(warehouse)
    for mart in INCREMENTAL_MARTS:
        assert rebuilt[mart] == full_refresh[mart], f"{mart} differs from the full refresh"


# -- the catalog's staging, kept while its export is the latest -----------------------------------

CATALOG_STAGING = ("stg_catalog__inventory_items", "stg_catalog__listings")


def _edit_latest_export(warehouse: Path, mark: str, reload: bool = False) -> int:
    """Prefix every title and listing URL of the latest catalog export with ``mark``, in raw, as
    an edit no load made (its load time unchanged) or, with ``reload``, as a reload of the
    partition would leave it (a newer _loaded_at). Returns the export's item count."""
    loaded_at = "_loaded_at + interval 1 hour" if reload else "_loaded_at"
    with _connect(warehouse) as con:
        for table, column in (("catalog_inventory_items", "title"), ("catalog_listings", "listing_url")):
            con.execute(f"update raw.{table} set {column} = ? || {column}, _loaded_at = {loaded_at} "
                        f"where _partition_date = (select max(_partition_date) from raw.{table})", [mark])
        return con.execute("select count(*) from raw.catalog_inventory_items where _partition_date = "
                           "(select max(_partition_date) from raw.catalog_inventory_items)").fetchone()[0]


def _staged_marks(warehouse: Path, mark: str) -> tuple[int, int]:
    """How many staged items and listings carry ``mark``, and the staged item count."""
    with _connect(warehouse) as con:
        marked = con.execute("select count(*) filter (where starts_with(title, ?)), count(*) "
                             "from staging.stg_catalog__inventory_items", [mark]).fetchone()
        listings = con.execute("select count(*) filter (where starts_with(listing_url, ?)), count(*) "
                               "from staging.stg_catalog__listings", [mark]).fetchone()
    assert listings[1] > 0, "no listings staged: the test would prove nothing"
    assert (listings[0] == 0) == (marked[0] == 0), "the two catalog models disagree on the export"
    return marked[0], marked[1]


def test_a_windowed_run_keeps_the_staged_catalog_while_its_export_is_the_latest(small_world):
    """The daily schedule's run (a raw partition window) keeps the staged catalog when no newer
    export landed; a new load of the export, a changed home currency, or a run without a window
    derive it again (macros/exports.sql)."""
    warehouse = small_world / "warehouse.duckdb"
    dbt = Dbt(small_world)
    window = {"min_partition": END_DATE.isoformat(), "max_partition": END_DATE.isoformat()}

    def build(**dbt_vars: str) -> None:
        dbt.run("--select", *CATALOG_STAGING, **dbt_vars)

    # Raw edited without a load: a windowed run does not read it again...
    items = _edit_latest_export(warehouse, "edited ")
    assert items > 0
    build(**window)
    assert _staged_marks(warehouse, "edited ") == (0, items)
    # ...a run without a window does.
    build()
    assert _staged_marks(warehouse, "edited ") == (items, items)

    # A reload of the export: derived again in a windowed run.
    _edit_latest_export(warehouse, "reloaded ", reload=True)
    build(**window)
    assert _staged_marks(warehouse, "reloaded ") == (items, items)

    # The same export under another home currency: derived again (the currency an item without
    # one is costed in), and kept by the next windowed run under the same settings.
    _edit_latest_export(warehouse, "rehomed ")
    build(**window, home_currency="EUR")
    assert _staged_marks(warehouse, "rehomed ") == (items, items)
    _edit_latest_export(warehouse, "kept ")
    build(**window, home_currency="EUR")
    assert _staged_marks(warehouse, "kept ") == (0, items)


# -- a daily run with late changes of old orders, against a full rebuild --------------------------

LATE_DAY = END_DATE  # the day held out of the first build, where the late versions land
LATE_AT = f"{LATE_DAY.isoformat()}T15:00:00.000Z"


def _latest_versions(landing: Path, source: str, modified: str) -> list[dict]:
    """Each order's newest version across the landing zone, for orders last modified 20+ days
    before LATE_DAY (so nothing newer than the late version the test lands exists)."""
    latest: dict[str, dict] = {}
    for path in sorted((landing / source).glob("*/*.json")):
        for order in json.loads(path.read_text())["orders"]:
            key = str(order.get("orderId") or order.get("id"))
            if key not in latest or order[modified] >= latest[key][modified]:
                latest[key] = order
    cutoff = (LATE_DAY - timedelta(days=20)).isoformat()
    return [order for order in latest.values() if order[modified] < cutoff]


def _land_late_versions(landing: Path) -> dict[str, str]:
    """Newer versions of orders last seen weeks before, landed in LATE_DAY's partition: an eBay
    order cancelled, an eBay order that lost a line (a line the old version had must go), a
    Discogs order refunded. Returns order_id -> the change, for the assertions."""
    from pipelines.ingest.landing import write_landing_file

    ebay_orders = [o for o in _latest_versions(landing, "ebay", "lastModifiedDate")
                   if o["orderFulfillmentStatus"] == "FULFILLED" and o["cancelStatus"]["cancelState"] != "CANCELED"
                   and o["orderPaymentStatus"] == "PAID"]
    multi_line = [o for o in ebay_orders if len(o["lineItems"]) > 1]
    single_line = [o for o in ebay_orders if len(o["lineItems"]) == 1]
    discogs_orders = [o for o in _latest_versions(landing, "discogs", "last_activity") if o["status"] == "Shipped"]
    assert multi_line and single_line and discogs_orders, "the old day lacks the orders the test changes"

    cancelled, shrunk, refunded = single_line[0], multi_line[0], discogs_orders[0]
    cancelled["cancelStatus"] = {"cancelState": "CANCELED", "cancelRequests": [
        {"cancelRequestedDate": LATE_AT, "cancelInitiator": "SELLER", "cancelRequestState": "COMPLETED"}]}
    dropped = shrunk["lineItems"].pop()
    shrunk["pricingSummary"]["priceSubtotal"]["value"] = str(
        round(float(shrunk["pricingSummary"]["priceSubtotal"]["value"]) - float(dropped["lineItemCost"]["value"]), 2))
    for order in (cancelled, shrunk):
        order["lastModifiedDate"] = LATE_AT
    refunded["status"] = "Refund Sent"
    refunded["last_activity"] = LATE_AT
    fetched = datetime(LATE_DAY.year, LATE_DAY.month, LATE_DAY.day, 23, tzinfo=timezone.utc)
    ebay_page = {"href": "late", "total": 2, "limit": 200, "offset": 0, "orders": [cancelled, shrunk], "warnings": []}
    discogs_page = {"pagination": {"page": 1, "pages": 1, "per_page": 50, "items": 1, "urls": {}}, "orders": [refunded]}
    write_landing_file(landing, "ebay", LATE_DAY, "page-90001.json", json.dumps(ebay_page).encode(), records=2,
                       fetched_at=fetched)
    write_landing_file(landing, "discogs", LATE_DAY, "page-90001.json", json.dumps(discogs_page).encode(), records=1,
                       fetched_at=fetched)
    return {cancelled["orderId"]: "cancelled", shrunk["orderId"]: f"line {dropped['lineItemId']} dropped",
            str(refunded["id"]): "refunded"}


def _all_marts(warehouse: Path) -> dict[str, list[tuple]]:
    with _connect(warehouse) as con:
        marts = [row[0] for row in con.sql("select table_name from information_schema.tables "
                                           "where table_schema = 'marts' order by 1").fetchall()]
        return {mart: con.sql(f"select * from marts.{mart} order by all").fetchall() for mart in marts}


@pytest.fixture
def world_before_the_last_day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    """A small world built by the real materialize up to the day before LATE_DAY."""
    return _small_world(tmp_path, monkeypatch, "--end-date", (LATE_DAY - timedelta(days=1)).isoformat())


def test_daily_run_with_late_changes_of_old_orders_equals_a_full_rebuild(world_before_the_last_day):
    data_dir, env, cli = (world_before_the_last_day[k] for k in ("data_dir", "env", "cli"))
    warehouse = data_dir / "warehouse.duckdb"
    changed = _land_late_versions(data_dir / "landing")
    with _connect(warehouse) as con:
        numbered = con.execute("select order_uid, sold_position, order_id, sold_at from marts.orders_list").fetchall()

    # The daily run: the build job over the new day; Dagster passes its partitions to dbt.
    daily_output = _run([*cli, "materialize", "--start-date", LATE_DAY.isoformat()], env, PROJECT_ROOT)
    # The window reached dbt (in the environment of its step): staging re-read only touched orders.
    window_start = (LATE_DAY - timedelta(days=1)).isoformat()
    assert f"_partition_date >= cast('{window_start}' as date)" in _compiled_sql(daily_output, "stg_ebay__orders")
    # The marts by difference were compared with the last build's rows (the run built in a copy of
    # the marts file), not rebuilt whole.
    for model in DIFFERENCE_MARTS:
        assert "full outer join" in _compiled_sql(daily_output, model, "run"), f"{model} was rebuilt whole"
    with _connect(warehouse) as con:
        quarantined = con.execute("select count(*) from raw.quarantine where source_file like '%page-90001.json'").fetchone()[0]
        statuses = dict(con.execute("select order_id, string_agg(distinct status, ',') from marts.orders "
                                    "where order_id in (select unnest(?)) group by order_id", [list(changed)]).fetchall())
        shrunk_id = next(order_id for order_id, change in changed.items() if change.startswith("line"))
        dropped_line = changed[shrunk_id].split()[1]
        dropped_rows = con.execute("select count(*) from marts.orders where order_id = ? and line_item_id = ?",
                                   [shrunk_id, dropped_line]).fetchone()[0]
    assert quarantined == 0, "the late versions were quarantined: the test would prove nothing"
    expected = {order_id: change for order_id, change in changed.items() if change in ("cancelled", "refunded")}
    assert {order_id: statuses.get(order_id) for order_id in expected} == expected
    assert dropped_rows == 0, "a line the newest version no longer has is still served"
    # The order list keeps the numbers of the rows sold before the earliest changed order, so a
    # day's new orders leave them unwritten (numbered newest first, every row would move).
    with _connect(warehouse) as con:
        renumbered = dict(con.execute("select order_uid, sold_position from marts.orders_list").fetchall())
    earliest_change = min(sold_at for _, _, order_id, sold_at in numbered if order_id in changed)
    kept = {uid: position for uid, position, _, sold_at in numbered if sold_at < earliest_change}
    assert kept and all(renumbered[uid] == position for uid, position in kept.items())
    assert len(renumbered) > len(numbered), "the day brought no new order: the test would prove nothing"
    daily = _all_marts(warehouse)

    # The same data rebuilt from scratch, every model, no window.
    Dbt(data_dir).run("--full-refresh")
    rebuilt = _all_marts(warehouse)
    assert set(daily) == set(rebuilt)
    for mart in rebuilt:
        assert daily[mart] == rebuilt[mart], f"{mart} after the daily run differs from a full rebuild"


# -- marts incremental by difference, as the as-of time moves -------------------------------------

# model -> (its table, its key, a money column to alter) (materialized by_difference, macros/by_difference.sql)
DIFFERENCE_MARTS = {"int_listings_joined": ("intermediate.int_listings_joined", "listing_uid", "listing_price"),
                    "orders": ("marts.orders", "order_uid", "sale_price_home"),
                    "profit_loss_items": ("marts.profit_loss_items", "order_uid", "sale_price_home"),
                    "activity_events": ("marts.activity_events", "event_id", "amount_home"),
                    "inventory_items_base": ("marts.inventory_items_base", "inventory_uid", "value_home"),
                    "orders_list": ("marts.orders_list", "order_uid", "sale_price")}
# A month after the build: shipped orders complete, a status a daily run must move in place.
LATER_AS_OF = "2026-12-20T23:00:00Z"


def _marts_by_difference(warehouse: Path) -> dict[str, list[tuple]]:
    with _connect(warehouse) as con:
        return {model: con.sql(f"select * from {table} order by all").fetchall()
                for model, (table, _, _) in DIFFERENCE_MARTS.items()}


def _damage_by_difference(warehouse: Path) -> None:
    """In each mart: a row altered, a row lost, and a ghost row no source would produce."""
    with _connect(warehouse) as con:
        for table, key, money in DIFFERENCE_MARTS.values():
            first, last = con.execute(f"select min({key}), max({key}) from {table} "
                                      f"where {money} is not null").fetchone()
            con.execute(f"update {table} set {money} = {money} + 1 where {key} = ?", [first])
            con.execute(f"delete from {table} where {key} = ?", [last])
            con.execute(f"insert into {table} by name select 'ghost' as {key}, * exclude ({key}) "
                        f"from {table} where {key} = ?", [first])


def _last_rowids(warehouse: Path) -> dict[str, int]:
    with _connect(warehouse) as con:
        return {model: con.execute(f"select max(rowid) from {table}").fetchone()[0]
                for model, (table, _, _) in DIFFERENCE_MARTS.items()}


def _rows_after(warehouse: Path, rowids: dict[str, int]) -> dict[str, int]:
    """How many rows of each mart lie past the given rowid: the rows a run appended."""
    with _connect(warehouse) as con:
        return {model: con.execute(f"select count(*) from {DIFFERENCE_MARTS[model][0]} where rowid > ?",
                                   [rowid]).fetchone()[0]
                for model, rowid in rowids.items()}


def test_marts_incremental_by_difference_equal_a_full_refresh_as_the_as_of_moves(small_world):
    data_dir = small_world
    warehouse = data_dir / "warehouse.duckdb"
    dbt = Dbt(data_dir)
    # The rates reach the as-of date, and the view computes the status with the as-of time baked
    # in: both move with the models.
    # inventory_items (a view) ages the stored items to build_as_of's date.
    selection = ["--select", "int_fx_rates_daily", "int_order_lines_enriched", "int_inventory_items_joined",
                 "int_listings_valued", *DIFFERENCE_MARTS, "build_as_of", "inventory_items"]
    built = _marts_by_difference(warehouse)
    _damage_by_difference(warehouse)
    damaged = _marts_by_difference(warehouse)

    last_rowids = _last_rowids(warehouse)
    dbt.run(*selection, as_of=LATER_AS_OF)
    incremental = _marts_by_difference(warehouse)
    written = _rows_after(warehouse, last_rowids)
    executed = next((data_dir / "dbt-target").glob("run/**/marts/orders.sql")).read_text()
    assert "full outer join" in executed, "orders was rebuilt whole, not by difference: the test would prove nothing"
    # The difference compares rows by key: the order list's build_order sorts a whole build only.
    listed = next((data_dir / "dbt-target").glob("run/**/marts/orders_list.sql")).read_text()
    assert "full outer join" in listed and "order by sold_position" not in listed

    dbt.run("--full-refresh", *selection, as_of=LATER_AS_OF)
    full_refresh = _marts_by_difference(warehouse)
    # Built whole, the order list is laid out newest first (its build_order): the first page of the
    # reader's default ordering is the table's first row group.
    with _connect(warehouse) as con:
        laid_out = [row[0] for row in con.execute("select sold_position from marts.orders_list order by rowid").fetchall()]
    assert len(laid_out) > 1 and laid_out == sorted(laid_out, reverse=True)
    moved = {mart: len(set(full_refresh[mart]) - set(built[mart])) for mart in DIFFERENCE_MARTS}
    assert moved["orders"] > 0, "the later as-of changed no order: the test would prove nothing"
    assert len(full_refresh["profit_loss_items"]) > 0
    for mart in DIFFERENCE_MARTS:
        assert incremental[mart] == full_refresh[mart], f"{mart} by difference differs from the full refresh"
        # Written: exactly the rows the damaged table lacked as they are (the ones the as-of moved,
        # the altered one, the lost one), appended past its last rowid.
        missing = len(set(full_refresh[mart]) - set(damaged[mart]))
        assert 0 < written[mart] == missing < len(full_refresh[mart]) / 2, (mart, written[mart], missing)
    # A stored listing holds nothing the as-of date moves (int_listings_valued converts its price
    # when read): the later as-of rewrote only the altered and the lost listing.
    assert written["int_listings_joined"] == 2

    # The ages are the later as-of date's, though the stored rows that did not change were not written.
    with _connect(warehouse) as con:
        stale_ages = con.execute("select count(*) from marts.inventory_items "
                                 "where age_days <> greatest(date_diff('day', created_date, ?::date), 0)",
                                 [LATER_AS_OF[:10]]).fetchone()[0]
        aged = con.execute("select count(*) from marts.inventory_items").fetchone()[0]
    assert aged == len(full_refresh["inventory_items_base"]) and stale_ages == 0
    # The view names its columns one by one (to keep the mart's column order): every stored column
    # must be there, with the two ages after created_date, so a column added to
    # inventory_items_base and not to the view fails here instead of vanishing from the mart.
    with _connect(warehouse) as con:
        stored = [row[0] for row in con.execute("describe marts.inventory_items_base").fetchall()]
        served = [row[0] for row in con.execute("describe marts.inventory_items").fetchall()]
    dated = stored.index("created_date") + 1
    assert served == [*stored[:dated], "age_days", "aging_bucket", *stored[dated:]]

    # A table of another shape than the model's (the model changed since it was built): built
    # whole again, never merged into.
    with _connect(warehouse) as con:
        con.execute("alter table marts.profit_loss_items add column stale_column integer")
    dbt.run("--select", "profit_loss_items", as_of=LATER_AS_OF)
    with _connect(warehouse) as con:
        columns = [row[0] for row in con.execute("describe marts.profit_loss_items").fetchall()]
    assert "stale_column" not in columns
    assert _marts_by_difference(warehouse)["profit_loss_items"] == full_refresh["profit_loss_items"]
