"""Following serving/CURRENT: no snapshot yet, a new snapshot published, requests in flight."""

from __future__ import annotations

import os
import threading
import time

import httpx
import pytest
from reader_fixtures import publish_snapshot

from pipelines.ops_store import OpsStore
from pipelines.reader.errors import SnapshotUnavailable
from pipelines.reader.snapshot import SnapshotManager


def _wait_for(check, timeout: float = 5.0):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


def test_without_a_snapshot_the_api_says_how_to_make_one(reader_server_without_snapshot, reader_snapshot_template) -> None:
    with reader_server_without_snapshot.client() as client:
        for path in ("/api/v1/orders/", "/api/v1/orders/stats/", "/api/v1/orders/ord_x/"):
            response = client.get(path)
            assert response.status_code == 503
            assert response.json() == {"detail": "no snapshot published yet; run `python -m pipelines materialize`"}
        assert client.get("/api/v1/inventory/choices/shipment-carriers/").status_code == 200

        publish_snapshot(
            reader_server_without_snapshot.settings, reader_snapshot_template, "20260214T110000Z-first.duckdb"
        )

        assert _wait_for(lambda: client.get("/api/v1/orders/").status_code == 200)


def test_a_newly_published_snapshot_is_served_without_a_restart(
    reader_server, reader_client: httpx.Client, reader_snapshot_template
) -> None:
    order = reader_client.get("/api/v1/orders/").json()["results"][0]
    publish_snapshot(
        reader_server.settings,
        reader_snapshot_template,
        "20260215T090000Z-second.duckdb",
        extra_sql=f"update marts.orders set title = 'Republished Title' where order_uid = '{order['uid']}'",
    )

    def title() -> str:
        detail = reader_client.get(f"/api/v1/orders/{order['uid']}/").json()
        return detail["inventory_item_listing"]["inventory_item"]["title"]

    assert _wait_for(lambda: title() == "Republished Title")


def test_shipment_updates_still_apply_after_a_switch(
    reader_server, reader_client: httpx.Client, reader_snapshot_template
) -> None:
    order = reader_client.get("/api/v1/orders/", params={"status": "awaiting_shipment"}).json()["results"][0]
    inventory_uid = order["inventory_item_listing"]["inventory_item"]["uid"]
    reader_client.post(f"/api/v1/inventory/{inventory_uid}/order/ship/", json={"tracking_number": "T1", "carrier": "dhl"})

    publish_snapshot(
        reader_server.settings,
        reader_snapshot_template,
        "20260215T090000Z-second.duckdb",
        extra_sql=f"update marts.orders set title = 'After Switch' where order_uid = '{order['uid']}'",
    )

    def detail() -> dict:
        return reader_client.get(f"/api/v1/orders/{order['uid']}/").json()

    assert _wait_for(lambda: detail()["inventory_item_listing"]["inventory_item"]["title"] == "After Switch")
    assert (detail()["status"], detail()["shipment_tracking_number"]) == ("shipped", "T1")


def test_a_request_in_flight_keeps_its_snapshot_until_it_finishes(reader_settings, reader_snapshot, reader_snapshot_template) -> None:
    manager = SnapshotManager(reader_settings, OpsStore(reader_settings.ops_store_path), check_interval=0)
    with manager.cursor() as old_cursor:
        assert manager.current_name == reader_snapshot.name
        old_count = old_cursor.execute("select count(*) from orders_live").fetchone()[0]

        publish_snapshot(
            reader_settings, reader_snapshot_template, "20260215T090000Z-second.duckdb", extra_sql="delete from marts.orders"
        )
        with manager.cursor() as new_cursor:
            assert manager.current_name == "20260215T090000Z-second.duckdb"
            assert new_cursor.execute("select count(*) from orders_live").fetchone()[0] == 0

        assert old_cursor.execute("select count(*) from orders_live").fetchone()[0] == old_count
    manager.close()


