"""Bulk loads from the landing zone into ``raw.*``, set-based over a window of days, exactly once.

A marketplace load reads all the pages of a window of days in one statement (the partition is
the page's folder), validates them in one query, and in one transaction deletes the window's
partitions and inserts the new rows, so re-running a window (or running it after a killed run)
replaces exactly its own partitions. Long windows go in chunks of days (a month by default):
one transaction per chunk keeps memory bounded and commits few times. Records that cannot be
loaded go to ``raw.quarantine`` with the reason; the good records of the same page still load.
DuckDB reads the pages itself: nothing is inserted row by row.

A window of several chunks is loaded by two workers, each on its own cursor of the warehouse, one
chunk each at a time: DuckDB runs each of a load's statements (read_text, the JSON extraction, the
commit's compression, the address parser's Python UDF) on one core, so one chunk at a time left
the second core idle through most of a long load (docs/benchmarks.md, item 23). Each chunk is still
its own transaction over its own partitions, so a failed chunk leaves its partitions as they were
and a re-run replaces exactly them, as before.

Catalog and FX exports are whole files that rarely change: a partition is loaded again only
when its files' fingerprint (names, sizes, modification times, the loader's SQL) differs from
the last load's, recorded in ``raw.load_log``.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa

from pipelines.faults import stall_point
from pipelines.ingest.addresses import parse_address, parsed_to_json
from pipelines.settings import sql

CURRENCIES_FILE = Path(__file__).parent / "reference" / "iso4217_currencies.csv"
MARKETPLACE_SOURCES = ("ebay", "discogs")
CATALOG_ENTITIES = ("inventory_items", "listings")
CATALOG_READERS = {".csv": "read_csv($file, all_varchar = true)", ".parquet": "read_parquet($file)",
                   ".json": "read_json($file)"}
RAW_TABLES = {"ebay": "raw.ebay_orders", "discogs": "raw.discogs_orders",
              "catalog_inventory_items": "raw.catalog_inventory_items",
              "catalog_listings": "raw.catalog_listings", "fx": "raw.fx_rates"}
# Days per transaction of a marketplace load: a month of pages at 1M orders a year is ~130 MB of
# JSON text staged twice (pages, checked records), and 12 commits a year instead of 364.
DAYS_PER_LOAD = 31
# Chunks of a window loaded at once, each by its own thread and cursor: one per core of the machine
# this is sized for. More would only add staged months to memory.
LOAD_WORKERS = 2
# The statements whose text is part of a file-set load's fingerprint: new rules reload the files.
_FILE_SET_SQL = {"catalog": ("stage_catalog_file", "check_catalog_inventory_items", "check_catalog_listings",
                             "insert_raw_catalog_inventory_items", "insert_raw_catalog_listings",
                             "insert_catalog_quarantine"),
                 "fx": ("insert_raw_fx_rates",)}
_FILE_SET_TABLES = {"catalog": ("raw.catalog_inventory_items", "raw.catalog_listings"), "fx": ("raw.fx_rates",)}


class UnreadableFile(RuntimeError):
    """A landing file that cannot be read at all: the load fails, naming the file."""


@dataclass
class LoadResult:
    source: str
    partition_date: date
    files: int = 0
    input_records: int = 0
    loaded: int = 0
    quarantined: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    # File-set sources: partitions whose files had not changed since their last load.
    unchanged: int = 0

    def add(self, other: "LoadResult") -> None:
        self.files += other.files
        self.input_records += other.input_records
        self.loaded += other.loaded
        self.quarantined += other.quarantined
        self.unchanged += other.unchanged
        for k, v in other.reasons.items():
            self.reasons[k] = self.reasons.get(k, 0) + v

    def count(self, reason: str | None, n: int) -> None:
        self.input_records += n
        if reason:
            self.quarantined += n
            key = reason.split(" ")[0] if reason.startswith("unknown") else reason
            self.reasons[key] = self.reasons.get(key, 0) + n
        else:
            self.loaded += n


Progress = Callable[[int, int, LoadResult], None]


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(sql("raw_ddl"))


def _parse_address_batch(texts: pa.Array) -> pa.Array:
    """The address parser over one vector of rows: each distinct address is parsed once."""
    parsed: dict[str, str] = {}
    out = []
    for text in texts.to_pylist():
        if text is None:
            out.append(None)
            continue
        value = parsed.get(text)
        if value is None:
            value = parsed[text] = parsed_to_json(parse_address(text))
        out.append(value)
    return pa.array(out, type=pa.string())


def _register_udfs(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.create_function("parse_address_json", _parse_address_batch, ["VARCHAR"], "VARCHAR", type="arrow",
                            null_handling="special", side_effects=False)
    except (duckdb.CatalogException, duckdb.NotImplementedException):
        pass  # registered earlier on this connection


def partition_files(landing_dir: Path, source: str, partition: date) -> list[Path]:
    folder = landing_dir / source / partition.isoformat()
    # Everything but temp files and the manifest: a landing entry that is not a readable file
    # must fail the load, not vanish from it.
    return sorted(p for p in folder.glob("*") if not p.name.startswith((".", "_")))


def _first_error(exc: duckdb.Error) -> str:
    return str(exc).splitlines()[0][:300]


def _split_pages(con: duckdb.DuckDBPyConnection, files: list[Path]) -> tuple[list[str], list[tuple[Path, str]]]:
    """The pages DuckDB can parse, and the others with the parser's error (probed one by one)."""
    good, bad = [], []
    for path in files:
        try:
            con.execute(sql("probe_page"), {"file": str(path)}).fetchall()
            good.append(str(path))
        except duckdb.IOException as exc:
            raise UnreadableFile(f"cannot read landing file {path}: {exc}") from exc
        except duckdb.Error as exc:
            bad.append((path, _first_error(exc)))
    return good, bad


