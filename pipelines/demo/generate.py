"""A deterministic, realistic seller world written into the landing zone.

What it writes is what the connectors would have fetched: eBay Sell Fulfillment order pages,
Discogs Marketplace order pages, the seller's catalog export and the ECB rates file, in the
marketplaces' real response shapes. Same seed, orders and end date: same bytes.

Memory stays bounded at any scale: orders are generated day by day in creation order, and each
one is spooled (serialized, on disk) under the day it was last modified. An order is never
modified before it was created, so once day D is generated every bucket up to D is complete and
is cut into pages. The catalog export is streamed into its file as items are drawn. Files land
in batches (:mod:`pipelines.demo.landing_batch`): atomic, durable, in the manifest.
"""

from __future__ import annotations

import csv
import io
import math
import random
import shutil
import tempfile
import time
from collections import defaultdict, deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from itertools import islice
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo

import orjson

from pipelines.demo import fx
from pipelines.demo.addresses import ebay_contact_address, fake_address, format_discogs_address
from pipelines.demo.catalog import INVENTORY_COLUMNS, LISTING_COLUMNS, Item, draw_item, stable_hex
from pipelines.demo.draw import Weighted, fast_random
from pipelines.demo.landing_batch import LandingBatch, StreamedFile

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
SCRAMBLE = 2654435761
EBAY_ORDER_SPACE = 90000 * 90000  # the digits of "NN-NNNNN-NNNNN" after the site prefix
EBAY_LISTING_SPACE = 100_000_000_000
DISCOGS_LISTING_SPACE = 3_000_000_000
REFUND_SPACE = 16 ** 10
# Land a batch of pages once this many bytes wait: few disk flushes, little lost to a crash.
COMMIT_BYTES = 32 * 1024 * 1024
CSV_DRAIN_CHARS = 1 << 20
MAX_INFLIGHT = 64

EBAY_SITE_PICK = Weighted(EBAY_SITES, [s[2] for s in EBAY_SITES])
EBAY_LINES_PICK = Weighted([1, 2, 3], [90, 8, 2])
DISCOGS_CURRENCY_PICK = Weighted([c for c, _ in DISCOGS_CURRENCIES], [w for _, w in DISCOGS_CURRENCIES])
DISCOGS_ITEMS_PICK = Weighted([1, 2, 3, 4, 5], [70, 18, 7, 3, 2])
HOUR_PICK = Weighted(range(24), HOUR_WEIGHTS)
UNSOLD_STATUS_PICK = Weighted(["draft", "ready_to_sell", "listed"], [20, 25, 55])
DISCOGS_GRADE_KEYS = list(DISCOGS_MEDIA_GRADES)
SITE_COUNTRY = {"EBAY_US": "US", "EBAY_GB": "GB", "EBAY_DE": "DE", "EBAY_CA": "CA", "EBAY_AU": "AU", "EBAY_FR": "FR"}
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
    # "2026-03-01T12:34:56.789Z": isoformat truncates to milliseconds like microsecond // 1000 does,
    # at a fraction of strftime's cost (strftime was a tenth of the generator's time).
    if ts.tzinfo is not timezone.utc:
        ts = ts.astimezone(timezone.utc)
    return ts.isoformat(timespec="milliseconds")[:23] + "Z"


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


def scrambled(seq: int, space: int, offset: int = 0) -> int:
    """A random-looking number in ``[0, space)``, different for every ``seq`` below ``space``.

    Ids that must be unique are built from a sequence number through this, never from a bare
    random draw: draws collide at scale (a million orders drew one eBay order id twice and ~80
    Discogs listing ids). ``x -> x * SCRAMBLE + offset (mod space)`` is a permutation because
    SCRAMBLE, a prime, shares no factor with the spaces used here (products of 2, 3 and 5).
    """
    return (seq * SCRAMBLE + offset) % space


def _allocate(total_cents: int, weights: list[int]) -> list[int]:
    """Split cents over lines in proportion to weights; the parts add back exactly."""
    base = sum(weights) or len(weights)
    exact = [total_cents * (w if sum(weights) else 1) / base for w in weights]
    parts = [math.floor(x) for x in exact]
    for i in sorted(range(len(parts)), key=lambda i: exact[i] - parts[i], reverse=True)[: total_cents - sum(parts)]:
        parts[i] += 1
    return parts


