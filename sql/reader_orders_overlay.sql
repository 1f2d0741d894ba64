-- marts.orders as the API serves it: the snapshot with the shipment updates written since
-- applied on top, status by the live_status macro (steps 4 and 6 of docs/data-model.md).
-- The full row, for the payloads of a page or one order; scans go through order_keys.
create or replace view orders_live as
with

orders as (
    select * from snapshot.marts.orders
),

overlay as (
    select * from shipment_overlay
),

merged as (
    select
        orders.order_uid,
        orders.order_id,
        orders.platform,
        orders.platform_name,
        orders.status as base_status,
        orders.external_order_status,
        orders.currency,
        orders.sale_price,
        orders.marketplace_fee,
        orders.platform_fee,
        orders.shipping_cost,
        orders.net_revenue,
        orders.sold_at,
        orders.order_created_at,
        orders.created_at,
        orders.listing_uid,
        orders.listing_id,
        orders.listing_url,
        orders.listing_status,
        orders.listing_price,
        orders.inventory_uid,
        orders.title,
        orders.sku,
        orders.condition,
        orders.primary_image_url,
        orders.shipment_label_url,
        orders.shipment_packing_slip_url,
        overlay.inventory_uid is not null as has_update,
        greatest(orders.updated_at, overlay.updated_at) as updated_at,
        case when overlay.set_shipment_service_id then overlay.shipment_service_id else orders.shipment_service_id end as shipment_service_id,
        case when overlay.set_shipment_tracking_number then overlay.shipment_tracking_number else orders.shipment_tracking_number end as shipment_tracking_number,
        case when overlay.set_shipment_tracking_created_at then overlay.shipment_tracking_created_at else orders.shipment_tracking_created_at end as shipment_tracking_created_at,
        case when overlay.set_shipment_carrier then overlay.shipment_carrier else orders.shipment_carrier end as shipment_carrier,
        case when overlay.set_shipment_status then overlay.shipment_status else orders.shipment_status end as shipment_status,
        case when overlay.set_shipment_rate_detail then overlay.shipment_rate_detail else orders.shipment_rate_detail::json end as shipment_rate_detail,
        case when overlay.set_shipment_rate_retrieval_tried then overlay.shipment_rate_retrieval_tried else orders.shipment_rate_retrieval_tried end as shipment_rate_retrieval_tried,
        case when overlay.set_shipment_rate_cheapest_price then overlay.shipment_rate_cheapest_price else orders.shipment_rate_cheapest_price end as shipment_rate_cheapest_price,
        case when overlay.set_shipment_rate_cheapest_carrier then overlay.shipment_rate_cheapest_carrier else orders.shipment_rate_cheapest_carrier end as shipment_rate_cheapest_carrier,
        case when overlay.set_shipment_rate_cheapest_product then overlay.shipment_rate_cheapest_product else orders.shipment_rate_cheapest_product end as shipment_rate_cheapest_product,
        case when overlay.set_shipment_rate_cheapest_service_id then overlay.shipment_rate_cheapest_service_id else orders.shipment_rate_cheapest_service_id end as shipment_rate_cheapest_service_id,
        case when overlay.set_label_detail then overlay.label_detail else orders.label_detail::json end as label_detail,
        case when overlay.set_label_last_updated_at then overlay.label_last_updated_at else orders.label_last_updated_at end as label_last_updated_at,
        case when overlay.set_shipment_recipient_detail then overlay.shipment_recipient_detail else orders.shipment_recipient_detail::json end as shipment_recipient_detail,
        case when overlay.set_shipment_recipient_last_updated_at then overlay.shipment_recipient_last_updated_at else orders.shipment_recipient_last_updated_at end as shipment_recipient_last_updated_at,
        case
            when overlay.has_address then coalesce(orders.address_uid, 'addr_' || left(md5('ops:' || orders.inventory_uid), 12))
            else orders.address_uid
        end as address_uid,
        case when overlay.set_address_name then overlay.address_name else orders.buyer_name end as buyer_name,
        case when overlay.set_address_name then overlay.address_name else orders.address_name end as address_name,
        case when overlay.set_address_email then overlay.address_email else orders.address_email end as address_email,
        case when overlay.set_address_phone then overlay.address_phone else orders.address_phone end as address_phone,
        case when overlay.set_address_street_number then overlay.address_street_number else orders.address_street_number end as address_street_number,
        case when overlay.set_address_street_1 then overlay.address_street_1 else orders.address_street_1 end as address_street_1,
        case when overlay.set_address_street_2 then overlay.address_street_2 else orders.address_street_2 end as address_street_2,
        case when overlay.set_address_city then overlay.address_city else orders.address_city end as address_city,
        case when overlay.set_address_state_province then overlay.address_state_province else orders.address_state_province end as address_state_province,
        case when overlay.set_address_postal_code then overlay.address_postal_code else orders.address_postal_code end as address_postal_code,
        case when overlay.set_address_country then overlay.address_country else orders.address_country end as address_country,
        case when overlay.set_raw_address then overlay.raw_address else orders.raw_address end as raw_address,
        case when overlay.set_raw_address_parsed then overlay.raw_address_parsed else orders.raw_address_parsed::json end as raw_address_parsed,
    from orders
    left join overlay on overlay.inventory_uid = orders.inventory_uid
),

final as (
    select
        *,
        live_status(base_status, has_update, shipment_status, shipment_tracking_number) as status,
    from merged
)

select * from final
