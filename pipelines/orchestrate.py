"""Run the build job in-process from the command line, with the same definitions the UI loads."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable

from pipelines.settings import get_settings


def _instance():
    """Dagster's instance in DAGSTER_HOME, by default ``<data dir>/dagster``: the same run
    history the UI shows (the Makefile points ``dagster dev`` there too)."""
    import dagster as dg

    home = Path(os.environ.get("DAGSTER_HOME") or get_settings().data_dir / "dagster")
    home.mkdir(parents=True, exist_ok=True)
    return dg.DagsterInstance.from_config(str(home))


def materialize(start_date: str | None = None, end_date: str | None = None,
                progress: Callable[[str], None] = print) -> int:
    from pipelines.definitions import defs
    from pipelines.schedules import BUILD_JOB_NAME

    settings = get_settings()
    t0 = time.perf_counter()
    job = defs.resolve_job_def(BUILD_JOB_NAME)
    run_config = {
        "ops": {name: {"config": {"start_date": start_date, "end_date": end_date}}
                for name in ("raw__ebay_orders", "raw__discogs_orders", "raw_catalog", "raw__fx_rates")},
        "loggers": {"console": {"config": {"log_level": "INFO"}}},
    }
    progress(f"materialize: building everything into {settings.data_dir}")
    result = job.execute_in_process(instance=_instance(), run_config=run_config, raise_on_error=False)
    seconds = time.perf_counter() - t0
    if not result.success:
        failed = [e.step_key for e in result.all_events if e.is_step_failure]
        print(f"materialize FAILED after {seconds:.1f}s (run {result.run_id}): failed steps {failed}")
        return 1
    snapshot = settings.current_pointer.read_text().strip() if settings.current_pointer.exists() else "none"
    print(f"materialized everything in {seconds:.1f}s (run {result.run_id}); serving snapshot {snapshot}")
    return 0