class _Background:
    """One worker thread for the generator's file work: cutting pages, hashing, writing.

    That work spends its time in system calls and hashes, which release the GIL, so it runs on
    the second core beside the generation. At most ``MAX_INFLIGHT`` jobs wait (memory stays
    bounded); :meth:`settle` waits for all of them and re-raises the first failure.
    """

    def __init__(self):
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="generate-io")
        self.inflight: deque[Future] = deque()

    def submit(self, fn: Callable, *args) -> None:
        self.inflight.append(self.pool.submit(fn, *args))
        while len(self.inflight) > MAX_INFLIGHT:
            self.inflight.popleft().result()

    def settle(self) -> None:
        while self.inflight:
            self.inflight.popleft().result()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.inflight.clear()


class _Bucket:
    """The orders last modified on one day at one source, spooled as NDJSON until the day is complete."""

    __slots__ = ("path", "file", "count")

    def __init__(self, path: Path):
        self.path = path
        self.file = open(path, "wb", buffering=1 << 16)
        self.count = 0


class WorldWriter:
    """Spools orders by last-modified day and lands complete days as response pages."""

    def __init__(self, batch: LandingBatch, scratch: Path, result: GenerateResult, background: _Background):
        self.batch = batch
        self.scratch = scratch
        self.result = result
        self.background = background
        self.buckets: dict[tuple[str, date], _Bucket] = {}
        self.spooled = 0

    def add(self, source: str, modified: date, order: dict) -> None:
        bucket = self.buckets.get((source, modified))
        if bucket is None:
            self.spooled += 1  # a fresh file per bucket: the background may still be reading an older one
            bucket = self.buckets[(source, modified)] = _Bucket(
                self.scratch / f"{source}-{modified.isoformat()}-{self.spooled}.ndjson")
        bucket.file.write(orjson.dumps(order, option=orjson.OPT_APPEND_NEWLINE))
        bucket.count += 1

    def flush_through(self, day: date) -> None:
        for key in sorted(k for k in self.buckets if k[1] <= day):
            bucket = self.buckets.pop(key)
            bucket.file.close()
            self.background.submit(self._write_partition, *key, bucket)
        if self.batch.pending_bytes >= COMMIT_BYTES:
            self.background.settle()
            self.batch.commit()

    def close(self) -> None:
        for bucket in self.buckets.values():
            bucket.file.close()
        self.buckets.clear()

    def _write_partition(self, source: str, day: date, bucket: _Bucket) -> None:
        total = bucket.count
        size = EBAY_PAGE_SIZE if source == "ebay" else DISCOGS_PAGE_SIZE
        pages = max(1, math.ceil(total / size))
        with open(bucket.path, "rb") as spool:
            for p in range(pages):
                lines = list(islice(spool, size))
                # Each spooled line is one order's JSON and a newline (JSON never holds a raw one).
                orders = b",".join(line[:-1] for line in lines)
                data = _ebay_page(day, orders, total, p, size) if source == "ebay" else \
                    _discogs_page(orders, total, p + 1, pages, size)
                self.batch.add(source, day, f"page-{p + 1:05d}.json", data, records=len(lines))
                self.result.files += 1
                self.result.bytes += len(data)
        bucket.path.unlink()


class CsvStream:
    """A CSV file written through to a landing temp file in chunks, never held whole.

    The generator writes a few rows per order, so the drain into the file is left to
    :meth:`drain_if_full`, called every few hundred orders.
    """

    def __init__(self, stream: StreamedFile, columns: list[str], background: _Background):
        self.stream = stream
        self.background = background
        self.lines: list[str] = []
        self.chars = 0
        self._quoted = io.StringIO()
        self._csv_writerow = csv.writer(self._quoted, lineterminator="\n").writerow
        self.writerow(columns)

    def writerow(self, row: list[str]) -> None:
        """Write a row of strings exactly as ``csv.writer(lineterminator="\\n")`` would.

        Most rows need no quoting: they are joined directly (the csv module spent more time
        deciding that than the rest of the row took to make); the others go through csv.
        """
        line = ",".join(row)
        if (line.count(",") != len(row) - 1 or len(row) < 2 or '"' in line or "\n" in line
                or "\r" in line):
            self._csv_writerow(row)
            line = self._quoted.getvalue()[:-1]
            self._quoted.seek(0)
            self._quoted.truncate()
        self.lines.append(line)
        self.chars += len(line) + 1

    def drain_if_full(self) -> None:
        if self.chars >= CSV_DRAIN_CHARS:
            self._drain()

    def _drain(self) -> None:
        if not self.lines:
            return
        data = ("\n".join(self.lines) + "\n").encode()
        self.lines = []
        self.chars = 0
        self.background.submit(self.stream.write, data)

    def finish(self) -> StreamedFile:
        """Queue the last rows; the file is complete once the background work is settled."""
        self._drain()
        return self.stream


