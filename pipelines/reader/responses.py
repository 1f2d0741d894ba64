"""JSON in and out through orjson.

Responses: endpoints return :class:`OrjsonResponse` themselves, so payloads built from the
snapshot go straight to bytes without a second pass through Pydantic (the response models
exist for the OpenAPI document). Where the spec shows money as a JSON number (``489.50`` in the
analytics payloads) the payload holds a :class:`~decimal.Decimal` and it is written as that exact
number token (``orjson.Fragment``), digits as the snapshot has them, never through a float. Requests: orjson parses bodies, which rejects what the
standard library lets through and SQLite or DuckDB would choke on later (lone surrogates,
``NaN``, ``1e999``), so such a body is a 400 at the door instead of a 500 deep inside.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from decimal import Decimal
from typing import Any

import orjson
from fastapi import Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

JSON_MEDIA_TYPE = "application/json"


def _exact_numbers(value: Any) -> Any:
    """orjson's hook for types it does not know: a finite Decimal becomes its own number token."""
    if isinstance(value, Decimal) and value.is_finite():
        return orjson.Fragment(format(value, "f"))
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def dumps(content: Any) -> bytes:
    """``content`` as JSON bytes; Decimals as exact numbers (``Decimal("489.50")`` -> ``489.50``)."""
    return orjson.dumps(content, default=_exact_numbers)


def json_response(body: bytes) -> Response:
    """A 200 of JSON bytes encoded already: the same status and headers as ``OrjsonResponse``."""
    return Response(body, media_type=JSON_MEDIA_TYPE)


class OrjsonResponse(JSONResponse):
    """A JSON response rendered by orjson (a JSONResponse, so OpenAPI documents its model)."""

    def render(self, content: Any) -> bytes:
        return dumps(content)


class OrjsonRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = orjson.loads(await self.body())
        return self._json


class OrjsonRoute(APIRoute):
    """A route whose request bodies are parsed by orjson (its errors are ``json.JSONDecodeError``)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def orjson_handler(request: Request) -> Response:
            return await handler(OrjsonRequest(request.scope, request.receive))

        return orjson_handler
