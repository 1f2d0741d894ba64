"""A deterministic, realistic seller world written into the landing zone.

What it writes is what the connectors would have fetched: eBay Sell Fulfillment order pages,
Discogs Marketplace order pages, the seller's catalog export and the ECB rates file, in the
marketplaces' real response shapes. Same seed, orders and end date: same bytes.

Memory stays bounded at any scale: orders are generated day by day in creation order, and each
one is filed under the day it was last modified. An order is never modified before it was
created, so once day D is generated every bucket up to D is complete and is written out.
"""

from __future__ import annotations

import csv
import io
import math
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo

import orjson

from pipelines.demo import fx
from pipelines.demo.addresses import ebay_contact_address, fake_address, format_discogs_address
from pipelines.demo.catalog import INVENTORY_COLUMNS, LISTING_COLUMNS, Item, draw_item, stable_hex
from pipelines.ingest.landing import write_landing_file

EBAY_PAGE_SIZE = 200
DISCOGS_PAGE_SIZE = 50
EBAY_API = "https://api.ebay.com/sell/fulfillment/v1/order"
DISCOGS_API = "https://api.discogs.com"
DISCOGS_PACIFIC = ZoneInfo("America/Los_Angeles")
SELLER_ZONE = ZoneInfo("America/New_York")

# eBay site -> (currency, share of eBay orders)
EBAY_SITES = [("EBAY_US", "USD", 0.66), ("EBAY_GB", "GBP", 0.12), ("EBAY_DE", "EUR", 0.10),
              ("EBAY_CA", "CAD", 0.05), ("EBAY_AU", "AUD", 0.04), ("EBAY_FR", "EUR", 0.03)]
# A Discogs seller prices in one currency of their choice; buyers pay in it.
DISCOGS_CURRENCIES = [("USD", 0.8), ("EUR", 0.2)]
# Buyers shop in their local evening; orders pile up around 8-10 pm seller time.
HOUR_WEIGHTS = [2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 7, 7, 6, 6, 6, 7, 8, 10, 11, 10, 7, 4]
WEEKDAY_WEIGHTS = [1.0, 0.95, 0.95, 1.0, 1.05, 1.15, 1.25]
DISCOGS_MEDIA_GRADES = {"mint": "Mint (M)", "near_mint": "Near Mint (NM or M-)",
                        "vg_plus": "Very Good Plus (VG+)", "vg": "Very Good (VG)",
                        "good": "Good (G)", "fair": "Fair (F)"}
CARRIERS = {"US": ("USPS", "USPSPriority"), "GB": ("ROYAL_MAIL", "UK_RoyalMailSecondClassStandard"),
            "DE": ("DHL", "DE_DHLPaket"), "CA": ("CANADA_POST", "CA_PostLettermail"),
            "AU": ("AUSTRALIA_POST", "AU_Regular"), "FR": ("LA_POSTE", "FR_ColiposteColissimo")}


@dataclass
class GenerateResult:
    orders: int = 0
    line_items: int = 0
    inventory_items: int = 0
    listings: int = 0
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    by_platform: dict = field(default_factory=lambda: defaultdict(int))


def _iso_ebay(ts: datetime) -> str:
    return ts.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ts.microsecond // 1000:03d}Z"


def _iso_discogs(ts: datetime) -> str:
    return ts.astimezone(DISCOGS_PACIFIC).isoformat(timespec="seconds")


def _money(value: float, currency: str) -> dict:
    return {"value": f"{value:.2f}", "currency": currency}


