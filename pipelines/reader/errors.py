"""How the reader says no: every error is JSON with a ``detail``, validation errors name the parameter.

FastAPI answers bad input with 422 and a list of Pydantic errors; the API's clients expect
DRF's shape, a 400 whose body names the offending parameter. Anything unexpected is logged
and answered with a plain 500, never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from pipelines.reader.auth import Unauthorized, check_authorization
from pipelines.reader.responses import OrjsonResponse

log = logging.getLogger(__name__)


class InvalidParameter(Exception):
    """A request parameter or body field the API cannot use; answered as 400 naming it."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message


class NotFound(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class SnapshotUnavailable(Exception):
    """No published snapshot can be served (none yet, or the pointer names a file that is not there)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def error_response(status_code: int, detail: str, headers: dict[str, str] | None = None, **extra: Any) -> OrjsonResponse:
    return OrjsonResponse({"detail": detail, **extra}, status_code=status_code, headers=headers)


def bad_request(errors: dict[str, str]) -> OrjsonResponse:
    detail = "; ".join(f"{param}: {message}" for param, message in errors.items())
    return error_response(400, f"Invalid request. {detail}", errors=errors)


def _param_name(loc: Sequence[Any], error_type: str) -> str:
    if error_type == "json_invalid":
        return "body"
    parts = [str(part) for part in loc[1:]] if len(loc) > 1 else [str(part) for part in loc]
    return ".".join(parts)


def _message(error: dict[str, Any]) -> str:
    message = str(error.get("msg", "Invalid value."))
    if error.get("type") == "json_invalid" and error.get("ctx", {}).get("error"):
        return f"JSON decode error: {error['ctx']['error']}"
    return message.removeprefix("Value error, ")


def validation_errors(errors: Sequence[Any]) -> dict[str, str]:
    """Pydantic's error list as ``{param: message}`` (first message per parameter)."""
    named: dict[str, str] = {}
    for error in errors:
        name = _param_name(error.get("loc", ()), error.get("type", ""))
        named.setdefault(name, _message(error))
    return named


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def on_validation_error(request: Request, exc: RequestValidationError) -> OrjsonResponse:
        # FastAPI parses a body before it runs dependencies; authentication still answers first.
        if request.url.path.startswith("/api/"):
            try:
                check_authorization(request)
            except Unauthorized as unauthorized:
                return unauthorized.response()
        return bad_request(validation_errors(exc.errors()))

    @app.exception_handler(Unauthorized)
    async def on_unauthorized(request: Request, exc: Unauthorized) -> OrjsonResponse:
        return exc.response()

    @app.exception_handler(InvalidParameter)
    async def on_invalid_parameter(request: Request, exc: InvalidParameter) -> OrjsonResponse:
        return bad_request({exc.param: exc.message})

    @app.exception_handler(NotFound)
    async def on_not_found(request: Request, exc: NotFound) -> OrjsonResponse:
        return error_response(404, exc.detail)

    @app.exception_handler(SnapshotUnavailable)
    async def on_snapshot_unavailable(request: Request, exc: SnapshotUnavailable) -> OrjsonResponse:
        return error_response(503, exc.detail, headers={"Retry-After": "5"})

    @app.exception_handler(HTTPException)
    async def on_http_exception(request: Request, exc: HTTPException) -> OrjsonResponse:
        return error_response(exc.status_code, str(exc.detail), headers=exc.headers)

    @app.exception_handler(Exception)
    async def on_unexpected(request: Request, exc: Exception) -> OrjsonResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "Internal server error.")
