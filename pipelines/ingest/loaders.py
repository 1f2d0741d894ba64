"""Bulk loads from the landing zone into ``raw.*``, one partition at a time, exactly once.

A partition load deletes that source's rows for the partition and inserts the new ones in a
single transaction, so re-running a partition (or running it after a killed run) replaces
exactly its own load. Records that cannot be loaded go to ``raw.quarantine`` with the reason;
the good records of the same page still load. DuckDB reads the JSON pages itself: nothing is
inserted row by row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb

from pipelines.ingest.addresses import parse_address, parsed_to_json
from pipelines.faults import stall_point
from pipelines.settings import sql

CURRENCIES_FILE = Path(__file__).parent / "reference" / "iso4217_currencies.csv"
MARKETPLACE_SOURCES = ("ebay", "discogs")
CATALOG_ENTITIES = ("inventory_items", "listings")
CATALOG_READERS = {".csv": "read_csv($file, all_varchar = true)", ".parquet": "read_parquet($file)",
                   ".json": "read_json($file)"}
RAW_TABLES = {"ebay": "raw.ebay_orders", "discogs": "raw.discogs_orders",
              "catalog_inventory_items": "raw.catalog_inventory_items",
              "catalog_listings": "raw.catalog_listings", "fx": "raw.fx_rates"}


class UnreadableFile(RuntimeError):
    """A landing file that cannot be read at all: the partition fails, naming the file."""


@dataclass
class LoadResult:
    source: str
    partition_date: date
    files: int = 0
    input_records: int = 0
    loaded: int = 0
    quarantined: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    def add(self, other: "LoadResult") -> None:
        self.files += other.files
        self.input_records += other.input_records
        self.loaded += other.loaded
        self.quarantined += other.quarantined
        for k, v in other.reasons.items():
            self.reasons[k] = self.reasons.get(k, 0) + v


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(sql("raw_ddl"))


def _parse_address_json(text: str | None) -> str | None:
    return None if text is None else parsed_to_json(parse_address(text))


def _register_udfs(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.create_function("parse_address_json", _parse_address_json, ["VARCHAR"], "JSON",
                            null_handling="special", side_effects=False)
    except (duckdb.CatalogException, duckdb.NotImplementedException):
        pass  # registered earlier on this connection


def partition_files(landing_dir: Path, source: str, partition: date) -> list[Path]:
    folder = landing_dir / source / partition.isoformat()
    # Everything but temp files and the manifest: a landing entry that is not a readable file
    # must fail the partition, not vanish from it.
    return sorted(p for p in folder.glob("*") if not p.name.startswith((".", "_")))


def _split_pages(con: duckdb.DuckDBPyConnection, files: list[Path]) -> tuple[list[str], list[tuple[Path, str]]]:
    """The pages DuckDB can parse, and the others with the parser's error (probed one by one)."""
    good, bad = [], []
    for path in files:
        if not path.is_file():
            raise UnreadableFile(f"cannot read landing file {path}: not a regular file")
        try:
            con.execute(sql("probe_page"), {"file": str(path)}).fetchall()
            good.append(str(path))
        except duckdb.IOException as exc:
            raise UnreadableFile(f"cannot read landing file {path}: {exc}") from exc
        except duckdb.Error as exc:
            bad.append((path, str(exc).splitlines()[0][:300]))
    return good, bad


def _quarantine_files(con: duckdb.DuckDBPyConnection, bad: list[tuple[Path, str]], result: LoadResult,
                      params: dict) -> None:
    """A page that is not JSON is kept whole in quarantine, with the parser's error."""
    label = "file is not a JSON response page"
    for path, error in bad:
        try:
            text = path.read_bytes()[:100_000].decode("utf-8", "replace")
        except OSError as exc:
            raise UnreadableFile(f"cannot read landing file {path}: {exc}") from exc
        con.execute(sql("insert_quarantine_file"), {**params, "source": result.source, "source_file": str(path),
                                                    "reason": f"{label}: {error}", "record": text})
        result.input_records += 1
        result.quarantined += 1
        result.reasons[label] = result.reasons.get(label, 0) + 1


