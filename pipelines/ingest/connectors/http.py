"""A retrying JSON GET on httpx, shared by the HTTP connectors.

Marketplace APIs fail in a few well-known transient ways (rate limits, 5xx, dropped or cut-off
responses). Retrying them here, with deterministic delays and an injectable ``sleep``, keeps
each connector about its own pagination and lets tests exercise every retry path in
milliseconds against a real local server.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import httpx
import orjson

from pipelines.ingest.connectors.base import AuthError, ConnectorError, TruncatedResponse

log = logging.getLogger(__name__)

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
AUTH_STATUSES = frozenset({401, 403})

Sleep = Callable[[float], None]


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try: attempt ``n`` (from 1) waits ``base_delay * factor**(n-1)`` after failing.

    No jitter: one pipeline process talks to each marketplace, so there is no herd to spread,
    and deterministic delays make the retry behaviour testable.
    """

    max_attempts: int = 5
    base_delay: float = 1.0
    factor: float = 2.0
    max_delay: float = 60.0
    max_retry_after: float = 300.0

    def backoff(self, attempt: int) -> float:
        return min(self.base_delay * self.factor ** (attempt - 1), self.max_delay)

    def wait_for(self, attempt: int, retry_after: float | None) -> float:
        """The server's ``Retry-After`` wins over our backoff, within a cap so a bad header
        cannot park the pipeline for hours."""
        if retry_after is None:
            return self.backoff(attempt)
        return min(retry_after, self.max_retry_after)


@dataclass(frozen=True)
class JsonResponse:
    """A successful response: the bytes as received and their parsed form."""

    url: str
    headers: httpx.Headers
    body: bytes
    data: Any


@dataclass(frozen=True)
class _Retry:
    error: ConnectorError
    retry_after: float | None = None


def get_json(
    client: httpx.Client,
    url: str,
    *,
    source: str,
    params: Mapping[str, str | int] | None = None,
    headers: Mapping[str, str] | None = None,
    policy: RetryPolicy = RetryPolicy(),
    sleep: Sleep = time.sleep,
) -> JsonResponse:
    """GET ``url`` until it answers 2xx with a JSON body, or fail with a ConnectorError.

    Raises AuthError at once on 401/403, TruncatedResponse when the body never parses,
    ConnectorError for other failures (after retries if they were transient).
    """
    outcome: JsonResponse | _Retry | None = None
    for attempt in range(1, policy.max_attempts + 1):
        outcome = _attempt(client, url, source=source, params=params, headers=headers)
        if isinstance(outcome, JsonResponse):
            return outcome
        if attempt < policy.max_attempts:
            delay = policy.wait_for(attempt, outcome.retry_after)
            log.warning("%s (attempt %d/%d), retrying in %.2fs", outcome.error, attempt,
                        policy.max_attempts, delay)
            sleep(delay)
    assert isinstance(outcome, _Retry)
    raise outcome.error


def _attempt(
    client: httpx.Client,
    url: str,
    *,
    source: str,
    params: Mapping[str, str | int] | None,
    headers: Mapping[str, str] | None,
) -> JsonResponse | _Retry:
    """One request, classified: a result, something worth retrying, or a raised error."""
    try:
        response = client.get(url, params=params, headers=headers)
    except httpx.TransportError as exc:
        # Timeouts, refused connections and bodies cut off mid-stream all land here.
        return _Retry(ConnectorError(f"{source}: {type(exc).__name__} on GET {url}: {exc}"))
    status = response.status_code
    if status in AUTH_STATUSES:
        raise AuthError(_auth_message(source, response))
    if status in RETRYABLE_STATUSES:
        return _Retry(
            ConnectorError(f"{source}: HTTP {status} from {response.url}: {_excerpt(response)}"),
            retry_after=_retry_after_seconds(response),
        )
    if not response.is_success:
        raise ConnectorError(f"{source}: HTTP {status} from {response.url}: {_excerpt(response)}")
    try:
        data = orjson.loads(response.content)
    except orjson.JSONDecodeError as exc:
        return _Retry(TruncatedResponse(
            f"{source}: body from {response.url} is not valid JSON "
            f"({len(response.content)} bytes, truncated?): {exc}"
        ))
    return JsonResponse(url=str(response.url), headers=response.headers,
                        body=response.content, data=data)


def _auth_message(source: str, response: httpx.Response) -> str:
    hint = ("the token is expired, revoked or wrong: refresh it and re-run"
            if response.status_code == 401
            else "the token lacks the permission (scope) this call needs")
    return (f"{source}: HTTP {response.status_code} from {response.url}: {hint}. "
            f"Server said: {_excerpt(response)}")


def _excerpt(response: httpx.Response, limit: int = 300) -> str:
    """The start of an error body: marketplaces explain themselves there."""
    text = response.content[:limit].decode("utf-8", errors="replace").strip()
    return text or "(empty body)"


def _retry_after_seconds(response: httpx.Response) -> float | None:
    """``Retry-After`` in seconds; an HTTP-date or garbage falls back to our own backoff."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return max(seconds, 0.0)


@contextlib.contextmanager
def http_session(
    client: httpx.Client | None, timeout: float
) -> Iterator[httpx.Client]:
    """Use the caller's client as is, or open (and close) one of our own for one fetch."""
    if client is not None:
        yield client
        return
    with httpx.Client(timeout=timeout) as own:
        yield own


def follow_next(source: str, current_url: str, next_url: str | None, seen: set[str]) -> str | None:
    """Resolve a pagination link, refusing to loop if it points back at a page already read.

    A server bug that repeats ``next`` would otherwise page forever and fill the landing zone.
    """
    seen.add(current_url)
    if not next_url:
        return None
    absolute = urljoin(current_url, next_url)
    if absolute in seen:
        raise ConnectorError(f"{source}: 'next' points back to an already fetched page: {absolute}")
    return absolute
