"""Rows of ``reader_orders_rows.sql`` / ``reader_orders_stats.sql`` shaped into the spec's payloads.

The SQL already formats values (money as ``"34.99"``, timestamps as ``"...Z"``); this module
only nests them and decides which fields each payload carries, in the spec's order.
"""

from __future__ import annotations

from typing import Any

import orjson


def _json(text: str | None) -> Any:
    return None if text is None else orjson.loads(text)


def _listing(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "uid": row["listing_uid"],
        "platform_slug": row["platform"],
        "platform_name": row["platform_name"],
        "status": row["listing_status"],
        "listing_url": row["listing_url"],
        "listing_id": row["listing_id"],
        "price": row["listing_price"],
        "inventory_item": {
            "uid": row["inventory_uid"],
            "title": row["title"],
            "sku": row["sku"],
            "condition": row["condition"],
            "primary_image_url": row["primary_image_url"],
        },
    }


def _address_summary(row: dict[str, Any]) -> dict[str, Any] | None:
    if row["address_uid"] is None:
        return None
    return {
        "uid": row["address_uid"],
        "full_name": row["address_name"],
        "city": row["address_city"],
        "postal_code": row["address_postal_code"],
        "country": row["address_country"],
    }


def _address(row: dict[str, Any]) -> dict[str, Any] | None:
    if row["address_uid"] is None:
        return None
    return {
        "uid": row["address_uid"],
        "name": row["address_name"],
        "email_address": row["address_email"],
        "phone_number": row["address_phone"],
        "street_number": row["address_street_number"],
        "street_1": row["address_street_1"],
        "street_2": row["address_street_2"],
        "city": row["address_city"],
        "state_province": row["address_state_province"],
        "postal_code": row["address_postal_code"],
        "country": row["address_country"],
        "raw_address": row["raw_address"],
        "raw_address_parsed": _json(row["raw_address_parsed"]),
    }


def order_summary(row: dict[str, Any]) -> dict[str, Any]:
    """One element of ``results`` in ``GET /api/v1/orders/``."""
    return {
        "uid": row["order_uid"],
        "order_id": row["order_id"],
        "status": row["status"],
        "platform": row["platform"],
        "platform_name": row["platform_name"],
        "buyer_name": row["buyer_name"],
        "sale_price": row["sale_price"],
        "marketplace_fee": row["marketplace_fee"],
        "platform_fee": row["platform_fee"],
        "shipping_cost": row["shipping_cost"],
        "net_revenue": row["net_revenue"],
        "sold_at": row["sold_at"],
        "inventory_item_listing": _listing(row),
        "shipment_tracking_number": row["shipment_tracking_number"],
        "shipment_carrier": row["shipment_carrier"],
        "shipment_status": row["shipment_status"],
        "shipment_address": _address_summary(row),
        "created": row["created"],
        "updated": row["updated"],
    }


def order_detail(row: dict[str, Any]) -> dict[str, Any]:
    """``GET /api/v1/orders/{uid}/``: the list fields, the detail fields and the full address."""
    payload = order_summary(row)
    payload["shipment_address"] = _address(row)
    payload.update(
        {
            "order_created": row["order_created"],
            "external_order_status": row["external_order_status"],
            "platform_order_id": row["order_id"],
            "shipment_service_id": row["shipment_service_id"],
            "shipment_tracking_created": row["shipment_tracking_created"],
            "shipment_rate_detail": _json(row["shipment_rate_detail"]),
            "shipment_rate_retrieval_tried": row["shipment_rate_retrieval_tried"],
            "shipment_rate_cheapest_price": row["shipment_rate_cheapest_price"],
            "shipment_rate_cheapest_carrier": row["shipment_rate_cheapest_carrier"],
            "shipment_rate_cheapest_product": row["shipment_rate_cheapest_product"],
            "shipment_rate_cheapest_service_id": row["shipment_rate_cheapest_service_id"],
            "label_detail": _json(row["label_detail"]),
            "label_last_updated": row["label_last_updated"],
            "shipment_recipient_detail": _json(row["shipment_recipient_detail"]),
            "shipment_recipient_last_updated": row["shipment_recipient_last_updated"],
            "shipment_label_url": row["shipment_label_url"],
            "shipment_packing_slip_url": row["shipment_packing_slip_url"],
        }
    )
    return payload


def order_stats(row: dict[str, Any] | None, home_currency: str) -> dict[str, Any]:
    """``GET /api/v1/orders/stats/``; an empty stats table reads as zero orders."""
    if row is None:
        row = {"awaiting_shipment": 0, "shipped": 0, "completed": 0, "total": 0, "currency": home_currency}
        row.update(dict.fromkeys(("total_revenue", "total_fees", "total_shipping", "total_net"), "0.00"))
    return {
        "awaiting_shipment": row["awaiting_shipment"],
        "shipped": row["shipped"],
        "completed": row["completed"],
        "total": row["total"],
        "total_revenue": row["total_revenue"] or "0.00",
        "total_fees": row["total_fees"] or "0.00",
        "total_shipping": row["total_shipping"] or "0.00",
        "total_net": row["total_net"] or "0.00",
        "currency": row["currency"] or home_currency,
    }
