"""``/api/v1/orders/``: the order list, one order, and the order statistics."""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from pipelines.reader import orders, payloads
from pipelines.reader.auth import require_token
from pipelines.reader.cache import cached_response
from pipelines.reader.errors import NotFound
from pipelines.reader.responses import OrjsonResponse, OrjsonRoute
from pipelines.reader.schemas import ERROR_RESPONSES, NOT_FOUND, OrderDetail, OrderPage, OrderStats
from pipelines.reader.snapshot import Reading, SnapshotManager

router = APIRouter(
    prefix="/api/v1/orders",
    tags=["orders"],
    dependencies=[Depends(require_token)],
    route_class=OrjsonRoute,
    responses=ERROR_RESPONSES,
)

INVALID_PAGE = "Invalid page."


def _snapshots(request: Request) -> SnapshotManager:
    return request.app.state.snapshots


def _filter_value(value: str | None, lower: bool = False) -> str | None:
    """A filter as given, or None when absent or blank (django-filter ignores blank filters)."""
    if value is None or not value.strip():
        return None
    return value.strip().lower() if lower else value.strip()


def page_links(request: Request, page: int, page_size: int, count: int) -> tuple[str | None, str | None]:
    """DRF's ``next``/``previous``: absolute URLs keeping every other query parameter."""
    last_page = max(1, math.ceil(count / page_size))
    url = request.url
    following = str(url.include_query_params(page=page + 1)) if page < last_page else None
    if page <= 1:
        preceding = None
    elif page == 2:
        preceding = str(url.remove_query_params("page"))
    else:
        preceding = str(url.include_query_params(page=page - 1))
    return following, preceding


@router.get("/", response_model=OrderPage, summary="List orders", responses=NOT_FOUND)
def list_orders(
    request: Request,
    search: Annotated[
        str | None, Query(max_length=200, description="Search by order ID, tracking number, buyer name, or item title")
    ] = None,
    status: Annotated[
        str | None, Query(max_length=64, description="awaiting_shipment, shipped, completed, or external status")
    ] = None,
    platform: Annotated[str | None, Query(max_length=64, description="Filter by platform slug (e.g., ebay, discogs)")] = None,
    ordering: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Sort field (prefix - for descending): " + ", ".join(orders.ORDERING_FIELDS),
        ),
    ] = None,
    page: Annotated[int, Query(ge=1, description="Page number")] = 1,
    page_size: Annotated[int, Query(ge=1, le=100, description="Results per page")] = 25,
) -> Response:
    offset = (page - 1) * page_size
    if offset > orders.MAX_OFFSET:
        raise NotFound(INVALID_PAGE)
    filters = orders.Filters(
        search=_filter_value(search, lower=True),
        status=_filter_value(status, lower=True),
        platform=_filter_value(platform, lower=True),
    )
    list_order_by = orders.list_order_by(ordering)  # a bad ordering is a 400 before anything is read
    fallback_order_by = orders.order_by(ordering)

    def build(reading: Reading, day: date) -> dict[str, Any]:
        cursor = reading.cursor
        if reading.listing is not None:
            count, rows = orders.list_page(cursor, reading.listing, filters, list_order_by, page_size, offset)
        else:
            count, uids = orders.page_uids(cursor, filters, fallback_order_by, page_size, offset)
            rows = orders.rows_by_uid(cursor, uids)
        if not rows and page > 1:
            raise NotFound(INVALID_PAGE)
        following, preceding = page_links(request, page, page_size, count)
        return {
            "count": count,
            "next": following,
            "previous": preceding,
            "results": [payloads.order_summary(row) for row in rows],
        }

    # Keyed by the whole URL: the page links repeat it, host and parameter order included.
    return cached_response(request, ("orders/list", str(request.url)), build, with_updates=True)


@router.get("/stats/", response_model=OrderStats, summary="Order stats")
def order_stats(request: Request) -> Response:
    home_currency = request.app.state.settings.home_currency

    def build(reading: Reading, day: date) -> dict[str, Any]:
        if reading.listing is not None:
            return payloads.order_stats(orders.list_stats_row(reading.cursor), home_currency)
        return payloads.order_stats(orders.stats_row(reading.cursor), home_currency)

    return cached_response(request, ("orders/stats",), build, with_updates=True)


@router.get("/{uid}/", response_model=OrderDetail, summary="Order detail", responses=NOT_FOUND)
def order_detail(request: Request, uid: str) -> OrjsonResponse:
    with _snapshots(request).read() as reading:
        row = orders.order_row(reading.cursor, uid, reading.listing)
    if row is None:
        raise NotFound("Not found.")
    return OrjsonResponse(payloads.order_detail(row))
