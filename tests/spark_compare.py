"""Row-for-row comparison of two builds of the marts (tests/test_spark_equivalence.py).

Both sides are DuckDB connections with a ``marts`` schema: the DuckDB warehouse, and the marts Spark
exported as Parquet loaded into DuckDB. Values are compared after a normalisation that keeps what a
user sees: decimals exactly (Decimal equality, and the same DECIMAL type), instants to the second in
UTC, JSON by its parsed value (key order and spacing are the engines' own), floats to 9 decimals,
integers by value (DuckDB's unsigned 64-bit keys are DECIMAL(20,0) on Spark, which has no UBIGINT).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import Decimal

import duckdb

TABLES_SQL = "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                 "UBIGINT", "UHUGEINT"}
COLUMNS_SQL = ("select column_name, data_type from information_schema.columns "
               "where table_schema = 'marts' and table_name = $table order by ordinal_position")


def _normalise(value, data_type: str):
    if value is None:
        return None
    if data_type == "JSON" or (isinstance(value, str) and value[:1] in "{[" and data_type == "VARCHAR"):
        try:
            return ("json", json.dumps(json.loads(value), sort_keys=True))
        except ValueError:
            return value
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value.replace(microsecond=0)
    if isinstance(value, float):
        return ("float", round(value, 9))
    if isinstance(value, Decimal) and data_type in INTEGER_TYPES and value == value.to_integral_value():
        return int(value)  # an unsigned 64-bit key: DECIMAL(20,0) on Spark, same number
    if isinstance(value, Decimal):
        return ("decimal", value.normalize() if value else Decimal(0))
    return value


def _rows(con: duckdb.DuckDBPyConnection, table: str, columns: list[tuple[str, str]]) -> list[tuple]:
    names = ", ".join(f'"{name}"' for name, _ in columns)
    rows = con.execute(f"select {names} from marts.{table}").fetchall()
    normalised = [tuple(_normalise(v, t) for v, (_, t) in zip(row, columns)) for row in rows]
    return sorted(normalised, key=repr)


def compare_marts(expected: duckdb.DuckDBPyConnection, actual: duckdb.DuckDBPyConnection) -> list[str]:
    """Every difference between two builds' marts, as readable lines (empty: identical)."""
    problems: list[str] = []
    want_tables = [t for (t,) in expected.execute(TABLES_SQL).fetchall()]
    got_tables = [t for (t,) in actual.execute(TABLES_SQL).fetchall()]
    if want_tables != got_tables:
        problems.append(f"tables differ: missing {sorted(set(want_tables) - set(got_tables))}, "
                        f"extra {sorted(set(got_tables) - set(want_tables))}")
    for table in [t for t in want_tables if t in got_tables]:
        want_cols = expected.execute(COLUMNS_SQL, {"table": table}).fetchall()
        got_cols = dict(actual.execute(COLUMNS_SQL, {"table": table}).fetchall())
        if [c for c, _ in want_cols] != list(got_cols):
            problems.append(f"{table}: columns differ: {[c for c, _ in want_cols]} vs {list(got_cols)}")
            continue
        for name, data_type in want_cols:
            if data_type.startswith("DECIMAL") and got_cols[name] != data_type:
                problems.append(f"{table}.{name}: money type {data_type} on DuckDB, {got_cols[name]} on Spark")
            if data_type in INTEGER_TYPES and not (got_cols[name] in INTEGER_TYPES or got_cols[name].endswith(",0)")):
                problems.append(f"{table}.{name}: integer type {data_type} on DuckDB, {got_cols[name]} on Spark")
        want = _rows(expected, table, want_cols)
        got = _rows(actual, table, want_cols)
        if len(want) != len(got):
            problems.append(f"{table}: {len(want)} rows on DuckDB, {len(got)} on Spark")
        missing = [r for r in want if r not in set(got)]
        extra = [r for r in got if r not in set(want)]
        if missing or extra:
            names = [c for c, _ in want_cols]
            for w in missing[:3]:
                close = min(extra, key=lambda g: sum(a != b for a, b in zip(w, g)), default=None)
                diffs = {n: (a, b) for n, a, b in zip(names, w, close or [None] * len(w)) if a != b}
                problems.append(f"{table}: a DuckDB row has no Spark twin; nearest differs in {diffs}")
            problems.append(f"{table}: {len(missing)} DuckDB rows unmatched, {len(extra)} Spark rows unmatched")
    return problems