def _stage_pages(con: duckdb.DuckDBPyConnection, files: list[Path]) -> list[tuple[Path, str]]:
    """Stage every record of ``files`` into ``page_records``; the pages that are not JSON, with the error.

    One read for all the files; only when it fails are the files probed one by one.
    """
    for path in files:
        if not path.is_file():
            raise UnreadableFile(f"cannot read landing file {path}: not a regular file")
    pages, bad = [str(p) for p in files], []
    try:
        con.execute(sql("stage_marketplace_pages"), {"files": pages})
    except duckdb.Error:
        pages, bad = _split_pages(con, files)
        # An empty window still stages (an empty table), so the checks downstream run unchanged.
        con.execute(sql("stage_marketplace_pages"), {"files": pages})
    return bad


def _quarantine_files(con: duckdb.DuckDBPyConnection, bad: list[tuple[Path, str]],
                      results: dict[date, LoadResult], params: dict) -> None:
    """A page that is not JSON is kept whole in quarantine, with the parser's error."""
    label = "file is not a JSON response page"
    for path, error in bad:
        day = date.fromisoformat(path.parent.name)
        try:
            text = path.read_bytes()[:100_000].decode("utf-8", "replace")
        except OSError as exc:
            raise UnreadableFile(f"cannot read landing file {path}: {exc}") from exc
        con.execute(sql("insert_quarantine_file"), {**params, "partition_date": day, "source_file": str(path),
                                                    "reason": f"{label}: {error}", "record": text})
        results[day].count(label, 1)


def _chunks(days: Sequence[date], size: int) -> Iterable[list[date]]:
    ordered = sorted(set(days))
    for i in range(0, len(ordered), size):
        yield ordered[i:i + size]


def load_marketplace_window(con: duckdb.DuckDBPyConnection, landing_dir: Path, source: str,
                            days: Sequence[date], run_id: str, *, days_per_load: int = DAYS_PER_LOAD,
                            workers: int = LOAD_WORKERS, progress: Progress | None = None) -> LoadResult:
    """Replace the loads of ``days`` of eBay or Discogs order pages, a chunk of days per transaction.

    Chunks are started in day order, ``workers`` at a time, and reported in day order. A failed
    chunk fails the window: no further chunk starts, the ones already running finish (each commits
    or rolls back its own partitions), and the first error is raised.
    """
    if source not in MARKETPLACE_SOURCES:
        raise ValueError(f"unknown marketplace source {source!r}")
    total = LoadResult(source, min(days) if days else date.min)
    chunks = list(_chunks(days, days_per_load))
    of, done = len(set(days)), 0

    def finished(chunk: list[date], result: LoadResult) -> None:
        nonlocal done
        total.add(result)
        done += len(chunk)
        if progress:
            progress(done, of, total)

    if workers <= 1 or len(chunks) <= 1:
        for chunk in chunks:
            finished(chunk, _load_marketplace_chunk(con, landing_dir, source, chunk, run_id,
                                                    datetime.now(timezone.utc)))
        con.execute(sql("drop_load_staging"))
    else:
        _load_chunks_in_parallel(con, landing_dir, source, chunks, run_id, workers, finished)
    return total


