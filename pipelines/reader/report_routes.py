"""``/api/v1/reports/``: the report list, four reports as JSON or PDF, and the streamed CSV export.

A report's payload is built once (``reports.py``); ``format=pdf`` renders that same dict
(``report_pdf.py``), so the two formats never disagree. It depends on the snapshot, today and the
parameters only, so it is kept (:mod:`pipelines.reader.cache`) and served again with a fresh
``generated_at``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse

from pipelines.reader import exports, params, reports
from pipelines.reader.auth import require_token
from pipelines.reader.cache import Kept, kept_payload, kept_response
from pipelines.reader.errors import InvalidParameter
from pipelines.reader.report_schemas import (
    CSV_RESPONSE,
    PDF_RESPONSE,
    AgingReport,
    InventorySummaryReport,
    ProfitLossReport,
    ReportList,
    ValuationReport,
)
from pipelines.reader.responses import OrjsonRoute
from pipelines.reader.schemas import ERROR_RESPONSES
from pipelines.reader.snapshot import Reading, SnapshotManager

router = APIRouter(
    prefix="/api/v1/reports",
    tags=["reports"],
    dependencies=[Depends(require_token)],
    route_class=OrjsonRoute,
    responses=ERROR_RESPONSES,
)


def _snapshots(request: Request) -> SnapshotManager:
    return request.app.state.snapshots


def _now() -> datetime:
    return datetime.now(UTC)


def _report(request: Request, route: tuple[Any, ...], build: Callable[[Reading, date], dict[str, Any]]) -> Kept:
    """The report payload for ``route`` (kept per snapshot and day), served with a fresh ``generated_at``."""
    return kept_payload(request, route, build, restamp=reports.restamped)


def _respond(request: Request, report_type: str, kept: Kept, output: str, name_parts: list[str]) -> Response:
    """The report generated now: JSON from the kept bytes, or a PDF rendered from the payload."""
    now = _now()
    if output == "json":
        return kept_response(request, kept, now)
    from pipelines.reader.report_pdf import render

    filename = "-".join([report_type, *name_parts]) + ".pdf"
    return Response(
        render(report_type, kept.served(now)),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# The list reads no data: one entry, valid whatever is served (or whether anything is).
REPORT_LIST = Kept({"reports": reports.REPORTS}, None)


@router.get("/", response_model=ReportList, summary="List available report types")
def list_reports(request: Request) -> Response:
    """Every report with its parameters and output formats."""
    return kept_response(request, REPORT_LIST)


@router.get("/inventory-summary/", response_model=InventorySummaryReport, responses=PDF_RESPONSE, summary="Inventory summary")
def inventory_summary(
    request: Request,
    start_date: params.StartDate = None,
    end_date: params.EndDate = None,
    format: params.ReportFormat = "json",
) -> Response:
    """Items per lifecycle stage and the financials of stock on hand (ready to sell, listed),
    over the items created between ``start_date`` and ``end_date`` (each optional)."""
    params.date_range(start_date, end_date)
    kept = _report(
        request,
        ("reports/inventory-summary", start_date, end_date),
        lambda reading, day: reports.inventory_summary(reading, _now(), start_date, end_date),
    )
    parts = [part.isoformat() for part in (start_date, end_date) if part]
    return _respond(request, "inventory-summary", kept, format, parts or [kept.payload["metadata"]["snapshot_id"]])


@router.get("/inventory-valuation/", response_model=ValuationReport, responses=PDF_RESPONSE, summary="Inventory valuation")
def inventory_valuation(
    request: Request,
    include_sold: Annotated[bool, Query(description="Count sold items too")] = False,
    format: params.ReportFormat = "json",
) -> Response:
    """Cost, value and unrealized gain by status and category, and the most valuable items."""
    kept = _report(
        request,
        ("reports/inventory-valuation", include_sold),
        lambda reading, day: reports.inventory_valuation(reading, _now(), include_sold),
    )
    return _respond(request, "inventory-valuation", kept, format, [kept.payload["metadata"]["snapshot_id"]])


@router.get("/profit-loss/", response_model=ProfitLossReport, responses=PDF_RESPONSE, summary="Profit & loss")
def profit_loss(
    request: Request,
    start_date: Annotated[
        date | None, Query(description="First sale day (default: the 1st of the month 11 months before end_date)")
    ] = None,
    end_date: Annotated[date | None, Query(description="Last sale day (default: today, seller's time zone)")] = None,
    format: params.ReportFormat = "json",
) -> Response:
    """Sales, cost, shipping, fees and profit of the items sold in the range; by default the last
    12 calendar months (this month to date and the 11 before it)."""
    params.date_range(start_date, end_date)

    def build(reading: Reading, day: date) -> dict[str, Any]:
        window = reports.profit_loss_range(day, start_date, end_date)
        if window.start > window.end:
            raise InvalidParameter("start_date", f"start_date {window.start.isoformat()} is after today, the default end_date")
        if window.days > reports.MAX_RANGE_DAYS:
            raise InvalidParameter("start_date", f"the range may span at most {reports.MAX_RANGE_DAYS} days")
        return reports.profit_loss(reading, _now(), window)

    kept = _report(request, ("reports/profit-loss", start_date, end_date), build)
    metadata = kept.payload["metadata"]
    return _respond(request, "profit-loss", kept, format, [metadata["date_range_start"], metadata["date_range_end"]])


@router.get("/aging/", response_model=AgingReport, responses=PDF_RESPONSE, summary="Inventory aging")
def aging(request: Request, format: params.ReportFormat = "json") -> Response:
    """Stock on hand by days since creation, in time buckets, and the oldest items."""
    kept = _report(request, ("reports/aging",), lambda reading, day: reports.aging(reading, _now()))
    return _respond(request, "aging", kept, format, [kept.payload["metadata"]["snapshot_id"]])


@router.get("/export/csv/", response_class=StreamingResponse, responses=CSV_RESPONSE, summary="CSV export with field selection")
def export_csv(
    request: Request,
    status: Annotated[
        str | None, Query(max_length=200, description="Inventory statuses, comma-separated: draft, ready_to_sell, listed, sold")
    ] = None,
    fields: Annotated[
        str | None,
        Query(max_length=2000, description="Columns in order, comma-separated: " + ", ".join(exports.EXPORT_FIELDS)),
    ] = None,
) -> StreamingResponse:
    """Inventory items as CSV (oldest item first), read in batches into a spool file, then streamed.

    The query runs in one of the server's export slots and writes its rows to an unnamed
    temporary file batch by batch, so memory stays flat; the slot is free again before the first
    byte is sent, so a client that stops reading never holds it.
    """
    chosen = exports.parse_fields(fields)
    statuses = params.statuses(status)
    with exports.export_slot(), _snapshots(request).cursor() as cursor:
        exports.start_query(cursor, chosen, statuses)
        spool = exports.spool_csv(cursor, chosen)
    return StreamingResponse(
        exports.file_chunks(spool),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="inventory-export.csv"'},
    )