def _daily_counts(rng: random.Random, orders: int, start: date, days: int) -> list[int]:
    """Spread the orders over the days with a weekly rhythm, a holiday peak and slow growth."""
    weights = []
    for i in range(days):
        day = start + timedelta(days=i)
        season = 1 + 0.55 * math.exp(-((day.timetuple().tm_yday - 340) / 18) ** 2)
        summer_lull = 1 - 0.15 * math.exp(-((day.timetuple().tm_yday - 200) / 30) ** 2)
        growth = 0.8 + 0.4 * i / max(days - 1, 1)
        weights.append(WEEKDAY_WEIGHTS[day.weekday()] * season * summer_lull * growth * rng.uniform(0.85, 1.15))
    total = sum(weights)
    exact = [orders * w / total for w in weights]
    counts = [int(x) for x in exact]
    # Largest remainder: the counts add up to exactly the orders asked for.
    for i in sorted(range(days), key=lambda i: exact[i] - counts[i], reverse=True)[: orders - sum(counts)]:
        counts[i] += 1
    return counts


def _allocate(total_cents: int, weights: list[int]) -> list[int]:
    """Split cents over lines in proportion to weights; the parts add back exactly."""
    base = sum(weights) or len(weights)
    exact = [total_cents * (w if sum(weights) else 1) / base for w in weights]
    parts = [math.floor(x) for x in exact]
    for i in sorted(range(len(parts)), key=lambda i: exact[i] - parts[i], reverse=True)[: total_cents - sum(parts)]:
        parts[i] += 1
    return parts


class WorldWriter:
    """Buffers orders by last-modified day and writes complete days as landing pages."""

    def __init__(self, landing_dir: Path, fetched_at: datetime, result: GenerateResult):
        self.landing_dir = landing_dir
        self.fetched_at = fetched_at
        self.result = result
        self.buckets: dict[tuple[str, date], list[dict]] = defaultdict(list)

    def add(self, source: str, modified: date, order: dict) -> None:
        self.buckets[(source, modified)].append(order)

    def flush_through(self, day: date) -> None:
        for key in sorted(k for k in self.buckets if k[1] <= day):
            self._write_partition(*key, self.buckets.pop(key))

    def _write_partition(self, source: str, day: date, orders: list[dict]) -> None:
        size = EBAY_PAGE_SIZE if source == "ebay" else DISCOGS_PAGE_SIZE
        pages = max(1, math.ceil(len(orders) / size))
        for p in range(pages):
            chunk = orders[p * size:(p + 1) * size]
            body = _ebay_page(day, chunk, len(orders), p, size) if source == "ebay" else \
                _discogs_page(chunk, len(orders), p + 1, pages, size)
            data = orjson.dumps(body)
            write_landing_file(self.landing_dir, source, day, f"page-{p + 1:05d}.json", data,
                               records=len(chunk), fetched_at=self.fetched_at)
            self.result.files += 1
            self.result.bytes += len(data)


def _ebay_page(day: date, chunk: list[dict], total: int, page: int, size: int) -> dict:
    start = datetime.combine(day, datetime.min.time(), timezone.utc)
    window = f"lastmodifieddate:%5B{_iso_ebay(start)}..{_iso_ebay(start + timedelta(days=1))}%5D"
    href = f"{EBAY_API}?filter={window}&limit={size}&offset={page * size}"
    body = {"href": href, "total": total, "limit": size, "offset": page * size}
    if (page + 1) * size < total:
        body["next"] = f"{EBAY_API}?filter={window}&limit={size}&offset={(page + 1) * size}"
    if page > 0:
        body["prev"] = f"{EBAY_API}?filter={window}&limit={size}&offset={(page - 1) * size}"
    body["orders"] = chunk
    body["warnings"] = []
    return body


def _discogs_page(chunk: list[dict], total: int, page: int, pages: int, size: int) -> dict:
    base = f"{DISCOGS_API}/marketplace/orders?sort=last_activity&sort_order=desc&per_page={size}"
    urls = {}
    if page < pages:
        urls = {"last": f"{base}&page={pages}", "next": f"{base}&page={page + 1}"}
    if page > 1:
        urls.update({"first": f"{base}&page=1", "prev": f"{base}&page={page - 1}"})
    return {"pagination": {"page": page, "pages": pages, "per_page": size, "items": total, "urls": urls},
            "orders": chunk}


