"""The quality gates' rules, evaluated on an open warehouse connection; no Dagster here.

Each function pulls only the columns its suite reads (``sql/quality_*.sql``), lets DuckDB do
what is heavy across tables (the catalog anti-join, exact cents for the net revenue identity),
validates with Great Expectations, and returns one :class:`CheckOutcome` per Dagster check,
with the failing expectations, counts, sample values and sample rows a person needs to act.
``pipelines.quality.assets`` turns them into asset check results.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb

from pipelines.ingest.loaders import CURRENCIES_FILE
from pipelines.quality.validation import ROW_ID, ExpectationOutcome, expectation, validate
from pipelines.settings import sql
from pipelines.warehouse import cursor as warehouse_cursor

# Bounds of a plausible amount on one order line, in the order's currency (JPY included).
MAX_AMOUNT = 100_000
# A build whose marts.orders has fewer rows than this share of the published one is held back:
# losing half the orders between two builds is a broken load far more often than a real change.
MIN_ROW_RATIO = 0.5
# No marketplace record predates this; a clock can run ahead of ours by this much.
EARLIEST_TIMESTAMP = datetime(2000, 1, 1)
FUTURE_TOLERANCE = timedelta(days=1)
# The computed statuses docs/data-model.md lists (the order_status macro and the staging models).
ORDER_STATUSES = ("completed", "shipped", "awaiting_shipment", "cancelled", "refunded", "pending_payment",
                  "payment_failed", "new_order", "buyer_contacted", "invoice_sent", "merged", "order_changed")
RAW_ORDER_TABLES = {"ebay": "raw.ebay_orders", "discogs": "raw.discogs_orders"}
# Where inventory items are looked up, first existing wins: the catalog mart once it is built.
CATALOG_TABLES = ("marts.inventory_items", "staging.stg_catalog__inventory_items")
SAMPLE_ROWS = 5
# A run's checked partitions are listed in the check's metadata up to this many (a daily run's
# two, a month's backfill); beyond, the count and the bounds say enough.
MAX_LISTED_PARTITIONS = 31

RAW_ORDER_CHECKS = {
    "order_id_not_null": "Every loaded order version has the marketplace's order id.",
    "order_versions_unique": "One row per order and partition, and each order version "
                             "(order_id, last_modified_at) loaded once: a page filed twice or under two "
                             "days makes staging's latest-version pick ambiguous.",
    "last_modified_at_in_range": f"last_modified_at is set, not before {EARLIEST_TIMESTAMP:%Y-%m-%d} and not more "
                                 f"than {FUTURE_TOLERANCE.days} day ahead of the check's clock.",
}

MARTS_ORDER_CHECKS = {
    "order_keys_unique": "order_uid is set and unique; inventory_uid is unique where set (an item sells once).",
    "amounts_in_range": f"sale_price, marketplace_fee, platform_fee and shipping_cost are set, >= 0 and "
                        f"<= {MAX_AMOUNT:,}.",
    "net_revenue_identity": "net_revenue = sale_price - marketplace_fee - platform_fee - shipping_cost, "
                            "exactly to the cent.",
    "status_known": "status is one of the computed statuses docs/data-model.md lists.",
    "currencies_iso4217": "currency and home_currency are ISO 4217 codes.",
    "sold_at_in_range": f"sold_at is set, not before {EARLIEST_TIMESTAMP:%Y-%m-%d}, not more than "
                        f"{FUTURE_TOLERANCE.days} day ahead, and not after the order's last_modified_at.",
    "inventory_in_catalog": "Every inventory item an order sold (its inventory_uid, or the one its listing "
                            "names) exists in the catalog.",
    "row_count_vs_published": f"marts.orders keeps at least {MIN_ROW_RATIO:.0%} of the rows of the published "
                              "snapshot's marts.orders (passes when nothing is published).",
}


@dataclass
class CheckOutcome:
    """One Dagster check's verdict; metadata holds plain JSON-able values."""

    name: str
    passed: bool
    metadata: dict = field(default_factory=dict)

    @property
    def summary(self) -> str:
        """One line per failed expectation: what failed and how badly."""
        if self.passed:
            return "passed"
        parts = []
        for failure in self.metadata.get("failures", []):
            count = failure.get("unexpected_count")
            what = (f"{count} unexpected rows" if count is not None
                    else f"observed {failure['observed_value']}" if failure.get("observed_value") is not None
                    else failure.get("error", "failed"))
            parts.append(f"{failure['expectation']}: {what}")
        return "; ".join(parts)


