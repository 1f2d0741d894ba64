"""``/api/v1/inventory/``: shipment writes on a sold item's order, and the carrier choices.

Writes go to the ops store and show at once: the next cursor reloads the overlay because the
store's data version moved. ``{uid}`` is the inventory item (``inv_...``), as in the spec.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from pipelines.ops_store import OpsStore, utc_now
from pipelines.reader import orders, payloads
from pipelines.reader.auth import require_token
from pipelines.reader.carriers import CARRIERS
from pipelines.reader.errors import NotFound
from pipelines.reader.responses import OrjsonResponse, OrjsonRoute
from pipelines.reader.schemas import ERROR_RESPONSES, NOT_FOUND, Choice, OrderDetail, ShipmentUpdate, ShipRequest
from pipelines.reader.snapshot import SnapshotManager

router = APIRouter(
    prefix="/api/v1/inventory",
    tags=["inventory"],
    dependencies=[Depends(require_token)],
    route_class=OrjsonRoute,
    responses=ERROR_RESPONSES,
)

_CHOICES = [{"value": value, "label": label} for value, label in CARRIERS]


@router.get("/choices/shipment-carriers/", response_model=list[Choice], summary="Shipment carrier choices")
def shipment_carriers() -> OrjsonResponse:
    return OrjsonResponse(_CHOICES)


def _find(snapshots: SnapshotManager, inventory_uid: str) -> orders.InventoryOrder:
    with snapshots.read() as reading:
        if reading.listing is not None:
            found = orders.list_order_for_inventory(reading.cursor, inventory_uid)
        else:
            found = orders.order_for_inventory(reading.cursor, inventory_uid)
    if found is None:
        raise NotFound(f"No sold order for inventory item {inventory_uid!r}.")
    return found


def _write_and_read(request: Request, inventory_uid: str, order_uid: str, fields: dict[str, Any]) -> OrjsonResponse:
    ops: OpsStore = request.app.state.ops
    snapshots: SnapshotManager = request.app.state.snapshots
    ops.upsert_shipment(inventory_uid, fields)
    with snapshots.read() as reading:
        row = orders.order_row(reading.cursor, order_uid, reading.listing)
    if row is None:
        raise NotFound(f"No sold order for inventory item {inventory_uid!r}.")
    return OrjsonResponse(payloads.order_detail(row))


@router.post("/{uid}/order/ship/", response_model=OrderDetail, summary="Mark as shipped", responses=NOT_FOUND)
def mark_shipped(request: Request, uid: str, body: ShipRequest) -> OrjsonResponse:
    """Record tracking and mark shipped; repeating it changes nothing but ``updated``.

    The tracking creation time is set the first time only, and an order already delivered
    stays delivered.
    """
    found = _find(request.app.state.snapshots, uid)
    fields: dict[str, Any] = {
        "shipment_tracking_number": body.tracking_number,
        "shipment_carrier": body.carrier,
    }
    if not found.is_delivered:
        fields["shipment_status"] = "shipped"
    if not found.has_tracking_created:
        fields["shipment_tracking_created"] = utc_now()
    return _write_and_read(request, uid, found.order_uid, fields)


def _update(request: Request, uid: str, body: ShipmentUpdate) -> OrjsonResponse:
    found = _find(request.app.state.snapshots, uid)
    return _write_and_read(request, uid, found.order_uid, body.written_fields())


@router.put("/{uid}/order/", response_model=OrderDetail, summary="Update order (PUT)", responses=NOT_FOUND)
def put_order(request: Request, uid: str, body: ShipmentUpdate) -> OrjsonResponse:
    """Write shipment fields; as every field is optional, only the fields sent change."""
    return _update(request, uid, body)


@router.patch("/{uid}/order/", response_model=OrderDetail, summary="Update order (PATCH)", responses=NOT_FOUND)
def patch_order(request: Request, uid: str, body: ShipmentUpdate) -> OrjsonResponse:
    """Write shipment fields; only the fields sent change (the address merges key by key)."""
    return _update(request, uid, body)
