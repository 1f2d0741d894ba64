"""The dbt project, described once and cached.

The manifest is prepared before the code location loads (``python -m pipelines prepare``, run
by the Makefile; ``dagster dev`` prepares it itself through ``prepare_if_dev``), never parsed at
import time in production.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache, cached_property
from pathlib import Path

from dagster_dbt import DagsterDbtProjectPreparer, DbtCliResource, DbtProject
from packaging.version import Version

from pipelines.settings import DBT_PROJECT_DIR, get_settings

# dbt is installed beside this interpreter; the venv's bin need not be on PATH.
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")


def engine_target(engine: str) -> tuple[str, str]:
    """The dbt target and target path of an engine (PIPELINES_ENGINE, docs/scaling.md). Each engine
    keeps its own manifest: the windowed marts are incremental on DuckDB and tables on Spark."""
    if engine not in ("duckdb", "spark"):
        raise ValueError(f"PIPELINES_ENGINE must be duckdb or spark, not {engine!r}")
    return engine, "target" if engine == "duckdb" else f"target-{engine}"


class DevProjectPreparer(DagsterDbtProjectPreparer):
    """How ``dagster dev`` parses the project when the code location loads: as ``prepare`` does.

    dagster-dbt's own preparer runs ``dbt`` from PATH, which need not hold this environment's
    bin: ``make ui`` and ``make demo`` start ``.venv/bin/dagster dev`` without activating the
    venv, and the code location failed to load there ("The dbt executable 'dbt' was not found on
    PATH"). It also parses without the runs' vars, so every run would parse the whole project
    again (docs/benchmarks.md, item 14). Only the dbt command is replaced; the base class keeps
    its guard against two processes parsing at once.
    """

    def _prepare_manifest(self, project: DbtProject) -> None:
        _parse(project)


@cache
def dbt_project() -> DbtProject:
    target, target_path = engine_target(get_settings().engine)
    project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR, target=target,
                         target_path=target_path)
    DevProjectPreparer().prepare_if_dev(project)
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


class DbtCli(DbtCliResource):
    """dagster-dbt's CLI resource without the work it does in the Dagster process before each run.

    Before the first dbt command of a process, ``DbtCliResource.cli`` runs ``dbt --version`` to
    learn the executable's version: a whole dbt start, which also asks PyPI for the latest release
    (3 s here; on a machine without internet access it waits on the network). Before every command
    it builds a dbt adapter from the profile and project. Together about 4 s of every run, full or
    daily (docs/benchmarks.md, item 19). Here the version is the installed dbt-core package's:
    ``DBT_EXECUTABLE`` is the dbt of this very environment. And there is no adapter: dbt runs in
    its own subprocess either way, and that handle only serves ``fetch_row_counts()`` and
    ``fetch_column_metadata()``, which this project does not call; no adapter is the case
    dagster-dbt already handles for the dbt Fusion engine, which has none.
    """

    @cached_property
    def _cli_version(self) -> Version:
        return Version(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:
        return None


def dbt_resource(project: DbtProject | None = None) -> DbtCliResource:
    """This environment's dbt on ``project`` (by default the cached one; the dev preparer passes
    the project it is still building, which ``dbt_project()`` cannot return yet)."""
    return DbtCli(project_dir=project or dbt_project(), dbt_executable=DBT_EXECUTABLE)


def prepare() -> None:
    """Write the manifest (``dbt parse``) so definitions can load without running dbt."""
    _parse(dbt_project())


def _parse(project: DbtProject) -> None:
    # With the runs' vars: a run whose vars match the saved parse re-parses only what changed.
    dbt_resource(project).cli(["--quiet", "parse", "--vars", dbt_vars_arg()], target_path=project.target_path).wait()


def dbt_vars() -> dict[str, str]:
    """The seller's settings as dbt vars: one source of truth for currency, time zone and the
    as-of time. They are the same for every run of a deployment, and ``prepare`` parses with them,
    so a run's dbt reuses that parse (dbt parses the whole project again whenever the vars differ
    from the saved parse's). What changes per run, the window of raw partitions, goes in the
    environment instead (:func:`partition_window_env`)."""
    settings = get_settings()
    return {"home_currency": settings.home_currency, "timezone": settings.timezone,
            "as_of": settings.as_of or ""}


def dbt_vars_arg() -> str:
    return json.dumps(dbt_vars())


# The environment variable macros/incremental.sql reads the run's window of raw partitions from.
PARTITIONS_ENV = "PIPELINES_DBT_PARTITIONS"


@contextmanager
def partition_window_env(partitions: tuple[str, str] | None) -> Iterator[None]:
    """Pass dbt the window of raw partitions a run loaded (first, last ``_partition_date``,
    inclusive): the incremental staging models then re-parse only the orders those partitions
    touched. dagster-dbt hands this process's environment to dbt. ``None``: no window, every order.
    The previous value comes back afterwards, so nothing leaks to a later step in the process."""
    previous = os.environ.pop(PARTITIONS_ENV, None)
    if partitions is not None:
        os.environ[PARTITIONS_ENV] = f"{partitions[0]}..{partitions[1]}"
    try:
        yield
    finally:
        os.environ.pop(PARTITIONS_ENV, None)
        if previous is not None:
            os.environ[PARTITIONS_ENV] = previous
