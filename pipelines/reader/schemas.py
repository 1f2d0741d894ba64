"""Request bodies (validated) and response shapes (documented) of the Orders & Sales API.

Request models do the type checks the spec asks for (decimals, datetimes, booleans, objects,
carrier codes, ISO country codes); unknown keys are ignored as DRF does, so a client can send
back a detail payload it read. Response models describe the payloads for ``/openapi.json``;
endpoints build the payloads directly (``payloads.py``) and tests check them against these.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from pipelines.reader.carriers import normalize_carrier
from pipelines.reader.countries import normalize_country

Money = Annotated[str, Field(pattern=r"^-?\d+\.\d{2}$", examples=["34.99"])]
Timestamp = Annotated[str, Field(examples=["2026-02-14T10:30:00Z"])]


def _as_utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError("datetime out of range once converted to UTC") from exc


def _blank_or_carrier(value: str | None) -> str | None:
    if value is None or not value.strip():
        return value
    return normalize_carrier(value)


def _blank_or_country(value: str | None) -> str | None:
    if value is None or not value.strip():
        return value
    return normalize_country(value)


ShortText = Annotated[str | None, Field(max_length=255)]
LongText = Annotated[str | None, Field(max_length=2000)]
UtcDatetime = Annotated[datetime | None, AfterValidator(_as_utc), Field(description="ISO 8601; naive means UTC")]
OptionalMoney = Annotated[Decimal | None, Field(max_digits=18, decimal_places=2, allow_inf_nan=False)]
JsonObject = dict[str, Any] | None


# requests


class ShipRequest(BaseModel):
    """``POST /api/v1/inventory/{uid}/order/ship/``."""

    model_config = ConfigDict(extra="ignore")

    tracking_number: Annotated[str, Field(max_length=255, description="Carrier tracking number")]
    carrier: Annotated[str, Field(max_length=64, description="Carrier code (see shipment-carriers choices)")]

    @field_validator("tracking_number")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("This field may not be blank.")
        return value

    @field_validator("carrier")
    @classmethod
    def _known_carrier(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("This field may not be blank.")
        return normalize_carrier(value)


class AddressUpdate(BaseModel):
    """The writable keys of ``shipment_address`` (its ``uid`` is read-only and ignored)."""

    model_config = ConfigDict(extra="ignore")

    name: ShortText = None
    email_address: ShortText = None
    phone_number: ShortText = None
    street_number: ShortText = None
    street_1: ShortText = None
    street_2: ShortText = None
    city: ShortText = None
    state_province: ShortText = None
    postal_code: ShortText = None
    country: Annotated[str | None, AfterValidator(_blank_or_country), Field(description="ISO 3166-1 alpha-2")] = None
    raw_address: LongText = None
    raw_address_parsed: JsonObject = None


class ShipmentUpdate(BaseModel):
    """``PUT``/``PATCH /api/v1/inventory/{uid}/order/``: every field optional, null and blank allowed."""

    model_config = ConfigDict(extra="ignore")

    shipment_service_id: ShortText = None
    shipment_tracking_number: ShortText = None
    shipment_tracking_created: UtcDatetime = None
    shipment_carrier: Annotated[str | None, AfterValidator(_blank_or_carrier)] = None
    shipment_status: ShortText = None
    shipment_rate_detail: JsonObject = None
    shipment_rate_retrieval_tried: bool | None = None
    shipment_rate_cheapest_price: OptionalMoney = None
    shipment_rate_cheapest_carrier: ShortText = None
    shipment_rate_cheapest_product: ShortText = None
    shipment_rate_cheapest_service_id: ShortText = None
    label_detail: JsonObject = None
    label_last_updated: UtcDatetime = None
    shipment_recipient_detail: JsonObject = None
    shipment_recipient_last_updated: UtcDatetime = None
    shipment_address: AddressUpdate | None = None

    def written_fields(self) -> dict[str, Any]:
        """Only the fields the client sent (a partial update), the address too."""
        fields = {name: getattr(self, name) for name in self.model_fields_set}
        if self.shipment_address is not None:
            address = self.shipment_address
            fields["shipment_address"] = {name: getattr(address, name) for name in address.model_fields_set}
        return fields


# responses


class InventoryItem(BaseModel):
    uid: str | None
    title: str | None
    sku: str | None
    condition: str | None
    primary_image_url: str | None


class InventoryItemListing(BaseModel):
    uid: str | None
    platform_slug: str | None
    platform_name: str | None
    status: str | None
    listing_url: str | None
    listing_id: str | None
    price: Money | None
    inventory_item: InventoryItem


class AddressSummary(BaseModel):
    uid: str
    full_name: str | None
    city: str | None
    postal_code: str | None
    country: str | None


class Address(BaseModel):
    uid: str
    name: str | None
    email_address: str | None
    phone_number: str | None
    street_number: str | None
    street_1: str | None
    street_2: str | None
    city: str | None
    state_province: str | None
    postal_code: str | None
    country: str | None
    raw_address: str | None
    raw_address_parsed: dict[str, Any] | None


class OrderSummary(BaseModel):
    uid: str
    order_id: str | None
    status: str = Field(description="completed, shipped, awaiting_shipment, or the marketplace's own status")
    platform: str
    platform_name: str
    buyer_name: str | None
    sale_price: Money | None
    marketplace_fee: Money | None
    platform_fee: Money | None
    shipping_cost: Money | None
    net_revenue: Money | None
    sold_at: Timestamp
    inventory_item_listing: InventoryItemListing
    shipment_tracking_number: str | None
    shipment_carrier: str | None
    shipment_status: str | None
    shipment_address: AddressSummary | None
    created: Timestamp
    updated: Timestamp


class OrderPage(BaseModel):
    count: int
    next: str | None
    previous: str | None
    results: list[OrderSummary]


class OrderDetail(OrderSummary):
    shipment_address: Address | None  # type: ignore[assignment]
    order_created: Timestamp | None
    external_order_status: str | None
    platform_order_id: str | None
    shipment_service_id: str | None
    shipment_tracking_created: Timestamp | None
    shipment_rate_detail: dict[str, Any] | None
    shipment_rate_retrieval_tried: bool
    shipment_rate_cheapest_price: Money | None
    shipment_rate_cheapest_carrier: str | None
    shipment_rate_cheapest_product: str | None
    shipment_rate_cheapest_service_id: str | None
    label_detail: dict[str, Any] | None
    label_last_updated: Timestamp | None
    shipment_recipient_detail: dict[str, Any] | None
    shipment_recipient_last_updated: Timestamp | None
    shipment_label_url: str | None
    shipment_packing_slip_url: str | None


class OrderStats(BaseModel):
    awaiting_shipment: int
    shipped: int
    completed: int
    total: int
    total_revenue: Money
    total_fees: Money
    total_shipping: Money
    total_net: Money
    currency: str = Field(description="The seller's home currency all totals are in")


class Choice(BaseModel):
    value: str
    label: str


class ErrorBody(BaseModel):
    detail: str
    errors: dict[str, str] | None = Field(None, description="Invalid parameters by name (400 only)")


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Invalid parameter or body field (named in errors)"},
    401: {"model": ErrorBody, "description": "Missing, wrong or revoked token"},
    503: {"model": ErrorBody, "description": "No snapshot published yet"},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorBody, "description": "Not found"}}
