"""Landing zone -> raw: bad records quarantined with their reason, good ones loaded, exactly once."""

from __future__ import annotations

import copy
import json
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest.landing import write_landing_file
from pipelines.ingest.loaders import (
    UnreadableFile,
    load_catalog_partition,
    load_marketplace_partition,
)

FIXTURES = Path(__file__).parent / "fixtures"
DAY = date(2026, 2, 14)
FETCHED = datetime(2026, 2, 15, 3, 0, tzinfo=timezone.utc)


def _page(source: str) -> dict:
    return json.loads((FIXTURES / f"{source}_page.json").read_text())


def _land(landing: Path, source: str, body: dict | bytes, name: str = "page-00001.json", day: date = DAY) -> None:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    records = None if isinstance(body, bytes) else len(body["orders"])
    write_landing_file(landing, source, day, name, data, records=records, fetched_at=FETCHED)


def _quarantine(con, source: str) -> list[tuple]:
    return con.execute("select record_index, reason from raw.quarantine where source = ? order by record_index",
                       [source]).fetchall()


def test_a_clean_page_loads_every_order_with_load_metadata(tmp_path, con):
    _land(tmp_path, "ebay", _page("ebay"))
    result = load_marketplace_partition(con, tmp_path, "ebay", DAY, "run-1")
    assert (result.input_records, result.loaded, result.quarantined) == (3, 3, 0)
    rows = con.execute("select order_id, _page_number, _partition_date, _run_id, _source_file from raw.ebay_orders "
                       "order by order_id").fetchall()
    assert [r[0] for r in rows] == ["03-22222-33333", "12-11111-22222", "19-33333-44444"]
    assert all(r[1] == 1 and r[2] == DAY and r[3] == "run-1" and r[4].endswith("page-00001.json") for r in rows)


@pytest.mark.parametrize(
    ("breakage", "reason"),
    [
        (lambda o: o.pop("orderId"), "missing orderId"),
        (lambda o: o["pricingSummary"]["total"].pop("value"), "missing amounts"),
        (lambda o: o["lineItems"][0]["lineItemCost"].update(value="-4.00"), "negative price"),
        (lambda o: [o["pricingSummary"]["total"].update(currency="XYZ")] and
         [li["lineItemCost"].update(currency="XYZ") for li in o["lineItems"]], "unknown currency XYZ"),
        (lambda o: o.update(orderFulfillmentStatus="TELEPORTED"), "unknown orderFulfillmentStatus TELEPORTED"),
        (lambda o: o.update(lastModifiedDate="yesterday-ish"), "missing or invalid lastModifiedDate"),
    ],
)
def test_a_bad_ebay_record_is_quarantined_and_its_page_still_loads(tmp_path, con, breakage, reason):
    page = _page("ebay")
    breakage(page["orders"][1])
    _land(tmp_path, "ebay", page)
    result = load_marketplace_partition(con, tmp_path, "ebay", DAY, "run-1")
    assert (result.loaded, result.quarantined) == (2, 1)
    [(index, why)] = _quarantine(con, "ebay")
    assert index == 2 and why.startswith(reason)
    kept = con.execute("select record from raw.quarantine").fetchone()[0]
    assert json.loads(kept) == page["orders"][1]


@pytest.mark.parametrize(
    ("breakage", "reason"),
    [
        (lambda o: o.pop("id"), "missing id"),
        (lambda o: o["items"][0]["price"].pop("value"), "missing amounts"),
        (lambda o: o["items"][0]["price"].update(value=-1.5), "negative price"),
        (lambda o: o.update(status="Beamed Up"), "unknown status Beamed Up"),
    ],
)
def test_a_bad_discogs_record_is_quarantined_and_its_page_still_loads(tmp_path, con, breakage, reason):
    page = _page("discogs")
    breakage(page["orders"][0])
    _land(tmp_path, "discogs", page)
    result = load_marketplace_partition(con, tmp_path, "discogs", DAY, "run-1")
    assert (result.loaded, result.quarantined) == (2, 1)
    assert _quarantine(con, "discogs")[0][1].startswith(reason)


def test_a_duplicate_id_inside_a_page_keeps_the_latest_copy_and_quarantines_the_other(tmp_path, con):
    page = _page("ebay")
    newer = copy.deepcopy(page["orders"][0])
    newer["lastModifiedDate"] = "2026-02-14T23:59:00.000Z"
    newer["orderFulfillmentStatus"] = "FULFILLED"
    page["orders"].append(newer)
    _land(tmp_path, "ebay", page)
    result = load_marketplace_partition(con, tmp_path, "ebay", DAY, "run-1")
    assert (result.input_records, result.loaded, result.quarantined) == (4, 3, 1)
    assert _quarantine(con, "ebay") == [(1, "duplicate orderId in page")]
    status = con.execute("select record ->> '$.orderFulfillmentStatus' from raw.ebay_orders where order_id = ?",
                         [newer["orderId"]]).fetchone()[0]
    assert status == "FULFILLED"


