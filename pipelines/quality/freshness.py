"""Is the orders data recent? A warning on each marketplace's raw orders when its newest order
is more than a day old, never a gate.

The check looks at the data, not at Dagster's records of runs: the newest ``last_modified_at``
loaded into ``raw.<source>_orders`` (and the newest landing partition) against the clock. A daily
run that loads an empty or missing feed (an expired token, a marketplace outage, a connector
that stopped paginating) still materializes ``raw/<source>_orders`` on time, so Dagster's own
freshness tools, which measure when an asset last materialized (``FreshnessPolicy``,
``build_last_update_freshness_checks``, ``build_time_partition_freshness_checks``), would call it
fresh.

Why WARN and not blocking: stale data is still the best data we have. Holding publish back would
not make it fresher; it would only keep back what the run did bring (shipment updates, refunds,
catalog changes) and leave readers on an even older snapshot. The fix is upstream (the feed),
and the warning says which feed and since when. A seller with few orders can go a quiet day
without one: that warns too, which is why it is a warning.

The clock is ``PIPELINES_AS_OF`` when set (a pinned build, the tests), else now. The check runs
with every build (it belongs to the raw order assets the build jobs select) and on its own every
six hours (``pipelines/schedules.py``), so a build that stops running altogether is noticed too.
"""

# No `from __future__ import annotations`: Dagster inspects the context annotation at definition time.

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import dagster as dg

from pipelines.retry import retry_transient
from pipelines.settings import Settings, get_settings, sql
from pipelines.warehouse import connect_warehouse

MAX_AGE = timedelta(days=1)
CHECK_NAME = "orders_fresh_within_a_day"
ORDER_TABLES = {"ebay": "raw.ebay_orders", "discogs": "raw.discogs_orders"}


@dataclass(frozen=True)
class Freshness:
    source: str
    checked_at: datetime
    newest_order_at: datetime | None
    newest_partition: date | None
    order_versions: int

    @property
    def age(self) -> timedelta | None:
        return None if self.newest_order_at is None else self.checked_at - self.newest_order_at

    @property
    def is_fresh(self) -> bool:
        return self.age is not None and self.age <= MAX_AGE

    def summary(self) -> str:
        table = ORDER_TABLES[self.source]
        if self.newest_order_at is None:
            return f"{table} holds no orders at {self.checked_at:%Y-%m-%d %H:%MZ}"
        verdict = "fresh" if self.is_fresh else "STALE"
        age = hours(self.age)
        # A generated demo world runs to the end of its last day, ahead of the clock.
        when = f"{age:.1f} h before" if age >= 0 else f"{-age:.1f} h ahead of"
        return (f"{table} {verdict}: newest order modified {self.newest_order_at:%Y-%m-%d %H:%MZ} "
                f"(partition {self.newest_partition}), {when} {self.checked_at:%Y-%m-%d %H:%MZ}; "
                f"allowed {hours(MAX_AGE):.0f} h")


def hours(delta: timedelta) -> float:
    return delta.total_seconds() / 3600


def clock(settings: Settings) -> datetime:
    """The instant freshness is judged at: the pinned ``as_of`` of the build, else now (UTC)."""
    if not settings.as_of:
        return datetime.now(UTC)
    pinned = datetime.fromisoformat(settings.as_of)
    return pinned.replace(tzinfo=UTC) if pinned.tzinfo is None else pinned.astimezone(UTC)


def orders_freshness(con, source: str, now: datetime) -> Freshness:
    """The newest order a marketplace's raw table holds, judged at ``now``."""
    newest, partition, versions = con.execute(sql("quality_orders_freshness").format(table=ORDER_TABLES[source])).fetchone()
    return Freshness(source=source, checked_at=now,
                     newest_order_at=newest.replace(tzinfo=UTC) if newest is not None else None,
                     newest_partition=partition, order_versions=versions)


def metadata(found: Freshness) -> dict:
    out = {
        "checked_at": dg.MetadataValue.timestamp(found.checked_at),
        "max_age_hours": hours(MAX_AGE),
        "order_versions": found.order_versions,
    }
    if found.newest_order_at is not None:
        out["newest_order_at"] = dg.MetadataValue.timestamp(found.newest_order_at)
        out["newest_partition"] = str(found.newest_partition)
        out["age_hours"] = round(hours(found.age), 2)
    return out


def _freshness_check(source: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=dg.AssetKey(["raw", f"{source}_orders"]), name=CHECK_NAME, blocking=False, pool="warehouse",
                    description=f"Warns when the newest order in {ORDER_TABLES[source]} is more than "
                                f"{hours(MAX_AGE):.0f} h old (by the data's last_modified_at); never blocks publish.")
    @retry_transient
    def _check(context: dg.AssetCheckExecutionContext) -> dg.AssetCheckResult:
        settings = get_settings()
        with connect_warehouse(settings, read_only=True) as con:
            found = orders_freshness(con, source, clock(settings))
        if not found.is_fresh:
            context.log.warning(found.summary())
        return dg.AssetCheckResult(passed=found.is_fresh, severity=dg.AssetCheckSeverity.WARN,
                                   metadata=metadata(found), description=found.summary())

    return _check


raw_ebay_orders_freshness = _freshness_check("ebay")
raw_discogs_orders_freshness = _freshness_check("discogs")
FRESHNESS_CHECKS = [raw_ebay_orders_freshness, raw_discogs_orders_freshness]