@dataclass
class Lifecycle:
    """What happened to one order by the world's end: times of each event, or None."""

    paid_at: datetime | None
    shipped_at: datetime | None
    cancelled_at: datetime | None
    refunded_at: datetime | None
    partial_refund_at: datetime | None
    last_modified: datetime


def _lifecycle(rng: random.Random, created: datetime, now: datetime) -> Lifecycle:
    paid = created + timedelta(minutes=rng.randint(0, 90)) if rng.random() > 0.012 else None
    if paid and paid > now:
        paid = None
    cancelled = refunded = shipped = partial = None
    roll = rng.random()
    if paid is None:
        if rng.random() < 0.5 and created + timedelta(days=4) < now:
            cancelled = created + timedelta(days=rng.randint(4, 7))
    elif roll < 0.025:
        cancelled = paid + timedelta(hours=rng.randint(1, 40))
    else:
        ship_delay = timedelta(hours=rng.choice([6, 18, 20, 26, 30, 44, 50, 70]) + rng.random() * 4)
        shipped = paid + ship_delay
        if roll > 0.985:
            refunded = shipped + timedelta(days=rng.randint(6, 25))
        elif roll > 0.975:
            partial = shipped + timedelta(days=rng.randint(5, 20))
    events = [t for t in (created, paid, shipped, cancelled, refunded, partial) if t and t <= now]
    return Lifecycle(
        paid_at=paid if paid and paid <= now else None,
        shipped_at=shipped if shipped and shipped <= now else None,
        cancelled_at=cancelled if cancelled and cancelled <= now else None,
        refunded_at=refunded if refunded and refunded <= now else None,
        partial_refund_at=partial if partial and partial <= now else None,
        last_modified=max(events) + timedelta(milliseconds=rng.randint(0, 999)),
    )