def _ebay_page(day: date, orders: bytes, total: int, page: int, size: int) -> bytes:
    """The page as orjson would serialize the response with ``orders`` (already-serialized, comma-joined) in it."""
    start = datetime.combine(day, datetime.min.time(), timezone.utc)
    window = f"lastmodifieddate:%5B{_iso_ebay(start)}..{_iso_ebay(start + timedelta(days=1))}%5D"
    href = f"{EBAY_API}?filter={window}&limit={size}&offset={page * size}"
    body = {"href": href, "total": total, "limit": size, "offset": page * size}
    if (page + 1) * size < total:
        body["next"] = f"{EBAY_API}?filter={window}&limit={size}&offset={(page + 1) * size}"
    if page > 0:
        body["prev"] = f"{EBAY_API}?filter={window}&limit={size}&offset={(page - 1) * size}"
    return orjson.dumps(body)[:-1] + b',"orders":[' + orders + b'],"warnings":[]}'


def _discogs_page(orders: bytes, total: int, page: int, pages: int, size: int) -> bytes:
    base = f"{DISCOGS_API}/marketplace/orders?sort=last_activity&sort_order=desc&per_page={size}"
    urls = {}
    if page < pages:
        urls = {"last": f"{base}&page={pages}", "next": f"{base}&page={page + 1}"}
    if page > 1:
        urls.update({"first": f"{base}&page=1", "prev": f"{base}&page={page - 1}"})
    pagination = {"page": page, "pages": pages, "per_page": size, "items": total, "urls": urls}
    return b'{"pagination":' + orjson.dumps(pagination) + b',"orders":[' + orders + b']}'


@dataclass(slots=True)
class Lifecycle:
    """What happened to one order by the world's end: times of each event, or None."""

    paid_at: datetime | None
    shipped_at: datetime | None
    cancelled_at: datetime | None
    refunded_at: datetime | None
    partial_refund_at: datetime | None
    last_modified: datetime


_ONE_DAY = timedelta(days=1)
_THREE_DAYS = timedelta(days=3)
_FOUR_DAYS = timedelta(days=4)
_TWO_HOURS = timedelta(hours=2)
_SHIP_DELAY_HOURS = [6, 18, 20, 26, 30, 44, 50, 70]
_EBAY_DELIVERY_CENTS = [0, 0, 399, 499, 599, 799]


