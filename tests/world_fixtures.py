"""A whole demo world, generated and built by the real commands, once per test session.

The pipeline runs as a user runs it, ``python -m pipelines generate`` then ``materialize``, in
a subprocess with ``PIPELINES_DATA_DIR`` pointing into pytest's temporary folder: the real
DuckDB file, the real dbt build, the real publish.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
WORLD_ORDERS = 1500
WORLD_SEED = 11
WORLD_END = "2026-11-20"


@dataclass(frozen=True)
class World:
    data_dir: Path
    env: dict

    @property
    def landing_dir(self) -> Path:
        return self.data_dir / "landing"

    @property
    def snapshot(self) -> Path:
        serving = self.data_dir / "serving"
        return serving / (serving / "CURRENT").read_text().strip()

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return run_cli(self.env, *args, check=check)

    def warehouse(self, read_only: bool = True):
        return open_warehouse_file(self.data_dir, read_only=read_only)


def open_warehouse_file(data_dir: Path, read_only: bool = True):
    """The warehouse of a data directory as the pipeline opens it: raw, staging and intermediate
    in warehouse.duckdb, the marts file attached so marts.* resolves (pipelines/warehouse.py)."""
    import duckdb

    from pipelines.warehouse import attach_marts

    con = duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=read_only)
    attach_marts(con, data_dir / "marts_db.duckdb", read_only=read_only)
    return con


def sell_one_item_twice(world: World) -> tuple[str, str]:
    """Land a new catalog export in which the listing of one sold order points at the inventory
    item another order sold: two orders then sell the same item, which dbt's unique test on
    ``marts.orders.inventory_uid`` must catch. Returns (that inventory uid, the export's day)."""
    import duckdb

    from pipelines.ingest.landing import write_landing_file

    snapshot = duckdb.connect(str(world.snapshot), read_only=True)
    try:
        (_, _, kept), (platform, listing_id, _) = snapshot.execute(
            "select platform, listing_id, inventory_uid from marts.orders where inventory_uid is not null "
            "order by order_uid limit 2").fetchall()
    finally:
        snapshot.close()
    listings = next((world.landing_dir / "catalog").glob("*/listings.csv"))
    rows = list(csv.DictReader(io.StringIO(listings.read_text())))
    for row in rows:
        if (row["platform"], row["listing_id"]) == (platform, listing_id):
            row["inventory_uid"] = kept
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_landing_file(world.landing_dir, "catalog", date.fromisoformat(listings.parent.name), listings.name,
                       buf.getvalue().encode(), records=len(rows), fetched_at=datetime.now(UTC))
    return kept, listings.parent.name


def world_env(data_dir: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIPELINES_")}
    env.update(PIPELINES_DATA_DIR=str(data_dir), DAGSTER_HOME=str(data_dir / "dagster"), **extra)
    return env


def run_cli(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "pipelines", *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"python -m pipelines {' '.join(args)} failed ({proc.returncode}):\n"
                             f"{proc.stdout[-4000:]}\n{proc.stderr[-8000:]}")
    return proc


def build_world(data_dir: Path, orders: int = WORLD_ORDERS, seed: int = WORLD_SEED, days: int = 365,
                materialize: bool = True, **env_extra: str) -> World:
    world = World(data_dir, world_env(data_dir, **env_extra))
    world.run("generate", "--orders", str(orders), "--seed", str(seed), "--end-date", WORLD_END, "--days", str(days))
    if materialize:
        world.run("materialize")
    return world


@pytest.fixture(scope="session")
def built_world(tmp_path_factory) -> World:
    """Generated and materialized once; tests must not modify it (copy it if they need to)."""
    return build_world(tmp_path_factory.mktemp("world"))
