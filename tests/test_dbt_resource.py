"""The Dagster process runs dbt as a subprocess and does no dbt work of its own before it.

dagster-dbt's ``DbtCliResource.cli`` runs ``dbt --version`` once per process (a whole dbt start
that also asks PyPI for the latest release) and builds an in-process dbt adapter before every
command: it loads the profile and project into a dbt runtime config and imports the adapter
plugin (DuckDB's), for a handle only ``fetch_row_counts()`` and ``fetch_column_metadata()``
use. ``pipelines.transform.project.DbtCli`` does neither (docs/benchmarks.md, item 19). Checked
in a fresh interpreter, whose modules are those of that one dbt command.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys

from world_fixtures import PROJECT_ROOT

PROBE = """
import json, sys
from pathlib import Path
import dagster_dbt.core.resource as dagster_dbt_resource
from pipelines.transform.project import dbt_resource, dbt_vars_arg

# dagster-dbt learns the dbt version by running `dbt --version` through this name: record it.
version_runs = []
def check_output(args, *rest, **kwargs):
    version_runs.append(list(args))
    return original(args, *rest, **kwargs)
original, dagster_dbt_resource.check_output = dagster_dbt_resource.check_output, check_output

invocation = dbt_resource().cli(["--quiet", "parse", "--vars", dbt_vars_arg()], target_path=Path(sys.argv[1]))
invocation.wait()
print(json.dumps({"success": invocation.is_successful(), "adapter": invocation.adapter is not None,
                  "adapter_modules": sorted(m for m in ("dbt.config.runtime", "dbt.adapters.duckdb") if m in sys.modules),
                  "version_runs": version_runs, "version": str(invocation.cli_version)}))
"""


def test_a_dbt_command_runs_without_a_dbt_adapter_in_the_dagster_process(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIPELINES_", "DAGSTER_"))}
    env["PIPELINES_DATA_DIR"] = str(tmp_path)
    proc = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "dbt-target")], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["success"], proc.stdout[-3000:]
    assert (tmp_path / "dbt-target" / "manifest.json").exists()
    assert result["version"] == importlib.metadata.version("dbt-core")
    assert {**result, "version": None} == {"success": True, "adapter": False, "adapter_modules": [], "version_runs": [],
                                          "version": None}


DEV_PARSE = """
import sys
from pathlib import Path
from dagster_dbt import DagsterDbtProjectPreparer, DbtProject
from pipelines.settings import DBT_PROJECT_DIR
from pipelines.transform.project import DevProjectPreparer

preparer = DevProjectPreparer() if sys.argv[2] == "ours" else DagsterDbtProjectPreparer()
project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR, target="duckdb",
                     target_path=Path(sys.argv[1]))
preparer.prepare_if_dev(project)
print(project.manifest_path)
"""


def _dev_parse(tmp_path, preparer: str) -> subprocess.CompletedProcess:
    """A code location loading under ``dagster dev`` (DAGSTER_IS_DEV_CLI), started as ``make ui``
    starts it: ``.venv/bin/dagster`` with the venv's bin not on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIPELINES_", "DAGSTER_"))}
    bin_dir = os.path.dirname(sys.executable)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p and p != bin_dir)
    env.update(PIPELINES_DATA_DIR=str(tmp_path), DAGSTER_IS_DEV_CLI="1")
    return subprocess.run([sys.executable, "-c", DEV_PARSE, str(tmp_path / preparer), preparer], cwd=PROJECT_ROOT,
                          env=env, capture_output=True, text=True, timeout=300)


def test_dagster_dev_parses_with_this_environments_dbt_and_the_runs_vars(tmp_path):
    proc = _dev_parse(tmp_path, "ours")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (tmp_path / "ours" / "manifest.json").exists()
    # The parse a run's dbt can reuse: the one made with the runs' vars (prepare's command).
    log = (tmp_path / "ours" / "dbt.log").read_text()
    assert 'dbt --quiet parse --vars {\\"home_currency\\": ' in log, log[-2000:]
    # dagster-dbt's own preparer, in the same environment, cannot find dbt at all.
    theirs = _dev_parse(tmp_path, "theirs")
    assert theirs.returncode != 0 and "was not found on PATH" in theirs.stderr
