"""``/api/v1/orders/``: the order list, one order, and the order statistics."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from pipelines.reader import orders, payloads
from pipelines.reader.auth import require_token
from pipelines.reader.errors import NotFound
from pipelines.reader.responses import OrjsonResponse, OrjsonRoute
from pipelines.reader.schemas import ERROR_RESPONSES, NOT_FOUND, OrderDetail, OrderPage, OrderStats
from pipelines.reader.snapshot import SnapshotManager

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
) -> OrjsonResponse:
    order_by = orders.order_by(ordering)
    offset = (page - 1) * page_size
    if offset > orders.MAX_OFFSET:
        raise NotFound(INVALID_PAGE)
    filters = orders.Filters(
        search=_filter_value(search, lower=True),
        status=_filter_value(status, lower=True),
        platform=_filter_value(platform, lower=True),
    )
    with _snapshots(request).cursor() as cursor:
        count, uids = orders.page_uids(cursor, filters, order_by, page_size, offset)
        if not uids and page > 1:
            raise NotFound(INVALID_PAGE)
        rows = orders.rows_by_uid(cursor, uids)
    following, preceding = page_links(request, page, page_size, count)
    return OrjsonResponse(
        {
            "count": count,
            "next": following,
            "previous": preceding,
            "results": [payloads.order_summary(row) for row in rows],
        }
    )


@router.get("/stats/", response_model=OrderStats, summary="Order stats")
def order_stats(request: Request) -> OrjsonResponse:
    with _snapshots(request).cursor() as cursor:
        row = orders.stats_row(cursor)
    return OrjsonResponse(payloads.order_stats(row, request.app.state.settings.home_currency))


@router.get("/{uid}/", response_model=OrderDetail, summary="Order detail", responses=NOT_FOUND)
def order_detail(request: Request, uid: str) -> OrjsonResponse:
    with _snapshots(request).cursor() as cursor:
        row = orders.order_row(cursor, uid)
    if row is None:
        raise NotFound("Not found.")
    return OrjsonResponse(payloads.order_detail(row))
