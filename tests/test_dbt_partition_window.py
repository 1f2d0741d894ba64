"""The run's window of raw partitions reaches dbt through the environment, not through vars.

dbt parses the whole project again whenever a run's vars differ from those of the saved parse, so
a window passed as vars (new every run) made every run pay a full parse. The pipeline now passes
the vars ``prepare`` parsed with and the window in ``PIPELINES_DBT_PARTITIONS``, which
macros/incremental.sql reads only when executing. These tests run dbt in this process against an
empty DuckDB file in a temporary data directory.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipelines.settings import DBT_PROJECT_DIR
from pipelines.transform.project import PARTITIONS_ENV, dbt_vars_arg, partition_window_env


class Dbt:
    """dbt in this process, with its events' names recorded."""

    def __init__(self, data_dir: Path):
        self.common = ["--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
                       "--target-path", str(data_dir / "dbt-target"), "--log-path", str(data_dir / "dbt-logs")]
        self.events: list[str] = []

    def invoke(self, *args: str):
        from dbt.cli.main import dbtRunner

        self.events.clear()
        return dbtRunner(callbacks=[lambda event: self.events.append(event.info.name)]).invoke([*args, *self.common])

    def compiled(self, sql: str, vars_json: str) -> str:
        result = self.invoke("compile", "--inline", sql, "--vars", vars_json)
        assert result.success, result.exception
        return result.result.results[0].node.compiled_code


@pytest.fixture
def dbt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Dbt:
    monkeypatch.setenv("PIPELINES_DATA_DIR", str(tmp_path))
    monkeypatch.delenv(PARTITIONS_ENV, raising=False)
    runner = Dbt(tmp_path)
    assert runner.invoke("parse", "--vars", dbt_vars_arg()).success
    return runner


def test_the_window_in_the_environment_reaches_the_sql_and_keeps_the_saved_parse(dbt, monkeypatch):
    monkeypatch.setenv(PARTITIONS_ENV, "2026-11-19..2026-11-21")
    sql = dbt.compiled("select {{ in_partition_window('d') }} as w", dbt_vars_arg())
    assert "d >= cast('2026-11-19' as date) and d <= cast('2026-11-21' as date)" in sql
    # The saved parse was reused: a window passed as vars used to force a full parse every run.
    assert "PartialParsingEnabled" in dbt.events
    assert "UnableToPartialParse" not in dbt.events


def test_without_a_window_every_order_is_read(dbt):
    assert "(1 = 1)" in dbt.compiled("select {{ in_partition_window('d') }} as w", dbt_vars_arg())


def test_vars_given_by_hand_take_precedence_over_the_environment(dbt, monkeypatch):
    monkeypatch.setenv(PARTITIONS_ENV, "2026-11-19..2026-11-21")
    vars_json = json.dumps({**json.loads(dbt_vars_arg()), "min_partition": "2026-01-01", "max_partition": "2026-01-31"})
    sql = dbt.compiled("select {{ in_partition_window('d') }} as w", vars_json)
    assert "d >= cast('2026-01-01' as date) and d <= cast('2026-01-31' as date)" in sql
    # ...at the price the environment avoids: vars other than the saved parse's mean a full parse.
    assert "UnableToPartialParse" in dbt.events


def test_a_malformed_window_is_a_clear_error(dbt, monkeypatch):
    monkeypatch.setenv(PARTITIONS_ENV, "2026-11-19")
    result = dbt.invoke("compile", "--inline", "select {{ in_partition_window('d') }} as w", "--vars", dbt_vars_arg())
    assert not result.success
    assert PARTITIONS_ENV in str(result.exception)


def test_the_window_is_set_for_the_dbt_step_only(monkeypatch):
    monkeypatch.setenv(PARTITIONS_ENV, "before..before")
    with partition_window_env(("2026-11-19", "2026-11-21")):
        assert os.environ[PARTITIONS_ENV] == "2026-11-19..2026-11-21"
    assert os.environ[PARTITIONS_ENV] == "before..before"
    with partition_window_env(None):
        assert PARTITIONS_ENV not in os.environ
    assert os.environ[PARTITIONS_ENV] == "before..before"