def _lifecycle(rng: random.Random, created: datetime, now: datetime) -> Lifecycle:
    paid = created + timedelta(minutes=rng.randint(0, 90)) if rng.random() > 0.012 else None
    if paid and paid > now:
        paid = None
    cancelled = refunded = shipped = partial = None
    roll = rng.random()
    if paid is None:
        if rng.random() < 0.5 and created + _FOUR_DAYS < now:
            cancelled = created + timedelta(days=rng.randint(4, 7))
    elif roll < 0.025:
        cancelled = paid + timedelta(hours=rng.randint(1, 40))
    else:
        ship_delay = timedelta(hours=rng.choice(_SHIP_DELAY_HOURS) + rng.random() * 4)
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
        self.rng = fast_random(seed)
        self.seed = seed
        self.orders = orders
        self.end_date = end_date
        self.days = days
        self.start_date = end_date - timedelta(days=days - 1)
        self.now = datetime.combine(end_date, datetime.min.time(), SELLER_ZONE).replace(hour=21).astimezone(timezone.utc)
        self.landing_dir = landing_dir
        self.progress = progress or (lambda _msg: None)
        self.result = GenerateResult()
        self.batch = LandingBatch(landing_dir, self.now)
        self.scratch: Path | None = None
        self.writer: WorldWriter | None = None
        self.inventory: CsvStream | None = None
        self.listings: CsvStream | None = None
        self.item_seq = 0
        self.ebay_order_seq = 0
        self.discogs_order_seq = 0
        self.line_seq = 0
        self.listing_seq = {"ebay": 0, "discogs": 0}
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
        # The draw is made as before (so the rest of the world is unchanged), the id is unique.
        self.listing_seq[platform] += 1
        if platform == "ebay":
            self.rng.randint(0, 99999999999)
            return str(180000000000 + scrambled(self.listing_seq["ebay"], EBAY_LISTING_SPACE, self.seed))
        self.rng.randint(0, 2999999999)
        return str(1000000000 + scrambled(self.listing_seq["discogs"], DISCOGS_LISTING_SPACE, self.seed))

    def _record_item(self, item: Item, status: str, updated: datetime) -> None:
        self.inventory.writerow([
            item.uid, item.sku, item.title, item.category, item.condition, f"{item.cost_usd:.2f}",
            "USD", status, item.created_at.isoformat(), updated.isoformat(), item.image_url])
        self.result.inventory_items += 1

    def _record_listing(self, platform: str, listing_id: str, item: Item, price: float, currency: str,
                        status: str, listed_at: datetime, ended_at: datetime | None) -> None:
        url = (f"https://www.ebay.com/itm/{listing_id}" if platform == "ebay"
               else f"https://www.discogs.com/sell/item/{listing_id}")
        self.listings.writerow([
            platform, listing_id, url, item.uid, item.sku, f"{price:.2f}", currency, status,
            listed_at.isoformat(), ended_at.isoformat() if ended_at else ""])
        self.result.listings += 1

    def _sold_item(self, platform: str, sold_at: datetime, currency: str, ended: bool):
        # The item, its listing and both catalog rows in one place: this runs for every order line.
        rng = self.rng
        # Items sit on the shelf before they sell: mostly weeks, sometimes many months.
        age = timedelta(days=min(700, rng.expovariate(1 / 55)), hours=rng.randint(0, 23))
        self.item_seq += 1
        item = draw_item(rng, self.item_seq, sold_at - age - _ONE_DAY)
        created_at = item.created_at
        listed_at = created_at + (sold_at - created_at) * rng.uniform(0.05, 0.6)
        listing_id = self._listing_id(platform)
        url = (f"https://www.ebay.com/itm/{listing_id}" if platform == "ebay"
               else f"https://www.discogs.com/sell/item/{listing_id}")
        price = self._local_price(item.price_usd, currency)
        sold_iso = sold_at.isoformat()
        self.inventory.writerow([
            item.uid, item.sku, item.title, item.category, item.condition, f"{item.cost_usd:.2f}",
            "USD", "sold" if ended else "listed", created_at.isoformat(), sold_iso, item.image_url])
        self.listings.writerow([
            platform, listing_id, url, item.uid, item.sku, f"{price:.2f}", currency, "sold" if ended else "active",
            listed_at.isoformat(), sold_iso if ended else ""])
        self.result.inventory_items += 1
        self.result.listings += 1
        return item, listing_id, price

    # -- orders --------------------------------------------------------------------------
    def _order_time(self, midnight: datetime) -> datetime:
        """A time on the day starting at ``midnight`` (seller's zone), as UTC."""
        rng = self.rng
        hour = HOUR_PICK.pick(rng)
        local = midnight.replace(hour=hour, minute=rng.randint(0, 59), second=rng.randint(0, 59),
                                 microsecond=rng.randint(0, 999) * 1000)
        return local.astimezone(timezone.utc)

    def _ebay_order(self, created: datetime) -> None:
        rng = self.rng
        site, currency, _ = EBAY_SITE_PICK.pick(rng)
        life = _lifecycle(rng, created, self.now)
        n_lines = EBAY_LINES_PICK.pick(rng)
        self.ebay_order_seq += 1
        # eBay's "NN-NNNNN-NNNNN": the site prefix drawn, the rest unique (the two draws that
        # made it before are still made, so the rest of the world is unchanged).
        prefix = rng.randint(1, 27)
        rng.randint(10000, 99999)
        rng.randint(10000, 99999)
        digits = scrambled(self.ebay_order_seq, EBAY_ORDER_SPACE, self.seed)
        order_id = f"{prefix:02d}-{10000 + digits // 90000:05d}-{10000 + digits % 90000:05d}"
        refund_id = f"5{scrambled(self.ebay_order_seq, REFUND_SPACE, self.seed):010x}"  # at most one per order
        country = SITE_COUNTRY[site]
        addr = self._address_in(country)
        carrier, service = CARRIERS.get(addr["country"], ("USPS", "USPSFirstClass"))
        lines, subtotal_cents = [], 0
        delivery_cents = rng.choice(_EBAY_DELIVERY_CENTS) if currency != "JPY" else 0
        ended = life.cancelled_at is None
        for _ in range(n_lines):
            item, listing_id, price = self._sold_item("ebay", created, currency, ended)
            self.line_seq += 1
            lines.append((item, listing_id, price, self.line_seq))
            subtotal_cents += round(price * 100)
        line_delivery = _allocate(delivery_cents, [round(p * 100) for _, _, p, _ in lines])
        fee_cents = round((subtotal_cents + delivery_cents) * 0.1325) + 30
        fulfillment = "FULFILLED" if life.shipped_at else "NOT_STARTED"
        if life.shipped_at and n_lines > 1 and life.last_modified - life.shipped_at < _TWO_HOURS and rng.random() < 0.3:
            fulfillment = "IN_PROGRESS"
        payment = "PAID" if life.paid_at else ("PENDING" if life.cancelled_at is None else "FAILED")
        refunds = []
        if life.refunded_at:
            payment = "FULLY_REFUNDED"
            refunds.append({"refundId": refund_id, "refundDate": _iso_ebay(life.refunded_at),
                            "amount": _money((subtotal_cents + delivery_cents) / 100, currency), "refundStatus": "REFUNDED"})
        elif life.partial_refund_at:
            payment = "PARTIALLY_REFUNDED"
            amount = round(subtotal_cents * rng.choice([0.1, 0.2, 0.25]))
            refunds.append({"refundId": refund_id, "refundDate": _iso_ebay(life.partial_refund_at),
                            "amount": _money(amount / 100, currency), "refundStatus": "REFUNDED"})
        max_delivery = created + timedelta(days=rng.randint(5, 12))
        # Order and lines carry the same delivery window and ship-by date: format them once.
        min_delivery_iso = _iso_ebay(max_delivery - _THREE_DAYS)
        max_delivery_iso = _iso_ebay(max_delivery)
        ship_by_iso = _iso_ebay(created + _THREE_DAYS)
        total_cents = subtotal_cents + delivery_cents
        order = {
            "orderId": order_id,
            "legacyOrderId": f"{lines[0][1]}-{3000000000000 + self.ebay_order_seq}",
            "creationDate": _iso_ebay(created),
            "lastModifiedDate": _iso_ebay(life.last_modified),
            "orderFulfillmentStatus": fulfillment,
            "orderPaymentStatus": payment,
            "sellerId": "vinyl_vault_records",
            "buyer": {"username": f"{addr['name'].split()[0].lower()}_{rng.randint(10, 9999)}",
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
                "minEstimatedDeliveryDate": min_delivery_iso,
                "maxEstimatedDeliveryDate": max_delivery_iso,
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
                "lineItemId": str(10000000000000 + line_seq * 7 + rng.randint(0, 6)),
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
                    "minEstimatedDeliveryDate": min_delivery_iso,
                    "maxEstimatedDeliveryDate": max_delivery_iso,
                    "shipByDate": ship_by_iso,
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
        rng = self.rng
        currency = DISCOGS_CURRENCY_PICK.pick(rng)
        life = _lifecycle(rng, created, self.now)
        n_items = DISCOGS_ITEMS_PICK.pick(rng)
        self.discogs_order_seq += 1
        order_id = f"{self.discogs_seller_id}-{self.discogs_order_seq}"
        addr = self._address_in(None)
        items, subtotal = [], 0
        ended = life.cancelled_at is None
        for _ in range(n_items):
            item, listing_id, price = self._sold_item("discogs", created, currency, ended)
            self.line_seq += 1
            subtotal += round(price * 100)
            items.append({"release": {"id": rng.randint(1000, 31000000), "description": item.title.rsplit(" - ", 1)[0]},
                          "price": {"currency": currency, "value": price},
                          "media_condition": DISCOGS_MEDIA_GRADES[item.condition],
                          "sleeve_condition": DISCOGS_MEDIA_GRADES[rng.choice(DISCOGS_GRADE_KEYS)],
                          "id": int(listing_id)})
        shipping = rng.choice([4.0, 5.5, 6.0, 8.0, 12.0, 15.0, 18.5]) + 0.5 * (n_items - 1)
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
            "shipping": {"currency": currency, "method": rng.choice(["Standard", "Registered", "Tracked"]), "value": shipping},
            "shipping_address": format_discogs_address(addr, self.rng),
            "additional_instructions": rng.choice(["", "", "", "Please pack with care, thanks!", "No invoice in the box please."]),
            "archived": False,
            "seller": {"resource_url": f"{DISCOGS_API}/users/vinyl_vault_records", "username": "vinyl_vault_records",
                       "id": self.discogs_seller_id},
            "last_activity": _iso_discogs(life.last_modified),
            "buyer": {"resource_url": f"{DISCOGS_API}/users/buyer{rng.randint(1000, 999999)}",
                      "username": f"{addr['name'].split()[0].lower()}{rng.randint(1, 999)}", "id": rng.randint(10000, 9999999)},
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
        rng = self.rng
        count = max(1, int(self.orders * 0.45))
        for k in range(count):
            if k % 512 == 0:
                self.inventory.drain_if_full()
                self.listings.drain_if_full()
            age = timedelta(days=min(900, rng.expovariate(1 / 120)), hours=rng.randint(0, 23))
            item = self._new_item(self.now - age)
            status = UNSOLD_STATUS_PICK.pick(rng)
            self._record_item(item, status, item.created_at + age * rng.uniform(0, 1))
            if status == "listed":
                for platform in rng.sample(["ebay", "discogs"], k=rng.choice([1, 1, 2])):
                    currency = "USD"
                    listed_at = item.created_at + age * rng.uniform(0.0, 0.5)
                    self._record_listing(platform, self._listing_id(platform), item,
                                         self._local_price(item.price_usd, currency), currency, "active", listed_at, None)

    def _land_catalog(self) -> None:
        self.inventory.finish()
        self.listings.finish()
        self.background.settle()
        for name, stream in (("inventory_items.csv", self.inventory), ("listings.csv", self.listings)):
            finished = stream.stream
            rows = self.result.inventory_items if stream is self.inventory else self.result.listings
            self.batch.add_stream("catalog", self.end_date, name, finished, records=rows)
            self.result.files += 1
            self.result.bytes += finished.bytes

    def _write_fx(self) -> None:
        text = fx.ecb_csv(random.Random(self.seed + 7), self.start_date - timedelta(days=30), self.end_date)
        data = text.encode()
        # The rates file is one rolling file, like the ECB's; its partition is the day it was taken.
        self.batch.add("fx", self.end_date, "eurofxref-hist.csv", data, records=None)
        self.result.files += 1
        self.result.bytes += len(data)

    def build(self) -> GenerateResult:
        t0 = time.perf_counter()
        self.landing_dir.mkdir(parents=True, exist_ok=True)
        # Spooled orders live beside the landing zone (same disk, never in a partition folder).
        self.scratch = Path(tempfile.mkdtemp(prefix=".generate-", dir=self.landing_dir))
        self.background = _Background()
        self.writer = WorldWriter(self.batch, self.scratch, self.result, self.background)
        self.inventory = CsvStream(self.batch.open_stream("catalog", self.end_date, "inventory_items.csv"),
                                   INVENTORY_COLUMNS, self.background)
        self.listings = CsvStream(self.batch.open_stream("catalog", self.end_date, "listings.csv"), LISTING_COLUMNS,
                                  self.background)
        try:
            self._generate()
            self.background.settle()
            self.batch.commit()
        finally:
            self.background.close()
            self.writer.close()
            self.inventory.stream.discard()
            self.listings.stream.discard()
            self.batch.discard()
            shutil.rmtree(self.scratch, ignore_errors=True)
        self.result.seconds = time.perf_counter() - t0
        return self.result

    def _generate(self) -> None:
        counts = _daily_counts(self.rng, self.orders, self.start_date, self.days)
        for i, n in enumerate(counts):
            day = self.start_date + timedelta(days=i)
            midnight = datetime.combine(day, datetime.min.time(), SELLER_ZONE)
            times = sorted(self._order_time(midnight) for _ in range(n))
            for k, created in enumerate(times):
                if k % 512 == 0:
                    self.inventory.drain_if_full()
                    self.listings.drain_if_full()
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
        self.background.settle()
        self._unsold_stock()
        self._land_catalog()
        self._write_fx()


def generate(landing_dir: Path, orders: int, seed: int, end_date: date | None = None, days: int = 365,
             progress: Callable[[str], None] | None = None) -> GenerateResult:
    """Write a seller world of ``orders`` orders over ``days`` days ending on ``end_date``."""
    if orders < 1:
        raise ValueError("orders must be at least 1")
    end = end_date or datetime.now(SELLER_ZONE).date()
    return World(seed, orders, end, days, landing_dir, progress).build()
