"""The raw partitions a build run loaded, as the window the incremental staging models rebuild.

The build job runs over a range of daily partitions (run tags ``dagster/asset_partition_range_*``);
the ingest loads that range widened by its lookback (WindowConfig.lookback_days, default 1 day,
overridable per run), so the window dbt re-parses is widened by the largest lookback the run was
configured with. A run without a range (a dbt-only run, a hand-made run) passes no window: every
order is rebuilt.
"""

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from pipelines.ingest.assets import WindowConfig
from pipelines.ingest.partitions import RANGE_END_TAG, RANGE_START_TAG


def _lookbacks(run_config: Any) -> list[int]:
    """Every lookback_days set anywhere in a run's config (the ingest assets' op configs)."""
    if isinstance(run_config, Mapping):
        found = [int(v) for k, v in run_config.items() if k == "lookback_days" and isinstance(v, int)]
        return found + [n for v in run_config.values() for n in _lookbacks(v)]
    if isinstance(run_config, list):
        return [n for v in run_config for n in _lookbacks(v)]
    return []


def partition_window(tags: Mapping[str, str], run_config: Mapping[str, Any] | None = None) -> tuple[str, str] | None:
    """(first, last) raw _partition_date of the run, ISO dates, or None for a run over no range."""
    start, end = tags.get(RANGE_START_TAG), tags.get(RANGE_END_TAG)
    if not start or not end:
        return None
    lookback = max([WindowConfig().lookback_days, *_lookbacks(run_config or {})])
    first = date.fromisoformat(start[:10]) - timedelta(days=lookback)
    return first.isoformat(), date.fromisoformat(end[:10]).isoformat()
