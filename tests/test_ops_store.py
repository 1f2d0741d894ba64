"""The ops store: hashed tokens, merged shipment updates, a change counter, safe concurrent writers."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from pipelines import ops_store
from pipelines.ops_store import OpsStore, TokenNameTaken


def test_a_token_is_shown_once_and_only_its_hash_is_stored(tmp_path: Path) -> None:
    store = OpsStore(tmp_path / "ops.sqlite")
    secret = store.create_token("ci")

    assert secret.startswith("tok_") and len(secret) > 30
    assert store.verify_token(secret)
    assert not store.verify_token(secret + "x")
    assert not store.verify_token("")
    raw = sqlite3.connect(tmp_path / "ops.sqlite").execute("select name, token_hash from api_tokens").fetchall()
    assert raw == [("ci", ops_store.hash_token(secret))]
    assert secret not in (tmp_path / "ops.sqlite").read_bytes().decode("latin-1")
    listed = store.list_tokens()
    assert [(t["name"], t["revoked_at"]) for t in listed] == [("ci", None)]
    assert "token_hash" not in listed[0]


def test_a_revoked_token_stops_working_and_its_name_can_be_reused(tmp_path: Path) -> None:
    store = OpsStore(tmp_path / "ops.sqlite")
    first = store.create_token("laptop")
    with pytest.raises(TokenNameTaken):
        store.create_token("laptop")

    assert store.revoke_token("laptop") == 1
    assert not store.verify_token(first)
    assert store.revoke_token("laptop") == 0

    second = store.create_token("laptop")
    token_id = next(t["id"] for t in store.list_tokens() if t["revoked_at"] is None)
    assert store.revoke_token(token_id) == 1
    assert not store.verify_token(second)


def test_module_functions_use_the_data_dir_of_the_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIPELINES_DATA_DIR", str(tmp_path / "elsewhere"))
    secret = ops_store.create_token("env")

    assert (tmp_path / "elsewhere" / "ops.sqlite").exists()
    assert ops_store.verify_token(secret)
    assert [t["name"] for t in ops_store.list_tokens()] == ["env"]
    assert ops_store.revoke_token("env") == 1


def test_opening_twice_keeps_the_data_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "ops.sqlite"
    secret = OpsStore(path).create_token("a")
    store = OpsStore(path)

    assert store.verify_token(secret)
    assert sqlite3.connect(path).execute("pragma journal_mode").fetchone()[0] == "wal"
    tables = {row[0] for row in sqlite3.connect(path).execute("select name from sqlite_master where type = 'table'")}
    assert {"api_tokens", "shipment_updates", "export_jobs"} <= tables


def test_a_partial_update_changes_only_the_fields_given(tmp_path: Path) -> None:
    store = OpsStore(tmp_path / "ops.sqlite")
    shipped_at = datetime(2026, 2, 14, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    store.upsert_shipment(
        "inv_1",
        {
            "shipment_tracking_number": "1Z999",
            "shipment_carrier": "ups",
            "shipment_tracking_created": shipped_at,
            "shipment_rate_cheapest_price": Decimal("4.5"),
            "shipment_rate_detail": {"rates": [1, 2]},
            "shipment_address": {"name": "John Doe", "city": "Los Angeles"},
        },
    )
    merged = store.upsert_shipment(
        "inv_1", {"shipment_status": "shipped", "shipment_carrier": None, "shipment_address": {"city": "Pasadena"}}
    )

    assert merged["shipment_tracking_number"] == "1Z999"
    assert merged["shipment_carrier"] is None
    assert merged["shipment_status"] == "shipped"
    assert merged["shipment_tracking_created"] == datetime(2026, 2, 14, 10, 0, tzinfo=UTC)
    assert merged["shipment_rate_cheapest_price"] == Decimal("4.50")
    assert merged["shipment_rate_detail"] == {"rates": [1, 2]}
    assert merged["shipment_address"] == {"name": "John Doe", "city": "Pasadena"}
    assert set(merged["fields_set"]) == {
        "shipment_tracking_number",
        "shipment_carrier",
        "shipment_status",
        "shipment_tracking_created",
        "shipment_rate_cheapest_price",
        "shipment_rate_detail",
        "shipment_address",
    }
    assert merged["version"] == 2
    assert store.shipment_update("inv_1") == merged
    assert store.shipment_updates() == [merged]


def test_clearing_the_address_clears_every_key_even_after_a_later_partial_write(tmp_path: Path) -> None:
    store = OpsStore(tmp_path / "ops.sqlite")
    store.upsert_shipment("inv_1", {"shipment_address": None})
    update = store.upsert_shipment("inv_1", {"shipment_address": {"city": "Paris"}})

    assert update["shipment_address"]["city"] == "Paris"
    assert update["shipment_address"]["name"] is None
    assert set(update["shipment_address"]) == set(ops_store.ADDRESS_FIELDS)


def test_every_write_moves_the_data_version(tmp_path: Path) -> None:
    store = OpsStore(tmp_path / "ops.sqlite")
    start = store.data_version()
    store.upsert_shipment("inv_1", {"shipment_status": "shipped"})
    store.upsert_shipment("inv_2", {"shipment_status": "shipped"})
    store.upsert_shipment("inv_1", {"shipment_status": "delivered"})

    assert store.data_version() == start + 3
    store.create_token("not-a-shipment")
    assert store.data_version() == start + 3


def test_unknown_or_mistyped_fields_are_refused_and_nothing_is_written(tmp_path: Path) -> None:
    store = OpsStore(tmp_path / "ops.sqlite")
    with pytest.raises(ValueError, match="not writable"):
        store.upsert_shipment("inv_1", {"status": "completed"})
    with pytest.raises(ValueError, match="datetime"):
        store.upsert_shipment("inv_1", {"label_last_updated": "yesterday"})
    with pytest.raises(ValueError, match="address"):
        store.upsert_shipment("inv_1", {"shipment_address": {"planet": "Mars"}})

    assert store.shipment_updates() == []
    assert store.data_version() == 0


def test_rows_for_the_pipeline_hold_only_the_fields_written(tmp_path: Path) -> None:
    store = OpsStore(tmp_path / "ops.sqlite")
    store.upsert_shipment(
        "inv_1",
        {
            "shipment_tracking_number": "1Z999",
            "shipment_service_id": None,
            "shipment_rate_retrieval_tried": True,
            "shipment_rate_cheapest_price": Decimal("4.50"),
            "label_last_updated": datetime(2026, 2, 14, 12, 0, tzinfo=UTC),
        },
    )

    (row,) = store.shipment_update_rows()
    assert row["inventory_uid"] == "inv_1"
    assert row["version"] == 1
    assert row["fields"] == {
        "shipment_tracking_number": "1Z999",
        "shipment_service_id": None,
        "shipment_rate_retrieval_tried": True,
        "shipment_rate_cheapest_price": "4.50",
        "label_last_updated": "2026-02-14T12:00:00Z",
    }


def test_export_jobs_accept_only_the_known_statuses(tmp_path: Path) -> None:
    OpsStore(tmp_path / "ops.sqlite")
    conn = sqlite3.connect(tmp_path / "ops.sqlite")
    conn.execute(
        "insert into export_jobs (uid, kind, status, params, created_at) values ('exp_1', 'inventory_csv', 'pending', '{}', 'now')"
    )
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "insert into export_jobs (uid, kind, status, params, created_at) values ('exp_2', 'inventory_csv', 'lost', '{}', 'now')"
        )


WRITER = """
import sys
from pipelines.ops_store import OpsStore
store = OpsStore(sys.argv[1])
for i in range(40):
    store.upsert_shipment(f"inv_{i % 5}", {"shipment_tracking_number": f"{sys.argv[2]}-{i}"})
"""


def test_several_processes_writing_at_once_all_land(tmp_path: Path) -> None:
    path = tmp_path / "ops.sqlite"
    store = OpsStore(path)
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), f"w{n}"]) for n in range(4)]
    assert [writer.wait(timeout=60) for writer in writers] == [0, 0, 0, 0]

    assert store.data_version() == 160
    assert sum(update["version"] for update in store.shipment_updates()) == 160
