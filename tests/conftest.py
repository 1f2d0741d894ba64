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
    reader_token,
)
# --- end reader fixtures ---

# --- the whole-pipeline world, built once per session: tests/world_fixtures.py ---
from world_fixtures import built_world  # noqa: E402,F401
