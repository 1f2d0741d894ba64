"""``/api/v1/analytics/`` and ``/api/v1/activity/``: sales, platforms, funnel, revenue, inventory,
categories and activity, all read from the marts of the published snapshot.

Each payload depends on the snapshot, today and the parameters only, so it is built once per
such key and served from :mod:`pipelines.reader.cache` after that."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from pipelines.reader import analytics, params
from pipelines.reader.analytics_schemas import (
    ActivitySeries,
    ActivityStats,
    Funnel,
    Heatmap,
    InventoryMetrics,
    PlatformBreakdown,
    RecentActivity,
    RevenueSummary,
    SalesSeries,
    TopCategories,
)
from pipelines.reader.auth import require_token
from pipelines.reader.cache import cached_response
from pipelines.reader.periods import last_days
from pipelines.reader.responses import OrjsonRoute
from pipelines.reader.schemas import ERROR_RESPONSES

router = APIRouter(
    prefix="/api/v1/analytics",
    tags=["analytics"],
    dependencies=[Depends(require_token)],
    route_class=OrjsonRoute,
    responses=ERROR_RESPONSES,
)
activity_router = APIRouter(
    prefix="/api/v1/activity",
    tags=["activity"],
    dependencies=[Depends(require_token)],
    route_class=OrjsonRoute,
    responses=ERROR_RESPONSES,
)


@router.get("/sales/", response_model=SalesSeries, summary="Sales time series")
def sales(request: Request, period: params.Period = "day", days: params.Days = 30) -> Response:
    """Orders and revenue per day, week (starting Monday) or month over the last ``days`` days.

    Every bucket the range touches is present (zeros included), named by its first day; only
    the days inside the range count, so the first and last bucket may be partial.
    """
    return cached_response(
        request, ("analytics/sales", period, days), lambda reading, day: analytics.sales(reading, last_days(day, days), period)
    )


@router.get("/platforms/", response_model=PlatformBreakdown, summary="Platform breakdown")
def platforms(request: Request, days: params.Days = 30) -> Response:
    """Revenue and order count per selling platform over the last ``days`` days."""
    return cached_response(
        request, ("analytics/platforms", days), lambda reading, day: analytics.platforms(reading, last_days(day, days))
    )


@router.get("/funnel/", response_model=Funnel, summary="Inventory lifecycle funnel")
def funnel(request: Request) -> Response:
    """Inventory items at each lifecycle stage, as of the snapshot."""
    return cached_response(request, ("analytics/funnel",), lambda reading, day: analytics.funnel(reading))


@router.get("/revenue/", response_model=RevenueSummary, summary="Revenue summary")
def revenue(request: Request, days: params.Days = 30) -> Response:
    """Revenue, orders and average order value over the last ``days`` days, and the same for the
    ``days`` days just before them (``previous_period``)."""
    return cached_response(
        request, ("analytics/revenue", days), lambda reading, day: analytics.revenue(reading, last_days(day, days))
    )


@router.get("/inventory/", response_model=InventoryMetrics, summary="Inventory metrics")
def inventory(request: Request) -> Response:
    """Count and value of the valued inventory (ready to sell, listed, sold), by status."""
    return cached_response(request, ("analytics/inventory",), lambda reading, day: analytics.inventory(reading))


@router.get("/categories/top/", response_model=TopCategories, summary="Top categories")
def top_categories(request: Request, days: params.Days = 30, limit: params.CategoryLimit = 10) -> Response:
    """The best-selling categories by revenue over the last ``days`` days."""
    return cached_response(
        request,
        ("analytics/categories/top", days, limit),
        lambda reading, day: analytics.top_categories(reading, last_days(day, days), limit),
    )


@router.get("/activity/", response_model=ActivitySeries, summary="Activity time series")
def activity(request: Request, days: params.Days = 30, event_type: params.EventType = None) -> Response:
    """Events per day over the last ``days`` days, split by type (listings created, items sold,
    imports completed, ...), every day present."""
    kind = params.event_type(event_type)
    return cached_response(
        request, ("analytics/activity", days, kind), lambda reading, day: analytics.activity(reading, last_days(day, days), kind)
    )


@router.get("/activity/heatmap/", response_model=Heatmap, summary="Activity heatmap")
def heatmap(request: Request, days: params.Days | None = None, event_type: params.EventType = None) -> Response:
    """Events by weekday and hour of the seller's local time: all time by default, or the last
    ``days`` days; ``event_type=item_sold`` shows the peak selling hours."""
    kind = params.event_type(event_type)
    return cached_response(
        request,
        ("analytics/activity/heatmap", days, kind),
        lambda reading, day: analytics.heatmap(reading, last_days(day, days) if days is not None else None, kind),
    )


@activity_router.get("/recent/", response_model=RecentActivity, summary="Recent activity feed")
def recent(request: Request, limit: params.RecentLimit = 20, event_type: params.EventType = None) -> Response:
    """The most recent events (listings, sales, shipments, imports), newest first."""
    kind = params.event_type(event_type)
    return cached_response(request, ("activity/recent", limit, kind), lambda reading, day: analytics.recent(reading, limit, kind))


@activity_router.get("/stats/", response_model=ActivityStats, summary="Activity stats")
def stats(request: Request) -> Response:
    """Event counts today, over the last 7 and 30 days and all time, in total and per type."""
    return cached_response(request, ("activity/stats",), analytics.stats)