def _utc_naive(now: datetime | None) -> datetime:
    now = now or datetime.now(UTC)
    return now.astimezone(UTC).replace(tzinfo=None) if now.tzinfo else now


def iso4217_codes() -> list[str]:
    with open(CURRENCIES_FILE, newline="") as handle:
        return sorted({row["code"].strip() for row in csv.DictReader(handle) if row.get("code")})


# -- raw orders ---------------------------------------------------------------------------------

def raw_orders_suite(now: datetime | None = None) -> list:
    latest = _utc_naive(now) + FUTURE_TOLERANCE
    return [
        expectation("ExpectColumnValuesToNotBeNull", "order_id_not_null", column="order_id"),
        expectation("ExpectCompoundColumnsToBeUnique", "order_versions_unique",
                    column_list=["order_id", "partition_date"]),
        expectation("ExpectCompoundColumnsToBeUnique", "order_versions_unique",
                    column_list=["order_id", "last_modified_at"]),
        expectation("ExpectColumnValuesToNotBeNull", "last_modified_at_in_range", column="last_modified_at"),
        expectation("ExpectColumnValuesToBeBetween", "last_modified_at_in_range", column="last_modified_at",
                    min_value=EARLIEST_TIMESTAMP, max_value=latest),
    ]


def raw_orders_checks(con: duckdb.DuckDBPyConnection, source: str, now: datetime | None = None,
                      run_id: str | None = None) -> list[CheckOutcome]:
    """The raw order suite on ``raw.<source>_orders``: one outcome per name in RAW_ORDER_CHECKS.

    With a ``run_id``, only the partitions that run loaded (:func:`run_partitions`) are validated,
    so a daily run's check costs a day of orders, not the history: every rule but one is about a
    row or a row's own partition, and older partitions were validated by the run that loaded them.
    The exception is an order version loaded twice, which can pair a new row with an old one; the
    rows of other partitions that repeat a version of the window are validated with it, so the
    uniqueness of (order_id, last_modified_at) still holds across the whole table. Without a run,
    or for a run that loaded nothing of this source (its checks run on their own), everything is
    validated.
    """
    table = RAW_ORDER_TABLES[source]
    partitions = run_partitions(con, source, run_id) if run_id else []
    if partitions:
        frame = _frame(con, sql("quality_raw_orders_window_frame").format(table=table),
                       {"partitions": partitions, "first": partitions[0], "last": partitions[-1]})
        scope = _window_scope(partitions, int((~frame["is_loaded_by_run"]).sum()))
    else:
        frame = _frame(con, sql("quality_raw_orders_frame").format(table=table))
        scope = {"scope": "whole table",
                 "scope_reason": "no run given" if not run_id else "this run loaded no partition of it"}
    results = validate(f"raw_{source}_orders", frame, raw_orders_suite(now))
    samples = _sampler(con, sql("quality_raw_orders_samples").format(table=table))
    return _outcomes(RAW_ORDER_CHECKS, results, len(frame), samples, {"table": table, **scope})


def run_partitions(con: duckdb.DuckDBPyConnection, source: str, run_id: str) -> list[date]:
    """The partitions of ``source`` that run ``run_id`` loaded, as ``raw.load_log`` records them:
    the ingest's own account, so the window cannot drift from what was loaded (a daily run's
    lookback day included; a full build's every partition)."""
    rows = con.execute(sql("quality_raw_orders_run_partitions"), {"source": source, "run_id": run_id}).fetchall()
    return [row[0] for row in rows]


