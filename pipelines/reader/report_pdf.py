"""Reports as PDF documents, rendered from the very payload the JSON format returns.

Each report is a title, the range and provenance (generated when, from which snapshot, in which
currency), its summary, a bar chart and its tables. reportlab is imported on first use only, so
the reader starts without it and the JSON paths never load it.

Renders run one at a time (:data:`_render_lock`): reportlab keeps the glyph subsets of an
embedded TrueType font in state shared by every document, and two renders interleaving in
threads corrupt it (a ``KeyError`` in ``makeSubset`` under load). Rendering is pure Python
holding the GIL anyway, so the lock costs no parallelism.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

TITLES = {
    "inventory-summary": "Inventory Summary Report",
    "inventory-valuation": "Inventory Valuation Report",
    "profit-loss": "Profit & Loss Report",
    "aging": "Inventory Aging Report",
}

_FONT = "Vera"
_FONT_BOLD = "VeraBd"
_render_lock = threading.Lock()
_fonts_ready = False


def _register_fonts() -> None:
    """Bitstream Vera (shipped with reportlab) covers far more of Unicode than the PDF base fonts.

    Called with :data:`_render_lock` held.
    """
    global _fonts_ready
    if _fonts_ready:
        return
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(_FONT, "Vera.ttf"))
    pdfmetrics.registerFont(TTFont(_FONT_BOLD, "VeraBd.ttf"))
    _fonts_ready = True


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _number(value: Any) -> float:
    """A chart value (drawing needs floats; the tables keep the exact text)."""
    if value is None:
        return 0.0
    return float(Decimal(str(value)))


class _Builder:
    def __init__(self, report_type: str, payload: dict[str, Any]) -> None:
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

        self.colors = colors
        self.report_type = report_type
        self.payload = payload
        styles = getSampleStyleSheet()
        self.title_style = ParagraphStyle("ReportTitle", parent=styles["Title"], fontName=_FONT_BOLD, fontSize=18)
        self.heading = ParagraphStyle("ReportHeading", parent=styles["Heading2"], fontName=_FONT_BOLD, fontSize=12, spaceBefore=10)
        self.body = ParagraphStyle("ReportBody", parent=styles["BodyText"], fontName=_FONT, fontSize=9)
        self.cell = ParagraphStyle("ReportCell", parent=self.body, fontSize=8, leading=10)
        self.story: list[Any] = []

    def paragraph(self, text: str, style: Any = None) -> None:
        from reportlab.platypus import Paragraph

        self.story.append(Paragraph(escape(text), style or self.body))

    def header(self) -> None:
        metadata = self.payload.get("metadata", {})
        self.paragraph(TITLES[self.report_type], self.title_style)
        start, end = metadata.get("date_range_start"), metadata.get("date_range_end")
        if start or end:
            self.paragraph(f"Date range: {start or 'beginning'} to {end or 'today'}")
        else:
            self.paragraph("Date range: all dates")
        self.paragraph(
            f"Generated {metadata.get('generated_at', '')} from snapshot {metadata.get('snapshot_id', '')}; "
            f"amounts in {metadata.get('currency', '')}."
        )
        if "include_sold" in metadata:
            self.paragraph("Sold items included." if metadata["include_sold"] else "Sold items excluded.")

    def section(self, title: str) -> None:
        self.paragraph(title, self.heading)

    def key_values(self, values: dict[str, Any]) -> None:
        self.table(["Figure", "Value"], [[_label(key), _text(value)] for key, value in values.items()], numeric=(1,))

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[Any]], numeric: Sequence[int] = ()) -> None:
        from reportlab.lib.units import mm
        from reportlab.platypus import Paragraph, Table, TableStyle

        if not rows:
            self.paragraph("Nothing to show.")
            return
        data: list[list[Any]] = [list(headers)]
        for row in rows:
            data.append([Paragraph(escape(_text(value)), self.cell) if index not in numeric else _text(value) for index, value in enumerate(row)])
        # Numbers get a fixed narrow column; text columns share the rest of the page and wrap.
        numeric_width, usable = 24 * mm, 174 * mm
        text_columns = max(1, len(headers) - len(numeric))
        text_width = max(30 * mm, (usable - numeric_width * len(numeric)) / text_columns)
        widths = [numeric_width if index in numeric else text_width for index in range(len(headers))]
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        style = [
            ("FONTNAME", (0, 0), (-1, 0), _FONT_BOLD),
            ("FONTNAME", (0, 1), (-1, -1), _FONT),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("BACKGROUND", (0, 0), (-1, 0), self.colors.HexColor("#e8eef7")),
            ("GRID", (0, 0), (-1, -1), 0.25, self.colors.HexColor("#b0b7c3")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        style.extend(("ALIGN", (index, 1), (index, -1), "RIGHT") for index in numeric)
        table.setStyle(TableStyle(style))
        self.story.append(table)

    def bar_chart(self, title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[Any]]]) -> None:
        from reportlab.graphics.charts.barcharts import VerticalBarChart
        from reportlab.graphics.charts.legends import Legend
        from reportlab.graphics.shapes import Drawing, String

        palette = [self.colors.HexColor("#3b6fb6"), self.colors.HexColor("#e08a3c")]
        values = [[_number(value) for value in points] for _, points in series]
        drawing = Drawing(460, 220)
        drawing.add(String(0, 205, title, fontName=_FONT_BOLD, fontSize=10))
        chart = VerticalBarChart()
        chart.x, chart.y, chart.width, chart.height = 45, 45, 400, 145
        chart.data = values or [[0.0]]
        lowest = min([0.0, *(value for points in values for value in points)])
        highest = max([0.0, *(value for points in values for value in points)])
        chart.valueAxis.valueMin = lowest
        chart.valueAxis.valueMax = highest if highest > lowest else lowest + 1
        chart.valueAxis.labels.fontName = _FONT
        chart.valueAxis.labels.fontSize = 7
        step = max(1, len(labels) // 24)
        chart.categoryAxis.categoryNames = [label if index % step == 0 else "" for index, label in enumerate(labels)] or [""]
        chart.categoryAxis.labels.fontName = _FONT
        chart.categoryAxis.labels.fontSize = 7
        chart.categoryAxis.labels.angle = 30 if len(labels) > 6 else 0
        chart.categoryAxis.labels.boxAnchor = "ne" if len(labels) > 6 else "n"
        for index in range(len(values)):
            chart.bars[index].fillColor = palette[index % len(palette)]
        drawing.add(chart)
        if len(series) > 1:
            legend = Legend()
            legend.x, legend.y = 300, 212
            legend.fontName = _FONT
            legend.fontSize = 7
            legend.columnMaximum = 1
            legend.alignment = "right"
            legend.colorNamePairs = [(palette[index % len(palette)], name) for index, (name, _) in enumerate(series)]
            drawing.add(legend)
        self.story.append(drawing)

    def build(self) -> bytes:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm
        from reportlab.platypus import SimpleDocTemplate

        buffer = io.BytesIO()
        metadata = self.payload.get("metadata", {})
        document = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=16 * mm,
            bottomMargin=16 * mm,
            title=TITLES[self.report_type],
            author="Orders & Sales API",
            subject=f"snapshot {metadata.get('snapshot_id', '')}",
        )

        def footer(canvas: Any, doc: Any) -> None:
            canvas.saveState()
            canvas.setFont(_FONT, 7)
            canvas.drawString(18 * mm, 10 * mm, f"{TITLES[self.report_type]} - page {doc.page}")
            canvas.restoreState()

        document.build(self.story, onFirstPage=footer, onLaterPages=footer)
        return buffer.getvalue()


def _inventory_summary(builder: _Builder, payload: dict[str, Any]) -> None:
    builder.section("Summary")
    builder.key_values(payload["summary"])
    builder.section("Financials")
    builder.key_values(payload["financials"])
    by_status = payload["by_status"]
    builder.bar_chart(
        "Inventory value by status",
        [row["status"] for row in by_status],
        [("Value", [row["total_value"] for row in by_status]), ("Cost", [row["total_cost"] for row in by_status])],
    )
    builder.section("By status")
    builder.table(
        ["Status", "Items", "Total cost", "Total value"],
        [[row["status"], row["count"], row["total_cost"], row["total_value"]] for row in by_status],
        numeric=(1, 2, 3),
    )


def _inventory_valuation(builder: _Builder, payload: dict[str, Any]) -> None:
    builder.section("Totals")
    builder.key_values(payload["totals"])
    by_status = payload["by_status"]
    builder.bar_chart(
        "Value and cost by status",
        [row["status"] for row in by_status],
        [("Value", [row["total_value"] for row in by_status]), ("Cost", [row["total_cost"] for row in by_status])],
    )
    builder.section("By status")
    builder.table(
        ["Status", "Items", "Total cost", "Total value"],
        [[row["status"], row["count"], row["total_cost"], row["total_value"]] for row in by_status],
        numeric=(1, 2, 3),
    )
    builder.section("By category")
    builder.table(
        ["Category", "Items", "Total cost", "Total value", "Unrealized gain"],
        [[row["category"], row["count"], row["total_cost"], row["total_value"], row["unrealized_gain"]] for row in payload["by_category"]],
        numeric=(1, 2, 3, 4),
    )
    builder.section("Most valuable items")
    builder.table(
        ["Item", "Title", "Status", "Cost", "Value"],
        [[item["uid"], item["title"], item["status"], item["cost"], item["value"]] for item in payload["top_items"]],
        numeric=(3, 4),
    )


def _profit_loss(builder: _Builder, payload: dict[str, Any]) -> None:
    builder.section("Summary")
    builder.key_values(payload["summary"])
    months = payload["monthly_breakdown"]
    builder.bar_chart("Profit by month", [row["month"] for row in months], [("Profit", [row["profit"] for row in months])])
    builder.section("Monthly breakdown")
    builder.table(
        ["Month", "Items", "Sales", "Cost", "Shipping", "Fees", "Profit"],
        [[row["month"], row["count"], row["sales"], row["cost"], row["shipping"], row["fees"], row["profit"]] for row in months],
        numeric=(1, 2, 3, 4, 5, 6),
    )
    builder.section("Most profitable items")
    builder.table(
        ["Item", "Title", "Sale price", "Cost", "Profit"],
        [[item["uid"], item["title"], item["sale_price"], item["cost"], item["profit"]] for item in payload["top_profitable"]],
        numeric=(2, 3, 4),
    )


def _aging(builder: _Builder, payload: dict[str, Any]) -> None:
    builder.section("Summary")
    builder.key_values(payload["summary"])
    buckets = payload["buckets"]
    builder.bar_chart("Items in stock by age", [row["bucket"] for row in buckets], [("Items", [row["count"] for row in buckets])])
    builder.section("Buckets")
    builder.table(
        ["Bucket", "Items", "Total cost", "Total value"],
        [[row["bucket"], row["count"], row["total_cost"], row["total_value"]] for row in buckets],
        numeric=(1, 2, 3),
    )
    builder.section("Oldest items")
    builder.table(
        ["Item", "Title", "Status", "Created", "Age (days)", "Value"],
        [[item["uid"], item["title"], item["status"], item["created_at"], item["age_days"], item["value"]] for item in payload["oldest_items"]],
        numeric=(4, 5),
    )


_LAYOUTS: dict[str, Callable[[_Builder, dict[str, Any]], None]] = {
    "inventory-summary": _inventory_summary,
    "inventory-valuation": _inventory_valuation,
    "profit-loss": _profit_loss,
    "aging": _aging,
}


def render(report_type: str, payload: dict[str, Any]) -> bytes:
    """The PDF of a report payload (the dict the JSON format returns)."""
    with _render_lock:
        _register_fonts()
        builder = _Builder(report_type, payload)
        builder.header()
        _LAYOUTS[report_type](builder, payload)
        return builder.build()
