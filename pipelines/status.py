"""``python -m pipelines status``: what is published, when, from which run, and what failed since."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

from pipelines.publish.snapshot import current_snapshot
from pipelines.settings import get_settings


def _publish_log(serving_dir: Path) -> list[dict]:
    log = serving_dir / "publish_log.jsonl"
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]


def _failed_runs_since(since: datetime | None) -> list[str]:
    import dagster as dg

    home = os.environ.get("DAGSTER_HOME") or str(get_settings().data_dir / "dagster")
    if not Path(home, "dagster.yaml").exists() and not Path(home, "history").exists():
        return []
    instance = dg.DagsterInstance.from_config(home)
    lines = []
    for record in instance.get_run_records(dg.RunsFilter(statuses=[dg.DagsterRunStatus.FAILURE]), limit=20):
        ended = datetime.fromtimestamp(record.end_time, timezone.utc) if record.end_time else None
        if since is None or (ended and ended > since):
            failed = [e.step_key for e in instance.all_logs(record.dagster_run.run_id,
                                                            of_type=dg.DagsterEventType.STEP_FAILURE)]
            lines.append(f"  {ended:%Y-%m-%d %H:%M:%S}Z run {record.dagster_run.run_id[:8]} "
                         f"({record.dagster_run.job_name}) failed at {', '.join(sorted(set(failed))) or '?'}")
    return lines


def status() -> int:
    settings = get_settings()
    current = current_snapshot(settings)
    publishes = _publish_log(settings.serving_dir)
    print(f"data directory: {settings.data_dir}")
    if current is None:
        print("published: nothing yet (run `python -m pipelines materialize`)")
        since = None
    else:
        entry = next((p for p in reversed(publishes) if p["file"] == current.name), {})
        since = datetime.fromisoformat(entry["published_at"]) if entry else None
        print(f"published: {current.name}")
        print(f"  at {entry.get('published_at', '?')} by run {entry.get('run_id', '?')}")
        for table, rows in sorted(entry.get("row_counts", {}).items()):
            print(f"  {table}: {rows:,} rows")
    failed = _failed_runs_since(since)
    print(f"failed runs since that publish: {len(failed)}")
    for line in failed:
        print(line)
    return 0
