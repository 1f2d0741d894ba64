"""The order stats recomputed from the landing files alone, in plain Python with Decimal.

This is a second, independent implementation of the rules in docs/data-model.md (latest
version wins, status, line allocation, processing fee, FX at the order date's rate), so a test
that compares it with the API checks the whole pipeline, not the pipeline against itself.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

CENT = Decimal("0.01")
REVENUE_STATUSES = {"completed", "shipped", "awaiting_shipment"}
PROCESSING_FEES = {"ebay": (Decimal("0"), Decimal("0")), "discogs": (Decimal("2.90"), Decimal("0.30"))}


def _ts(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def latest_orders(landing_dir: Path, source: str) -> dict[str, dict]:
    """Every order of every page, the latest modification of each."""
    stamp = "lastModifiedDate" if source == "ebay" else "last_activity"
    key = "orderId" if source == "ebay" else "id"
    latest: dict[str, dict] = {}
    for page in sorted((landing_dir / source).glob("*/page-*.json")):
        for order in json.loads(page.read_text())["orders"]:
            seen = latest.get(order[key])
            if seen is None or _ts(order[stamp]) > _ts(seen[stamp]):
                latest[order[key]] = order
    return latest


def allocate(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Largest remainder to the cent; ties go to the earlier line in key order."""
    cents = int(total * 100)
    w = [int(x * 100) for x in weights]
    if sum(w) == 0:
        w = [1] * len(w)
    floors = [cents * x // sum(w) for x in w]
    rema = [cents * x % sum(w) for x in w]
    order = sorted(range(len(w)), key=lambda i: -rema[i])
    for i in order[: cents - sum(floors)]:
        floors[i] += 1
    return [Decimal(f) / 100 for f in floors]


def _status(cancelled: bool, refunded: bool, unpaid: str | None, shipped: bool, modified: datetime,
            as_of: datetime) -> str:
    if cancelled:
        return "cancelled"
    if refunded:
        return "refunded"
    if unpaid:
        return unpaid
    if shipped:
        return "completed" if modified < as_of - timedelta(days=14) else "shipped"
    return "awaiting_shipment"


def order_lines(landing_dir: Path, as_of: datetime) -> list[dict]:
    """One dict per sold line: platform, currency, sold_at, status and the four amounts."""
    lines = []
    for order in latest_orders(landing_dir, "ebay").values():
        payment = order["orderPaymentStatus"]
        status = _status(order["cancelStatus"]["cancelState"] == "CANCELED", payment == "FULLY_REFUNDED",
                         {"PENDING": "pending_payment", "FAILED": "payment_failed"}.get(payment),
                         order["orderFulfillmentStatus"] in ("FULFILLED", "IN_PROGRESS"),
                         _ts(order["lastModifiedDate"]), as_of)
        items = sorted(order["lineItems"], key=lambda li: li["lineItemId"])
        prices = [Decimal(li["lineItemCost"]["value"]) for li in items]
        fees = allocate(Decimal(order["totalMarketplaceFee"]["value"]), prices)
        # A partial refund (completed) comes off the lines' sale prices; a full one makes the order "refunded".
        refunded = sum((Decimal(r["amount"]["value"]) for r in order["paymentSummary"]["refunds"]
                        if r.get("refundStatus") == "REFUNDED"), Decimal(0)) if payment == "PARTIALLY_REFUNDED" else Decimal(0)
        refunds = allocate(refunded, prices)
        for li, price, fee, refund in zip(items, prices, fees, refunds):
            ship = Decimal(li["deliveryCost"]["shippingCost"]["value"])
            lines.append({"platform": "ebay", "currency": order["pricingSummary"]["total"]["currency"],
                          "sold_at": _ts(order["creationDate"]), "status": status,
                          "sale_price": price + ship - refund, "marketplace_fee": fee, "platform_fee": Decimal("0.00"),
                          "shipping_cost": ship})
    pct, fixed = PROCESSING_FEES["discogs"]
    for order in latest_orders(landing_dir, "discogs").values():
        raw = order["status"]
        status = _status(raw.startswith("Cancelled"), raw == "Refund Sent",
                         {"New Order": "new_order", "Buyer Contacted": "buyer_contacted", "Invoice Sent": "invoice_sent",
                          "Payment Pending": "pending_payment", "Merged": "merged", "Order Changed": "order_changed"}.get(raw),
                         raw == "Shipped", _ts(order["last_activity"]), as_of)
        items = sorted(order["items"], key=lambda it: str(it["id"]))
        prices = [Decimal(str(it["price"]["value"])).quantize(CENT) for it in items]
        total = Decimal(str(order["total"]["value"])).quantize(CENT)
        ships = allocate(Decimal(str(order["shipping"]["value"])).quantize(CENT), prices)
        fees = allocate(Decimal(str(order["fee"]["value"])).quantize(CENT), prices)
        processing = allocate((total * pct / 100 + fixed).quantize(CENT, ROUND_HALF_UP), prices)
        for price, ship, fee, proc in zip(prices, ships, fees, processing):
            lines.append({"platform": "discogs", "currency": order["total"]["currency"],
                          "sold_at": _ts(order["created"]), "status": status, "sale_price": price + ship,
                          "marketplace_fee": fee, "platform_fee": proc, "shipping_cost": ship})
    return lines


def ecb_rates(landing_dir: Path) -> dict[str, list[tuple[date, Decimal]]]:
    """Rates per EUR by currency, oldest first, from the newest ECB file in the landing zone."""
    newest = sorted((landing_dir / "fx").glob("*/*.csv"))[-1]
    by_currency: dict[str, list[tuple[date, Decimal]]] = {"EUR": []}
    with open(newest) as handle:
        for row in csv.DictReader(handle):
            day = date.fromisoformat(row["Date"])
            by_currency["EUR"].append((day, Decimal(1)))
            for code, value in row.items():
                if code and code != "Date" and value and value != "N/A":
                    by_currency.setdefault(code, []).append((day, Decimal(value)))
    return {k: sorted(v) for k, v in by_currency.items()}


def rate_on(rates: dict, currency: str, day: date) -> Decimal:
    earlier = [r for d, r in rates[currency] if d <= day]
    if not earlier:
        raise LookupError(f"no {currency} rate on or before {day}")
    return earlier[-1]


def convert(amount: Decimal, own: Decimal, home: Decimal) -> Decimal:
    return (amount * home / own).quantize(CENT, ROUND_HALF_UP)


def expected_stats(landing_dir: Path, home_currency: str, timezone_name: str, as_of: datetime) -> dict:
    rates = ecb_rates(landing_dir)
    zone = ZoneInfo(timezone_name)
    counts: Counter = Counter()
    totals = {"total_revenue": Decimal(0), "total_fees": Decimal(0), "total_shipping": Decimal(0)}
    for line in order_lines(landing_dir, as_of):
        counts[line["status"]] += 1
        if line["status"] not in REVENUE_STATUSES:
            continue
        day = line["sold_at"].astimezone(zone).date()
        own, home = rate_on(rates, line["currency"], day), rate_on(rates, home_currency, day)
        totals["total_revenue"] += convert(line["sale_price"], own, home)
        totals["total_fees"] += convert(line["marketplace_fee"], own, home) + convert(line["platform_fee"], own, home)
        totals["total_shipping"] += convert(line["shipping_cost"], own, home)
    net = totals["total_revenue"] - totals["total_fees"] - totals["total_shipping"]
    return {
        "awaiting_shipment": counts["awaiting_shipment"],
        "shipped": counts["shipped"],
        "completed": counts["completed"],
        "total": sum(counts[s] for s in REVENUE_STATUSES),
        "total_revenue": f"{totals['total_revenue']:.2f}",
        "total_fees": f"{totals['total_fees']:.2f}",
        "total_shipping": f"{totals['total_shipping']:.2f}",
        "total_net": f"{net:.2f}",
    }


def now_utc() -> datetime:
    return datetime.now(timezone.utc)
