"""The dbt project, described once and cached.

The manifest is prepared before the code location loads (``python -m pipelines prepare``, run
by the Makefile; ``dagster dev`` prepares it itself through ``prepare_if_dev``), never parsed at
import time in production.
"""

from __future__ import annotations

import json
import shutil
import sys
from functools import cache
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

from pipelines.settings import DBT_PROJECT_DIR, get_settings

# dbt is installed beside this interpreter; the venv's bin need not be on PATH.
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")


def engine_target(engine: str) -> tuple[str, str]:
    """The dbt target and target path of an engine (PIPELINES_ENGINE, docs/scaling.md). Each engine
    keeps its own manifest: the windowed marts are incremental on DuckDB and tables on Spark."""
    if engine not in ("duckdb", "spark"):
        raise ValueError(f"PIPELINES_ENGINE must be duckdb or spark, not {engine!r}")
    return engine, "target" if engine == "duckdb" else f"target-{engine}"


@cache
def dbt_project() -> DbtProject:
    target, target_path = engine_target(get_settings().engine)
    project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR, target=target,
                         target_path=target_path)
    project.prepare_if_dev()
    return project


# dagster-dbt gives every dbt invocation a target folder of its own (<op>-<run id>-<uuid>, about
# 10 MB: manifest, compiled SQL, run_results.json); a daily schedule would fill the disk with them.
KEEP_RUN_TARGETS = 10


def prune_run_targets(target_dir: Path, prefix: str, keep: int = KEEP_RUN_TARGETS) -> int:
    """Remove all but the newest ``keep`` per-invocation target folders named ``<prefix>-*``.
    Returns how many were removed."""
    folders = sorted((p for p in target_dir.glob(f"{prefix}-*") if p.is_dir()), key=lambda p: p.stat().st_mtime)
    stale = folders[:-keep] if keep else folders
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return len(stale)


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project(), dbt_executable=DBT_EXECUTABLE)


def prepare() -> None:
    """Write the manifest (``dbt parse``) so definitions can load without running dbt."""
    project = dbt_project()
    dbt_resource().cli(["--quiet", "parse"], target_path=project.target_path).wait()


def dbt_vars(as_of: str | None = None, partitions: tuple[str, str] | None = None) -> dict[str, str]:
    """The seller's settings as dbt vars: one source of truth for currency and time zone. With
    ``partitions`` (first, last raw _partition_date the run loaded, inclusive), the incremental
    staging models re-parse only the orders those partitions touched (macros/incremental.sql)."""
    settings = get_settings()
    dbt_vars = {"home_currency": settings.home_currency, "timezone": settings.timezone,
                "as_of": as_of or settings.as_of or ""}
    if partitions is not None:
        dbt_vars.update(min_partition=partitions[0], max_partition=partitions[1])
    return dbt_vars


def dbt_vars_arg(as_of: str | None = None, partitions: tuple[str, str] | None = None) -> str:
    return json.dumps(dbt_vars(as_of, partitions))
