import duckdb
import pytest

# --- reader fixtures (pipelines/reader, pipelines/ops_store): defined in tests/reader_fixtures.py ---
from reader_fixtures import (  # noqa: E402,F401
    reader_client,
    reader_ops,
    reader_readonly_client,
    reader_readonly_server,
    reader_server,
    reader_server_without_snapshot,
    reader_settings,
    reader_snapshot,
    reader_snapshot_template,
    reader_snapshot_template_without_list,
    reader_token,
)
# --- end reader fixtures ---

# --- an empty warehouse with the raw schema, for the ingest loaders' tests ---


@pytest.fixture
def con(tmp_path):
    """A warehouse file in the test's folder with the raw tables created."""
    from pipelines.ingest.loaders import ensure_raw_schema

    connection = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    ensure_raw_schema(connection)
    yield connection
    connection.close()


# --- the whole-pipeline world, built once per session: tests/world_fixtures.py ---
from world_fixtures import built_world  # noqa: E402,F401

# --- Spark engine tests (tests/test_spark_*.py): `pytest -m spark`, `make test-spark` ---


def pytest_configure(config):
    config.addinivalue_line("markers", "spark: needs the spark dependency group (PySpark; most also Java 17, to build the marts on a local Apache Spark)")


def pytest_collection_modifyitems(config, items):
    # Minutes of JVM work: run only when asked for (`pytest -m spark`), not by every `make test`.
    if "spark" in (config.option.markexpr or ""):
        return
    # Deselected, not skipped: `make test-spark` (run by .ci/run too) is where they run.
    spark = [item for item in items if "spark" in item.keywords]
    if spark:
        config.hook.pytest_deselected(items=spark)
        items[:] = [item for item in items if "spark" not in item.keywords]
# --- end Spark engine tests ---
