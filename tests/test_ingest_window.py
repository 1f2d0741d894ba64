"""A run's window of days loads set-based, and each day's partition still loads exactly once.

Also: catalog and FX exports load again only when their files change.
"""

from __future__ import annotations

import copy
import json
import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest.addresses import parse_address
from pipelines.ingest.landing import write_landing_file
from pipelines.ingest.loaders import (
    UnreadableFile,
    ensure_raw_schema,
    load_catalog_partition,
    load_fx_partition,
    load_marketplace_window,
)

FIXTURES = Path(__file__).parent / "fixtures"
FIRST = date(2026, 2, 14)
DAYS = [FIRST + timedelta(days=i) for i in range(5)]
FETCHED = datetime(2026, 2, 20, 3, 0, tzinfo=timezone.utc)


def _page(source: str, day: date, tag: str = "") -> dict:
    """The fixture page with order ids made unique to the day (and tag)."""
    page = json.loads((FIXTURES / f"{source}_page.json").read_text())
    key = "orderId" if source == "ebay" else "id"
    for order in page["orders"]:
        order[key] = f"{order[key]}-{day:%m%d}{tag}"
    return page


def _land(landing: Path, source: str, day: date, body: dict | bytes, name: str = "page-00001.json") -> None:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    records = None if isinstance(body, bytes) else len(body["orders"])
    write_landing_file(landing, source, day, name, data, records=records, fetched_at=FETCHED)


def _per_day(con, table: str) -> dict[date, int]:
    return dict(con.execute(f"select _partition_date, count(*) from {table} group by 1").fetchall())


def _log(con, source: str) -> list[tuple]:
    return con.execute("select partition_date, run_id, files, input_records, loaded, quarantined from raw.load_log "
                       "where source = ? order by loaded_at, partition_date", [source]).fetchall()


def test_a_window_loads_each_day_into_its_own_partition_with_one_log_row_per_day(tmp_path, con):
    for day in DAYS:
        _land(tmp_path, "ebay", day, _page("ebay", day))
    _land(tmp_path, "ebay", DAYS[2], _page("ebay", DAYS[2], tag="b"), name="page-00002.json")
    seen = []
    result = load_marketplace_window(con, tmp_path, "ebay", DAYS, "run-1", days_per_load=2,
                                     progress=lambda done, of, so_far: seen.append((done, of, so_far.loaded)))
    assert (result.files, result.input_records, result.loaded, result.quarantined) == (6, 18, 18, 0)
    assert _per_day(con, "raw.ebay_orders") == {d: 6 if d == DAYS[2] else 3 for d in DAYS}
    assert _log(con, "ebay") == [(d, "run-1", 2 if d == DAYS[2] else 1, 6 if d == DAYS[2] else 3,
                                  6 if d == DAYS[2] else 3, 0) for d in DAYS]
    assert seen == [(2, 5, 6), (4, 5, 15), (5, 5, 18)]
    pages = con.execute("select distinct _partition_date, _page_number from raw.ebay_orders "
                        "where _partition_date = ? order by 2", [DAYS[2]]).fetchall()
    assert pages == [(DAYS[2], 1), (DAYS[2], 2)]


def test_rerunning_part_of_a_window_replaces_exactly_those_partitions(tmp_path, con):
    for day in DAYS:
        _land(tmp_path, "discogs", day, _page("discogs", day))
    load_marketplace_window(con, tmp_path, "discogs", DAYS, "run-1")
    page = _page("discogs", DAYS[1])
    page["orders"] = page["orders"][:1]
    _land(tmp_path, "discogs", DAYS[1], page)
    load_marketplace_window(con, tmp_path, "discogs", DAYS[1:3], "run-2")
    runs = con.execute("select _partition_date, _run_id, count(*) from raw.discogs_orders group by all "
                       "order by 1").fetchall()
    assert runs == [(DAYS[0], "run-1", 3), (DAYS[1], "run-2", 1), (DAYS[2], "run-2", 3),
                    (DAYS[3], "run-1", 3), (DAYS[4], "run-1", 3)]


