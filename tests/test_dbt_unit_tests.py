"""dbt's unit tests (models/*/_*__unit_tests.yml) run in the test suite, not in production builds.

The Dagster build excludes them (`--exclude resource_type:unit_test`): they check the SQL, which
does not change between runs, so a daily build would pay for them for nothing. Here they run
against the session's built world, whose warehouse gives them the parents' column types.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from world_fixtures import PROJECT_ROOT

DBT = str(Path(sys.executable).parent / "dbt")
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"


def test_every_dbt_unit_test_passes(built_world, tmp_path):
    target = tmp_path / "dbt-target"
    proc = subprocess.run(
        [DBT, "test", "--select", "test_type:unit", "--project-dir", str(DBT_PROJECT_DIR),
         "--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", str(target),
         "--log-path", str(tmp_path / "dbt-logs"), "--vars", json.dumps({"as_of": "2026-11-20T23:00:00Z"})],
        cwd=built_world.data_dir, env=built_world.env, capture_output=True, text=True)
    assert proc.returncode == 0, f"dbt unit tests failed:\n{proc.stdout[-8000:]}\n{proc.stderr[-2000:]}"
    results = json.loads((target / "run_results.json").read_text())["results"]
    unit_tests = [r for r in results if r["unique_id"].startswith("unit_test.")]
    written = sum(path.read_text().count("\n  - name: ") for path in DBT_PROJECT_DIR.glob("models/*/_*__unit_tests.yml"))
    assert written > 0 and len(unit_tests) == written, f"{len(unit_tests)} of {written} unit tests ran"
    assert all(r["status"] == "pass" for r in unit_tests)
