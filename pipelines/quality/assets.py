"""Great Expectations suites as blocking Dagster asset checks on the raw order tables and marts/orders.

Each suite runs in one op (a multi-asset check) and reports one named check per rule, so the UI
and a failed run name the rule that broke. Every check is blocking with ERROR severity: a failing
raw check keeps dbt from building on ambiguous input, a failing marts check keeps
``serving/snapshot`` from publishing, and the readers keep the last good snapshot.

The raw checks validate the partitions their run loaded (``raw.load_log``; every partition in a
full build), so a daily run's checks cost a day's orders rather than the history; an order
version repeated from an older partition is still caught (``checks.raw_orders_checks``).

dbt tests are asset checks too (dagster-dbt, ``enable_asset_checks``); an error-severity test is
a blocking spec and makes ``dbt build`` exit non-zero, which fails the dbt step, so publish
(downstream of the marts) does not run either. A singular test that reads several models names
the one it judges (``meta.dagster.ref`` in its config), so it is that model's check too.

To publish a deliberate drop in rows anyway, materialize ``serving/snapshot`` on its own: a run
that does not include the marts does not run their checks.

Besides the gates, ``freshness.py`` warns (never blocks) when a marketplace's newest order is
more than a day old. Every check retries a warehouse file locked by another process
(``pipelines/retry.py``) instead of failing the run on it.
"""

# No `from __future__ import annotations`: Dagster inspects the context annotation at definition time.

from collections.abc import Iterator

import dagster as dg

from pipelines.publish.snapshot import current_snapshot
from pipelines.quality.checks import (
    MARTS_ORDER_CHECKS,
    RAW_ORDER_CHECKS,
    RAW_ORDER_TABLES,
    CheckOutcome,
    marts_orders_checks,
    raw_orders_checks,
)
from pipelines.quality.freshness import FRESHNESS_CHECKS
from pipelines.retry import retry_transient
from pipelines.settings import get_settings
from pipelines.transform.assets import mart_asset_keys
from pipelines.warehouse import connect_warehouse

MARTS_ORDERS = dg.AssetKey(["marts", "orders"])
# The catalog tables the reference check reads (marts/inventory_items once the manifest has it).
CATALOG_DEPS = [dg.AssetKey(["staging", "stg_catalog__inventory_items"]),
                dg.AssetKey(["staging", "stg_catalog__listings"])]


def _specs(asset: dg.AssetKey, checks: dict[str, str], additional_deps=()) -> list[dg.AssetCheckSpec]:
    return [dg.AssetCheckSpec(name, asset=asset, description=text, blocking=True,
                              additional_deps=list(additional_deps))
            for name, text in checks.items()]


def _metadata(outcome: CheckOutcome) -> dict:
    out = {}
    for key, value in outcome.metadata.items():
        if value is None:
            continue
        out[key] = dg.MetadataValue.json(value) if isinstance(value, (list, dict)) else value
    if not outcome.passed:
        out["failed"] = dg.MetadataValue.md(_failures_table(outcome.metadata.get("failures", [])))
    return out


def _failures_table(failures: list[dict]) -> str:
    """The failed expectations as a table the UI renders: what, how many rows, which values."""
    lines = ["| expectation | unexpected rows | observed / sample values |", "| --- | --- | --- |"]
    for f in failures:
        if f.get("error"):
            seen = f["error"]
        elif f.get("observed_value") is not None:
            seen = f"observed {f['observed_value']}"
        else:
            seen = ", ".join(f"`{v['value'] if isinstance(v, dict) else v}`" for v in f.get("sample_values", []))
        row = [f"`{f['expectation']}`", str(f.get("unexpected_count", "")), seen]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    return "\n".join(lines)


def _results(context: dg.AssetCheckExecutionContext, asset: dg.AssetKey,
             outcomes: list[CheckOutcome]) -> Iterator[dg.AssetCheckResult]:
    for outcome in outcomes:
        if not outcome.passed:
            context.log.error(f"check {asset.to_user_string()}:{outcome.name} failed: {outcome.summary}")
        yield dg.AssetCheckResult(asset_key=asset, check_name=outcome.name, passed=outcome.passed,
                                  severity=dg.AssetCheckSeverity.ERROR, metadata=_metadata(outcome),
                                  description=None if outcome.passed else outcome.summary[:1000])


def _raw_orders_checks(source: str) -> dg.AssetChecksDefinition:
    asset = dg.AssetKey(["raw", f"{source}_orders"])

    @dg.multi_asset_check(name=f"raw_{source}_orders_expectations", specs=_specs(asset, RAW_ORDER_CHECKS),
                          pool="warehouse", description=f"Great Expectations suite for the partitions of "
                          f"{RAW_ORDER_TABLES[source]} the run loaded.")
    @retry_transient
    def _checks(context: dg.AssetCheckExecutionContext):
        with connect_warehouse(get_settings(), read_only=True) as con:
            outcomes = raw_orders_checks(con, source, run_id=context.run.run_id)
        yield from _results(context, asset, outcomes)

    return _checks


def _catalog_deps() -> list[dg.AssetKey]:
    inventory_mart = dg.AssetKey(["marts", "inventory_items"])
    return CATALOG_DEPS + ([inventory_mart] if inventory_mart in mart_asset_keys() else [])


@dg.multi_asset_check(name="marts_orders_expectations", specs=_specs(MARTS_ORDERS, MARTS_ORDER_CHECKS, _catalog_deps()),
                      pool="warehouse", description="Great Expectations suite for marts.orders, the catalog "
                      "reference check and the row count against the published snapshot.")
@retry_transient
def marts_orders_expectations(context: dg.AssetCheckExecutionContext):
    settings = get_settings()
    with connect_warehouse(settings, read_only=True) as con:
        outcomes = marts_orders_checks(con, current_snapshot(settings))
    yield from _results(context, MARTS_ORDERS, outcomes)


raw_ebay_orders_expectations = _raw_orders_checks("ebay")
raw_discogs_orders_expectations = _raw_orders_checks("discogs")

defs = dg.Definitions(asset_checks=[raw_ebay_orders_expectations, raw_discogs_orders_expectations,
                                    marts_orders_expectations, *FRESHNESS_CHECKS])
