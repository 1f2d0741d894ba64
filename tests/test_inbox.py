"""Export files dropped in the inbox are admitted into the landing zone, and the sensor builds."""

from __future__ import annotations

import os
import time
from datetime import datetime, timezone

import dagster as dg

from pipelines.ingest.inbox import admit_inbox_files
from pipelines.ingest.landing import read_manifest

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)


def _drop(path, text: str, age: float = 60) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    stamp = time.time() - age
    os.utime(path, (stamp, stamp))


def test_settled_files_move_into_the_landing_zone_with_a_manifest_line(tmp_path):
    inbox, landing = tmp_path / "inbox", tmp_path / "landing"
    _drop(inbox / "catalog" / "inventory_items.csv", "uid,sku\ninv_1,PCS-1\n")
    _drop(inbox / "ebay" / "export-march.json", '{"orders": []}')
    _drop(inbox / "catalog" / "notes.txt", "not an export")
    admitted = admit_inbox_files(inbox, landing, now=NOW)
    assert sorted(a.source for a in admitted) == ["catalog", "ebay"]
    assert (landing / "catalog" / "2026-03-02" / "inventory_items.csv").read_text() == "uid,sku\ninv_1,PCS-1\n"
    [page] = (landing / "ebay" / "2026-03-02").glob("page-*.json")
    assert page.read_text() == '{"orders": []}'
    assert not (inbox / "catalog" / "inventory_items.csv").exists()
    assert (inbox / "catalog" / "notes.txt").exists()
    assert [e["path"] for e in read_manifest(landing, "catalog")] == ["catalog/2026-03-02/inventory_items.csv"]


def test_a_file_still_being_written_waits_for_the_next_look(tmp_path):
    inbox, landing = tmp_path / "inbox", tmp_path / "landing"
    _drop(inbox / "fx" / "eurofxref-hist.csv", "Date,USD,\n", age=0)
    assert admit_inbox_files(inbox, landing, now=NOW) == []
    assert (inbox / "fx" / "eurofxref-hist.csv").exists()


def test_the_sensor_requests_a_build_of_the_day_it_admitted(tmp_path, monkeypatch):
    from pipelines.ingest.sensors import inbox_sensor

    monkeypatch.setenv("PIPELINES_DATA_DIR", str(tmp_path))
    context = dg.build_sensor_context()
    assert isinstance(inbox_sensor(context), dg.SkipReason)
    _drop(tmp_path / "inbox" / "catalog" / "listings.csv", "platform,listing_id\n")
    request = inbox_sensor(context)
    assert isinstance(request, dg.RunRequest)
    today = datetime.now(timezone.utc).date().isoformat()
    assert request.tags["dagster/asset_partition_range_start"] == today
    assert (tmp_path / "landing" / "catalog" / today / "listings.csv").exists()
