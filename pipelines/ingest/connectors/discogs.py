"""Discogs Marketplace ``GET /marketplace/orders``: newest activity first, stop when past the window.

Discogs can filter orders by creation time only, not by last activity, so an order created
long ago and shipped today would be missed by a ``created_after`` filter. Instead we sort by
``last_activity`` descending and page until a page reaches back before ``modified_from``.
Every fetched page is yielded whole; the loader keeps the orders inside the window.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime

import httpx

from pipelines.ingest.connectors.base import ConnectorError, MarketplaceClient, Page, utc_window
from pipelines.ingest.connectors.http import (
    JsonResponse,
    RetryPolicy,
    Sleep,
    follow_next,
    get_json,
    http_session,
)

ORDERS_PATH = "/marketplace/orders"
DEFAULT_USER_AGENT = "pipelines-seller-analytics/0.1"


class DiscogsOrdersClient(MarketplaceClient):
    """Reads a seller's Discogs orders with a personal access token."""

    source = "discogs"

    def __init__(
        self,
        base_url: str,
        token: str,
        page_size: int = 100,
        *,
        user_agent: str = DEFAULT_USER_AGENT,
        ratelimit_floor: int = 1,
        retry: RetryPolicy = RetryPolicy(),
        sleep: Sleep = time.sleep,
        timeout: float = 30.0,
        http_client: httpx.Client | None = None,
    ) -> None:
        """``ratelimit_floor``: pause before the next request when fewer than this many
        requests remain in Discogs' moving one-minute window."""
        if not 1 <= page_size <= 100:
            raise ValueError(f"Discogs page_size must be 1..100 (the API's limit), got {page_size}")
        self.base_url = base_url.rstrip("/")
        self.page_size = page_size
        self.user_agent = user_agent
        self.ratelimit_floor = ratelimit_floor
        self.retry = retry
        self.sleep = sleep
        self.timeout = timeout
        self._token = token
        self._http_client = http_client

    def fetch_pages(self, modified_from: datetime, modified_to: datetime) -> Iterator[Page]:
        start, _ = utc_window(modified_from, modified_to)
        url: str | None = self.base_url + ORDERS_PATH
        params: dict[str, str | int] | None = {
            "sort": "last_activity",
            "sort_order": "desc",
            "per_page": self.page_size,
            "page": 1,
        }
        headers = {
            "Authorization": f"Discogs token={self._token}",
            "User-Agent": self.user_agent,
            "Accept": "application/json",
        }
        seen: set[str] = set()
        number = 0
        pause = 0.0
        with http_session(self._http_client, self.timeout) as client:
            while url is not None:
                if pause:
                    self.sleep(pause)
                response = get_json(client, url, source=self.source, params=params,
                                    headers=headers, policy=self.retry, sleep=self.sleep)
                number += 1
                orders = _orders(response.data, response.url)
                yield Page(number=number, body=response.body, records=len(orders),
                           url=response.url)
                url = self._next_url(response, orders, start, seen)
                params = None  # ``urls.next`` already carries the whole query
                pause = throttle_delay(response.headers, self.ratelimit_floor)

    def _next_url(
        self, response: JsonResponse, orders: list, modified_from: datetime, seen: set[str]
    ) -> str | None:
        """Where to go next, or None once this page reaches back before the window."""
        if not orders:
            return None
        oldest = _oldest_activity(orders)
        if oldest is not None and oldest < modified_from:
            return None
        pagination = response.data.get("pagination") or {}
        next_url = (pagination.get("urls") or {}).get("next")
        return follow_next(self.source, response.url, next_url, seen)


def throttle_delay(headers: httpx.Headers, floor: int) -> float:
    """Seconds to wait before the next request, from Discogs' rate-limit headers.

    Discogs counts requests in a moving 60-second window (``X-Discogs-Ratelimit`` per
    minute); once nearly spent, waiting ``60 / limit`` frees about one request's worth.
    """
    remaining = _int_header(headers, "X-Discogs-Ratelimit-Remaining")
    if remaining is None or remaining >= floor:
        return 0.0
    limit = _int_header(headers, "X-Discogs-Ratelimit") or 60
    return 60.0 / max(limit, 1)


def _int_header(headers: httpx.Headers, name: str) -> int | None:
    try:
        return int(headers[name])
    except (KeyError, ValueError):
        return None


def _orders(data: object, url: str) -> list:
    if not isinstance(data, dict) or not isinstance(data.get("orders", []), list):
        raise ConnectorError(f"discogs: page from {url} is not an orders page")
    return data.get("orders", [])


def _oldest_activity(orders: list) -> datetime | None:
    """The earliest ``last_activity`` on the page (offsets like ``-08:00`` are kept)."""
    moments = []
    for order in orders:
        value = order.get("last_activity") if isinstance(order, dict) else None
        try:
            moment = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            moment = None
        # A timestamp without an offset cannot be ordered against the window; skip it.
        if moment is not None and moment.tzinfo is not None:
            moments.append(moment)
    return min(moments, default=None)
