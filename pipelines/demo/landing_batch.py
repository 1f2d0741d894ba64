"""Landing many files at once, with the landing zone's guarantees and a fraction of its flushes.

:func:`pipelines.ingest.landing.write_landing_file` flushes the disk three times per file (the
file, its folder, the manifest). That is right for a connector landing a page now and then; for
the generator writing ten thousand pages per million orders it cost more than making the orders.
A :class:`LandingBatch` gives the same guarantees per batch instead of per file:

- each file is written beside its target under a temp name (a leading dot, which every reader
  of the landing zone skips) and renamed into place, so a reader sees a whole file or none;
- the data is on disk before any rename (one ``syncfs`` per batch on Linux, else an ``fsync``
  per file), and each folder is fsynced after its renames;
- the batch's manifest lines are appended per source in one locked write, the same lines and
  the same lock protocol as ``write_landing_file`` (so ``read_manifest`` and the load
  accounting check read them like any other).

Large files (the catalog export) are streamed into a :class:`StreamedFile` and join the batch
when complete, so nothing holds a whole file in memory.
"""

from __future__ import annotations

import ctypes
import fcntl
import hashlib
import os
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import orjson

from pipelines.ingest.landing import manifest_path

_TEMP_SUFFIX = ".tmp"
# The landing zone's rule: names become path components; leading dots and underscores are
# reserved for temp files and the manifest.
_SAFE_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _load_syncfs():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.syncfs
    except (OSError, AttributeError):
        return None


_SYNCFS = _load_syncfs()


@dataclass
class _Pending:
    source: str
    temp: Path
    target: Path
    entry: dict


class StreamedFile:
    """A landing file written piece by piece into a temp file, hashed as it goes."""

    def __init__(self, temp: Path):
        self.temp = temp
        self._file = open(temp, "wb", buffering=1 << 20)
        self._sha = hashlib.sha256()
        self.bytes = 0

    def write(self, data: bytes) -> None:
        self._sha.update(data)
        self._file.write(data)
        self.bytes += len(data)

    def close(self) -> str:
        self._file.close()
        return self._sha.hexdigest()

    def discard(self) -> None:
        if not self._file.closed:
            self._file.close()
        self.temp.unlink(missing_ok=True)


class LandingBatch:
    """Files staged under temp names, landed together by :meth:`commit`."""

    def __init__(self, landing_dir: Path, fetched_at: datetime):
        if fetched_at.tzinfo is None or fetched_at.utcoffset() is None:
            raise ValueError(f"fetched_at must be timezone-aware, got naive {fetched_at!r}")
        self.landing_dir = Path(landing_dir)
        self.fetched_at = fetched_at.astimezone(UTC).isoformat().replace("+00:00", "Z")
        self.pending: list[_Pending] = []
        self.pending_bytes = 0
        self._folders: set[Path] = set()
        self._created: list[Path] = []

    def _target(self, source: str, partition: date, name: str) -> Path:
        for what, value in (("source", source), ("file name", name)):
            if not _SAFE_NAME_RE.match(value) or ".." in value:
                raise ValueError(f"invalid landing {what}: {value!r}")
        folder = self.landing_dir / source / partition.isoformat()
        if folder not in self._folders:
            try:
                folder.mkdir(parents=True)
                self._created.append(folder)
            except FileExistsError:
                pass
            self._folders.add(folder)
        return folder / name

    @staticmethod
    def _temp_for(target: Path) -> Path:
        return target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}{_TEMP_SUFFIX}")

    def _stage(self, source: str, partition: date, temp: Path, target: Path, sha256: str, size: int,
               records: int | None) -> None:
        os.chmod(temp, 0o644)  # landed files are read by analysts and other tools too
        self.pending.append(_Pending(source, temp, target, {
            "path": target.relative_to(self.landing_dir).as_posix(),
            "partition": partition.isoformat(),
            "sha256": sha256,
            "bytes": size,
            "records": records,
            "fetched_at": self.fetched_at,
        }))
        self.pending_bytes += size

    def add(self, source: str, partition: date, name: str, data: bytes, *, records: int | None) -> Path:
        """Stage ``landing/<source>/<partition>/<name>`` with these bytes; it lands at the next commit."""
        target = self._target(source, partition, name)
        temp = self._temp_for(target)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        self._stage(source, partition, temp, target, hashlib.sha256(data).hexdigest(), len(data), records)
        return target

    def open_stream(self, source: str, partition: date, name: str) -> StreamedFile:
        """A temp file beside the target, for a file too big to hold; finish it with :meth:`add_stream`."""
        return StreamedFile(self._temp_for(self._target(source, partition, name)))

    def add_stream(self, source: str, partition: date, name: str, stream: StreamedFile, *,
                   records: int | None) -> Path:
        target = self._target(source, partition, name)
        sha256 = stream.close()
        self._stage(source, partition, stream.temp, target, sha256, stream.bytes, records)
        return target

    def commit(self) -> None:
        """Make every staged file durable, rename it into place, record it in its source's manifest."""
        if not self.pending:
            return
        try:
            _sync_data([p.temp for p in self.pending], self.landing_dir)
            for p in self.pending:
                os.replace(p.temp, p.target)
        except BaseException:
            self.discard()
            raise
        _sync_folders(sorted({p.target.parent for p in self.pending}), self.landing_dir)
        by_source: dict[str, list[bytes]] = {}
        for p in self.pending:
            by_source.setdefault(p.source, []).append(orjson.dumps(p.entry) + b"\n")
        for source, lines in by_source.items():
            _append_manifest_lines(manifest_path(self.landing_dir, source), lines)
        self.pending.clear()
        self.pending_bytes = 0

    def discard(self) -> None:
        """Remove the staged temp files that were not landed, and the folders made for them alone."""
        for p in self.pending:
            p.temp.unlink(missing_ok=True)
        self.pending.clear()
        self.pending_bytes = 0
        for folder in reversed(self._created):
            try:
                folder.rmdir()  # only if nothing landed in it
            except OSError:
                continue
            self._folders.discard(folder)
        self._created = [f for f in self._created if f.exists()]


def _sync_data(paths: list[Path], anywhere_on_fs: Path) -> None:
    if _SYNCFS is not None:
        fd = os.open(anywhere_on_fs, os.O_RDONLY)
        try:
            if _SYNCFS(fd) == 0:
                return
        finally:
            os.close(fd)
    # No syncfs: fsync each file; concurrent fsyncs share journal commits.
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(_fsync_path, paths))


def _sync_folders(folders: list[Path], anywhere_on_fs: Path) -> None:
    """Make the renames durable: one ``syncfs`` (it covers every folder), else an fsync per folder."""
    if _SYNCFS is not None:
        fd = os.open(anywhere_on_fs, os.O_RDONLY)
        try:
            if _SYNCFS(fd) == 0:
                return
        finally:
            os.close(fd)
    for folder in folders:
        _fsync_path(folder)


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _append_manifest_lines(path: Path, lines: list[bytes]) -> None:
    """Append under an exclusive lock, on a fresh line if a crashed append left a torn one
    (the protocol of ``pipelines.ingest.landing``, so concurrent writers never interleave)."""
    data = b"".join(lines)
    with open(path, "a+b") as manifest:
        fcntl.flock(manifest.fileno(), fcntl.LOCK_EX)
        try:
            size = os.fstat(manifest.fileno()).st_size
            if size and os.pread(manifest.fileno(), 1, size - 1) != b"\n":
                data = b"\n" + data
            manifest.write(data)
            manifest.flush()
            os.fsync(manifest.fileno())
        finally:
            fcntl.flock(manifest.fileno(), fcntl.LOCK_UN)
