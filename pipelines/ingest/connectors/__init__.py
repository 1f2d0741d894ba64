"""Marketplace connectors: one ``MarketplaceClient`` interface, HTTP and file implementations.

``fetch_to_landing`` is the only way pages leave a connector: straight to the landing zone,
bytes unchanged, before anything parses them.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

from pipelines.ingest.connectors.base import (
    AuthError,
    ConnectorError,
    MarketplaceClient,
    Page,
    TruncatedResponse,
)
from pipelines.ingest.connectors.discogs import DiscogsOrdersClient
from pipelines.ingest.connectors.ebay import EbayOrdersClient
from pipelines.ingest.connectors.files import FileMarketplaceClient
from pipelines.ingest.connectors.http import RetryPolicy
from pipelines.ingest.landing import write_landing_file

__all__ = [
    "AuthError",
    "ConnectorError",
    "DiscogsOrdersClient",
    "EbayOrdersClient",
    "FileMarketplaceClient",
    "MarketplaceClient",
    "Page",
    "RetryPolicy",
    "TruncatedResponse",
    "fetch_to_landing",
    "page_file_name",
]

_PAGE_FILE_RE = re.compile(r"^page-(\d{5,})\.json$")


def page_file_name(number: int) -> str:
    return f"page-{number:05d}.json"


def fetch_to_landing(
    client: MarketplaceClient,
    landing_dir: Path,
    partition: date,
    modified_from: datetime,
    modified_to: datetime,
) -> int:
    """Land every page of the window as ``page-00001.json``, ... and return how many.

    Each page is on disk before the next is requested, so a failure half-way keeps what was
    already fetched. After a complete fetch, pages left over from an earlier, longer fetch
    of the same partition are removed: otherwise the loader would read them as current.
    """
    written = 0
    for written, page in enumerate(client.fetch_pages(modified_from, modified_to), start=1):
        write_landing_file(
            landing_dir, client.source, partition, page_file_name(written), page.body,
            records=page.records, fetched_at=datetime.now(UTC),
        )
    _remove_pages_after(Path(landing_dir) / client.source / partition.isoformat(), written)
    return written


def _remove_pages_after(folder: Path, last: int) -> None:
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        match = _PAGE_FILE_RE.match(path.name)
        if match and int(match.group(1)) > last:
            path.unlink()