def _load_chunks_in_parallel(con: duckdb.DuckDBPyConnection, landing_dir: Path, source: str,
                             chunks: list[list[date]], run_id: str, workers: int,
                             finished: Callable[[list[date], LoadResult], None]) -> None:
    """Load ``chunks`` with ``workers`` threads, each on a cursor of its own (a cursor is a DuckDB
    connection of its own: its own transaction and temp tables, the same database and settings).

    A chunk is submitted only when a worker is free, and its load time is taken then, so load
    times still increase with the days, as in a load one chunk at a time.
    """
    cursors: list[duckdb.DuckDBPyConnection] = []
    idle: deque[duckdb.DuckDBPyConnection] = deque()
    running: deque[tuple[list[date], duckdb.DuckDBPyConnection, Future]] = deque()
    error: BaseException | None = None

    def collect() -> None:
        nonlocal error
        chunk, cursor, future = running.popleft()
        idle.append(cursor)
        try:
            result = future.result()
        except BaseException as exc:  # noqa: BLE001 - re-raised below, once the running chunks have ended
            error = error or exc
            return
        if error is None:
            finished(chunk, result)

    try:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"load-{source}") as pool:
            for chunk in chunks:
                if len(running) >= workers:
                    collect()
                if error is not None:
                    break
                if not idle:
                    cursors.append(con.cursor())
                    idle.append(cursors[-1])
                cursor = idle.popleft()
                running.append((chunk, cursor, pool.submit(_load_marketplace_chunk, cursor, landing_dir, source,
                                                           chunk, run_id, datetime.now(timezone.utc))))
            while running:
                collect()
    finally:
        for cursor in cursors:
            cursor.close()  # its staging temp tables go with it
    if error is not None:
        raise error


def load_marketplace_partition(con: duckdb.DuckDBPyConnection, landing_dir: Path, source: str,
                               partition: date, run_id: str) -> LoadResult:
    """Replace one day's load of eBay or Discogs order pages."""
    return load_marketplace_window(con, landing_dir, source, [partition], run_id)


def _load_marketplace_chunk(con: duckdb.DuckDBPyConnection, landing_dir: Path, source: str, days: list[date],
                            run_id: str, loaded_at: datetime) -> LoadResult:
    files_by_day = {day: partition_files(landing_dir, source, day) for day in days}
    results = {day: LoadResult(source, day, files=len(files)) for day, files in files_by_day.items()}
    _register_udfs(con)
    params = {"run_id": run_id, "loaded_at": loaded_at}
    window = {"partition_dates": days, "first": days[0], "last": days[-1]}
    # Stage and check before the transaction: a parse error inside one would abort it.
    bad = _stage_pages(con, [p for files in files_by_day.values() for p in files])
    con.execute(sql(f"check_{source}_orders"), {"currencies_file": str(CURRENCIES_FILE)})
    for day, reason, n in con.execute(sql("count_checked_records")).fetchall():
        results[day].count(reason, n)
    con.execute("begin transaction")
    try:
        con.execute(sql("delete_raw_window").format(table=RAW_TABLES[source]), window)
        con.execute(sql("delete_quarantine_window"), {"source": source, **window})
        _quarantine_files(con, bad, results, {**params, "source": source})
        con.execute(sql(f"insert_raw_{source}_orders"), params)
        stall_point(f"load_{source}")
        con.execute(sql("insert_quarantine"), {**params, "source": source})
        _log(con, list(results.values()), run_id, loaded_at)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    total = LoadResult(source, days[0])
    for result in results.values():
        total.add(result)
    return total