def test_a_bad_page_in_a_window_is_quarantined_under_its_own_day_and_the_rest_loads(tmp_path, con):
    for day in DAYS:
        page = _page("ebay", day)
        if day == DAYS[3]:
            page["orders"][0]["orderFulfillmentStatus"] = "TELEPORTED"
        _land(tmp_path, "ebay", day, page)
    _land(tmp_path, "ebay", DAYS[1], b'{"orders": [{"orderId": ', name="page-00002.json")
    result = load_marketplace_window(con, tmp_path, "ebay", DAYS, "run-1")
    assert (result.loaded, result.quarantined) == (14, 2)
    quarantined = con.execute("select partition_date, record_index, reason from raw.quarantine "
                              "order by partition_date").fetchall()
    assert quarantined[0][:2] == (DAYS[1], None) and quarantined[0][2].startswith("file is not a JSON response page")
    assert quarantined[1] == (DAYS[3], 1, "unknown orderFulfillmentStatus TELEPORTED")
    logged = {d: (i, q) for d, _, _, i, _, q in _log(con, "ebay")}
    assert logged[DAYS[1]] == (4, 1) and logged[DAYS[3]] == (3, 1) and logged[DAYS[0]] == (3, 0)


def _loaded_then_unreadable_on_day_3(landing: Path, con) -> None:
    """Every day loaded by run-1, then a landing entry of the third day that no reader can open."""
    for day in DAYS:
        _land(landing, "ebay", day, _page("ebay", day))
    load_marketplace_window(con, landing, "ebay", DAYS, "run-1")
    (landing / "ebay" / DAYS[2].isoformat() / "page-00002.json").mkdir()


def test_an_unreadable_file_fails_the_window_and_its_partitions_keep_their_previous_load(tmp_path, con):
    _loaded_then_unreadable_on_day_3(tmp_path, con)
    with pytest.raises(UnreadableFile, match="page-00002.json"):
        load_marketplace_window(con, tmp_path, "ebay", DAYS, "run-2")
    assert con.execute("select distinct _run_id from raw.ebay_orders").fetchall() == [("run-1",)]
    assert _per_day(con, "raw.ebay_orders") == {d: 3 for d in DAYS}
    assert {r[1] for r in _log(con, "ebay")} == {"run-1"}


def test_two_workers_load_the_same_rows_as_one_chunk_at_a_time_with_load_times_in_day_order(tmp_path):
    for day in DAYS:
        _land(tmp_path / "landing", "discogs", day, _page("discogs", day))
    loaded = {}
    for workers in (1, 2):
        connection = duckdb.connect(str(tmp_path / f"warehouse-{workers}.duckdb"))
        ensure_raw_schema(connection)
        result = load_marketplace_window(connection, tmp_path / "landing", "discogs", DAYS, "run-1",
                                         days_per_load=1, workers=workers)
        assert (result.files, result.loaded, result.quarantined) == (5, 15, 0)
        loaded[workers] = connection.execute(
            "select * exclude (_loaded_at) from raw.discogs_orders order by _partition_date, _record_index").fetchall()
        times = connection.execute("select _partition_date, min(_loaded_at), max(_loaded_at) "
                                   "from raw.discogs_orders group by 1 order by 1").fetchall()
        assert all(first == last for _, first, last in times)  # one load time per chunk
        assert [t for _, t, _ in times] == sorted(t for _, t, _ in times)
        connection.close()
    assert len(loaded[2]) == 15 and loaded[2] == loaded[1]


def test_a_failed_chunk_stops_a_parallel_window_and_keeps_its_own_partitions(tmp_path, con):
    _loaded_then_unreadable_on_day_3(tmp_path, con)
    with pytest.raises(UnreadableFile, match="page-00002.json"):
        load_marketplace_window(con, tmp_path, "ebay", DAYS, "run-2", days_per_load=1, workers=2)
    runs = dict(con.execute("select _partition_date, string_agg(distinct _run_id) from raw.ebay_orders "
                            "group by 1").fetchall())
    # Days 1-2 were loaded and day 4 was running when day 3 failed; day 5 never started.
    assert runs == {DAYS[0]: "run-2", DAYS[1]: "run-2", DAYS[2]: "run-1", DAYS[3]: "run-2", DAYS[4]: "run-1"}
    assert _per_day(con, "raw.ebay_orders") == {d: 3 for d in DAYS}


def test_an_empty_partition_in_a_window_empties_its_earlier_load(tmp_path, con):
    for day in DAYS[:2]:
        _land(tmp_path, "ebay", day, _page("ebay", day))
    load_marketplace_window(con, tmp_path, "ebay", DAYS[:2], "run-1")
    (tmp_path / "ebay" / DAYS[1].isoformat() / "page-00001.json").unlink()
    result = load_marketplace_window(con, tmp_path, "ebay", DAYS[:2], "run-2")
    assert (result.files, result.loaded) == (1, 3)
    assert _per_day(con, "raw.ebay_orders") == {DAYS[0]: 3}
    assert _log(con, "ebay")[-1] == (DAYS[1], "run-2", 0, 0, 0, 0)


