"""Queries on the snapshot's orders with shipment updates applied (``order_keys``, ``orders_live``).

Listing runs in steps: ``reader_orders_page.sql`` sorts and filters and returns one page of
uids, ``reader_orders_count.sql`` counts the matches only when the page is full (a short page
already tells the count), then ``reader_orders_rows.sql`` formats the full rows of just those
uids. Both list queries go through the ``matching_orders`` table macro, so they filter alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from pipelines.reader.errors import InvalidParameter
from pipelines.settings import sql

# The API's ordering names -> order_keys columns.
ORDERING_FIELDS: dict[str, str] = {
    "uid": "order_uid",
    "order_id": "order_id",
    "status": "status",
    "platform": "platform",
    "buyer_name": "buyer_name",
    "sale_price": "sale_price",
    "marketplace_fee": "marketplace_fee",
    "platform_fee": "platform_fee",
    "shipping_cost": "shipping_cost",
    "net_revenue": "net_revenue",
    "sold_at": "sold_at",
    "created": "created_at",
    "updated": "updated_at",
}
DEFAULT_ORDERING = "-sold_at"
# DuckDB offsets are BIGINT; a page this far out is past the end of any table.
MAX_OFFSET = 2**62


@dataclass(frozen=True)
class Filters:
    search: str | None = None
    status: str | None = None
    platform: str | None = None


@dataclass(frozen=True)
class InventoryOrder:
    order_uid: str
    has_tracking_created: bool
    is_delivered: bool


def order_by(ordering: str | None) -> str:
    """The ORDER BY list for ``ordering`` (``"-sold_at"``, ``"platform,-sale_price"``), uid last.

    Only whitelisted columns reach the SQL; anything else is a 400 naming the field.
    """
    terms: list[str] = []
    seen: set[str] = set()
    for raw in (ordering or DEFAULT_ORDERING).split(","):
        term = raw.strip()
        if not term:
            continue
        descending = term.startswith("-")
        name = term[1:] if descending else term
        column = ORDERING_FIELDS.get(name)
        if column is None:
            allowed = ", ".join(ORDERING_FIELDS)
            raise InvalidParameter("ordering", f"unknown field {name!r}; order by one of: {allowed}")
        if column in seen:
            continue
        seen.add(column)
        terms.append(f"{column} {'desc' if descending else 'asc'} nulls last")
    if not terms:
        return order_by(DEFAULT_ORDERING)
    if "order_uid" not in seen:
        terms.append("order_uid asc")
    return ", ".join(terms)


def _records(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def page_uids(
    cursor: duckdb.DuckDBPyConnection, filters: Filters, ordering: str, limit: int, offset: int
) -> tuple[int, list[str]]:
    """(number of matching orders, the uids of this page); (0, []) when the page is past the end."""
    params = {
        "search": filters.search.lower() if filters.search else None,
        "status": filters.status,
        "platform": filters.platform,
    }
    query = sql("reader_orders_page").replace("{order_by}", ordering)
    uids = [row[0] for row in cursor.execute(query, {**params, "limit": limit, "offset": offset}).fetchall()]
    if not uids and offset > 0:
        return 0, []
    if len(uids) < limit:
        return offset + len(uids), uids
    return cursor.execute(sql("reader_orders_count"), params).fetchone()[0], uids


def rows_by_uid(cursor: duckdb.DuckDBPyConnection, uids: list[str]) -> list[dict[str, Any]]:
    """The formatted rows of these orders, in the order of ``uids`` (missing uids skipped)."""
    if not uids:
        return []
    cursor.execute(sql("reader_orders_rows"), {"uids": uids})
    by_uid = {row["order_uid"]: row for row in _records(cursor)}
    return [by_uid[uid] for uid in uids if uid in by_uid]


def order_row(cursor: duckdb.DuckDBPyConnection, uid: str) -> dict[str, Any] | None:
    rows = rows_by_uid(cursor, [uid])
    return rows[0] if rows else None


def order_for_inventory(cursor: duckdb.DuckDBPyConnection, inventory_uid: str) -> InventoryOrder | None:
    cursor.execute(sql("reader_order_for_inventory"), {"inventory_uid": inventory_uid})
    row = cursor.fetchone()
    if row is None:
        return None
    return InventoryOrder(order_uid=row[0], has_tracking_created=bool(row[1]), is_delivered=bool(row[2]))


def stats_row(cursor: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    cursor.execute(sql("reader_orders_stats"))
    rows = _records(cursor)
    return rows[0] if rows else None
