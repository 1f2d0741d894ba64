"""The one interface every marketplace connector implements, and the errors they raise.

Ingest assets only ever see ``MarketplaceClient.fetch_pages``: whether the pages come from
eBay, Discogs or files on disk is a constructor choice, so tests and the demo run the same
code path as production without a network.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime


class ConnectorError(Exception):
    """A marketplace could not be read; the message names the source and what went wrong."""


class AuthError(ConnectorError):
    """The marketplace rejected the credentials (401/403). Retrying cannot fix this."""


class TruncatedResponse(ConnectorError):
    """A response body was still not valid JSON after every retry."""


@dataclass(frozen=True)
class Page:
    """One response page, kept byte for byte so the landing zone can replay it exactly.

    ``records`` is how many orders the page holds, for the manifest and for logging; the
    page is parsed for real later, by the loader, from the landed bytes.
    """

    number: int
    body: bytes
    records: int
    url: str


class MarketplaceClient(ABC):
    """A source of order pages for one modification window."""

    source: str

    @abstractmethod
    def fetch_pages(self, modified_from: datetime, modified_to: datetime) -> Iterator[Page]:
        """Yield the pages covering orders modified between ``modified_from`` and ``modified_to``.

        Pages are numbered from 1 in the order they were fetched. A client may yield orders
        outside the window (Discogs cannot filter by modification time); the loader filters.
        """


def utc_window(modified_from: datetime, modified_to: datetime) -> tuple[datetime, datetime]:
    """Both bounds in UTC, refusing naive datetimes.

    A naive datetime would silently be read in the machine's zone and shift the window by
    hours, losing or duplicating orders at the partition edges.
    """
    for bound in (modified_from, modified_to):
        if bound.tzinfo is None or bound.utcoffset() is None:
            raise ValueError(f"window bounds must be timezone-aware, got naive {bound!r}")
    start, end = modified_from.astimezone(UTC), modified_to.astimezone(UTC)
    if start > end:
        raise ValueError(f"window starts after it ends: {start.isoformat()} > {end.isoformat()}")
    return start, end
