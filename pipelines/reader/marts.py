"""Running the reader's queries on the marts (``sql/reader_*.sql``) and shaping their rows.

A snapshot published before a mart existed (or with a mart's older columns) still serves the
order endpoints; an endpoint that reads the missing mart answers 503 saying what to rebuild,
never a 500.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import duckdb

from pipelines.reader.errors import SnapshotUnavailable
from pipelines.settings import sql

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

MART_MISSING = (
    "the published snapshot lacks what this endpoint reads ({problem}); "
    "publish a new one with `python -m pipelines materialize`"
)


def _run(cursor: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None, text: str | None = None) -> None:
    try:
        cursor.execute(text if text is not None else sql(name), params or {})
    except (duckdb.CatalogException, duckdb.BinderException) as exc:
        raise SnapshotUnavailable(MART_MISSING.format(problem=str(exc).splitlines()[0])) from exc


def records(
    cursor: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None, text: str | None = None
) -> list[dict[str, Any]]:
    """Every row of ``sql/<name>.sql`` (or of ``text``, a whitelisted rewrite of it) as dicts."""
    _run(cursor, name, params, text)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def one(cursor: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> dict[str, Any] | None:
    rows = records(cursor, name, params)
    return rows[0] if rows else None


def execute(cursor: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None, text: str | None = None) -> None:
    """Run a query whose rows the caller fetches in batches (exports)."""
    _run(cursor, name, params, text)


def money(amount: Decimal | None) -> Decimal:
    """An amount to the cent (a missing sum is 0.00): what the payloads put in a money field."""
    return ZERO if amount is None else Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def money_text(amount: Decimal | None) -> str:
    """A money amount as the spec's decimal string, ``"34.99"`` (a missing sum is ``"0.00"``)."""
    return f"{money(amount):.2f}"


def optional_money_text(amount: Decimal | None) -> str | None:
    """A money amount of one item as ``"34.99"``; null stays null (nothing recorded)."""
    return None if amount is None else money_text(amount)


def divide(amount: Decimal | int | None, count: Decimal | int | None, places: str = "0.01") -> Decimal:
    """``amount / count`` to ``places``, rounded half away from zero (Decimal's ROUND_HALF_UP).

    0 when there is nothing to divide by, as the spec's averages read for an empty period.
    """
    if not count or amount is None:
        return Decimal(0).quantize(Decimal(places))
    return (Decimal(amount) / Decimal(count)).quantize(Decimal(places), rounding=ROUND_HALF_UP)
