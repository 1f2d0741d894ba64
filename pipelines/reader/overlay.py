"""Ops-store shipment updates as an Arrow table shaped like ``shipment_overlay``.

The overlay carries, per ``marts.orders`` column a write can change, the written value and a
``set_<column>`` flag, because "wrote null" and "did not write" must stay different when the
overlay is applied on top of the snapshot (``sql/reader_orders_overlay.sql``). DuckDB casts
the columns to the table's types on insert (``sql/reader_create_shipment_overlay.sql``).
"""

from __future__ import annotations

from typing import Any

import orjson
import pyarrow as pa

from pipelines.ops_store import ADDRESS_FIELD, OBJECT_FIELDS

# API field of the "Update order" section -> the marts.orders column it overrides.
FIELD_COLUMNS: dict[str, str] = {
    "shipment_service_id": "shipment_service_id",
    "shipment_tracking_number": "shipment_tracking_number",
    "shipment_tracking_created": "shipment_tracking_created_at",
    "shipment_carrier": "shipment_carrier",
    "shipment_status": "shipment_status",
    "shipment_rate_detail": "shipment_rate_detail",
    "shipment_rate_retrieval_tried": "shipment_rate_retrieval_tried",
    "shipment_rate_cheapest_price": "shipment_rate_cheapest_price",
    "shipment_rate_cheapest_carrier": "shipment_rate_cheapest_carrier",
    "shipment_rate_cheapest_product": "shipment_rate_cheapest_product",
    "shipment_rate_cheapest_service_id": "shipment_rate_cheapest_service_id",
    "label_detail": "label_detail",
    "label_last_updated": "label_last_updated_at",
    "shipment_recipient_detail": "shipment_recipient_detail",
    "shipment_recipient_last_updated": "shipment_recipient_last_updated_at",
}

# Key of the nested shipment_address -> the marts.orders column it overrides.
ADDRESS_COLUMNS: dict[str, str] = {
    "name": "address_name",
    "email_address": "address_email",
    "phone_number": "address_phone",
    "street_number": "address_street_number",
    "street_1": "address_street_1",
    "street_2": "address_street_2",
    "city": "address_city",
    "state_province": "address_state_province",
    "postal_code": "address_postal_code",
    "country": "address_country",
    "raw_address": "raw_address",
    "raw_address_parsed": "raw_address_parsed",
}

_JSON_KEYS = frozenset(OBJECT_FIELDS) | {"raw_address_parsed"}

_TYPES: dict[str, pa.DataType] = {
    "shipment_tracking_created_at": pa.timestamp("us", tz="UTC"),
    "label_last_updated_at": pa.timestamp("us", tz="UTC"),
    "shipment_recipient_last_updated_at": pa.timestamp("us", tz="UTC"),
    "updated_at": pa.timestamp("us", tz="UTC"),
    "shipment_rate_retrieval_tried": pa.bool_(),
    "shipment_rate_cheapest_price": pa.decimal128(18, 2),
    "has_address": pa.bool_(),
}


def _json_text(value: Any) -> str | None:
    return None if value is None else orjson.dumps(value).decode()


def overlay_table(updates: list[dict[str, Any]]) -> pa.Table:
    """``OpsStore.shipment_updates()`` rows -> the Arrow table loaded into ``shipment_overlay``."""
    columns: dict[str, list[Any]] = {"inventory_uid": [], "updated_at": [], "has_address": []}
    for column in (*FIELD_COLUMNS.values(), *ADDRESS_COLUMNS.values()):
        columns[column] = []
        columns[f"set_{column}"] = []
    for update in updates:
        written = set(update["fields_set"])
        columns["inventory_uid"].append(update["inventory_uid"])
        columns["updated_at"].append(update["updated_at"])
        for field, column in FIELD_COLUMNS.items():
            value = update.get(field) if field in written else None
            columns[column].append(_json_text(value) if field in _JSON_KEYS else value)
            columns[f"set_{column}"].append(field in written)
        address = update.get(ADDRESS_FIELD) if ADDRESS_FIELD in written else None
        address = address or {}
        columns["has_address"].append(bool(address))
        for key, column in ADDRESS_COLUMNS.items():
            value = address.get(key)
            columns[column].append(_json_text(value) if key in _JSON_KEYS else value)
            columns[f"set_{column}"].append(key in address)
    return pa.table(
        {
            name: pa.array(values, type=_TYPES.get(name, pa.bool_() if name.startswith("set_") else pa.string()))
            for name, values in columns.items()
        }
    )
