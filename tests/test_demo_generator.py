"""The demo world: deterministic, and shaped like the marketplaces' real responses."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from pipelines.demo.generate import generate

END = date(2026, 11, 20)


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "_manifest.jsonl"}


def test_same_seed_gives_the_same_bytes_and_another_seed_does_not(tmp_path):
    generate(tmp_path / "a", orders=300, seed=5, end_date=END, days=60)
    generate(tmp_path / "b", orders=300, seed=5, end_date=END, days=60)
    generate(tmp_path / "c", orders=300, seed=6, end_date=END, days=60)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")


def test_ebay_pages_have_the_sell_fulfillment_shape(tmp_path):
    result = generate(tmp_path, orders=400, seed=1, end_date=END, days=90)
    pages = sorted((tmp_path / "ebay").glob("*/page-*.json"))
    assert pages
    total = 0
    for page in pages:
        body = json.loads(page.read_text())
        assert {"href", "total", "limit", "offset", "orders"} <= body.keys()
        assert body["href"].startswith("https://api.ebay.com/sell/fulfillment/v1/order?filter=lastmodifieddate")
        for order in body["orders"]:
            total += 1
            assert page.parent.name == order["lastModifiedDate"][:10]
            assert order["creationDate"].endswith("Z") and len(order["creationDate"]) == 24
            datetime.fromisoformat(order["lastModifiedDate"].replace("Z", "+00:00"))
            assert order["orderFulfillmentStatus"] in {"NOT_STARTED", "IN_PROGRESS", "FULFILLED"}
            assert order["orderPaymentStatus"] in {"PAID", "PENDING", "FAILED", "FULLY_REFUNDED", "PARTIALLY_REFUNDED"}
            summary = order["pricingSummary"]
            assert isinstance(summary["total"]["value"], str)
            line_sum = sum(Decimal(li["lineItemCost"]["value"]) + Decimal(li["deliveryCost"]["shippingCost"]["value"])
                           for li in order["lineItems"])
            assert line_sum == Decimal(summary["total"]["value"])
            ship_to = order["fulfillmentStartInstructions"][0]["shippingStep"]["shipTo"]
            assert {"fullName", "contactAddress"} <= ship_to.keys()
            assert len(ship_to["contactAddress"]["countryCode"]) == 2
            for line in order["lineItems"]:
                assert {"lineItemId", "legacyItemId", "sku", "title", "lineItemCost", "quantity"} <= line.keys()
    assert total == result.by_platform["ebay"]


def test_discogs_pages_have_the_marketplace_orders_shape(tmp_path):
    result = generate(tmp_path, orders=400, seed=2, end_date=END, days=90)
    total = 0
    statuses = set()
    for page in sorted((tmp_path / "discogs").glob("*/page-*.json")):
        body = json.loads(page.read_text())
        assert {"page", "pages", "per_page", "items", "urls"} <= body["pagination"].keys()
        for order in body["orders"]:
            total += 1
            assert isinstance(order["id"], str) and "-" in order["id"]
            assert order["created"][-6] in "+-" and order["created"][-3] == ":"
            assert isinstance(order["total"]["value"], (int, float))
            assert isinstance(order["shipping_address"], str) and "\n" in order["shipping_address"]
            for item in order["items"]:
                assert {"release", "price", "id"} <= item.keys()
                assert isinstance(item["price"]["value"], (int, float))
            statuses.add(order["status"])
    assert total == result.by_platform["discogs"]
    assert {"Shipped", "Payment Received"} <= statuses


def test_catalog_links_every_sold_line_to_a_listing_and_an_item(tmp_path):
    generate(tmp_path, orders=300, seed=3, end_date=END, days=60)
    export = tmp_path / "catalog" / END.isoformat()
    items = {r["uid"]: r for r in csv.DictReader(open(export / "inventory_items.csv"))}
    listings = {(r["platform"], r["listing_id"]): r for r in csv.DictReader(open(export / "listings.csv"))}
    assert {r["status"] for r in items.values()} == {"draft", "ready_to_sell", "listed", "sold"}
    for page in (tmp_path / "ebay").glob("*/page-*.json"):
        for order in json.loads(page.read_text())["orders"]:
            for line in order["lineItems"]:
                listing = listings[("ebay", line["legacyItemId"])]
                assert items[listing["inventory_uid"]]["sku"] == line["sku"]
    for page in (tmp_path / "discogs").glob("*/page-*.json"):
        for order in json.loads(page.read_text())["orders"]:
            for item in order["items"]:
                assert listings[("discogs", str(item["id"]))]["inventory_uid"] in items


def test_several_currencies_and_an_ecb_rates_file(tmp_path):
    generate(tmp_path, orders=500, seed=4, end_date=END, days=120)
    currencies = set()
    for page in (tmp_path / "ebay").glob("*/page-*.json"):
        currencies |= {o["pricingSummary"]["total"]["currency"] for o in json.loads(page.read_text())["orders"]}
    assert {"USD", "GBP", "EUR"} <= currencies
    rates = (tmp_path / "fx" / END.isoformat() / "eurofxref-hist.csv").read_text().splitlines()
    assert rates[0].startswith("Date,USD,JPY,") and rates[0].endswith(",")
    assert rates[1].startswith(END.isoformat()) or date.fromisoformat(rates[1][:10]) < END
