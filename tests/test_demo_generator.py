"""The demo world: deterministic, and shaped like the marketplaces' real responses."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import date, datetime, timezone
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


def test_fast_draws_are_the_standard_librarys_draws():
    import random

    from pipelines.demo.draw import DemoRandom, Weighted, fast_random

    fast, slow = DemoRandom(99), random.Random(99)
    weighted = Weighted(["a", "b", "c"], [70, 25.5, 4.5])
    for n in range(2000):
        assert fast.randint(0, n) == slow.randint(0, n)
        assert fast.choice("abcdefg"[: 1 + n % 7]) == slow.choice("abcdefg"[: 1 + n % 7])
        assert fast.uniform(0.05, 0.6) == slow.uniform(0.05, 0.6)
        assert fast.expovariate(1 / 55) == slow.expovariate(1 / 55)
        assert fast.paretovariate(2.2) == slow.paretovariate(2.2)
        assert weighted.pick(fast) == slow.choices(weighted.values, weights=[70, 25.5, 4.5], k=1)[0]
    assert type(fast_random(1)) is DemoRandom


def test_catalog_rows_are_written_as_the_csv_module_writes_them(tmp_path):
    import csv
    import io

    from pipelines.demo.generate import CsvStream
    from pipelines.demo.landing_batch import LandingBatch

    class Inline:
        def submit(self, fn, *args):
            fn(*args)

    rows = [["inv_1", '7" Single', "Aretha Franklin - Young, Gifted and Black - VG+", "", "12.00"],
            ["a", "multi\nline", "carriage\rreturn", "plain"], ["x", "y"], ["only, one"], [""], ["no", "quotes", "at all"]]
    batch = LandingBatch(tmp_path, datetime(2026, 1, 1, tzinfo=timezone.utc))
    stream = CsvStream(batch.open_stream("catalog", date(2026, 1, 1), "t.csv"), ["c1", "c2"], Inline())
    for row in rows:
        stream.writerow(row)
    finished = stream.finish()
    finished.close()
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n")
    writer.writerow(["c1", "c2"])
    writer.writerows(rows)
    assert finished.temp.read_bytes() == expected.getvalue().encode()


def test_every_landed_file_is_in_the_manifest_with_its_hash_and_nothing_else_is_left(tmp_path):
    from pipelines.ingest.landing import read_manifest

    result = generate(tmp_path, orders=500, seed=8, end_date=END, days=40)
    landed = {p.relative_to(tmp_path).as_posix(): p for p in tmp_path.rglob("*")
              if p.is_file() and p.name != "_manifest.jsonl"}
    assert not [name for name in landed if "/." in f"/{name}"], "temp or scratch files left behind"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    entries = {e["path"]: e for source in ("ebay", "discogs", "catalog", "fx") for e in read_manifest(tmp_path, source)}
    assert entries.keys() == landed.keys()
    assert len(landed) == result.files
    for name, path in landed.items():
        data = path.read_bytes()
        assert entries[name]["sha256"] == hashlib.sha256(data).hexdigest()
        assert entries[name]["bytes"] == len(data)
        assert entries[name]["fetched_at"].endswith("Z")
    inventory = entries[f"catalog/{END.isoformat()}/inventory_items.csv"]
    assert inventory["records"] == result.inventory_items
    assert sum(e["records"] for e in entries.values() if e["path"].startswith("ebay/")) == result.by_platform["ebay"]


def test_a_failing_generation_leaves_no_partial_files(tmp_path, monkeypatch):
    import pytest

    from pipelines.demo import generate as generator

    calls = {"n": 0}
    real = generator.World._discogs_order

    def failing(self, created):
        calls["n"] += 1
        if calls["n"] == 150:
            raise RuntimeError("disk on fire")
        return real(self, created)

    monkeypatch.setattr(generator.World, "_discogs_order", failing)
    monkeypatch.setattr(generator, "COMMIT_BYTES", 1)  # land something before the failure
    with pytest.raises(RuntimeError, match="disk on fire"):
        generate(tmp_path, orders=1000, seed=9, end_date=END, days=60)
    leftovers = [p for p in tmp_path.rglob("*") if p.name.startswith(".")]
    assert leftovers == []
    from pipelines.ingest.landing import read_manifest

    # What did land is whole and recorded; the catalog (written last) never landed.
    for entry in read_manifest(tmp_path, "ebay"):
        assert hashlib.sha256((tmp_path / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]
    assert not (tmp_path / "catalog").exists() or not list((tmp_path / "catalog").iterdir())


def test_ids_that_must_be_unique_never_repeat_whatever_the_scale():
    from pipelines.demo.generate import scrambled

    # The same arithmetic as the real spaces (products of 2, 3 and 5), small enough to exhaust.
    for space in (2 ** 5 * 3 ** 2 * 5 ** 2, 2 ** 9 * 5 ** 3, 16 ** 3):
        assert len({scrambled(seq, space, offset=7) for seq in range(space)}) == space


def test_order_listing_refund_and_item_ids_are_unique(tmp_path):
    generate(tmp_path, orders=2000, seed=21, end_date=END, days=90)
    order_ids, refund_ids, listing_ids = [], [], []
    for page in (tmp_path / "ebay").glob("*/page-*.json"):
        for order in json.loads(page.read_text())["orders"]:
            order_ids.append(order["orderId"])
            refund_ids += [r["refundId"] for r in order["paymentSummary"]["refunds"]]
    export = tmp_path / "catalog" / END.isoformat()
    listing_ids = [(r["platform"], r["listing_id"]) for r in csv.DictReader(open(export / "listings.csv"))]
    uids = [r["uid"] for r in csv.DictReader(open(export / "inventory_items.csv"))]
    for ids in (order_ids, refund_ids, listing_ids, uids):
        assert ids and len(ids) == len(set(ids))
