"""Run the build job in-process from the command line, with the same definitions the UI loads."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable

from pipelines.settings import get_settings

from pipelines.ingest.partitions import RANGE_END_TAG, RANGE_START_TAG

PLANNED_EVENTS_AS_RANGE = "DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS"


def _instance():
    """Dagster's instance in DAGSTER_HOME, by default ``<data dir>/dagster``: the same run
    history the UI shows (the Makefile points ``dagster dev`` there too)."""
    import dagster as dg

    home = Path(os.environ.get("DAGSTER_HOME") or get_settings().data_dir / "dagster")
    home.mkdir(parents=True, exist_ok=True)
    return dg.DagsterInstance.from_config(str(home))


def partition_range(start_date: str | None, end_date: str | None) -> tuple[str, str] | None:
    """The days a run covers: as given, else every day the landing zone holds orders for."""
    from pipelines.ingest.landing import list_partitions

    landing = get_settings().landing_dir
    days = sorted({d for source in ("ebay", "discogs") for d in list_partitions(landing, source)})
    first = start_date or (days[0].isoformat() if days else None)
    last = end_date or (days[-1].isoformat() if days else None)
    if first is None or last is None:
        return None
    if first > last:
        raise SystemExit(f"--start-date {first} is after --end-date {last}")
    return first, last


def materialize(start_date: str | None = None, end_date: str | None = None,
                progress: Callable[[str], None] = print) -> int:
    """One in-process run of the build job over a range of daily partitions."""
    import warnings

    import dagster as dg

    # Single-run backfills are a beta parameter; the warning says nothing the user can act on.
    warnings.filterwarnings("ignore", category=dg.BetaWarning)
    from pipelines.definitions import defs
    from pipelines.schedules import BUILD_JOB_NAME

    settings = get_settings()
    window = partition_range(start_date, end_date)
    if window is None:
        print(f"nothing to materialize: no marketplace pages under {settings.landing_dir} "
              "(run `python -m pipelines generate` or fetch some)")
        return 1
    # One "planned" event per asset for the whole range instead of one per asset partition: a
    # year's build plans ~770 events otherwise, each a SQLite commit, for tens of seconds before
    # the first step. Dagster's documented trade-off: if the run fails, its partitions show as
    # missing rather than failed in the UI; `python -m pipelines status` and this command's own
    # output still name the failed steps. Materializations stay one event per partition.
    os.environ.setdefault(PLANNED_EVENTS_AS_RANGE, "1")
    t0 = time.perf_counter()
    job = defs.resolve_job_def(BUILD_JOB_NAME)
    progress(f"materialize: days {window[0]}..{window[1]} into {settings.data_dir}")
    result = job.execute_in_process(
        instance=_instance(),
        run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
        tags={RANGE_START_TAG: window[0], RANGE_END_TAG: window[1]},
        raise_on_error=False,
    )
    seconds = time.perf_counter() - t0
    if not result.success:
        failed = sorted({e.step_key for e in result.all_events if e.is_step_failure})
        checks = sorted(
            f"{e.event_specific_data.asset_key.to_user_string()}:{e.event_specific_data.check_name}"
            for e in result.all_events
            if e.event_type_value == "ASSET_CHECK_EVALUATION" and not e.event_specific_data.passed)
        print(f"materialize FAILED after {seconds:.1f}s (run {result.run_id}): failed steps {failed}; "
              f"failed checks {checks}; the serving snapshot was not changed")
        return 1
    snapshot = settings.current_pointer.read_text().strip() if settings.current_pointer.exists() else "none"
    print(f"materialized days {window[0]}..{window[1]} in {seconds:.1f}s (run {result.run_id}); "
          f"serving snapshot {snapshot}")
    return 0
