"""The reader's resource bounds: DuckDB's memory limit, and CSV exports queued for a slot."""

from __future__ import annotations

import csv
import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from reader_fixtures import ReaderServer

from pipelines.ops_store import OpsStore
from pipelines.reader import exports
from pipelines.reader.snapshot import DEFAULT_MEMORY_LIMIT, MEMORY_LIMIT_ENV, SnapshotManager


def _memory_limit(settings) -> str:
    manager = SnapshotManager(settings, OpsStore(settings.ops_store_path), check_interval=0)
    try:
        with manager.cursor() as cursor:
            return cursor.execute("select current_setting('memory_limit')").fetchone()[0]
    finally:
        manager.close()


def _mib(text: str) -> float:
    number, unit = text.split()
    return float(number) * {"KiB": 1 / 1024, "MiB": 1, "GiB": 1024}[unit]


def test_the_snapshot_connection_has_a_bounded_memory(reader_settings, reader_snapshot: Path) -> None:
    assert _mib(_memory_limit(reader_settings)) == pytest.approx(_mib(DEFAULT_MEMORY_LIMIT.replace("MB", " MiB")), rel=0.1)


def test_the_memory_limit_follows_the_environment(reader_settings, reader_snapshot: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MEMORY_LIMIT_ENV, "300MB")
    assert _mib(_memory_limit(reader_settings)) == pytest.approx(286, rel=0.05)


def test_concurrent_csv_exports_wait_for_a_slot_and_all_complete(reader_server: ReaderServer, reader_client: httpx.Client) -> None:
    expected = reader_client.get("/api/v1/reports/export/csv/").text
    assert len(list(csv.reader(io.StringIO(expected)))) > 2

    def export(_: int) -> tuple[int, str]:
        with reader_server.client() as client:
            response = client.get("/api/v1/reports/export/csv/")
            return response.status_code, response.text

    with ThreadPoolExecutor(max_workers=exports.EXPORT_SLOTS + 3) as pool:
        results = list(pool.map(export, range(exports.EXPORT_SLOTS + 3)))

    assert results == [(200, expected)] * (exports.EXPORT_SLOTS + 3)


def test_an_export_slot_is_given_back_after_a_failure() -> None:
    with pytest.raises(RuntimeError):
        with exports.export_slot():
            raise RuntimeError("the query failed")

    for _ in range(exports.EXPORT_SLOTS):
        assert exports._export_slots.acquire(timeout=1)
    for _ in range(exports.EXPORT_SLOTS):
        exports._export_slots.release()



def test_a_client_that_stops_reading_an_export_does_not_hold_up_the_next(reader_server: ReaderServer) -> None:
    with reader_server.client() as first:
        with first.stream("GET", "/api/v1/reports/export/csv/") as response:
            assert response.status_code == 200
            next(response.iter_bytes(16))
            with reader_server.client() as second:
                complete = second.get("/api/v1/reports/export/csv/", timeout=30)

    assert complete.status_code == 200
    assert complete.text.startswith("uid,sku,title")
