"""Export jobs: create -> poll -> download, listing, errors, and what a restart does to leftovers."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from reader_fixtures import TIMESTAMP, ReaderServer, publish_snapshot, serve_reader

from pipelines.reader.exports import RESTARTED
from pipelines.reader.report_schemas import ExportJob, ExportJobList

JOB_FIELDS = ["uid", "kind", "status", "params", "row_count", "created_at", "started_at", "finished_at", "error", "download_url"]


def _wait_until_finished(client: httpx.Client, uid: str, timeout: float = 15.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(f"/api/v1/exports/{uid}/").json()
        if job["status"] in ("completed", "failed") or time.monotonic() > deadline:
            return job
        time.sleep(0.05)


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_an_export_job_runs_in_the_background_and_its_file_matches_the_streamed_csv(reader_server: ReaderServer, reader_client: httpx.Client) -> None:
    response = reader_client.post("/api/v1/exports/inventory/csv/", json={"status": "listed", "fields": ["uid", "title", "value"]})

    assert response.status_code == 202
    created = response.json()
    assert list(created) == JOB_FIELDS
    assert created["uid"].startswith("exp_") and created["kind"] == "inventory_csv"
    assert created["status"] in ("pending", "running", "completed")
    assert created["params"] == {"status": ["listed"], "fields": ["uid", "title", "value"]}
    assert response.headers["location"].endswith(f"/api/v1/exports/{created['uid']}/")
    ExportJob.model_validate(created)

    job = _wait_until_finished(reader_client, created["uid"])
    assert job["status"] == "completed", job
    assert job["error"] is None
    for name in ("created_at", "started_at", "finished_at"):
        assert TIMESTAMP.match(job[name]), name
    assert job["created_at"] <= job["started_at"] <= job["finished_at"]
    assert job["download_url"] == f"{reader_server.base_url}/api/v1/exports/{job['uid']}/download/"

    download = reader_client.get(job["download_url"])
    assert download.status_code == 200
    assert download.headers["content-type"] == "text/csv; charset=utf-8"
    assert f'filename="inventory-export-{job["uid"]}.csv"' in download.headers["content-disposition"]
    streamed = reader_client.get("/api/v1/reports/export/csv/", params={"status": "listed", "fields": "uid,title,value"})
    assert _rows(download.text) == _rows(streamed.text)
    assert _rows(download.text)[0] == ["uid", "title", "value"]
    assert job["row_count"] == len(_rows(download.text)) - 1 > 0
    assert reader_client.get(f"/api/v1/exports/{job['uid']}/", params={"download": 1}).content == download.content

    exports_dir = reader_server.settings.exports_dir
    assert sorted(path.name for path in exports_dir.iterdir()) == [f"{job['uid']}.csv"]


def test_an_export_without_a_body_has_every_item_and_the_standard_fields(reader_client: httpx.Client) -> None:
    created = reader_client.post("/api/v1/exports/inventory/csv/").json()
    job = _wait_until_finished(reader_client, created["uid"])
    rows = _rows(reader_client.get(job["download_url"]).text)
    streamed = _rows(reader_client.get("/api/v1/reports/export/csv/").text)

    assert job["params"]["status"] is None
    assert rows == streamed
    assert job["row_count"] == len(streamed) - 1


def test_jobs_are_listed_newest_first(reader_client: httpx.Client) -> None:
    uids = [reader_client.post("/api/v1/exports/inventory/csv/", json={"fields": "uid"}).json()["uid"] for _ in range(3)]
    listing = reader_client.get("/api/v1/exports/").json()

    ExportJobList.model_validate(listing)
    assert listing["count"] == 3
    assert [job["uid"] for job in listing["results"]] == uids[::-1]
    assert [job["uid"] for job in reader_client.get("/api/v1/exports/", params={"limit": 1}).json()["results"]] == uids[-1:]
    for uid in uids:
        _wait_until_finished(reader_client, uid)


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"fields": "uid,no_such_field"}, "fields"),
        ({"fields": ["uid", 7]}, "fields"),
        ({"status": "shipped"}, "status"),
        ({"status": ["listed", "gone"]}, "status"),
        ({"fields": {"uid": 1}}, "fields"),
    ],
)
def test_a_bad_export_request_is_a_400_naming_the_field(reader_client: httpx.Client, body: dict, param: str) -> None:
    response = reader_client.post("/api/v1/exports/inventory/csv/", json=body)

    assert response.status_code == 400, response.text
    assert param in response.json()["errors"]
    assert reader_client.get("/api/v1/exports/").json()["count"] == 0


def test_a_body_that_is_not_json_is_a_400(reader_client: httpx.Client) -> None:
    response = reader_client.post("/api/v1/exports/inventory/csv/", content=b"{not json", headers={"content-type": "application/json"})

    assert response.status_code == 400
    assert "body" in response.json()["errors"]


def test_an_unknown_export_is_a_404(reader_client: httpx.Client) -> None:
    for path in ("/api/v1/exports/exp_000000000000/", "/api/v1/exports/exp_000000000000/download/"):
        response = reader_client.get(path)
        assert response.status_code == 404
        assert "exp_000000000000" in response.json()["detail"]
    assert reader_client.get("/api/v1/exports/exp_000000000000/", params={"download": 1}).status_code == 404


def test_downloading_an_unfinished_export_is_a_409(reader_server: ReaderServer, reader_client: httpx.Client) -> None:
    reader_server.ops.create_export_job("exp_0000000000aa", "inventory_csv", {"status": None, "fields": ["uid"]}, owner="elsewhere:1:x")

    for path in ("/api/v1/exports/exp_0000000000aa/download/", "/api/v1/exports/exp_0000000000aa/?download=true"):
        response = reader_client.get(path)
        assert response.status_code == 409
        assert "pending" in response.json()["detail"]
    assert reader_client.get("/api/v1/exports/exp_0000000000aa/").json()["download_url"] is None


def test_a_deleted_export_file_is_a_410(reader_server: ReaderServer, reader_client: httpx.Client) -> None:
    job = _wait_until_finished(reader_client, reader_client.post("/api/v1/exports/inventory/csv/").json()["uid"])
    (reader_server.settings.exports_dir / f"{job['uid']}.csv").unlink()

    assert reader_client.get(job["download_url"]).status_code == 410


def test_a_job_that_cannot_read_the_items_fails_and_says_why(reader_server: ReaderServer, reader_client: httpx.Client, reader_snapshot_template: Path) -> None:
    publish_snapshot(reader_server.settings, reader_snapshot_template, "20260215T000000Z-no-items.duckdb", extra_sql="drop table marts.inventory_items")
    deadline = time.monotonic() + 5
    while reader_client.get("/api/v1/reports/export/csv/").status_code != 503 and time.monotonic() < deadline:
        time.sleep(0.05)

    job = _wait_until_finished(reader_client, reader_client.post("/api/v1/exports/inventory/csv/").json()["uid"])

    assert job["status"] == "failed"
    assert "inventory_items" in job["error"]
    assert job["finished_at"] is not None and job["download_url"] is None
    assert list(reader_server.settings.exports_dir.glob("*")) == []


def test_creating_an_export_without_a_snapshot_is_a_503(reader_server_without_snapshot: ReaderServer) -> None:
    with reader_server_without_snapshot.client() as client:
        response = client.post("/api/v1/exports/inventory/csv/")

        assert response.status_code == 503
        assert client.get("/api/v1/exports/").json()["count"] == 0


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_restart_fails_the_jobs_a_stopped_server_left_behind(reader_settings, reader_snapshot, reader_ops, reader_token) -> None:
    import socket

    host = socket.gethostname()
    with serve_reader(reader_settings) as base_url, httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {reader_token}"}) as client:
        finished = _wait_until_finished(client, client.post("/api/v1/exports/inventory/csv/").json()["uid"])
        first_server = reader_ops.export_job(finished["uid"])["owner"]
        # What a crash mid-export leaves: a job this very server had started.
        reader_ops.create_export_job("exp_00000000run1", "inventory_csv", {"status": None, "fields": ["uid"]}, first_server)
        assert reader_ops.start_export_job("exp_00000000run1", first_server)

    live_worker = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        leftovers = {
            "exp_00000000pnd1": f"{host}:{_dead_pid()}:gone",
            "exp_00000000oth1": "another-host:4242:gone",
            "exp_00000000liv1": f"{host}:{live_worker.pid}:worker",
        }
        for uid, owner in leftovers.items():
            reader_ops.create_export_job(uid, "inventory_csv", {"status": None, "fields": ["uid"]}, owner)
        reader_ops.start_export_job("exp_00000000oth1", "another-host:4242:gone")

        with serve_reader(reader_settings) as base_url, httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {reader_token}"}) as client:
            jobs = {job["uid"]: job for job in client.get("/api/v1/exports/").json()["results"]}

            for uid in ("exp_00000000run1", "exp_00000000pnd1", "exp_00000000oth1"):
                assert jobs[uid]["status"] == "failed", uid
                assert jobs[uid]["error"] == RESTARTED
                assert jobs[uid]["finished_at"] is not None
            assert jobs["exp_00000000liv1"]["status"] == "pending"  # a live worker process still owns it
            assert jobs[finished["uid"]]["status"] == "completed"
            assert client.get(jobs[finished["uid"]]["download_url"]).status_code == 200
    finally:
        live_worker.kill()
        live_worker.wait()
