"""The inbox: a folder where a seller (or a sync job) drops export files to be ingested.

``inbox/<source>/<file>`` is admitted into ``landing/<source>/<day>/`` through the landing
writer (atomic, with a manifest line), then removed from the inbox. Files still being written
(modified in the last few seconds) wait for the next look.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from pipelines.ingest.landing import write_landing_file

ADMITTED = {
    "ebay": (".json",),
    "discogs": (".json",),
    "catalog": (".csv", ".parquet", ".json"),
    "fx": (".csv",),
}
SETTLE_SECONDS = 5.0


@dataclass(frozen=True)
class Admitted:
    source: str
    day: date
    path: Path


def _landing_name(source: str, path: Path, now: datetime) -> str:
    # Marketplace pages keep the page- prefix the loader reads, stamped so two drops never collide;
    # catalog and FX files keep their names (inventory_items.csv, listings.csv, eurofxref-hist.csv).
    if source in ("ebay", "discogs"):
        return f"page-{now:%H%M%S%f}-{path.stem}.json"
    return path.name


def admit_inbox_files(inbox_dir: Path, landing_dir: Path, now: datetime | None = None,
                      settle_seconds: float = SETTLE_SECONDS) -> list[Admitted]:
    now = now or datetime.now(timezone.utc)
    admitted = []
    for source, suffixes in ADMITTED.items():
        folder = inbox_dir / source
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if not path.is_file() or path.name.startswith(".") or path.suffix not in suffixes:
                continue
            if time.time() - path.stat().st_mtime < settle_seconds:
                continue
            data = path.read_bytes()
            target = write_landing_file(landing_dir, source, now.date(), _landing_name(source, path, now), data,
                                        records=None, fetched_at=now)
            path.unlink()
            admitted.append(Admitted(source, now.date(), target))
    return admitted