def test_the_pointer_is_checked_at_most_every_interval(reader_settings, reader_snapshot, reader_snapshot_template) -> None:
    manager = SnapshotManager(reader_settings, OpsStore(reader_settings.ops_store_path), check_interval=60)
    with manager.cursor():
        pass
    publish_snapshot(reader_settings, reader_snapshot_template, "20260215T090000Z-second.duckdb")
    with manager.cursor():
        assert manager.current_name == reader_snapshot.name
    manager.close()


def test_a_pointer_to_a_missing_file_keeps_the_current_snapshot(reader_settings, reader_snapshot) -> None:
    manager = SnapshotManager(reader_settings, OpsStore(reader_settings.ops_store_path), check_interval=0)
    with manager.cursor():
        pass
    reader_settings.current_pointer.write_text("20990101T000000Z-missing.duckdb\n")
    with manager.cursor() as cursor:
        assert manager.current_name == reader_snapshot.name
        assert cursor.execute("select count(*) from orders_live").fetchone()[0] > 0
    manager.close()


@pytest.mark.parametrize("pointer", ["", "../ops.sqlite", "20990101T000000Z-missing.duckdb"])
def test_a_bad_pointer_with_nothing_served_yet_is_unavailable(reader_settings, pointer: str) -> None:
    reader_settings.serving_dir.mkdir(parents=True)
    reader_settings.current_pointer.write_text(pointer)
    manager = SnapshotManager(reader_settings, OpsStore(reader_settings.ops_store_path), check_interval=0)

    with pytest.raises(SnapshotUnavailable):
        with manager.cursor():
            pass


def test_a_snapshot_without_the_marts_is_unavailable_not_a_crash(reader_settings) -> None:
    import duckdb

    reader_settings.serving_dir.mkdir(parents=True)
    duckdb.connect(str(reader_settings.serving_dir / "empty.duckdb")).close()
    tmp = reader_settings.serving_dir / ".tmp"
    tmp.write_text("empty.duckdb")
    os.replace(tmp, reader_settings.current_pointer)
    manager = SnapshotManager(reader_settings, OpsStore(reader_settings.ops_store_path), check_interval=0)

    with pytest.raises(SnapshotUnavailable, match="empty.duckdb"):
        with manager.cursor():
            pass


def test_a_snapshot_without_order_stats_is_refused_and_the_old_one_kept(reader_settings, reader_snapshot, reader_snapshot_template) -> None:
    manager = SnapshotManager(reader_settings, OpsStore(reader_settings.ops_store_path), check_interval=0)
    with manager.cursor():
        pass
    publish_snapshot(
        reader_settings, reader_snapshot_template, "20260215T090000Z-broken.duckdb", extra_sql="drop table marts.order_stats"
    )

    with manager.cursor():
        assert manager.current_name == reader_snapshot.name
    manager.close()


def test_switching_under_load_never_fails_a_request(
    reader_server, reader_client: httpx.Client, reader_snapshot_template
) -> None:
    failures: list[str] = []
    stop = threading.Event()

    def hammer() -> None:
        with reader_server.client() as client:
            while not stop.is_set():
                for path in ("/api/v1/orders/", "/api/v1/orders/stats/", "/api/v1/orders/?search=a&page_size=3"):
                    response = client.get(path)
                    if response.status_code != 200:
                        failures.append(f"{path}: {response.status_code} {response.text}")

    workers = [threading.Thread(target=hammer) for _ in range(6)]
    for worker in workers:
        worker.start()
    try:
        for n in range(4):
            publish_snapshot(reader_server.settings, reader_snapshot_template, f"20260215T09000{n}Z-load.duckdb")
            time.sleep(0.6)
    finally:
        stop.set()
        for worker in workers:
            worker.join()

    assert failures == []
    assert _wait_for(lambda: reader_client.get("/api/v1/orders/").status_code == 200)
