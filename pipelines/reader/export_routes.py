"""``/api/v1/exports/``: asynchronous CSV export jobs (create, list, status, download)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import FileResponse

from pipelines.ops_store import OpsStore
from pipelines.reader import exports, params
from pipelines.reader.auth import require_token
from pipelines.reader.errors import NotFound, error_response
from pipelines.reader.report_schemas import CSV_RESPONSE, ExportJob, ExportJobList, ExportRequest
from pipelines.reader.responses import OrjsonResponse, OrjsonRoute
from pipelines.reader.schemas import ERROR_RESPONSES, NOT_FOUND, ErrorBody

router = APIRouter(
    prefix="/api/v1/exports",
    tags=["exports"],
    dependencies=[Depends(require_token)],
    route_class=OrjsonRoute,
    responses=ERROR_RESPONSES,
)

DOWNLOAD_RESPONSES = {
    **NOT_FOUND,
    409: {"model": ErrorBody, "description": "The export has not completed (yet)"},
    410: {"model": ErrorBody, "description": "The export's file is gone"},
}


def _runner(request: Request) -> exports.ExportRunner:
    return request.app.state.exports


def _ops(request: Request) -> OpsStore:
    return request.app.state.ops


def _base_url(request: Request) -> str:
    return str(request.base_url)


def _job(request: Request, uid: str) -> dict:
    job = _ops(request).export_job(uid)
    if job is None:
        raise NotFound(f"No export job {uid!r}.")
    return job


@router.get("/", response_model=ExportJobList, summary="List export jobs")
def list_exports(request: Request, limit: Annotated[int, Query(ge=1, le=100, description="Jobs to list (1–100)")] = 50) -> OrjsonResponse:
    """Export jobs, newest first; ``count`` is how many there are in all."""
    count, jobs = _ops(request).export_jobs(limit)
    return OrjsonResponse({"count": count, "results": [exports.job_payload(job, _base_url(request)) for job in jobs]})


@router.post("/inventory/csv/", response_model=ExportJob, status_code=202, summary="Create CSV export job")
def create_inventory_csv(request: Request, body: ExportRequest | None = None) -> OrjsonResponse:
    """Queue an inventory CSV export; poll ``GET /api/v1/exports/{uid}/`` until it is completed."""
    body = body or ExportRequest()
    fields = exports.parse_fields(body.fields)
    statuses = params.statuses(body.status)
    with request.app.state.snapshots.read():
        pass  # a job needs a published snapshot; say so now (503) rather than fail it later
    job = _runner(request).create(fields, statuses)
    payload = exports.job_payload(job, _base_url(request))
    location = f"{_base_url(request).rstrip('/')}/api/v1/exports/{job['uid']}/"
    return OrjsonResponse(payload, status_code=202, headers={"Location": location})


def _download(request: Request, uid: str) -> Response:
    job = _job(request, uid)
    if job["status"] != "completed":
        return error_response(409, f"Export {uid} is {job['status']}; download it once it is completed.")
    path = _runner(request).file_path(uid)
    if not path.is_file():
        return error_response(410, f"The file of export {uid} no longer exists; create the export again.")
    return FileResponse(path, media_type="text/csv; charset=utf-8", filename=f"inventory-export-{uid}.csv")


@router.get(
    "/{uid}/",
    response_model=ExportJob,
    responses={**DOWNLOAD_RESPONSES, **CSV_RESPONSE},
    summary="Export status (or download with ?download=1)",
)
def export_status(
    request: Request,
    uid: str,
    download: Annotated[bool, Query(description="Stream the CSV file instead of the status (once completed)")] = False,
) -> Response:
    """The job's status; with ``download=1`` the file itself (409 until the job is completed)."""
    if download:
        return _download(request, uid)
    return OrjsonResponse(exports.job_payload(_job(request, uid), _base_url(request)))


@router.get("/{uid}/download/", response_class=FileResponse, responses={**DOWNLOAD_RESPONSES, **CSV_RESPONSE}, summary="Download export")
def export_download(request: Request, uid: str) -> Response:
    """The completed export's CSV file (409 until the job is completed)."""
    return _download(request, uid)
