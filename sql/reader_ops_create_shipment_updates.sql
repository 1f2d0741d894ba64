-- Shipment fields written through the API, one row per sold inventory item.
-- A column's value applies only when its name is in fields_set (writing null is a value);
-- shipment_address holds only the address keys written. Timestamps are ISO 8601 UTC,
-- money an exact decimal string, objects JSON text, booleans 0/1.
create table if not exists shipment_updates (
    inventory_uid text primary key,
    shipment_service_id text,
    shipment_tracking_number text,
    shipment_tracking_created text,
    shipment_carrier text,
    shipment_status text,
    shipment_rate_detail text,
    shipment_rate_retrieval_tried integer,
    shipment_rate_cheapest_price text,
    shipment_rate_cheapest_carrier text,
    shipment_rate_cheapest_product text,
    shipment_rate_cheapest_service_id text,
    label_detail text,
    label_last_updated text,
    shipment_recipient_detail text,
    shipment_recipient_last_updated text,
    shipment_address text,
    fields_set text not null default '[]',
    created_at text not null,
    updated_at text not null,
    version integer not null default 1
)
