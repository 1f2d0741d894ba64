"""The landing zone: raw bytes on disk before anything parses them.

Every fetched page or catalog file is written here first, unchanged, so a load can be
replayed or debugged from exactly what the source sent. Files appear atomically (a reader
never sees half a page) and each write is recorded in a per-source manifest with its hash.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import re
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import BinaryIO

import orjson

log = logging.getLogger(__name__)

MANIFEST_NAME = "_manifest.jsonl"
_PARTITION_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Leading dots and underscores are reserved for temp files and the manifest.
_SAFE_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def write_landing_file(
    landing_dir: Path,
    source: str,
    partition: date,
    name: str,
    data: bytes,
    *,
    records: int | None,
    fetched_at: datetime,
) -> Path:
    """Write ``landing/<source>/<YYYY-MM-DD>/<name>`` atomically and record it in the manifest.

    A re-fetch of the same partition replaces the file; the manifest keeps every write.
    """
    landing_dir = Path(landing_dir)
    _check_name("source", source)
    _check_name("file name", name)
    fetched_utc = _as_utc(fetched_at)
    folder = landing_dir / source / partition.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    _atomic_write(target, data)
    _append_manifest(landing_dir, source, {
        "path": target.relative_to(landing_dir).as_posix(),
        "partition": partition.isoformat(),
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
        "records": records,
        "fetched_at": fetched_utc.isoformat().replace("+00:00", "Z"),
    })
    return target


def read_manifest(landing_dir: Path, source: str) -> list[dict]:
    """Every manifest entry for ``source``, oldest first; empty if nothing was written yet."""
    path = manifest_path(landing_dir, source)
    if not path.exists():
        return []
    entries = []
    for number, line in enumerate(path.read_bytes().splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entries.append(orjson.loads(line))
        except orjson.JSONDecodeError:
            # Only a crash mid-append produces this; the file it described is still on disk.
            log.warning("skipping torn line %d in %s", number, path)
    return entries


def list_partitions(landing_dir: Path, source: str) -> list[date]:
    """The partition dates that have a folder under ``landing/<source>/``, ascending."""
    folder = Path(landing_dir) / source
    if not folder.is_dir():
        return []
    return sorted(
        date.fromisoformat(child.name)
        for child in folder.iterdir()
        if child.is_dir() and _PARTITION_RE.match(child.name) and _is_date(child.name)
    )


def manifest_path(landing_dir: Path, source: str) -> Path:
    return Path(landing_dir) / source / MANIFEST_NAME


def _atomic_write(target: Path, data: bytes) -> None:
    """Temp file in the same folder, fsync, rename: readers see the old file or the new one.

    The temp file must share the target's file system for ``os.replace`` to be atomic, and
    the folder is fsynced so the rename itself survives a power cut.
    """
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        # mkstemp creates 0600; landed files are read by analysts and other tools too.
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


def _append_manifest(landing_dir: Path, source: str, entry: dict) -> None:
    """Append one line under an exclusive lock so concurrent writers never interleave."""
    line = orjson.dumps(entry) + b"\n"
    with open(manifest_path(landing_dir, source), "a+b") as manifest:
        fcntl.flock(manifest.fileno(), fcntl.LOCK_EX)
        try:
            if _ends_torn(manifest):
                # Start on a fresh line so one crashed append cannot corrupt the next entry.
                line = b"\n" + line
            manifest.write(line)
            manifest.flush()
            os.fsync(manifest.fileno())
        finally:
            fcntl.flock(manifest.fileno(), fcntl.LOCK_UN)


def _ends_torn(manifest: BinaryIO) -> bool:
    size = os.fstat(manifest.fileno()).st_size
    if size == 0:
        return False
    return os.pread(manifest.fileno(), 1, size - 1) != b"\n"


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _check_name(what: str, value: str) -> None:
    """Names become path components: no separators, no ``..``, no reserved prefixes."""
    if not _SAFE_NAME_RE.match(value) or ".." in value:
        raise ValueError(f"invalid landing {what}: {value!r}")


def _as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"fetched_at must be timezone-aware, got naive {moment!r}")
    return moment.astimezone(UTC)


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
