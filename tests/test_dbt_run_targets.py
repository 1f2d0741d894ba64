"""dagster-dbt writes a target folder per dbt invocation; the pipeline keeps only the newest."""

from __future__ import annotations

import os

from pipelines.transform.project import prune_run_targets


def test_only_the_newest_run_folders_of_the_op_are_kept(tmp_path):
    for i in range(6):
        folder = tmp_path / f"warehouse_models-run{i}-abc"
        folder.mkdir()
        (folder / "run_results.json").write_text("{}")
        os.utime(folder, (1_000_000 + i, 1_000_000 + i))
    (tmp_path / "other_op-run0-abc").mkdir()
    (tmp_path / "manifest.json").write_text("{}")

    assert prune_run_targets(tmp_path, "warehouse_models", keep=2) == 4
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == ["manifest.json", "other_op-run0-abc", "warehouse_models-run4-abc", "warehouse_models-run5-abc"]
    assert prune_run_targets(tmp_path, "warehouse_models", keep=2) == 0
