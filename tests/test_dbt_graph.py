"""The shape of the dbt graph that a build's cost relies on, read from the prepared manifest."""

from __future__ import annotations

import json

from pipelines.transform.project import dbt_project

PROJECT = "seller_analytics"


def test_each_wide_intermediate_view_is_computed_once_per_run_by_its_one_reader():
    """int_order_lines_enriched and int_inventory_items_joined are views (docs/benchmarks.md item
    20): each model that reads one computes it again. marts.orders is the order lines' one reader,
    and every other model reads marts.orders (item 34); inventory_items_base is the inventory
    chain's. A second reader would compute a view over every order line or item again in every
    build, the daily one included."""
    manifest = json.loads(dbt_project().manifest_path.read_text())
    readers = {
        view: sorted(child.rsplit(".", 1)[-1] for child in manifest["child_map"][f"model.{PROJECT}.{view}"]
                     if child.startswith("model."))
        for view in ("int_order_lines_enriched", "int_inventory_items_joined")
    }
    assert readers == {"int_order_lines_enriched": ["orders"],
                       "int_inventory_items_joined": ["inventory_items_base"]}
    for view in readers:
        assert manifest["nodes"][f"model.{PROJECT}.{view}"]["config"]["materialized"] == "view"
