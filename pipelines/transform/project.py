"""The dbt project, described once and cached.

The manifest is prepared before the code location loads (``python -m pipelines prepare``, run
by the Makefile; ``dagster dev`` prepares it itself through ``prepare_if_dev``), never parsed at
import time in production.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

from pipelines.settings import DBT_PROJECT_DIR, get_settings

# dbt is installed beside this interpreter; the venv's bin need not be on PATH.
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")


@cache
def dbt_project() -> DbtProject:
    project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR, target="duckdb")
    project.prepare_if_dev()
    return project


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project(), dbt_executable=DBT_EXECUTABLE)


def prepare() -> None:
    """Write the manifest (``dbt parse``) so definitions can load without running dbt."""
    project = dbt_project()
    dbt_resource().cli(["--quiet", "parse"], target_path=project.target_path).wait()


def dbt_vars(as_of: str | None = None) -> dict[str, str]:
    """The seller's settings as dbt vars: one source of truth for currency and time zone."""
    settings = get_settings()
    return {"home_currency": settings.home_currency, "timezone": settings.timezone,
            "as_of": as_of or settings.as_of or ""}


def dbt_vars_arg(as_of: str | None = None) -> str:
    return json.dumps(dbt_vars(as_of))
