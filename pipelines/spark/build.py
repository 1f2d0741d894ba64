"""Build the marts on either engine: one function the test, the benchmark and the docs use.

``duckdb``: dbt's ``duckdb`` target builds in the warehouse file. ``spark``: raw.* is exported to
Parquet first, then dbt's ``spark`` target builds on a local Spark session and exports the marts as
Parquet. Either way the vars are the platform's (pipelines.transform.project.dbt_vars), so both
engines compute with the same as-of time, home currency and time zone.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from dataclasses import dataclass

from pipelines.settings import DBT_PROJECT_DIR, Settings, get_settings
from pipelines.warehouse import connect_warehouse, warehouse_lock

ENGINES = ("duckdb", "spark")


@dataclass
class BuildResult:
    engine: str
    seconds: float
    export_seconds: float = 0.0


def dbt_command_args(command: str, engine: str, settings: Settings, vars_json: str) -> list[str]:
    """dbt CLI arguments for an engine; target and log folders under the data directory, per engine
    (the manifests differ: the windowed marts are incremental on DuckDB, tables on Spark)."""
    from pipelines.transform.project import engine_target

    base = settings.dbt_target_dir.parent
    return [command, "--target", engine_target(engine)[0], "--vars", vars_json,
            "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
            "--target-path", str(base / f"target-{engine}"), "--log-path", str(base / f"logs-{engine}")]


def spark_dbt_vars(vars_json: str) -> str:
    """The platform's dbt vars plus what a Spark build needs besides: ``check_inputs``, the non-mart
    models the on-run-end hook exports for the warehouse's quality checks (paths.CHECK_INPUTS)."""
    from pipelines.spark.paths import CHECK_INPUTS

    return json.dumps({**json.loads(vars_json), "check_inputs": list(CHECK_INPUTS)})


def build_marts(engine: str | None = None, command: str = "build", extra_args: list[str] | None = None,
                settings: Settings | None = None) -> BuildResult:
    """Run dbt (``build`` by default: models and their tests) on an engine; raises on failure."""
    from pipelines.transform.project import DBT_EXECUTABLE, dbt_vars_arg
    from pipelines.spark.export import export_raw

    settings = settings or get_settings()
    engine = engine or settings.engine
    vars_json = dbt_vars_arg()
    if command == "build":
        # As the Dagster asset does: unit tests check the SQL, not the data (`make test` runs them).
        extra_args = ["--exclude", "resource_type:unit_test", *(extra_args or [])]
    args = dbt_command_args(command, engine, settings, spark_dbt_vars(vars_json) if engine == "spark" else vars_json)
    env = {**os.environ, "PIPELINES_DATA_DIR": str(settings.data_dir)}
    export_seconds = 0.0
    t0 = time.perf_counter()
    if engine == "spark":
        with connect_warehouse(settings, read_only=True) as con:
            export_raw(con, settings)
        export_seconds = time.perf_counter() - t0
        proc = subprocess.run([DBT_EXECUTABLE, *args, *(extra_args or [])], cwd=settings.data_dir, env=env,
                              capture_output=True, text=True)
    else:
        with warehouse_lock(settings):
            proc = subprocess.run([DBT_EXECUTABLE, *args, *(extra_args or [])], cwd=settings.data_dir, env=env,
                                  capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"dbt {command} on {engine} failed ({proc.returncode}):\n{proc.stdout[-12000:]}\n{proc.stderr[-4000:]}")
    return BuildResult(engine, seconds, export_seconds)


def main(argv: list[str] | None = None) -> int:
    """``python -m pipelines.spark.build --engine spark``: build (and time) the marts on an engine
    over the data directory's warehouse; the numbers of docs/scaling.md come from here."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m pipelines.spark.build", description=main.__doc__)
    parser.add_argument("--engine", choices=ENGINES, default=None, help="default: PIPELINES_ENGINE, else duckdb")
    parser.add_argument("--models-only", action="store_true", help="seeds and models, no dbt tests")
    parser.add_argument("--full-refresh", action="store_true",
                        help="rebuild incremental models whole (after the other engine built the warehouse's marts)")
    args = parser.parse_args(argv)
    extra = (["--resource-type", "seed", "--resource-type", "model"] if args.models_only else []) + (
        ["--full-refresh"] if args.full_refresh else [])
    result = build_marts(args.engine, extra_args=extra)
    print(f"{result.engine}: dbt {'seed+run' if args.models_only else 'build'} in {result.seconds:.1f}s"
          + (f" (raw export to Parquet {result.export_seconds:.1f}s of it)" if result.engine == "spark" else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
