"""The reader stays light: no pipeline machinery on its import path."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("dagster", "dbt", "great_expectations", "polars")


def test_the_reader_imports_none_of_the_pipeline_machinery() -> None:
    code = (
        "import pipelines.reader.app, pipelines.reader.cli, pipelines.ops_store, sys;"
        "pipelines.reader.app.create_app;"
        f"heavy = {HEAVY!r};"
        "print(sorted({name.split('.')[0] for name in sys.modules if name.split('.')[0] in heavy}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert result.stdout.strip() == "[]"
