"""Write-audit-publish, the publish step: the marts file copied into a new snapshot, pointer switched atomically.

dbt builds the marts into a database file of their own (``marts_db.duckdb``, pipelines/warehouse.py),
so a snapshot is a byte copy of that file, checkpointed first, plus a ``snapshot_info`` table: the
cost of publishing is a file copy, not a rewrite and recompression of every table (15 s at 1M
orders, docs/benchmarks.md).

Readers only ever open the file named by ``serving/CURRENT``. A snapshot is built completely
under a temporary name, verified read-only against the marts' row counts, renamed into place,
and only then does the pointer move (write a temp file, ``os.replace``), so nobody can open a
half-written snapshot. Older snapshots are removed after a grace count; a reader that still has
one open keeps its inode until it lets go.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from pipelines.faults import stall_point
from pipelines.settings import Settings, sql

KEEP_SNAPSHOTS = 3
PUBLISHED_SCHEMAS = ("marts",)


@dataclass
class PublishResult:
    snapshot_id: str
    path: Path
    row_counts: dict[str, int]


def current_snapshot(settings: Settings) -> Path | None:
    try:
        name = settings.current_pointer.read_text().strip()
    except FileNotFoundError:
        return None
    return settings.serving_dir / name if name else None


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def publish(marts_path: Path, settings: Settings, run_id: str, required: set[str] = frozenset()) -> PublishResult:
    """Publish the marts file at ``marts_path`` as a new snapshot; ``required``: the tables
    (``marts.<name>``) it must hold, or nothing is published.

    The caller holds the warehouse lock and has no connection open on the file: it is
    checkpointed here (everything in its write-ahead log written into the file) before the copy."""
    settings.serving_dir.mkdir(parents=True, exist_ok=True)
    now = datetime.now(timezone.utc)
    snapshot_id = f"{now:%Y%m%dT%H%M%S%fZ}-{run_id[:8]}"
    final = settings.serving_dir / f"{snapshot_id}.duckdb"
    partial = settings.serving_dir / f".{snapshot_id}.duckdb.partial"
    partial.unlink(missing_ok=True)

    expected = _checkpoint_and_count(marts_path)
    missing = sorted(set(required) - set(expected))
    if missing:
        raise RuntimeError(f"{marts_path.name} lacks {', '.join(missing)}: a snapshot without them would "
                           "break the reader; build the marts first")
    _copy_file(marts_path, partial)
    stall_point("publish_copy")
    con = duckdb.connect(str(partial))
    try:
        con.execute(sql("publish_snapshot_info"), {
            "snapshot_id": snapshot_id, "run_id": run_id, "published_at": now.isoformat(),
            "home_currency": settings.home_currency, "timezone": settings.timezone})
    finally:
        con.close()  # checkpoints: the snapshot is one file, no write-ahead log beside it

    verify_snapshot(partial, expected)
    stall_point("publish_verified")
    os.replace(partial, final)
    _atomic_write(settings.current_pointer, final.name + "\n")
    _prune(settings, keep=final)
    return PublishResult(snapshot_id, final, expected)


def _checkpoint_and_count(marts_path: Path) -> dict[str, int]:
    """Checkpoint the marts file and count the rows of every published table in it."""
    if not marts_path.exists():
        raise RuntimeError(f"no marts to publish: {marts_path} does not exist (has dbt built the marts?)")
    con = duckdb.connect(str(marts_path))
    try:
        con.execute("force checkpoint")
        expected = {}
        for schema in PUBLISHED_SCHEMAS:
            for _, table in con.execute(sql("publish_list_tables"), {"schema": schema}).fetchall():
                expected[f"{schema}.{table}"] = con.execute(sql("count_rows").format(table=f"{schema}.{table}")).fetchone()[0]
    finally:
        con.close()
    if not expected:
        raise RuntimeError(f"no marts to publish: {marts_path} holds no tables in {', '.join(PUBLISHED_SCHEMAS)}")
    if Path(f"{marts_path}.wal").exists():
        raise RuntimeError(f"{marts_path}.wal is still there after a checkpoint: is another process writing the marts?")
    return expected


def _copy_file(source: Path, target: Path) -> None:
    """A durable byte copy: the data reaches the disk before the snapshot is renamed into place."""
    shutil.copyfile(source, target)
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())


def verify_snapshot(path: Path, expected: dict[str, int]) -> None:
    """Open the new file read-only, as a reader will, and compare every table's rows."""
    check = duckdb.connect(str(path), read_only=True)
    try:
        for name, rows in expected.items():
            got = check.execute(sql("count_rows").format(table=name)).fetchone()[0]
            if got != rows:
                raise RuntimeError(f"snapshot {path.name}: {name} has {got} rows, the warehouse has {rows}")
    finally:
        check.close()


def open_elsewhere(paths: list[Path]) -> set[Path]:
    """The files among ``paths`` some process on this machine has open (from /proc/*/fd)."""
    wanted = {os.path.realpath(p): p for p in paths}
    held: set[Path] = set()
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        try:
            for fd in fd_dir.iterdir():
                target = os.readlink(fd)
                if target in wanted:
                    held.add(wanted[target])
        except OSError:
            continue  # the process ended, or is not ours to look at
    return held


def _prune(settings: Settings, keep: Path) -> None:
    """Keep the newest snapshots; an older one is removed only once no reader holds it open
    (an analyst's long session keeps its file until a later publish finds it released)."""
    snapshots = sorted(settings.serving_dir.glob("*.duckdb"))
    old = [p for p in snapshots[:-KEEP_SNAPSHOTS] if p != keep]
    held = open_elsewhere(old) if old else set()
    for path in old:
        if path not in held:
            path.unlink(missing_ok=True)
            Path(f"{path}.wal").unlink(missing_ok=True)
    for stale in settings.serving_dir.glob(".*.partial*"):
        stale.unlink(missing_ok=True)


def record_publish(settings: Settings, result: PublishResult, run_id: str) -> None:
    line = json.dumps({"snapshot_id": result.snapshot_id, "run_id": run_id, "file": result.path.name,
                       "published_at": datetime.now(timezone.utc).isoformat(), "row_counts": result.row_counts})
    with open(settings.serving_dir / "publish_log.jsonl", "a") as handle:
        handle.write(line + "\n")
