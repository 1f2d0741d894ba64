"""Great Expectations, in memory: one suite validated against one narrow frame, nothing on disk.

Every check builds an ephemeral context, a pandas data source holding the frame it pulled from
DuckDB, and a suite whose expectations each name (in ``meta["check"]``) the Dagster check they
report under. What comes back is reduced to what a person acts on: which expectation failed, on
how many rows, a few failing values, and the row ids to look the failing rows up again.

``great_expectations`` takes seconds to import, so it is imported inside the functions: loading
the Dagster definitions (or the reader) never pays for it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

ROW_ID = "row_id"
SAMPLE_SIZE = 5
# A value set longer than this (the ISO 4217 list) is shown as its size in an expectation's label.
MAX_LISTED_VALUES = 12


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation's verdict, in plain JSON-able values."""

    check: str
    expectation: str
    success: bool
    unexpected_count: int | None = None
    unexpected_percent: float | None = None
    observed_value: Any = None
    sample_values: list = field(default_factory=list)
    sample_row_ids: list[int] = field(default_factory=list)
    sample_rows: list[dict] = field(default_factory=list)
    error: str | None = None

    def summary(self) -> dict:
        out: dict[str, Any] = {"expectation": self.expectation}
        for name in ("unexpected_count", "unexpected_percent", "observed_value", "error"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.sample_values:
            out["sample_values"] = self.sample_values
        return out


def gx():
    """The ``great_expectations`` module, imported on first use.

    GX fingerprints every pandas batch under 1 GB as it loads it (an md5 over pandas' hash of
    every row, kept in the result's ``batch_markers``), which nothing here reads: at 1M orders
    the marts check's frame took 2.9-4.8 s of CPU to hash, 37% of its validation's time
    (docs/benchmarks.md, item 22). A threshold of 0 skips the fingerprint and nothing else.

    GX also probes pyspark, for Spark DataFrames these checks never hand it. Where pyspark is
    installed (the Spark engine's dependency), importing its Spark Connect client calls
    ``sys.exit(0)`` in a process whose ``__main__`` has no file (pyspark's guard for its own
    doctests): so it is in the worker of a run the Dagster daemon launches, where every check step
    died with "SystemExit: 0", and in ``python -c``. Spark Connect is hidden from GX, which then
    takes it as not installed, unless this process imported it already."""
    sys.modules.setdefault("pyspark.sql.connect", None)
    import great_expectations
    from great_expectations.execution_engine import pandas_execution_engine

    pandas_execution_engine.HASH_THRESHOLD = 0
    return great_expectations


def expectation(kind: str, check: str, **kwargs: Any):
    """``gx.expectations.<kind>(**kwargs)`` tagged with the Dagster check it reports under."""
    return getattr(gx().expectations, kind)(meta={"check": check}, **kwargs)


def _context():
    """An ephemeral context: stores in memory, no data docs site, no analytics, no progress bars."""
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
    )
    return gx().get_context(mode="ephemeral", project_config=config)


def validate(suite_name: str, frame: pd.DataFrame, expectations: Sequence[Any],
             sample_size: int = SAMPLE_SIZE) -> list[ExpectationOutcome]:
    """Run ``expectations`` as the suite ``suite_name`` against the whole of ``frame``."""
    if not expectations:
        return []
    results = run_suite(suite_name, frame, expectations, sample_size)
    return [_outcome(r, sample_size) for r in results.results]


def run_suite(suite_name: str, frame: pd.DataFrame, expectations: Sequence[Any], sample_size: int = SAMPLE_SIZE):
    """GX's own validation result of ``expectations`` against ``frame``."""
    context = _context()
    asset = context.data_sources.add_pandas(name="warehouse").add_dataframe_asset(name=suite_name)
    batch = asset.add_batch_definition_whole_dataframe(name="whole_frame")
    suite = context.suites.add(gx().ExpectationSuite(name=suite_name, expectations=list(expectations)))
    definition = context.validation_definitions.add(
        gx().ValidationDefinition(name=suite_name, data=batch, suite=suite))
    result_format: dict[str, Any] = {"result_format": "SUMMARY", "partial_unexpected_count": sample_size}
    if ROW_ID in frame.columns:
        result_format["unexpected_index_column_names"] = [ROW_ID]
    return definition.run(batch_parameters={"dataframe": frame}, result_format=result_format)


def _label(config) -> str:
    """``expect_column_values_to_be_between(sale_price, min_value=0, max_value=100000)``."""
    kwargs = {k: v for k, v in config.kwargs.items() if k != "batch_id"}
    target = [str(kwargs.pop(k)) for k in ("column", "column_A", "column_B") if k in kwargs]
    if "column_list" in kwargs:
        target.append("+".join(kwargs.pop("column_list")))
    if "value_set" in kwargs and len(kwargs["value_set"]) > MAX_LISTED_VALUES:
        kwargs["value_set"] = f"<{len(kwargs['value_set'])} values>"
    args = [*target, *(f"{k}={_short(v)}" for k, v in kwargs.items() if v is not None)]
    return f"{config.type}({', '.join(args)})"


def _short(value: Any) -> Any:
    value = _plain(value)
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _outcome(result, sample_size: int) -> ExpectationOutcome:
    config = result.expectation_config
    detail = result.result or {}
    error = _error(result.exception_info or {})
    counts = detail.get("partial_unexpected_counts") or [{"value": v} for v in detail.get("partial_unexpected_list", [])]
    rows = [_plain(r.get(ROW_ID)) for r in detail.get("partial_unexpected_index_list") or [] if ROW_ID in r]
    return ExpectationOutcome(
        check=(config.meta or {}).get("check", config.type),
        expectation=_label(config),
        success=bool(result.success),
        unexpected_count=_plain(detail.get("unexpected_count")),
        unexpected_percent=_round(detail.get("unexpected_percent")),
        observed_value=_plain(detail.get("observed_value")),
        sample_values=[_sample(c) for c in counts[:sample_size]],
        sample_row_ids=[r for r in rows if r is not None][: sample_size * 2],
        error=error,
    )


def _error(info: dict) -> str | None:
    """The exception a metric raised: ``exception_info`` is flat, or keyed by metric when several ran."""
    if "raised_exception" in info:
        return info.get("exception_message") if info["raised_exception"] else None
    messages = [v.get("exception_message") for v in info.values() if isinstance(v, dict) and v.get("exception_message")]
    return "; ".join(dict.fromkeys(messages)) or None


def _sample(count: dict) -> Any:
    value = _plain(count.get("value"))
    return {"value": value, "rows": count["count"]} if "count" in count else value


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 4)


def _plain(value: Any) -> Any:
    """numpy / pandas scalars, tuples and timestamps as JSON-able Python values."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and value != value:  # NaN: a missing value
        return None
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)

