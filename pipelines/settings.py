"""One place that resolves where the platform keeps its state and how the seller is set up.

Every command, asset and the reader call :func:`get_settings` instead of reading the
environment themselves, so ``PIPELINES_DATA_DIR`` moves *everything* (tests and benchmarks
run in a temporary folder) and no module keeps its own idea of a path.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
SQL_DIR = PROJECT_ROOT / "sql"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    home_currency: str
    timezone: str
    # The instant builds compute time-dependent fields at (status, aging); None means now.
    as_of: str | None = None
    # Where dbt builds the marts: duckdb (the warehouse file) or spark (docs/scaling.md).
    engine: str = "duckdb"

    @property
    def landing_dir(self) -> Path:
        return self.data_dir / "landing"

    @property
    def inbox_dir(self) -> Path:
        return self.data_dir / "inbox"

    @property
    def warehouse_path(self) -> Path:
        return self.data_dir / "warehouse.duckdb"

    @property
    def marts_path(self) -> Path:
        """The marts' own database file (dbt builds into it; publish copies it)."""
        return self.data_dir / "marts_db.duckdb"

    @property
    def marts_previous_path(self) -> Path:
        """The last whole marts file, kept aside while a build writes a new one
        (pipelines/warehouse.py ``rebuilding_marts``)."""
        return self.data_dir / "marts_db.previous.duckdb"

    @property
    def marts_failed_path(self) -> Path:
        """The marts of the last build that failed, kept to look at until a build succeeds."""
        return self.data_dir / "marts_db.failed.duckdb"

    @property
    def serving_dir(self) -> Path:
        return self.data_dir / "serving"

    @property
    def current_pointer(self) -> Path:
        return self.serving_dir / "CURRENT"

    @property
    def ops_store_path(self) -> Path:
        return self.data_dir / "ops.sqlite"

    @property
    def exports_dir(self) -> Path:
        return self.data_dir / "exports"

    @property
    def dbt_target_dir(self) -> Path:
        return self.data_dir / "dbt" / "target"


def get_settings() -> Settings:
    """Read the settings from the environment at call time (never cached at import)."""
    data_dir = Path(os.environ.get("PIPELINES_DATA_DIR", PROJECT_ROOT / "data")).resolve()
    return Settings(
        data_dir=data_dir,
        home_currency=os.environ.get("PIPELINES_HOME_CURRENCY", "USD").upper(),
        timezone=os.environ.get("PIPELINES_TIMEZONE", "America/New_York"),
        as_of=os.environ.get("PIPELINES_AS_OF") or None,
        engine=os.environ.get("PIPELINES_ENGINE", "duckdb").strip().lower() or "duckdb",
    )


@cache
def sql(name: str) -> str:
    """The text of ``sql/<name>.sql``: SQL that Python runs lives in files, not strings. Read once
    per process: the reader runs some of them on every request."""
    return (SQL_DIR / f"{name}.sql").read_text()
