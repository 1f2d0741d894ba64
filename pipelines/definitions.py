"""Dagster Definitions, assembled from the domains; each domain keeps its own assets and checks."""

import dagster as dg

from pipelines import schedules
from pipelines.ingest import assets as ingest
from pipelines.ingest import checks as ingest_checks
from pipelines.ingest import sensors as ingest_sensors
from pipelines.publish import assets as publish
from pipelines.quality import assets as quality
from pipelines.transform import assets as transform

defs = dg.Definitions.merge(ingest.defs, ingest_checks.defs, ingest_sensors.defs, transform.defs, publish.defs, quality.defs, schedules.defs)