def _window_scope(partitions: list[date], rows_elsewhere: int) -> dict:
    scope = {"scope": "partitions loaded by this run", "partitions_checked": len(partitions),
             "first_partition": partitions[0].isoformat(), "last_partition": partitions[-1].isoformat(),
             "rows_from_other_partitions": rows_elsewhere}
    if len(partitions) <= MAX_LISTED_PARTITIONS:
        scope["partitions"] = [p.isoformat() for p in partitions]
    return scope


# -- marts.orders -------------------------------------------------------------------------------

def marts_orders_suite(now: datetime | None = None, min_rows: int | None = None,
                       currencies: Sequence[str] | None = None) -> list:
    latest = _utc_naive(now) + FUTURE_TOLERANCE
    currencies = list(currencies or iso4217_codes())
    suite = [
        expectation("ExpectColumnValuesToNotBeNull", "order_keys_unique", column="order_uid"),
        expectation("ExpectColumnValuesToBeUnique", "order_keys_unique", column="order_uid"),
        expectation("ExpectColumnValuesToBeUnique", "order_keys_unique", column="inventory_uid"),
    ]
    for column in ("sale_price", "marketplace_fee", "platform_fee", "shipping_cost"):
        suite += [
            expectation("ExpectColumnValuesToNotBeNull", "amounts_in_range", column=column),
            expectation("ExpectColumnValuesToBeBetween", "amounts_in_range", column=column,
                        min_value=0, max_value=MAX_AMOUNT),
        ]
    suite += [
        expectation("ExpectColumnValuesToNotBeNull", "net_revenue_identity", column="net_revenue_cents"),
        expectation("ExpectColumnPairValuesToBeEqual", "net_revenue_identity",
                    column_A="net_revenue_cents", column_B="sale_less_costs_cents"),
        expectation("ExpectColumnValuesToNotBeNull", "status_known", column="status"),
        expectation("ExpectColumnValuesToBeInSet", "status_known", column="status", value_set=list(ORDER_STATUSES)),
        expectation("ExpectColumnValuesToNotBeNull", "currencies_iso4217", column="currency"),
        expectation("ExpectColumnValuesToBeInSet", "currencies_iso4217", column="currency", value_set=currencies),
        expectation("ExpectColumnValuesToNotBeNull", "currencies_iso4217", column="home_currency"),
        expectation("ExpectColumnValuesToBeInSet", "currencies_iso4217", column="home_currency", value_set=currencies),
        expectation("ExpectColumnValuesToNotBeNull", "sold_at_in_range", column="sold_at"),
        expectation("ExpectColumnValuesToBeBetween", "sold_at_in_range", column="sold_at",
                    min_value=EARLIEST_TIMESTAMP, max_value=latest),
        expectation("ExpectColumnPairValuesAToBeGreaterThanB", "sold_at_in_range",
                    column_A="last_modified_at", column_B="sold_at", or_equal=True),
    ]
    if min_rows is not None:
        suite.append(expectation("ExpectTableRowCountToBeBetween", "row_count_vs_published", min_value=min_rows))
    return suite