class World:
    def __init__(self, seed: int, orders: int, end_date: date, days: int, landing_dir: Path,
                 progress: Callable[[str], None] | None):
        self.rng = random.Random(seed)
        self.seed = seed
        self.orders = orders
        self.end_date = end_date
        self.days = days
        self.start_date = end_date - timedelta(days=days - 1)
        self.now = datetime.combine(end_date, datetime.min.time(), SELLER_ZONE).replace(hour=21).astimezone(timezone.utc)
        self.landing_dir = landing_dir
        self.progress = progress or (lambda _msg: None)
        self.result = GenerateResult()
        self.writer = WorldWriter(landing_dir, self.now, self.result)
        self.inventory_rows: list[list] = []
        self.listing_rows: list[list] = []
        self.item_seq = 0
        self.ebay_order_seq = 0
        self.discogs_order_seq = 0
        self.line_seq = 0
        self.discogs_seller_id = 100000 + seed % 900000
        self.fx = dict(fx.START_RATES, EUR=1.0)

    # -- catalog -------------------------------------------------------------------------
    def _new_item(self, created_at: datetime) -> Item:
        self.item_seq += 1
        return draw_item(self.rng, self.item_seq, created_at)

    def _local_price(self, usd: float, currency: str) -> float:
        amount = usd / self.fx["USD"] * self.fx[currency]
        if currency == "JPY":
            return float(round(amount, -1))
        return math.floor(amount) + 0.99 if amount > 5 else round(amount, 2)

    def _listing_id(self, platform: str) -> str:
        if platform == "ebay":
            return str(180000000000 + self.rng.randint(0, 99999999999))
        return str(1000000000 + self.rng.randint(0, 2999999999))

    def _record_item(self, item: Item, status: str, updated: datetime) -> None:
        self.inventory_rows.append([
            item.uid, item.sku, item.title, item.category, item.condition, f"{item.cost_usd:.2f}",
            "USD", status, item.created_at.isoformat(), updated.isoformat(), item.image_url])
        self.result.inventory_items += 1

    def _record_listing(self, platform: str, listing_id: str, item: Item, price: float, currency: str,
                        status: str, listed_at: datetime, ended_at: datetime | None) -> None:
        url = (f"https://www.ebay.com/itm/{listing_id}" if platform == "ebay"
               else f"https://www.discogs.com/sell/item/{listing_id}")
        self.listing_rows.append([
            platform, listing_id, url, item.uid, item.sku, f"{price:.2f}", currency, status,
            listed_at.isoformat(), ended_at.isoformat() if ended_at else ""])
        self.result.listings += 1

    def _sold_item(self, platform: str, sold_at: datetime, currency: str, ended: bool):
        # Items sit on the shelf before they sell: mostly weeks, sometimes many months.
        age = timedelta(days=min(700, self.rng.expovariate(1 / 55)), hours=self.rng.randint(0, 23))
        item = self._new_item(sold_at - age - timedelta(days=1))
        listed_at = item.created_at + (sold_at - item.created_at) * self.rng.uniform(0.05, 0.6)
        listing_id = self._listing_id(platform)
        price = self._local_price(item.price_usd, currency)
        self._record_item(item, "sold" if ended else "listed", sold_at)
        self._record_listing(platform, listing_id, item, price, currency,
                             "sold" if ended else "active", listed_at, sold_at if ended else None)
        return item, listing_id, price

    # -- orders --------------------------------------------------------------------------
    def _order_time(self, day: date) -> datetime:
        hour = self.rng.choices(range(24), weights=HOUR_WEIGHTS, k=1)[0]
        local = datetime.combine(day, datetime.min.time(), SELLER_ZONE).replace(
            hour=hour, minute=self.rng.randint(0, 59), second=self.rng.randint(0, 59),
            microsecond=self.rng.randint(0, 999) * 1000)
        return local.astimezone(timezone.utc)

    def _ebay_order(self, created: datetime) -> None:
        site, currency, _ = self.rng.choices(EBAY_SITES, weights=[s[2] for s in EBAY_SITES], k=1)[0]
        life = _lifecycle(self.rng, created, self.now)
        n_lines = self.rng.choices([1, 2, 3], weights=[90, 8, 2], k=1)[0]
        self.ebay_order_seq += 1
        order_id = f"{self.rng.randint(1, 27):02d}-{self.rng.randint(10000, 99999):05d}-{self.rng.randint(10000, 99999):05d}"
        country = {"EBAY_US": "US", "EBAY_GB": "GB", "EBAY_DE": "DE", "EBAY_CA": "CA",
                   "EBAY_AU": "AU", "EBAY_FR": "FR"}[site]
        addr = self._address_in(country)
        carrier, service = CARRIERS.get(addr["country"], ("USPS", "USPSFirstClass"))
        lines, subtotal_cents = [], 0
        delivery_cents = self.rng.choice([0, 0, 399, 499, 599, 799]) if currency != "JPY" else 0
        ended = life.cancelled_at is None
        for _ in range(n_lines):
            item, listing_id, price = self._sold_item("ebay", created, currency, ended)
            self.line_seq += 1
            lines.append((item, listing_id, price, self.line_seq))
            subtotal_cents += round(price * 100)
        line_delivery = _allocate(delivery_cents, [round(p * 100) for _, _, p, _ in lines])
        fee_cents = round((subtotal_cents + delivery_cents) * 0.1325) + 30
        fulfillment = "FULFILLED" if life.shipped_at else "NOT_STARTED"
        if life.shipped_at and n_lines > 1 and life.last_modified - life.shipped_at < timedelta(hours=2) and self.rng.random() < 0.3:
            fulfillment = "IN_PROGRESS"
        payment = "PAID" if life.paid_at else ("PENDING" if life.cancelled_at is None else "FAILED")
        refunds = []
        if life.refunded_at:
            payment = "FULLY_REFUNDED"
            refunds.append({"refundId": f"5{stable_hex(order_id, 'refund', length=10)}", "refundDate": _iso_ebay(life.refunded_at),
                            "amount": _money((subtotal_cents + delivery_cents) / 100, currency), "refundStatus": "REFUNDED"})
        elif life.partial_refund_at:
            payment = "PARTIALLY_REFUNDED"
            amount = round(subtotal_cents * self.rng.choice([0.1, 0.2, 0.25]))
            refunds.append({"refundId": f"5{stable_hex(order_id, 'refund', length=10)}", "refundDate": _iso_ebay(life.partial_refund_at),
                            "amount": _money(amount / 100, currency), "refundStatus": "REFUNDED"})
        max_delivery = created + timedelta(days=self.rng.randint(5, 12))
        total_cents = subtotal_cents + delivery_cents
        order = {
            "orderId": order_id,
            "legacyOrderId": f"{lines[0][1]}-{3000000000000 + self.ebay_order_seq}",
            "creationDate": _iso_ebay(created),
            "lastModifiedDate": _iso_ebay(life.last_modified),
            "orderFulfillmentStatus": fulfillment,
            "orderPaymentStatus": payment,
            "sellerId": "vinyl_vault_records",
            "buyer": {"username": f"{addr['name'].split()[0].lower()}_{self.rng.randint(10, 9999)}",
                      "taxAddress": {"stateOrProvince": addr.get("state_province"), "postalCode": addr["postal_code"],
                                     "countryCode": addr["country"]}},
            "pricingSummary": {"priceSubtotal": _money(subtotal_cents / 100, currency),
                               "deliveryCost": _money(delivery_cents / 100, currency),
                               "total": _money(total_cents / 100, currency)},
            "cancelStatus": {"cancelState": "CANCELED" if life.cancelled_at else "NONE_REQUESTED",
                             "cancelRequests": ([{"cancelReason": "BUYER_ASKED_CANCEL", "cancelRequestedDate": _iso_ebay(life.cancelled_at),
                                                  "cancelRequestState": "COMPLETED", "cancelInitiator": "BUYER"}]
                                                if life.cancelled_at else [])},
            "paymentSummary": {"totalDueSeller": _money((total_cents - fee_cents) / 100, currency),
                               "refunds": refunds,
                               "payments": ([{"paymentMethod": "EBAY", "paymentReferenceId": stable_hex(order_id, "pay", length=16).upper(),
                                              "paymentDate": _iso_ebay(life.paid_at), "amount": _money(total_cents / 100, currency),
                                              "paymentStatus": "PAID"}] if life.paid_at else [])},
            "fulfillmentStartInstructions": [{
                "fulfillmentInstructionsType": "SHIP_TO",
                "minEstimatedDeliveryDate": _iso_ebay(max_delivery - timedelta(days=3)),
                "maxEstimatedDeliveryDate": _iso_ebay(max_delivery),
                "ebaySupportedFulfillment": False,
                "shippingStep": {"shipTo": {"fullName": addr["name"],
                                            "contactAddress": ebay_contact_address(addr),
                                            "primaryPhone": {"phoneNumber": addr.get("phone_number")},
                                            "email": addr.get("email_address")},
                                 "shippingCarrierCode": carrier, "shippingServiceCode": service}}],
            "fulfillmentHrefs": ([f"{EBAY_API}/{order_id}/shipping_fulfillment/{stable_hex(order_id, 'ful', length=13)}"]
                                 if life.shipped_at else []),
            "lineItems": [],
            "salesRecordReference": str(1000 + self.ebay_order_seq),
            "totalFeeBasisAmount": _money(total_cents / 100, currency),
            "totalMarketplaceFee": _money(fee_cents / 100, currency),
        }
        for (item, listing_id, price, line_seq), deliv in zip(lines, line_delivery):
            order["lineItems"].append({
                "lineItemId": str(10000000000000 + line_seq * 7 + self.rng.randint(0, 6)),
                "legacyItemId": listing_id,
                "sku": item.sku,
                "title": item.title,
                "lineItemCost": _money(price, currency),
                "quantity": 1,
                "soldFormat": "FIXED_PRICE",
                "listingMarketplaceId": site,
                "purchaseMarketplaceId": site,
                "lineItemFulfillmentStatus": "FULFILLED" if life.shipped_at else "NOT_STARTED",
                "total": _money((round(price * 100) + deliv) / 100, currency),
                "deliveryCost": {"shippingCost": _money(deliv / 100, currency)},
                "appliedPromotions": [],
                "taxes": [],
                "properties": {"buyerProtection": True},
                "lineItemFulfillmentInstructions": {
                    "minEstimatedDeliveryDate": _iso_ebay(max_delivery - timedelta(days=3)),
                    "maxEstimatedDeliveryDate": _iso_ebay(max_delivery),
                    "shipByDate": _iso_ebay(created + timedelta(days=3)),
                    "guaranteedDelivery": False},
            })
        self.writer.add("ebay", life.last_modified.astimezone(timezone.utc).date(), order)
        self.result.orders += 1
        self.result.line_items += n_lines
        self.result.by_platform["ebay"] += 1

    def _discogs_status(self, life: Lifecycle) -> str:
        if life.cancelled_at:
            return self.rng.choice(["Cancelled (Non-Paying Buyer)", "Cancelled (Item Unavailable)",
                                    "Cancelled (Per Buyer's Request)"]) if life.paid_at is None else "Cancelled (Per Buyer's Request)"
        if life.refunded_at:
            return "Refund Sent"
        if life.shipped_at:
            return "Shipped"
        if life.paid_at:
            return self.rng.choice(["Payment Received", "Payment Received", "In Progress"])
        return self.rng.choice(["New Order", "Invoice Sent", "Payment Pending"])

    def _discogs_order(self, created: datetime) -> None:
        currency = self.rng.choices([c for c, _ in DISCOGS_CURRENCIES], weights=[w for _, w in DISCOGS_CURRENCIES], k=1)[0]
        life = _lifecycle(self.rng, created, self.now)
        n_items = self.rng.choices([1, 2, 3, 4, 5], weights=[70, 18, 7, 3, 2], k=1)[0]
        self.discogs_order_seq += 1
        order_id = f"{self.discogs_seller_id}-{self.discogs_order_seq}"
        addr = self._address_in(None)
        items, subtotal = [], 0
        ended = life.cancelled_at is None
        for _ in range(n_items):
            item, listing_id, price = self._sold_item("discogs", created, currency, ended)
            self.line_seq += 1
            subtotal += round(price * 100)
            items.append({"release": {"id": self.rng.randint(1000, 31000000), "description": item.title.rsplit(" - ", 1)[0]},
                          "price": {"currency": currency, "value": price},
                          "media_condition": DISCOGS_MEDIA_GRADES[item.condition],
                          "sleeve_condition": DISCOGS_MEDIA_GRADES[self.rng.choice(list(DISCOGS_MEDIA_GRADES))],
                          "id": int(listing_id)})
        shipping = self.rng.choice([4.0, 5.5, 6.0, 8.0, 12.0, 15.0, 18.5]) + 0.5 * (n_items - 1)
        fee = round((subtotal / 100 + shipping) * 0.09, 2)
        order = {
            "id": order_id,
            "resource_url": f"{DISCOGS_API}/marketplace/orders/{order_id}",
            "messages_url": f"{DISCOGS_API}/marketplace/orders/{order_id}/messages",
            "uri": f"https://www.discogs.com/sell/order/{order_id}",
            "status": self._discogs_status(life),
            "next_status": [],
            "fee": {"currency": currency, "value": fee},
            "created": _iso_discogs(created),
            "items": items,
            "shipping": {"currency": currency, "method": self.rng.choice(["Standard", "Registered", "Tracked"]), "value": shipping},
            "shipping_address": format_discogs_address(addr, self.rng),
            "additional_instructions": self.rng.choice(["", "", "", "Please pack with care, thanks!", "No invoice in the box please."]),
            "archived": False,
            "seller": {"resource_url": f"{DISCOGS_API}/users/vinyl_vault_records", "username": "vinyl_vault_records",
                       "id": self.discogs_seller_id},
            "last_activity": _iso_discogs(life.last_modified),
            "buyer": {"resource_url": f"{DISCOGS_API}/users/buyer{self.rng.randint(1000, 999999)}",
                      "username": f"{addr['name'].split()[0].lower()}{self.rng.randint(1, 999)}", "id": self.rng.randint(10000, 9999999)},
            "total": {"currency": currency, "value": round(subtotal / 100 + shipping, 2)},
        }
        self.writer.add("discogs", life.last_modified.astimezone(timezone.utc).date(), order)
        self.result.orders += 1
        self.result.line_items += n_items
        self.result.by_platform["discogs"] += 1

    def _address_in(self, country: str | None) -> dict:
        return fake_address(self.rng, country)

    def _unsold_stock(self) -> None:
        """Stock that has not sold: drafts, items ready to list, and live listings, some stale."""
        count = max(1, int(self.orders * 0.45))
        for _ in range(count):
            age = timedelta(days=min(900, self.rng.expovariate(1 / 120)), hours=self.rng.randint(0, 23))
            item = self._new_item(self.now - age)
            status = self.rng.choices(["draft", "ready_to_sell", "listed"], weights=[20, 25, 55], k=1)[0]
            self._record_item(item, status, item.created_at + age * self.rng.uniform(0, 1))
            if status == "listed":
                for platform in self.rng.sample(["ebay", "discogs"], k=self.rng.choice([1, 1, 2])):
                    currency = "USD"
                    listed_at = item.created_at + age * self.rng.uniform(0.0, 0.5)
                    self._record_listing(platform, self._listing_id(platform), item,
                                         self._local_price(item.price_usd, currency), currency, "active", listed_at, None)

    def _write_catalog(self) -> None:
        for name, columns, rows in (("inventory_items.csv", INVENTORY_COLUMNS, self.inventory_rows),
                                    ("listings.csv", LISTING_COLUMNS, self.listing_rows)):
            buf = io.StringIO()
            w = csv.writer(buf, lineterminator="\n")
            w.writerow(columns)
            w.writerows(rows)
            data = buf.getvalue().encode()
            write_landing_file(self.landing_dir, "catalog", self.end_date, name, data, records=len(rows),
                               fetched_at=self.now)
            self.result.files += 1
            self.result.bytes += len(data)

    def _write_fx(self) -> None:
        text = fx.ecb_csv(random.Random(self.seed + 7), self.start_date - timedelta(days=30), self.end_date)
        data = text.encode()
        # The rates file is one rolling file, like the ECB's; its partition is the day it was taken.
        write_landing_file(self.landing_dir, "fx", self.end_date, "eurofxref-hist.csv", data, records=None,
                           fetched_at=self.now)
        self.result.files += 1
        self.result.bytes += len(data)

    def build(self) -> GenerateResult:
        t0 = time.perf_counter()
        counts = _daily_counts(self.rng, self.orders, self.start_date, self.days)
        for i, n in enumerate(counts):
            day = self.start_date + timedelta(days=i)
            times = sorted(self._order_time(day) for _ in range(n))
            for created in times:
                if created > self.now:
                    created = self.now - timedelta(minutes=self.rng.randint(1, 600))
                if self.rng.random() < 0.64:
                    self._ebay_order(created)
                else:
                    self._discogs_order(created)
            self.writer.flush_through(day - timedelta(days=1))
            if (i + 1) % 30 == 0 or i == len(counts) - 1:
                self.progress(f"generate: {day} {self.result.orders:,}/{self.orders:,} orders")
        self.writer.flush_through(self.end_date + timedelta(days=1))
        self._unsold_stock()
        self._write_catalog()
        self._write_fx()
        self.result.seconds = time.perf_counter() - t0
        return self.result


def generate(landing_dir: Path, orders: int, seed: int, end_date: date | None = None, days: int = 365,
             progress: Callable[[str], None] | None = None) -> GenerateResult:
    """Write a seller world of ``orders`` orders over ``days`` days ending on ``end_date``."""
    if orders < 1:
        raise ValueError("orders must be at least 1")
    end = end_date or datetime.now(SELLER_ZONE).date()
    return World(seed, orders, end, days, landing_dir, progress).build()
