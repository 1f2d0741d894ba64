"""eBay Sell Fulfillment ``getOrders``: orders modified in a window, page by page.

eBay filters by ``lastmodifieddate`` server side and hands back an absolute ``next`` URL, so
paging is "follow ``next`` until it is gone"; the query we build is only for the first page.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx

from pipelines.ingest.connectors.base import ConnectorError, MarketplaceClient, Page, utc_window
from pipelines.ingest.connectors.http import (
    RetryPolicy,
    Sleep,
    follow_next,
    get_json,
    http_session,
)

ORDERS_PATH = "/sell/fulfillment/v1/order"


class EbayOrdersClient(MarketplaceClient):
    """Reads ``GET {base_url}/sell/fulfillment/v1/order`` with an OAuth user access token."""

    source = "ebay"

    def __init__(
        self,
        base_url: str,
        token: str,
        page_size: int = 200,
        *,
        retry: RetryPolicy = RetryPolicy(),
        sleep: Sleep = time.sleep,
        timeout: float = 30.0,
        http_client: httpx.Client | None = None,
    ) -> None:
        if not 1 <= page_size <= 200:
            raise ValueError(f"eBay page_size must be 1..200 (the API's limit), got {page_size}")
        self.base_url = base_url.rstrip("/")
        self.page_size = page_size
        self.retry = retry
        self.sleep = sleep
        self.timeout = timeout
        self._token = token
        self._http_client = http_client

    def fetch_pages(self, modified_from: datetime, modified_to: datetime) -> Iterator[Page]:
        start, end = utc_window(modified_from, modified_to)
        url: str | None = self.base_url + ORDERS_PATH
        params: dict[str, str | int] | None = {
            "filter": lastmodified_filter(start, end),
            "limit": self.page_size,
            "offset": 0,
        }
        headers = {"Authorization": f"Bearer {self._token}", "Accept": "application/json"}
        seen: set[str] = set()
        number = 0
        with http_session(self._http_client, self.timeout) as client:
            while url is not None:
                response = get_json(client, url, source=self.source, params=params,
                                    headers=headers, policy=self.retry, sleep=self.sleep)
                number += 1
                orders = _orders(response.data, response.url)
                yield Page(number=number, body=response.body, records=len(orders),
                           url=response.url)
                url = follow_next(self.source, response.url, response.data.get("next"), seen)
                params = None  # ``next`` already carries the whole query


def ebay_timestamp(moment: datetime) -> str:
    """eBay's date format: UTC, milliseconds, ``Z`` (``2026-02-14T00:00:00.000Z``)."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def lastmodified_filter(modified_from: datetime, modified_to: datetime) -> str:
    return f"lastmodifieddate:[{ebay_timestamp(modified_from)}..{ebay_timestamp(modified_to)}]"


def _orders(data: object, url: str) -> list:
    if not isinstance(data, dict):
        raise ConnectorError(f"ebay: page from {url} is not a JSON object")
    # eBay omits ``orders`` on an empty result rather than sending [].
    orders = data.get("orders") or []
    if not isinstance(orders, list):
        raise ConnectorError(f"ebay: page from {url} has a non-list 'orders'")
    return orders
