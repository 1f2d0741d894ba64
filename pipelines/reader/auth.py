"""Bearer-token authentication for every ``/api/v1/`` route.

Tokens live hashed in the ops store (``python -m pipelines token create NAME``); a revoked
token fails on its next request because every request checks the store (one indexed lookup),
the requests :mod:`pipelines.reader.fast_path` answers included. The check runs on the event
loop (an ``async`` dependency): one SQLite read in WAL mode, which never waits for a writer, is
cheaper than handing the request to a worker thread and back.
"""

from __future__ import annotations

from fastapi import Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from pipelines.ops_store import OpsStore
from pipelines.reader.responses import OrjsonResponse

MISSING = "Authentication credentials were not provided."
INVALID = "Invalid token."

bearer_scheme = HTTPBearer(
    auto_error=False,
    description="An API token created with `python -m pipelines token create NAME`.",
)


class Unauthorized(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail

    def response(self) -> OrjsonResponse:
        return OrjsonResponse({"detail": self.detail}, status_code=401, headers={"WWW-Authenticate": "Bearer"})


def check_header(ops: OpsStore, header: str | None) -> None:
    """Raise :class:`Unauthorized` unless ``header`` (the ``Authorization`` value) names a live bearer token."""
    if not header:
        raise Unauthorized(MISSING)
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise Unauthorized(MISSING if not secret.strip() else INVALID)
    if not ops.verify_token(secret.strip()):
        raise Unauthorized(INVALID)


def is_live(ops: OpsStore, header: str | None) -> bool:
    """Whether :func:`check_header` lets ``header`` through."""
    try:
        check_header(ops, header)
    except Unauthorized:
        return False
    return True


def check_authorization(request: Request) -> None:
    """Raise :class:`Unauthorized` unless the request carries a live ``Authorization: Bearer`` token."""
    check_header(request.app.state.ops, request.headers.get("authorization"))


async def require_token(request: Request, _: HTTPAuthorizationCredentials | None = Security(bearer_scheme)) -> None:
    """Route dependency: the security scheme shows in OpenAPI, the check is :func:`check_authorization`."""
    check_authorization(request)