def test_a_page_that_is_not_json_is_quarantined_whole_and_the_other_pages_load(tmp_path, con):
    _land(tmp_path, "ebay", _page("ebay"), name="page-00001.json")
    _land(tmp_path, "ebay", b'{"href": "https://api.ebay.com/sell/fulfillment/v1/order", "orders": [{"orderId": ',
          name="page-00002.json")
    result = load_marketplace_partition(con, tmp_path, "ebay", DAY, "run-1")
    assert (result.loaded, result.quarantined) == (3, 1)
    source_file, reason, record = con.execute("select source_file, reason, record from raw.quarantine").fetchone()
    assert source_file.endswith("page-00002.json")
    assert reason.startswith("file is not a JSON response page")
    assert record.startswith('{"href"')


def test_an_unreadable_file_fails_the_partition_naming_the_file(tmp_path, con):
    _land(tmp_path, "ebay", _page("ebay"))
    (tmp_path / "ebay" / DAY.isoformat() / "page-00002.json").mkdir()
    with pytest.raises(UnreadableFile, match="page-00002.json"):
        load_marketplace_partition(con, tmp_path, "ebay", DAY, "run-1")
    assert con.execute("select count(*) from raw.ebay_orders").fetchone()[0] == 0


def _table(con, name: str) -> list[tuple]:
    cols = [c for (c,) in con.execute(
        "select column_name from information_schema.columns where table_schema = 'raw' and table_name = ? "
        "and column_name not in ('_run_id', '_loaded_at', 'run_id', 'loaded_at') order by ordinal_position",
        [name]).fetchall()]
    return con.execute(f"select {', '.join(cols)} from raw.{name} order by all").fetchall()


def test_loading_a_partition_twice_leaves_the_tables_of_a_single_load(tmp_path, con):
    page = _page("discogs")
    page["orders"][2]["status"] = "Lost In Space"
    _land(tmp_path, "discogs", page)
    load_marketplace_partition(con, tmp_path, "discogs", DAY, "run-1")
    once = (_table(con, "discogs_orders"), _table(con, "quarantine"))
    load_marketplace_partition(con, tmp_path, "discogs", DAY, "run-2")
    assert (_table(con, "discogs_orders"), _table(con, "quarantine")) == once
    assert len(once[0]) == 2 and len(once[1]) == 1


def test_a_later_version_in_a_later_partition_is_kept_beside_the_earlier_one(tmp_path, con):
    page = _page("ebay")
    _land(tmp_path, "ebay", page)
    later = {"href": page["href"], "total": 1, "limit": 200, "offset": 0, "orders": [copy.deepcopy(page["orders"][0])]}
    later["orders"][0]["lastModifiedDate"] = "2026-02-16T08:00:00.000Z"
    _land(tmp_path, "ebay", later, day=date(2026, 2, 16))
    load_marketplace_partition(con, tmp_path, "ebay", DAY, "run-1")
    load_marketplace_partition(con, tmp_path, "ebay", date(2026, 2, 16), "run-1")
    versions = con.execute("select _partition_date from raw.ebay_orders where order_id = ? order by 1",
                           [page["orders"][0]["orderId"]]).fetchall()
    assert versions == [(DAY,), (date(2026, 2, 16),)]


INVENTORY_HEADER = ("uid,sku,title,category,condition,purchase_cost,purchase_currency,status,created_at,"
                    "updated_at,primary_image_url\n")


@pytest.mark.parametrize("fmt", ["csv", "parquet", "json"])
def test_catalog_exports_load_from_csv_parquet_or_json_with_bad_rows_quarantined(tmp_path, con, fmt):
    rows = INVENTORY_HEADER + (
        "inv_1,PCS-1,Blue - NM,Vinyl,near_mint,12.00,USD,listed,2026-01-02T10:00:00+00:00,2026-01-03T10:00:00+00:00,\n"
        "inv_2,PCS-2,Kind of Blue - VG,Vinyl,vg,-3.00,USD,listed,2026-01-02T10:00:00+00:00,,\n"
        "inv_3,PCS-3,Low - VG+,CD,vg_plus,4.50,USD,shelved,2026-01-02T10:00:00+00:00,,\n"
        "inv_1,PCS-1,Blue - NM,Vinyl,near_mint,12.00,USD,listed,2026-01-02T10:00:00+00:00,,\n")
    folder = tmp_path / "catalog" / DAY.isoformat()
    folder.mkdir(parents=True)
    csv_path = folder / "inventory_items.csv"
    csv_path.write_text(rows)
    if fmt != "csv":
        scratch = duckdb.connect()
        target = folder / f"inventory_items.{fmt}"
        option = "(format parquet)" if fmt == "parquet" else "(format json, array true)"
        scratch.execute(f"copy (select * from read_csv('{csv_path}', all_varchar = true)) to '{target}' {option}")
        csv_path.unlink()
    result = load_catalog_partition(con, tmp_path, DAY, "run-1")
    assert (result.input_records, result.loaded, result.quarantined) == (4, 1, 3)
    reasons = [r for (r,) in con.execute("select reason from raw.quarantine order by record_index").fetchall()]
    assert reasons == ["negative purchase_cost", "unknown status shelved", "duplicate uid in file"]
    assert con.execute("select uid, purchase_cost from raw.catalog_inventory_items").fetchall() == [("inv_1", "12.00")]
