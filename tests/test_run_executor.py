"""A run of the build job launched as the schedule launches it runs every step in one process.

``dagster job execute`` runs a job with the job's own executor, as the run worker the daemon
starts for a schedule tick does; ``python -m pipelines materialize`` has always run in process.
With Dagster's default executor each step was a Python process of its own (about 3 s of imports
each): the 1M daily increment took 89-106 s that way against 56-61 s in one process
(docs/benchmarks.md, item 25).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import dagster as dg

from pipelines.ingest.partitions import RANGE_END_TAG, RANGE_START_TAG
from world_fixtures import PROJECT_ROOT, build_world

# The environment's own dagster command, beside this Python.
DAGSTER = str(Path(sys.executable).parent / "dagster")


def test_a_scheduled_build_runs_every_step_in_the_run_worker_process(tmp_path):
    world = build_world(tmp_path, orders=200, days=4, materialize=False)
    days = sorted(p.name for p in (world.landing_dir / "ebay").iterdir() if p.is_dir())
    tags = {RANGE_START_TAG: days[0], RANGE_END_TAG: days[-1]}
    (world.data_dir / "dagster").mkdir(exist_ok=True)
    proc = subprocess.run([DAGSTER, "job", "execute", "-m", "pipelines.definitions", "-j", "build_everything",
                           "--tags", json.dumps(tags)], cwd=PROJECT_ROOT, env=world.env, capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]

    instance = dg.DagsterInstance.from_config(str(world.data_dir / "dagster"))
    try:
        (run,) = instance.get_runs()
        assert run.status == dg.DagsterRunStatus.SUCCESS
        events = [r.dagster_event for r in instance.all_logs(run.run_id) if r.dagster_event is not None]
    finally:
        instance.dispose()
    started = {e.step_key: e.pid for e in events if e.event_type == dg.DagsterEventType.STEP_START}
    assert {"raw__ebay_orders", "warehouse_models", "serving__snapshot"} <= set(started)
    run_pid = next(e.pid for e in events if e.event_type == dg.DagsterEventType.RUN_START)
    assert set(started.values()) == {run_pid}, started
    assert (world.data_dir / "serving" / "CURRENT").exists()