def test_discogs_addresses_are_parsed_as_the_address_parser_does(tmp_path, con):
    pages = []
    for day in DAYS:
        page = _page("discogs", day)
        extra = copy.deepcopy(page["orders"][0])
        extra["id"] += "-same-address"
        page["orders"].append(extra)
        page["orders"][1]["shipping_address"] = None
        pages.append(page)
        _land(tmp_path, "discogs", day, page)
    load_marketplace_window(con, tmp_path, "discogs", DAYS, "run-1")
    rows = dict(con.execute("select order_id, shipping_address_parsed from raw.discogs_orders").fetchall())
    assert len(rows) == 20
    for page in pages:
        for order in page["orders"]:
            text = order.get("shipping_address")
            expected = None if text is None else parse_address(text).as_dict()
            got = rows[order["id"]]
            assert (None if got is None else json.loads(got)) == expected


INVENTORY = ("uid,sku,title,category,condition,purchase_cost,purchase_currency,status,created_at,updated_at,"
             "primary_image_url\n"
             "inv_1,PCS-1,Blue - NM,Vinyl,near_mint,12.00,USD,listed,2026-01-02T10:00:00+00:00,,\n"
             "inv_2,PCS-2,Low - VG+,CD,vg_plus,4.50,USD,shelved,2026-01-02T10:00:00+00:00,,\n")


def _catalog_rows(con) -> list[tuple]:
    return con.execute("select uid, _run_id from raw.catalog_inventory_items order by uid").fetchall()


def test_an_unchanged_catalog_export_is_not_loaded_again_and_a_changed_one_replaces_its_partition(tmp_path, con):
    folder = tmp_path / "catalog" / FIRST.isoformat()
    folder.mkdir(parents=True)
    export = folder / "inventory_items.csv"
    export.write_text(INVENTORY)
    first = load_catalog_partition(con, tmp_path, FIRST, "run-1")
    assert (first.loaded, first.quarantined, first.unchanged) == (1, 1, 0)

    again = load_catalog_partition(con, tmp_path, FIRST, "run-2")
    assert (again.input_records, again.unchanged) == (0, 1)
    assert _catalog_rows(con) == [("inv_1", "run-1")]
    assert [r[1] for r in _log(con, "catalog")] == ["run-1"]

    export.write_text(INVENTORY.replace("shelved", "listed"))
    os.utime(export, ns=(export.stat().st_atime_ns, export.stat().st_mtime_ns + 1_000_000))
    changed = load_catalog_partition(con, tmp_path, FIRST, "run-3")
    assert (changed.loaded, changed.quarantined, changed.unchanged) == (2, 0, 0)
    assert _catalog_rows(con) == [("inv_1", "run-3"), ("inv_2", "run-3")]
    assert con.execute("select count(*) from raw.quarantine where source = 'catalog'").fetchone()[0] == 0


def test_a_catalog_export_whose_rows_left_raw_is_loaded_again(tmp_path, con):
    folder = tmp_path / "catalog" / FIRST.isoformat()
    folder.mkdir(parents=True)
    (folder / "inventory_items.csv").write_text(INVENTORY)
    load_catalog_partition(con, tmp_path, FIRST, "run-1")
    con.execute("delete from raw.catalog_inventory_items")
    result = load_catalog_partition(con, tmp_path, FIRST, "run-2")
    assert (result.loaded, result.unchanged) == (1, 0)
    assert _catalog_rows(con) == [("inv_1", "run-2")]


def test_an_unchanged_fx_file_is_not_loaded_again(tmp_path, con):
    folder = tmp_path / "fx" / FIRST.isoformat()
    folder.mkdir(parents=True)
    rates = folder / "eurofxref-hist.csv"
    rates.write_text("Date,USD,GBP,\n2026-02-13,1.0850,0.8600,\n2026-02-12,1.0800,0.8550,\n")
    assert load_fx_partition(con, tmp_path, FIRST, "run-1").loaded == 4
    assert load_fx_partition(con, tmp_path, FIRST, "run-2").unchanged == 1
    rates.write_text("Date,USD,GBP,\n2026-02-14,1.0900,0.8650,\n2026-02-13,1.0850,0.8600,\n2026-02-12,1.0800,0.8550,\n")
    assert load_fx_partition(con, tmp_path, FIRST, "run-3").loaded == 6
    assert con.execute("select distinct _run_id from raw.fx_rates").fetchall() == [("run-3",)]
