"""``python -m pipelines status``: what is published, when, from which run, how fresh the orders
are, and what failed since (runs, and checks: blocking gates and freshness warnings)."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

from pipelines.publish.snapshot import current_snapshot
from pipelines.settings import get_settings

# Runs looked at for failed checks since the last publish (the daily build, the freshness watch).
RECENT_RUNS = 50


def _publish_log(serving_dir: Path) -> list[dict]:
    log = serving_dir / "publish_log.jsonl"
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]


def _instance():
    """Dagster's run history (the one the UI shows), or None when nothing ever ran here."""
    import dagster as dg

    home = os.environ.get("DAGSTER_HOME") or str(get_settings().data_dir / "dagster")
    if not Path(home, "dagster.yaml").exists() and not Path(home, "history").exists():
        return None
    return dg.DagsterInstance.from_config(home)


def _when(timestamp: float | None) -> str:
    return f"{datetime.fromtimestamp(timestamp, timezone.utc):%Y-%m-%d %H:%M:%S}Z" if timestamp else "?"


def _failed_runs_since(instance, since: datetime | None) -> list[str]:
    import dagster as dg

    lines = []
    for record in instance.get_run_records(dg.RunsFilter(statuses=[dg.DagsterRunStatus.FAILURE]), limit=20):
        ended = datetime.fromtimestamp(record.end_time, timezone.utc) if record.end_time else None
        if since is None or (ended and ended > since):
            failed = [e.step_key for e in instance.all_logs(record.dagster_run.run_id,
                                                            of_type=dg.DagsterEventType.STEP_FAILURE)]
            retried = len(instance.all_logs(record.dagster_run.run_id, of_type=dg.DagsterEventType.STEP_UP_FOR_RETRY))
            lines.append(f"  {_when(record.end_time)} run {record.dagster_run.run_id[:8]} "
                         f"({record.dagster_run.job_name}) failed at {', '.join(sorted(set(failed))) or '?'}"
                         + (f" after {retried} transient-error retries" if retried else ""))
    return lines


def _failed_checks_since(instance, since: datetime | None) -> list[str]:
    """Every check that did not pass in a run started since the publish: the gates that held a run
    back (ERROR) and the warnings that did not (WARN, e.g. stale orders)."""
    import dagster as dg

    runs = instance.get_run_records(dg.RunsFilter(created_after=since) if since else None, limit=RECENT_RUNS)
    lines = []
    for record in sorted(runs, key=lambda r: r.create_timestamp.timestamp()):
        for entry in instance.all_logs(record.dagster_run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION):
            evaluation = entry.dagster_event.event_specific_data
            if evaluation.passed:
                continue
            about = (evaluation.description or "").splitlines()[0][:200] if evaluation.description else ""
            lines.append(f"  {_when(entry.timestamp)} run {record.dagster_run.run_id[:8]} "
                         f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name} "
                         f"({evaluation.severity.value}){': ' + about if about else ''}")
    return lines


def _freshness(instance, now: datetime) -> list[str]:
    """The last freshness verdict per marketplace, and how old that newest order is by now."""
    import dagster as dg

    from pipelines.quality.freshness import CHECK_NAME, MAX_AGE, ORDER_TABLES, hours

    lines = []
    for source in ORDER_TABLES:
        key = dg.AssetCheckKey(dg.AssetKey(["raw", f"{source}_orders"]), CHECK_NAME)
        record = instance.get_latest_asset_check_evaluation_record(key) if instance else None
        evaluation = record.event.dagster_event.event_specific_data if record and record.event else None
        if evaluation is None or not hasattr(evaluation, "passed"):
            lines.append(f"  {source}: not checked yet")
            continue
        verdict = "fresh" if evaluation.passed else f"STALE ({evaluation.severity.value})"
        lines.append(f"  {source}: {verdict} when checked {_when(record.event.timestamp)} (run {record.run_id[:8]})")
        newest = evaluation.metadata.get("newest_order_at")
        if newest is None:
            line = f"    {evaluation.description or 'no orders loaded'}"
        else:
            newest_at = datetime.fromtimestamp(newest.value, timezone.utc)
            age_now = now - newest_at
            partition = evaluation.metadata.get("newest_partition")
            line = (f"    newest order modified {newest_at:%Y-%m-%d %H:%MZ}"
                    f"{f' (partition {partition.value})' if partition else ''}: {max(hours(age_now), 0.0):.1f} h old now")
            if age_now > MAX_AGE:
                line += f", over the {hours(MAX_AGE):.0f} h allowed"
        lines.append(line)
    return lines


def status() -> int:
    from pipelines.quality.freshness import clock

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
    instance = _instance()
    print(f"orders freshness (newest order within a day; warns, never blocks publish), clock {clock(settings):%Y-%m-%d %H:%MZ}:")
    for line in _freshness(instance, clock(settings)):
        print(line)
    failed = _failed_runs_since(instance, since) if instance else []
    print(f"failed runs since that publish: {len(failed)}")
    for line in failed:
        print(line)
    checks = _failed_checks_since(instance, since) if instance else []
    print(f"failed checks since that publish: {len(checks)}")
    for line in checks:
        print(line)
    return 0
