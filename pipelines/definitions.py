"""Dagster Definitions, assembled from the domains; each domain keeps its own assets and checks."""

from __future__ import annotations

import dagster as dg

from pipelines.ingest import assets as ingest
from pipelines.publish import assets as publish
from pipelines.schedules import defs as schedules
from pipelines.transform import assets as transform

defs = dg.Definitions.merge(ingest.defs, transform.defs, publish.defs, schedules)
