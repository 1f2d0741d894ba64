"""Ops-store shipment updates as rows shaped like the ``shipment_overlay`` table.

The overlay carries, per ``marts.orders`` column a write can change, the written value and a
``set_<column>`` flag, because "wrote null" and "did not write" must stay different when the
overlay is applied on top of the snapshot (``sql/reader_orders_overlay.sql``). Values travel
as text and DuckDB casts them to the table's types on insert
(``sql/reader_create_shipment_overlay.sql``): one bulk insert of a list parameter, no row-by-row
inserts and no Arrow/pandas import on the reader's path.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson

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


def _text(value: Any, as_json: bool) -> str | bool | None:
    """A value as the overlay load passes it: JSON text for objects, ISO/decimal text otherwise."""
    if value is None or (isinstance(value, (str, bool)) and not as_json):
        return value
    if as_json:
        return orjson.dumps(value).decode()
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def overlay_rows(updates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``OpsStore.shipment_updates()`` -> the rows loaded into ``shipment_overlay``, one per item."""
    rows = []
    for update in updates:
        written = set(update["fields_set"])
        row: dict[str, Any] = {
            "inventory_uid": update["inventory_uid"],
            "updated_at": _text(update["updated_at"], as_json=False),
        }
        for field, column in FIELD_COLUMNS.items():
            row[column] = _text(update.get(field), field in _JSON_KEYS) if field in written else None
            row[f"set_{column}"] = field in written
        address = (update.get(ADDRESS_FIELD) if ADDRESS_FIELD in written else None) or {}
        row["has_address"] = bool(address)
        for key, column in ADDRESS_COLUMNS.items():
            row[column] = _text(address.get(key), key in _JSON_KEYS)
            row[f"set_{column}"] = key in address
        rows.append(row)
    return rows