def marts_orders_checks(con: duckdb.DuckDBPyConnection, published_snapshot: Path | None,
                        now: datetime | None = None) -> list[CheckOutcome]:
    """The marts/orders suite, the catalog reference check and the row count against the
    snapshot readers see now: one outcome per name in MARTS_ORDER_CHECKS."""
    published = published_row_count(published_snapshot)
    min_rows = None if published is None else math.ceil(published * MIN_ROW_RATIO)
    frame = _frame(con, sql("quality_marts_orders_frame"))
    results = validate("marts_orders", frame, marts_orders_suite(now, min_rows))

    catalog = catalog_table(con)
    if catalog is None:
        results.append(ExpectationOutcome(
            check="inventory_in_catalog", expectation="catalog table exists", success=False,
            error=f"none of {', '.join(CATALOG_TABLES)} has an inventory_uid column"))
    else:
        missing = con.execute(sql("quality_orders_missing_inventory").format(catalog=catalog)).df()
        found = validate("marts_orders_inventory_refs", missing, [
            expectation("ExpectTableRowCountToEqual", "inventory_in_catalog", value=0)])
        head = missing.head(SAMPLE_ROWS).astype(object)
        rows = head.where(head.notna(), None).to_dict("records")
        results += [replace(o, sample_rows=rows) for o in found]

    samples = _sampler(con, sql("quality_marts_orders_samples"))
    outcomes = _outcomes(MARTS_ORDER_CHECKS, results, len(frame), samples, {"table": "marts.orders"})
    for outcome in outcomes:
        if outcome.name == "inventory_in_catalog":
            outcome.metadata["catalog_table"] = catalog
        if outcome.name == "row_count_vs_published":
            outcome.metadata.update({
                "published_snapshot": published_snapshot.name if published_snapshot else None,
                "published_rows": published, "min_rows": min_rows, "min_row_ratio": MIN_ROW_RATIO})
            if published is None:
                outcome.metadata["note"] = "nothing published yet (or no marts.orders in it): nothing to compare"
    return outcomes


def catalog_table(con: duckdb.DuckDBPyConnection) -> str | None:
    for table in CATALOG_TABLES:
        schema, name = table.split(".")
        if con.execute(sql("quality_column_exists"),
                       {"schema": schema, "table": name, "column": "inventory_uid"}).fetchone()[0]:
            return table
    return None


def published_row_count(snapshot: Path | None) -> int | None:
    """Rows of marts.orders in the published snapshot, opened read-only as readers open it."""
    if snapshot is None or not snapshot.exists():
        return None
    snap = duckdb.connect(str(snapshot), read_only=True)
    try:
        if not snap.execute(sql("quality_column_exists"),
                            {"schema": "marts", "table": "orders", "column": "order_uid"}).fetchone()[0]:
            return None
        return snap.execute(sql("quality_count_rows").format(table="marts.orders")).fetchone()[0]
    finally:
        snap.close()


# -- results into outcomes ----------------------------------------------------------------------

def _frame(con: duckdb.DuckDBPyConnection, query: str, params: dict | None = None):
    """A query's rows as pandas through Arrow: strings stay Arrow-backed instead of becoming a
    Python object each (several times faster at a million rows). On a cursor of its own, so a
    result still open on ``con`` is neither in the way nor disturbed (and resolving ``marts.*``
    as ``con`` does: pipelines/warehouse.py)."""
    cursor = warehouse_cursor(con)
    try:
        return cursor.sql(query, params=params).to_arrow_table().to_pandas()
    finally:
        cursor.close()


def _sampler(con: duckdb.DuckDBPyConnection, query: str) -> Callable[[list[int]], list[dict]]:
    def lookup(row_ids: list[int]) -> list[dict]:
        if not row_ids:
            return []
        cursor = con.execute(query, {"row_ids": row_ids})
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]
    return lookup


def _outcomes(checks: dict[str, str], results: list[ExpectationOutcome], rows_checked: int,
              samples: Callable[[list[int]], list[dict]], extra: dict) -> list[CheckOutcome]:
    outcomes = []
    for name, description in checks.items():
        mine = [r for r in results if r.check == name]
        failed = [r for r in mine if not r.success]
        metadata = {"rule": description, "rows_checked": rows_checked, "expectations": len(mine),
                    "failed_expectations": [r.expectation for r in failed], **extra}
        if failed:
            metadata["failures"] = [r.summary() for r in failed]
            row_ids = list(dict.fromkeys(i for r in failed for i in r.sample_row_ids))
            rows = [row for r in failed for row in r.sample_rows] or samples(row_ids[:SAMPLE_ROWS * 2])
            metadata["sample_rows"] = [{k: _jsonable(v) for k, v in row.items()} for row in rows[:SAMPLE_ROWS * 2]]
        outcomes.append(CheckOutcome(name, passed=not failed, metadata=metadata))
    return outcomes


def _jsonable(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
