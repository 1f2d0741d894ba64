"""Write-audit-publish, the publish step: marts into a new snapshot file, pointer switched atomically.

Readers only ever open the file named by ``serving/CURRENT``. A snapshot is built completely
under a temporary name, verified read-only against the warehouse's row counts, renamed into
place, and only then does the pointer move (write a temp file, ``os.replace``), so nobody can
open a half-written snapshot. Older snapshots are removed after a grace count; a reader that
still has one open keeps its inode until it lets go.
"""

from __future__ import annotations

import json
import os
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


def publish(con: duckdb.DuckDBPyConnection, settings: Settings, run_id: str) -> PublishResult:
    """Copy the published schemas from the open warehouse connection into a new snapshot."""
    settings.serving_dir.mkdir(parents=True, exist_ok=True)
    now = datetime.now(timezone.utc)
    snapshot_id = f"{now:%Y%m%dT%H%M%S%fZ}-{run_id[:8]}"
    final = settings.serving_dir / f"{snapshot_id}.duckdb"
    partial = settings.serving_dir / f".{snapshot_id}.duckdb.partial"
    partial.unlink(missing_ok=True)

    expected: dict[str, int] = {}
    con.execute(f"attach '{partial}' as snapshot")
    try:
        for schema in PUBLISHED_SCHEMAS:
            con.execute(f"create schema snapshot.{schema}")
            for _, table in con.execute(sql("publish_list_tables"), {"schema": schema}).fetchall():
                con.execute(sql("publish_copy_table").format(schema=schema, table=table))
                expected[f"{schema}.{table}"] = con.execute(sql("count_rows").format(table=f"{schema}.{table}")).fetchone()[0]
                stall_point("publish_copy")
        con.execute(sql("publish_snapshot_info"), {
            "snapshot_id": snapshot_id, "run_id": run_id, "published_at": now.isoformat(),
            "home_currency": settings.home_currency, "timezone": settings.timezone})
    finally:
        con.execute("detach snapshot")

    verify_snapshot(partial, expected)
    stall_point("publish_verified")
    os.replace(partial, final)
    _atomic_write(settings.current_pointer, final.name + "\n")
    _prune(settings, keep=final)
    return PublishResult(snapshot_id, final, expected)


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
