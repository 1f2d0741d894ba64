"""Queries on the snapshot's orders with shipment updates applied (``order_keys``, ``orders_live``).

When the snapshot has the order-list marts (``Reading.listing``), the list reads them instead
(:func:`list_page`): a top-N on ``marts.orders_list`` (default ordering = ``sold_position``
descending, uid tie-break = ``uid_number``), filters written into the SQL so DuckDB pushes them into the
scan, counts without a search from ``list_counts``, a search scanning only the fields the term
can occur in, and shipment updates applied through the few rows they touch.

Otherwise listing runs in steps: ``reader_orders_page.sql`` sorts and filters and returns one page of
uids, ``reader_orders_count.sql`` counts the matches only when the page is full (a short page
already tells the count), then ``reader_orders_rows.sql`` formats the full rows of just those
uids. Both list queries go through the ``matching_orders`` table macro, so they filter alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from pipelines.reader.errors import InvalidParameter
from pipelines.reader.snapshot import ListSupport
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
# The same names -> orders_list columns: the uid's order is uid_number's.
LIST_ORDERING_FIELDS: dict[str, str] = {**ORDERING_FIELDS, "uid": "uid_number"}
DEFAULT_ORDERING = "-sold_at"
# The default ordering on orders_list, newest first: sold_position numbers it backwards (oldest
# first), so a day's new orders take new numbers and the rows before them keep theirs.
DEFAULT_LIST_TERMS = ["sold_at desc nulls last", "uid_number asc"]
# Filters of a list request on orders_list, joined with "and"; each one only binds parameters.
PLATFORM_FILTER = "platform = $platform"
STATUS_FILTER = "status = $status"
# What reader_orders_rows.sql reads: the rows with shipment updates applied, or the stored rows
# (one order no update touches: the same row without the overlay's join and CASEs, 13 ms against
# 18-19 ms for one order at 1M orders, docs/benchmarks.md item 32).
LIVE_ORDERS = "orders_live"
STORED_ORDERS = "snapshot.marts.orders"
# The WHERE of reader_orders_rows.sql: a page's uids, or one order (by uid, and its sale time).
UIDS_FILTER = "list_contains($uids::varchar[], order_uid)"
UID_FILTER = "order_uid = $uid"
SOLD_UID_FILTER = "sold_at = $sold_at and order_uid = $uid"
SEARCH_FIELDS = ("title_search", "buyer_search")
ORDER_ID_FIELD = "order_id_search"
TRACKING_FIELD = "tracking_search"
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


def order_by(ordering: str | None, fields: dict[str, str] = ORDERING_FIELDS) -> str:
    """The ORDER BY list for ``ordering`` (``"-sold_at"``, ``"platform,-sale_price"``), uid last.

    Only whitelisted columns reach the SQL; anything else is a 400 naming the field.
    """
    return ", ".join(_order_terms(ordering, fields))


def list_order_by(ordering: str | None) -> str:
    """:func:`order_by` on orders_list; the default ordering is its sold_position, descending."""
    terms = _order_terms(ordering, LIST_ORDERING_FIELDS)
    return "sold_position desc" if terms == DEFAULT_LIST_TERMS else ", ".join(terms)


def _order_terms(ordering: str | None, fields: dict[str, str]) -> list[str]:
    uid_column = fields["uid"]
    terms: list[str] = []
    seen: set[str] = set()
    for raw in (ordering or DEFAULT_ORDERING).split(","):
        term = raw.strip()
        if not term:
            continue
        descending = term.startswith("-")
        name = term[1:] if descending else term
        column = fields.get(name)
        if column is None:
            allowed = ", ".join(fields)
            raise InvalidParameter("ordering", f"unknown field {name!r}; order by one of: {allowed}")
        if column in seen:
            continue
        seen.add(column)
        terms.append(f"{column} {'desc' if descending else 'asc'} nulls last")
    if not terms:
        return _order_terms(DEFAULT_ORDERING, fields)
    if uid_column not in seen:
        terms.append(f"{uid_column} asc")
    return terms


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
    by_uid = {row["order_uid"]: row for row in formatted_rows(cursor, LIVE_ORDERS, UIDS_FILTER, {"uids": uids})}
    return [by_uid[uid] for uid in uids if uid in by_uid]


def order_row(cursor: duckdb.DuckDBPyConnection, uid: str, listing: ListSupport | None = None) -> dict[str, Any] | None:
    """One order's formatted row; with the order list, located there first (its sale time).

    Equality filters are pushed into the scan of marts.orders, so it reads the filtered columns
    and fetches the rest for the one matching row only. The stored row is read first; only when a
    shipment update applies to its item (checked in the same transaction, so never a stale row)
    is it read again through orders_live.
    """
    where, params = UID_FILTER, {"uid": uid}
    if listing is not None:
        found = cursor.execute(sql("reader_list_locate"), {"uid": uid}).fetchone()
        if found is None:
            return None
        if found[0] is not None:
            where, params = SOLD_UID_FILTER, {"uid": uid, "sold_at": found[0]}
    rows = formatted_rows(cursor, STORED_ORDERS, where, params)
    if not rows:
        return None
    inventory_uid = rows[0]["inventory_uid"]
    if inventory_uid is not None and cursor.execute(
            sql("reader_overlay_touches"), {"inventory_uid": inventory_uid}).fetchone()[0]:
        rows = formatted_rows(cursor, LIVE_ORDERS, where, params)
    return rows[0] if rows else None


def formatted_rows(cursor: duckdb.DuckDBPyConnection, source: str, where: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """reader_orders_rows.sql on ``source`` (LIVE_ORDERS or STORED_ORDERS) under one fixed filter."""
    cursor.execute(_fill(sql("reader_orders_rows"), source=source, where=where), params)
    return _records(cursor)


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


def _fill(text: str, **parts: str) -> str:
    """``text`` with its ``{name}`` slots replaced by whitelisted SQL."""
    for name, part in parts.items():
        text = text.replace("{" + name + "}", part)
    return text


def _list_where(filters: Filters, listing: ListSupport | None) -> str:
    """The WHERE of a list query: only the filters given; with ``listing``, only the searched fields
    the term can occur in in the snapshot (for its rows; the updated rows pass None: all fields)."""
    clauses = []
    if filters.platform:
        clauses.append(PLATFORM_FILTER)
    if filters.status:
        clauses.append(STATUS_FILTER)
    if filters.search:
        fields = list(SEARCH_FIELDS)
        term = set(filters.search.lower())
        if listing is None or term <= listing.order_id_characters:
            fields.append(ORDER_ID_FIELD)
        if listing is None or term <= listing.tracking_characters:
            fields.append(TRACKING_FIELD)
        clauses.append("(" + " or ".join(f"contains({field}, $search)" for field in fields) + ")")
    return " and ".join(clauses) or "true"


def _list_params(filters: Filters) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if filters.platform:
        params["platform"] = filters.platform
    if filters.status:
        params["status"] = filters.status
    if filters.search:
        params["search"] = filters.search.lower()
    return params


def list_page(
    cursor: duckdb.DuckDBPyConnection, listing: ListSupport, filters: Filters, ordering: str, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """(number of matching orders, the formatted rows of this page) from orders_list; (0, []) past the end.

    ``ordering`` is :func:`list_order_by`'s.
    """
    where = _list_where(filters, listing)
    where_live = _list_where(filters, None)
    params = _list_params(filters)
    updated = cursor.execute(sql("reader_list_updated_count")).fetchone()[0]
    if updated:
        query = _fill(sql("reader_list_page"), where=where, where_live=where_live, order_by=ordering)
        page_params = {**params, "window": offset + limit + updated, "limit": limit, "offset": offset}
    else:
        query = _fill(sql("reader_list_page_plain"), where=where, order_by=ordering)
        page_params = {**params, "limit": limit, "offset": offset}
    positions = [row[0] for row in cursor.execute(query, page_params).fetchall()]
    if not positions and offset > 0:
        return 0, []
    if len(positions) < limit:
        count = offset + len(positions)
    elif filters.search:
        count = cursor.execute(_fill(sql("reader_list_count"), where=where, where_live=where_live), params).fetchone()[0]
    else:
        count = cursor.execute(_fill(sql("reader_list_count_unsearched"), where=where), params).fetchone()[0]
    return count, list_rows(cursor, positions, updated > 0)


def list_rows(cursor: duckdb.DuckDBPyConnection, positions: list[int], updated: bool = True) -> list[dict[str, Any]]:
    """The formatted list rows at these positions of orders_list, in the order given.

    ``updated``: whether shipment updates touch the list (else the snapshot's rows are read alone).
    """
    if not positions:
        return []
    overlay = sql("reader_list_rows_overlay") if updated else ""
    cursor.execute(_fill(sql("reader_list_rows"), overlay=overlay), {"positions": positions})
    by_position = {row["sold_position"]: row for row in _records(cursor)}
    return [by_position[position] for position in positions if position in by_position]


def list_order_for_inventory(cursor: duckdb.DuckDBPyConnection, inventory_uid: str) -> InventoryOrder | None:
    """:func:`order_for_inventory` on orders_list (integer keys first)."""
    cursor.execute(sql("reader_list_order_for_inventory"), {"inventory_uid": inventory_uid})
    row = cursor.fetchone()
    if row is None:
        return None
    return InventoryOrder(order_uid=row[0], has_tracking_created=bool(row[1]), is_delivered=bool(row[2]))


def list_stats_row(cursor: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """:func:`stats_row` from the order list's few updated rows instead of every order."""
    cursor.execute(sql("reader_list_stats"))
    rows = _records(cursor)
    return rows[0] if rows else None
