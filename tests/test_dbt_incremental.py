"""The incremental marts, rebuilt one day window at a time, end up equal to a full refresh.

A small world is generated and materialized by the real commands in a subprocess, the
incremental marts are rebuilt with --full-refresh and copied out, then the last days of every
one of them are damaged (rows deleted, a stale row no source would produce added) and rebuilt
day window by day window through the min_date / max_date vars: the marts must equal the full
refresh row for row, so daily windowed runs never drift from a rebuild.

dbt runs in-process from one parsed manifest: a change of --vars makes the CLI re-parse the
whole project (about ten seconds a run), while the vars themselves are read at run time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"

END_DATE = date(2026, 11, 20)
AS_OF = "2026-11-20T23:00:00Z"
WINDOW_DAYS = [END_DATE - timedelta(days=n) for n in (3, 2, 1, 0)]

# mart -> the date column its window is on
INCREMENTAL_MARTS = {
    "sales_daily": "sold_date",
    "platform_sales_daily": "sold_date",
    "category_sales_daily": "sold_date",
    "activity_events": "event_date",
}


def _run(cmd: list[str], env: dict, cwd: Path) -> None:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise AssertionError(f"{' '.join(cmd[:4])} ... failed ({proc.returncode}):\n"
                             f"{proc.stdout[-6000:]}\n{proc.stderr[-4000:]}")


class Dbt:
    """dbt in this process, parsing the project once."""

    def __init__(self, data_dir: Path):
        from dbt.cli.main import dbtRunner

        self.common = ["--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
                       "--target-path", str(data_dir / "dbt-target"), "--log-path", str(data_dir / "dbt-logs"),
                       "--quiet"]
        parsed = self._check(dbtRunner().invoke(["parse", *self.common, "--vars", json.dumps({"as_of": AS_OF})]))
        self.runner = dbtRunner(manifest=parsed.result)

    def run(self, *args: str, window: date | None = None) -> None:
        dbt_vars = {"as_of": AS_OF}
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
    return duckdb.connect(str(warehouse))


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
        con.execute("insert into marts.activity_events (event_id, event_at, event_date, event_type, subject_uid) "
                    "values ('evt_ghost', ?, ?, 'item_sold', 'ord_ghost')", [f"{last}T12:00:00Z", last])


@pytest.fixture
def small_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PIPELINES_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster"))
    monkeypatch.delenv("PIPELINES_HOME_CURRENCY", raising=False)
    monkeypatch.delenv("PIPELINES_TIMEZONE", raising=False)
    # materialize builds every parent at the instant the marts below are built at.
    monkeypatch.setenv("PIPELINES_AS_OF", AS_OF)
    env = dict(os.environ)
    cli = [sys.executable, "-m", "pipelines"]
    # Sixty days keep the partitions, and so the load, small; the orders are what the marts need.
    _run([*cli, "generate", "--orders", "800", "--seed", "5", "--days", "60", "--end-date", END_DATE.isoformat()],
         env, PROJECT_ROOT)
    _run([*cli, "materialize"], env, PROJECT_ROOT)
    return tmp_path


def test_day_by_day_incremental_builds_equal_a_full_refresh(small_world):
    data_dir = small_world
    warehouse = data_dir / "warehouse.duckdb"
    dbt = Dbt(data_dir)
    # Their parents stay as materialize built them; both builds below read the same ones.
    dbt.run("--full-refresh", "--select", "config.materialized:incremental")
    full_refresh = _mart_rows(warehouse)
    assert all(full_refresh.values()), "the full refresh built empty marts"
    window_rows = sum(1 for row in full_refresh["activity_events"] if row[2] in WINDOW_DAYS)
    assert window_rows > 0, "the window holds no events: the test would prove nothing"

    _damage_the_window(warehouse)
    assert _mart_rows(warehouse) != full_refresh

    for day in WINDOW_DAYS:
        dbt.run("--select", "config.materialized:incremental", window=day)

    rebuilt = _mart_rows(warehouse)
    for mart in INCREMENTAL_MARTS:
        assert rebuilt[mart] == full_refresh[mart], f"{mart} differs from the full refresh"
