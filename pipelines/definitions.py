"""Dagster Definitions, assembled from the domains; each domain keeps its own assets and checks."""

import dagster as dg

from pipelines import schedules
from pipelines.ingest import assets as ingest
from pipelines.publish import assets as publish
from pipelines.transform import assets as transform

defs = dg.Definitions.merge(ingest.defs, transform.defs, publish.defs, schedules.defs)