def _counts(con: duckdb.DuckDBPyConnection, result: LoadResult) -> None:
    rows = con.execute("select coalesce(reason, ''), count(*) from checked_records group by all").fetchall()
    for reason, n in rows:
        result.input_records += n
        if reason:
            result.quarantined += n
            key = reason.split(" ")[0] if reason.startswith("unknown") else reason
            result.reasons[key] = result.reasons.get(key, 0) + n
        else:
            result.loaded += n


def load_marketplace_partition(con: duckdb.DuckDBPyConnection, landing_dir: Path, source: str,
                               partition: date, run_id: str) -> LoadResult:
    """Replace one day's load of eBay or Discogs order pages."""
    if source not in MARKETPLACE_SOURCES:
        raise ValueError(f"unknown marketplace source {source!r}")
    loaded_at = datetime.now(timezone.utc)
    files = partition_files(landing_dir, source, partition)
    result = LoadResult(source, partition, files=len(files))
    _register_udfs(con)
    params = {"partition_date": partition, "run_id": run_id, "loaded_at": loaded_at}
    # Stage and check before the transaction: a parse error inside one would abort it.
    pages, bad = [str(p) for p in files], []
    try:
        if pages:
            con.execute(sql("stage_marketplace_pages"), {"files": pages})
    except duckdb.Error:
        pages, bad = _split_pages(con, files)
        if pages:
            con.execute(sql("stage_marketplace_pages"), {"files": pages})
    if pages:
        con.execute(sql(f"check_{source}_orders"), {"currencies_file": str(CURRENCIES_FILE)})
    con.execute("begin transaction")
    try:
        con.execute(sql("delete_raw_partition").format(table=RAW_TABLES[source]), {"partition_date": partition})
        con.execute(sql("delete_quarantine_partition"), {"source": source, "partition_date": partition})
        _quarantine_files(con, bad, result, params)
        if pages:
            _counts(con, result)
            con.execute(sql(f"insert_raw_{source}_orders"), params)
            stall_point(f"load_{source}")
            con.execute(sql("insert_quarantine"), {**params, "source": source})
        _log(con, result, run_id, loaded_at)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return result


def load_catalog_partition(con: duckdb.DuckDBPyConnection, landing_dir: Path, partition: date,
                           run_id: str) -> LoadResult:
    """Replace one catalog export (inventory items and listings; CSV, Parquet or JSON)."""
    loaded_at = datetime.now(timezone.utc)
    files = partition_files(landing_dir, "catalog", partition)
    total = LoadResult("catalog", partition)
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
                _counts(con, result)
                con.execute(sql(f"insert_raw_{table}"), params)
                con.execute(sql("insert_catalog_quarantine"), {**params, "source": "catalog"})
                total.add(result)
        _log(con, total, run_id, loaded_at)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return total


def load_fx_partition(con: duckdb.DuckDBPyConnection, landing_dir: Path, partition: date, run_id: str) -> LoadResult:
    """Replace one day's FX rates file (ECB historical CSV layout)."""
    loaded_at = datetime.now(timezone.utc)
    files = [p for p in partition_files(landing_dir, "fx", partition) if p.suffix == ".csv"]
    result = LoadResult("fx", partition, files=len(files))
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
        _log(con, result, run_id, loaded_at)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return result


def _log(con: duckdb.DuckDBPyConnection, result: LoadResult, run_id: str, loaded_at: datetime) -> None:
    con.execute(sql("insert_load_log"), {
        "source": result.source, "partition_date": result.partition_date, "run_id": run_id, "files": result.files,
        "input_records": result.input_records, "loaded": result.loaded, "quarantined": result.quarantined,
        "loaded_at": loaded_at})
