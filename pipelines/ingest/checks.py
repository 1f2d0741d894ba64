"""Nothing lost between the landing zone and raw: every record is loaded or quarantined.

For each partition a run loaded, the check compares three counts made independently: the
records the connector (or generator) declared in the landing manifest when it wrote the pages,
the records the loader counted in, and the rows really present in raw plus quarantine.
"""

import dagster as dg

from pipelines.ingest.assets import raw_discogs_orders, raw_ebay_orders
from pipelines.ingest.landing import read_manifest
from pipelines.ingest.loaders import RAW_TABLES, partition_files
from pipelines.settings import get_settings, sql
from pipelines.warehouse import connect_warehouse


def declared_records(landing_dir, source: str) -> dict[str, int | None]:
    """The latest manifest entry's record count per landing file (relative path)."""
    declared: dict[str, int | None] = {}
    for entry in read_manifest(landing_dir, source):
        declared[entry["path"]] = entry.get("records")
    return declared


def accounting_problems(con, landing_dir, source: str, run_id: str) -> tuple[list[dict], int]:
    rows = con.execute(sql("check_load_accounting").format(table=RAW_TABLES[source]),
                       {"run_id": run_id, "source": source}).fetchall()
    declared = declared_records(landing_dir, source)
    problems = []
    for day, counted, loaded, quarantined, whole_files in rows:
        files = [str(p.relative_to(landing_dir)) for p in partition_files(landing_dir, source, day)]
        per_file = [declared.get(f) for f in files]
        if counted != loaded + quarantined:
            problems.append({"partition": str(day), "counted": counted, "loaded": loaded, "quarantined": quarantined})
        elif not whole_files and None not in per_file and sum(per_file) != counted:
            problems.append({"partition": str(day), "declared_in_manifest": sum(per_file), "counted": counted})
    return problems, len(rows)


def _accounting_check(assets_def: dg.AssetsDefinition, source: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=assets_def, name="every_record_loaded_or_quarantined", blocking=True,
                    description="input records = loaded + quarantined, per partition this run loaded")
    def _check(context: dg.AssetCheckExecutionContext) -> dg.AssetCheckResult:
        settings = get_settings()
        with connect_warehouse(settings, read_only=True) as con:
            problems, partitions = accounting_problems(con, settings.landing_dir, source, context.run.run_id)
        return dg.AssetCheckResult(
            passed=not problems,
            metadata={"partitions_checked": partitions, "partitions_off": len(problems),
                      "problems": dg.MetadataValue.json(problems[:20])},
        )

    return _check


defs = dg.Definitions(asset_checks=[_accounting_check(raw_ebay_orders, "ebay"),
                                    _accounting_check(raw_discogs_orders, "discogs")])
