"""Response shapes of the analytics and activity endpoints, for ``/openapi.json`` and the tests.

Money here is a JSON number as in the spec (``"revenue": 489.50``), exact to the cent (written
from a Decimal, never through a float); counts are integers; dates are ``YYYY-MM-DD`` in the
seller's time zone.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

Amount = Annotated[float, Field(description="Money in the home currency, a JSON number exact to the cent", examples=[489.5])]
Day = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", examples=["2025-02-03"])]


class SalesPoint(BaseModel):
    date: Day = Field(description="First day of the bucket: the day, the week's Monday, or the month's 1st")
    value: int = Field(description="Orders in the bucket (same as orders; the chart value)")
    revenue: Amount
    orders: int = Field(description="Orders (order lines, the unit of /orders/) placed in the bucket")


class SalesSeries(BaseModel):
    data: list[SalesPoint]
    total: int = Field(description="Orders over the whole range")
    period: str = Field(description="day, week or month: the bucket size")
    granularity: str = Field(description="Resolution of the underlying series: always day (the marts are daily)")
    total_revenue: Amount


class PlatformSales(BaseModel):
    platform: str
    platform_name: str
    count: int = Field(description="Orders (order lines) on the platform in the range")
    revenue: Amount


class PlatformValue(BaseModel):
    name: str
    value: int


class PlatformBreakdown(BaseModel):
    data: list[PlatformSales]
    platforms: list[PlatformValue]
    total_count: int
    total_revenue: Amount


class FunnelStage(BaseModel):
    stage: str
    count: int


class Funnel(BaseModel):
    draft: int
    ready_to_sell: int
    listed: int
    sold: int
    total: int
    stages: list[FunnelStage]


class RevenueFigures(BaseModel):
    total_revenue: Amount
    average_order_value: Amount = Field(description="total_revenue / total_orders rounded half up to the cent; 0 without orders")
    total_orders: int


class RevenueSummary(RevenueFigures):
    previous_period: RevenueFigures = Field(description="The same figures for the range of the same length just before")


class StatusValue(BaseModel):
    count: int
    value: Amount


class InventoryMetrics(BaseModel):
    total_items: int = Field(description="Valued items: ready to sell, listed and sold (drafts only show in the funnel)")
    total_value: Amount
    average_item_value: Amount
    by_status: dict[str, StatusValue] = Field(description="Keys: ready-to-sell, listed, sold")


class CategorySales(BaseModel):
    name: str
    count: int = Field(description="Items of the category sold in the range")
    revenue: Amount


class TopCategories(BaseModel):
    categories: list[CategorySales]


class ActivityPoint(BaseModel):
    date: Day
    value: int = Field(description="Events that day")
    by_type: dict[str, int] = Field(description="Events that day per event type (every type, zeros included)")


class ActivitySeries(BaseModel):
    data: list[ActivityPoint]
    total: int
    by_type: dict[str, int] = Field(description="Events over the range per event type")
    days: int
    start_date: Day
    end_date: Day
    event_type: str | None = Field(description="The event_type filter, null for every type")


class HeatmapCell(BaseModel):
    weekday: int = Field(ge=0, le=6, description="0 = Monday .. 6 = Sunday, seller's time zone")
    hour: int = Field(ge=0, le=23, description="Hour of the day, seller's time zone")
    value: int = Field(description="Events in that hour of that weekday")


class Heatmap(BaseModel):
    data: list[HeatmapCell] = Field(description="All 168 cells, weekday-major, zeros included")
    max: int = Field(description="The largest cell value (for the color scale)")
    total: int
    days: int | None = Field(description="The days filter, null for all time")
    event_type: str | None


class ActivityEvent(BaseModel):
    uid: str = Field(examples=["evt_0a1b2c3d4e5f"])
    event_type: str
    occurred_at: str = Field(examples=["2026-02-14T10:30:00Z"])
    date: Day = Field(description="occurred_at's date in the seller's time zone")
    subject_type: str = Field(description="inventory_item, listing, order or import")
    subject_uid: str
    inventory_uid: str | None
    platform: str | None
    title: str | None
    amount: str | None = Field(pattern=r"^-?\d+\.\d{2}$", description="Money involved, home currency (nullable)", examples=["34.99"])


class RecentActivity(BaseModel):
    count: int
    results: list[ActivityEvent]


class ActivityCounts(BaseModel):
    today: int
    last_7_days: int
    last_30_days: int
    total: int


class ActivityStats(ActivityCounts):
    date: Day = Field(description="Today in the seller's time zone")
    by_type: dict[str, ActivityCounts]