def _fingerprint(source: str, files: list[Path]) -> str:
    """Names, sizes and modification times of a partition's files, and the SQL that loads them."""
    digest = hashlib.sha256()
    for name in _FILE_SET_SQL[source]:
        digest.update(sql(name).encode())
    for path in files:
        stat = path.stat()
        digest.update(f"\n{path.name}\t{stat.st_size}\t{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _unchanged(con: duckdb.DuckDBPyConnection, source: str, partition: date, fingerprint: str) -> bool:
    """Whether the partition's last load had this fingerprint and its rows are all still in raw."""
    counts = " + ".join(f"(select count(*) from {t} where _partition_date = $partition_date)"
                        for t in _FILE_SET_TABLES[source])
    row = con.execute(sql("last_file_load").format(tables=counts),
                      {"source": source, "partition_date": partition}).fetchone()
    return row is not None and row[0] == fingerprint


def load_catalog_partition(con: duckdb.DuckDBPyConnection, landing_dir: Path, partition: date,
                           run_id: str, *, force: bool = False) -> LoadResult:
    """Replace one catalog export (inventory items and listings; CSV, Parquet or JSON), unless unchanged."""
    loaded_at = datetime.now(timezone.utc)
    files = partition_files(landing_dir, "catalog", partition)
    total = LoadResult("catalog", partition)
    fingerprint = _fingerprint("catalog", files)
    if not force and _unchanged(con, "catalog", partition, fingerprint):
        total.unchanged = 1
        return total
    con.execute("begin transaction")
    try:
        con.execute(sql("delete_quarantine_partition"), {"source": "catalog", "partition_date": partition})
        for entity in CATALOG_ENTITIES:
            table = f"catalog_{entity}"
            con.execute(sql("delete_raw_partition").format(table=RAW_TABLES[table]), {"partition_date": partition})
            for path in (p for p in files if p.stem == entity and p.suffix in CATALOG_READERS):
                result = LoadResult("catalog", partition, files=1)
                params = {"partition_date": partition, "run_id": run_id, "loaded_at": loaded_at,
                          "source_file": str(path)}
                try:
                    con.execute(sql("stage_catalog_file").format(reader=CATALOG_READERS[path.suffix]),
                                {"file": str(path)})
                    con.execute(sql(f"check_{table}"), {"currencies_file": str(CURRENCIES_FILE)})
                except duckdb.Error as exc:
                    raise UnreadableFile(f"cannot load catalog file {path}: {str(exc).splitlines()[0]}") from exc
                for reason, n in con.execute(sql("count_checked_catalog_records")).fetchall():
                    result.count(reason, n)
                con.execute(sql(f"insert_raw_{table}"), params)
                con.execute(sql("insert_catalog_quarantine"), {**params, "source": "catalog"})
                total.add(result)
        _log(con, [total], run_id, loaded_at, fingerprint)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    con.execute(sql("drop_load_staging"))
    return total


def load_fx_partition(con: duckdb.DuckDBPyConnection, landing_dir: Path, partition: date, run_id: str,
                      *, force: bool = False) -> LoadResult:
    """Replace one day's FX rates file (ECB historical CSV layout), unless unchanged."""
    loaded_at = datetime.now(timezone.utc)
    files = [p for p in partition_files(landing_dir, "fx", partition) if p.suffix == ".csv"]
    result = LoadResult("fx", partition, files=len(files))
    fingerprint = _fingerprint("fx", files)
    if not force and _unchanged(con, "fx", partition, fingerprint):
        return LoadResult("fx", partition, unchanged=1)
    con.execute("begin transaction")
    try:
        con.execute(sql("delete_raw_partition").format(table=RAW_TABLES["fx"]), {"partition_date": partition})
        for path in files:
            try:
                con.execute(sql("insert_raw_fx_rates"), {"source_file": str(path), "partition_date": partition,
                                                         "run_id": run_id, "loaded_at": loaded_at})
            except duckdb.Error as exc:
                raise UnreadableFile(f"cannot load FX rates file {path}: {str(exc).splitlines()[0]}") from exc
        n = con.execute(sql("count_fx_partition"), {"partition_date": partition}).fetchone()[0]
        result.input_records = result.loaded = n
        _log(con, [result], run_id, loaded_at, fingerprint)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return result


def _log(con: duckdb.DuckDBPyConnection, results: list[LoadResult], run_id: str, loaded_at: datetime,
         fingerprint: str | None = None) -> None:
    """One raw.load_log row per partition loaded, in one statement."""
    con.execute(sql("insert_load_log"), {
        "source": results[0].source, "run_id": run_id, "loaded_at": loaded_at,
        "partition_dates": [r.partition_date for r in results], "files": [r.files for r in results],
        "input_records": [r.input_records for r in results], "loaded": [r.loaded for r in results],
        "quarantined": [r.quarantined for r in results], "fingerprints": [fingerprint for _ in results]})
