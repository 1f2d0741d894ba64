"""The landing zone keeps exactly what the source sent, appears atomically, and says what it holds."""

from __future__ import annotations

import hashlib
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from pipelines.ingest.landing import (
    list_partitions,
    manifest_path,
    read_manifest,
    write_landing_file,
)

FIXTURES = Path(__file__).parent / "fixtures"
DAY = date(2026, 2, 14)
FETCHED_AT = datetime(2026, 2, 15, 3, 0, 5, 123000, tzinfo=UTC)


def land(landing: Path, data: bytes, name: str = "page-00001.json", *, source: str = "ebay",
         partition: date = DAY, records: int | None = 3,
         fetched_at: datetime = FETCHED_AT) -> Path:
    return write_landing_file(landing, source, partition, name, data, records=records,
                              fetched_at=fetched_at)


def test_file_lands_at_source_and_date_with_bytes_unchanged(tmp_path):
    # Non-ASCII, odd whitespace and no trailing newline must all survive untouched.
    data = (FIXTURES / "ebay_page.json").read_bytes().rstrip() + b"  \r\n\t"

    path = land(tmp_path, data)

    assert path == tmp_path / "ebay" / "2026-02-14" / "page-00001.json"
    assert path.read_bytes() == data


def test_write_leaves_no_temp_files_behind(tmp_path):
    for n in range(1, 4):
        land(tmp_path, b'{"orders": []}', f"page-0000{n}.json")

    assert sorted(p.name for p in (tmp_path / "ebay" / "2026-02-14").iterdir()) == [
        "page-00001.json", "page-00002.json", "page-00003.json"]
    assert sorted(p.name for p in (tmp_path / "ebay").iterdir()) == [
        "2026-02-14", "_manifest.jsonl"]


def test_failed_write_keeps_previous_file_and_leaves_no_temp_file(tmp_path):
    path = land(tmp_path, b'{"orders": [1]}')

    with pytest.raises(TypeError):
        land(tmp_path, "not bytes")  # type: ignore[arg-type]

    assert path.read_bytes() == b'{"orders": [1]}'
    assert [p.name for p in path.parent.iterdir()] == ["page-00001.json"]
    assert len(read_manifest(tmp_path, "ebay")) == 1


def test_manifest_line_records_path_hash_size_records_and_utc_fetch_time(tmp_path):
    data = (FIXTURES / "discogs_page.json").read_bytes()
    berlin_time = FETCHED_AT.astimezone(timezone(timedelta(hours=1)))

    land(tmp_path, data, source="discogs", records=3, fetched_at=berlin_time)

    assert read_manifest(tmp_path, "discogs") == [{
        "path": "discogs/2026-02-14/page-00001.json",
        "partition": "2026-02-14",
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
        "records": 3,
        "fetched_at": "2026-02-15T03:00:05.123000Z",
    }]
    assert manifest_path(tmp_path, "discogs").read_bytes().count(b"\n") == 1


def test_catalog_files_without_a_record_count_are_recorded_as_null(tmp_path):
    land(tmp_path, b"sku,title\nA,B\n", "inventory_items.csv", source="catalog", records=None)

    assert read_manifest(tmp_path, "catalog")[0]["records"] is None


def test_refetched_partition_replaces_file_and_manifest_keeps_history(tmp_path):
    land(tmp_path, b'{"orders": [1]}', records=1)
    later = FETCHED_AT + timedelta(hours=1)
    path = land(tmp_path, b'{"orders": [1, 2]}', records=2, fetched_at=later)

    assert path.read_bytes() == b'{"orders": [1, 2]}'
    assert [(e["records"], e["fetched_at"]) for e in read_manifest(tmp_path, "ebay")] == [
        (1, "2026-02-15T03:00:05.123000Z"), (2, "2026-02-15T04:00:05.123000Z")]


def test_replaying_the_manifest_reads_back_the_same_bytes(tmp_path):
    sent = {
        "page-00001.json": (FIXTURES / "ebay_page.json").read_bytes(),
        "page-00002.json": b'{"href":"x","total":3,"limit":200,"offset":200}',
    }
    for name, data in sent.items():
        land(tmp_path, data, name)

    for entry in read_manifest(tmp_path, "ebay"):
        replayed = (tmp_path / entry["path"]).read_bytes()
        assert replayed == sent[Path(entry["path"]).name]
        assert hashlib.sha256(replayed).hexdigest() == entry["sha256"]
        assert len(replayed) == entry["bytes"]


def _land_many(landing: str, worker: int, count: int) -> None:
    for n in range(count):
        write_landing_file(Path(landing), "ebay", DAY, f"w{worker}-{n:03d}.json",
                           b"x" * (1000 + worker), records=n, fetched_at=FETCHED_AT)


def test_concurrent_writers_never_interleave_manifest_lines(tmp_path):
    workers, per_worker = 4, 25
    # Separate processes, as in Dagster's multiprocess executor; spawn rather than fork
    # because this test process also runs the HTTP test server's thread.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        for future in [pool.submit(_land_many, str(tmp_path), w, per_worker)
                       for w in range(workers)]:
            future.result()

    entries = read_manifest(tmp_path, "ebay")
    lines = manifest_path(tmp_path, "ebay").read_bytes().splitlines()
    assert len(lines) == len(entries) == workers * per_worker
    assert len({e["path"] for e in entries}) == workers * per_worker


def test_a_torn_manifest_line_does_not_corrupt_the_next_entry(tmp_path):
    land(tmp_path, b"{}", "page-00001.json")
    with manifest_path(tmp_path, "ebay").open("ab") as manifest:
        manifest.write(b'{"path": "ebay/2026-02-14/page-000')  # a crash mid-append

    land(tmp_path, b"{}", "page-00002.json")

    assert [e["path"] for e in read_manifest(tmp_path, "ebay")] == [
        "ebay/2026-02-14/page-00001.json", "ebay/2026-02-14/page-00002.json"]


def test_partitions_are_the_dated_folders_in_order(tmp_path):
    for day in (date(2026, 2, 14), date(2026, 1, 31), date(2026, 2, 1)):
        land(tmp_path, b"{}", partition=day)
    (tmp_path / "ebay" / "scratch").mkdir()
    (tmp_path / "ebay" / "2026-02-30").mkdir()

    assert list_partitions(tmp_path, "ebay") == [
        date(2026, 1, 31), date(2026, 2, 1), date(2026, 2, 14)]


def test_a_source_never_written_has_no_partitions_and_no_manifest(tmp_path):
    assert list_partitions(tmp_path, "discogs") == []
    assert read_manifest(tmp_path, "discogs") == []


@pytest.mark.parametrize("name", ["../escape.json", "a/b.json", ".hidden.json", "_manifest.jsonl",
                                  ""])
def test_names_that_could_escape_or_collide_are_refused(tmp_path, name):
    with pytest.raises(ValueError, match="invalid landing file name"):
        land(tmp_path, b"{}", name)

    assert not (tmp_path / "ebay").exists()


def test_naive_fetch_time_is_refused(tmp_path):
    with pytest.raises(ValueError, match="timezone-aware"):
        land(tmp_path, b"{}", fetched_at=datetime(2026, 2, 15, 3, 0))
