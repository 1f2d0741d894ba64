"""Response shapes of the reports and export jobs, for ``/openapi.json`` and the tests.

Money in reports is the spec's decimal string (``"4200.00"``, home currency); ratios and ages are
JSON numbers (``profit_margin: 0.436``, ``average_age_days: 42.5``).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from pipelines.reader.schemas import Money

Day = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", examples=["2025-01-01"])]
Timestamp = Annotated[str, Field(examples=["2025-03-01T12:00:00Z"])]
OptionalMoney = Annotated[str | None, Field(pattern=r"^-?\d+\.\d{2}$", examples=["12.00"], description="null when not recorded")]

PDF_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The report as JSON, or with format=pdf as a PDF document (Content-Disposition names the file)",
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
    }
}
CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "CSV (RFC 4180, UTF-8): a header row of the chosen fields, then one row per item",
        "content": {"text/csv": {"schema": {"type": "string", "format": "binary"}}},
    }
}


class ReportParameter(BaseModel):
    name: str
    type: str
    required: bool
    default: Any = None
    enum: list[str] | None = None
    description: str


class ReportType(BaseModel):
    type: str = Field(examples=["profit-loss"])
    name: str
    description: str
    path: str
    parameters: list[ReportParameter]
    formats: list[str]


class ReportList(BaseModel):
    reports: list[ReportType]


class ReportMetadata(BaseModel):
    report_type: str = Field(examples=["profit_loss"])
    generated_at: Timestamp
    date_range_start: Day | None
    date_range_end: Day | None
    snapshot_id: str = Field(description="The published snapshot the figures come from")
    currency: str = Field(description="The home currency of every amount")
    include_sold: bool | None = None


class InventoryCounts(BaseModel):
    total_items: int
    draft: int
    ready_to_sell: int
    listed: int
    sold: int
    in_stock: int = Field(description="ready_to_sell + listed: the population of the financials")


class Financials(BaseModel):
    total_purchase_cost: Money = Field(description="Sum of purchase costs of stock on hand")
    total_listed_value: Money = Field(description="Sum of current (lowest active) listing prices of stock on hand")
    average_purchase_cost: Money = Field(description="Mean purchase cost per item with a recorded cost")
    average_listed_price: Money = Field(description="Mean listing price per listed item")
    potential_profit: Money = Field(description="Sum over listed stock of listing price - purchase cost (before fees and shipping)")


class StatusTotals(BaseModel):
    status: str
    count: int
    total_cost: Money
    total_value: Money


class InventorySummaryReport(BaseModel):
    metadata: ReportMetadata
    summary: InventoryCounts
    financials: Financials
    by_status: list[StatusTotals]


class ValuationTotals(BaseModel):
    item_count: int
    total_cost: Money
    total_value: Money
    unrealized_gain: Money


class ValuedItem(BaseModel):
    uid: str
    title: str | None
    value: OptionalMoney
    cost: OptionalMoney
    status: str


class CategoryValuation(BaseModel):
    category: str
    count: int
    total_cost: Money
    total_value: Money
    unrealized_gain: Money


class ValuationReport(BaseModel):
    totals: ValuationTotals
    by_status: list[StatusTotals]
    top_items: list[ValuedItem]
    by_category: list[CategoryValuation]
    metadata: ReportMetadata


class ProfitLossSummary(BaseModel):
    items_sold: int
    total_sales: Money
    total_cost: Money
    total_shipping: Money
    total_profit: Money = Field(description="total_sales - total_cost - total_shipping - total_fees")
    average_profit_per_item: Money
    profit_margin: float = Field(description="total_profit / total_sales, 3 decimals (0 without sales)", examples=[0.436])
    total_fees: Money = Field(description="Marketplace + platform fees")


class ProfitableItem(BaseModel):
    uid: str | None
    title: str | None
    sale_price: Money
    cost: Money
    profit: Money


class MonthFigures(BaseModel):
    month: str = Field(pattern=r"^\d{4}-\d{2}$", examples=["2025-01"])
    sales: Money
    cost: Money
    shipping: Money
    profit: Money
    count: int
    fees: Money


class ProfitLossReport(BaseModel):
    metadata: ReportMetadata
    summary: ProfitLossSummary
    top_profitable: list[ProfitableItem]
    monthly_breakdown: list[MonthFigures] = Field(description="Every month of the range, zeros included")


class AgingSummary(BaseModel):
    total_items: int
    total_value: Money
    average_age_days: float = Field(examples=[42.5])


class AgingBucket(BaseModel):
    bucket: str = Field(examples=["0-30 days"])
    min_days: int
    max_days: int | None = Field(description="null for the last, open-ended bucket")
    count: int
    total_value: Money
    total_cost: Money


class AgedItem(BaseModel):
    uid: str
    title: str | None
    created_at: Timestamp
    age_days: int
    value: OptionalMoney
    status: str


class AgingReport(BaseModel):
    summary: AgingSummary
    buckets: list[AgingBucket]
    oldest_items: list[AgedItem]
    metadata: ReportMetadata


# Text or a list of texts; the export checks the values itself so a 400 names the field plainly.
_TEXT_OR_LIST = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}, {"type": "null"}]}


class ExportRequest(BaseModel):
    """``POST /api/v1/exports/inventory/csv/``: both optional (comma-separated text or a list)."""

    model_config = ConfigDict(extra="ignore")

    status: Any = Field(None, json_schema_extra=_TEXT_OR_LIST, description="Inventory statuses to export (default: all)")
    fields: Any = Field(None, json_schema_extra=_TEXT_OR_LIST, description="Columns, in order (default: the standard set)")


class ExportParams(BaseModel):
    status: list[str] | None
    fields: list[str]


class ExportJob(BaseModel):
    uid: str = Field(examples=["exp_0a1b2c3d4e5f"])
    kind: str = Field(examples=["inventory_csv"])
    status: str = Field(description="pending, running, completed or failed")
    params: ExportParams
    row_count: int | None
    created_at: Timestamp
    started_at: Timestamp | None
    finished_at: Timestamp | None
    error: str | None
    download_url: str | None = Field(description="Where to download the file, once completed")


class ExportJobList(BaseModel):
    count: int
    results: list[ExportJob]
