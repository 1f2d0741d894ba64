"""Pages from files already on disk, behind the same interface as the HTTP connectors.

Exported or previously landed pages (the demo generator's output, a support dump, a test
fixture) replay through exactly the code path that live pages take.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import orjson

from pipelines.ingest.connectors.base import (
    ConnectorError,
    MarketplaceClient,
    Page,
    TruncatedResponse,
    utc_window,
)


class FileMarketplaceClient(MarketplaceClient):
    """Yields every ``pattern`` file in ``folder`` as a page, in file-name order.

    The files are taken to be the export for the requested window: the window is only
    checked for sanity, not used to filter, just as Discogs pages are not filtered.
    """

    def __init__(
        self, source: str, folder: Path, *, pattern: str = "*.json", records_key: str = "orders"
    ) -> None:
        self.source = source
        self.folder = Path(folder)
        self.pattern = pattern
        self.records_key = records_key

    def fetch_pages(self, modified_from: datetime, modified_to: datetime) -> Iterator[Page]:
        utc_window(modified_from, modified_to)
        if not self.folder.is_dir():
            raise ConnectorError(f"{self.source}: page folder {self.folder} does not exist")
        for number, path in enumerate(self._page_files(), start=1):
            body = path.read_bytes()
            yield Page(number=number, body=body, records=self._count(body, path),
                       url=path.resolve().as_uri())

    def _page_files(self) -> list[Path]:
        # Dot and underscore files are temp files and manifests, never pages.
        return sorted(
            (p for p in self.folder.glob(self.pattern)
             if p.is_file() and not p.name.startswith((".", "_"))),
            key=lambda p: p.name,
        )

    def _count(self, body: bytes, path: Path) -> int:
        try:
            data = orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            raise TruncatedResponse(f"{self.source}: {path} is not valid JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise ConnectorError(f"{self.source}: {path} is not a JSON object")
        # An empty eBay result omits its list rather than sending [].
        records = data.get(self.records_key) or []
        if not isinstance(records, list):
            raise ConnectorError(f"{self.source}: {path} has no '{self.records_key}' list")
        return len(records)
