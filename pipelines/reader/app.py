"""The reader: a small FastAPI app serving the Orders & Sales API from the published snapshot.

It imports no pipeline machinery (dagster, dbt, great_expectations, polars), so it starts in
about a second; it reads the snapshot through :class:`SnapshotManager` and writes only to the
ops store. Run it with ``python -m pipelines serve`` (:func:`pipelines.reader.cli.serve`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from pipelines.ops_store import OpsStore
from pipelines.reader import analytics_routes, export_routes, inventory_routes, order_routes, report_routes
from pipelines.reader.cache import PayloadCache
from pipelines.reader.errors import install_error_handlers
from pipelines.reader.exports import ExportRunner
from pipelines.reader.fast_path import FastPath, FastPathMiddleware
from pipelines.reader.responses import OrjsonResponse
from pipelines.reader.snapshot import SnapshotManager
from pipelines.settings import Settings, get_settings

DESCRIPTION = (
    "Track incoming orders from connected marketplaces, manage shipments, and access revenue "
    "analytics across all your selling channels. Authenticate with `Authorization: Bearer <token>` "
    "(create one with `python -m pipelines token create NAME`)."
)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API for ``settings`` (the environment's settings when omitted)."""
    settings = settings or get_settings()
    ops = OpsStore(settings.ops_store_path)
    snapshots = SnapshotManager(settings, ops)
    export_runner = ExportRunner(ops, snapshots, settings.exports_dir)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Jobs a stopped server left pending or running would otherwise say so forever.
        export_runner.recover()
        yield
        export_runner.shutdown()
        snapshots.close()

    app = FastAPI(
        title="Orders & Sales API",
        version="1",
        description=DESCRIPTION,
        default_response_class=OrjsonResponse,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.ops = ops
    app.state.snapshots = snapshots
    app.state.exports = export_runner
    app.state.payload_cache = PayloadCache()
    app.state.fast_path = FastPath(settings, ops, snapshots)
    app.add_middleware(FastPathMiddleware, fast_path=app.state.fast_path)
    install_error_handlers(app)
    app.include_router(order_routes.router)
    app.include_router(inventory_routes.router)
    app.include_router(analytics_routes.router)
    app.include_router(analytics_routes.activity_router)
    app.include_router(report_routes.router)
    app.include_router(export_routes.router)
    return app
