-- The few columns of marts.orders that lists filter, search and sort on, with the shipment
-- updates applied: a narrow view that is quick to plan, for every query that scans all orders
-- (page, count, stats, lookups). orders_live carries the full row for the payloads.
create or replace view order_keys as
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
        orders.inventory_uid,
        orders.platform,
        orders.title,
        orders.sale_price,
        orders.marketplace_fee,
        orders.platform_fee,
        orders.shipping_cost,
        orders.net_revenue,
        orders.sold_at,
        orders.created_at,
        greatest(orders.updated_at, overlay.updated_at) as updated_at,
        orders.status as base_status,
        overlay.inventory_uid is not null as has_update,
        case when overlay.set_shipment_tracking_number then overlay.shipment_tracking_number else orders.shipment_tracking_number end as shipment_tracking_number,
        case when overlay.set_shipment_tracking_created_at then overlay.shipment_tracking_created_at else orders.shipment_tracking_created_at end as shipment_tracking_created_at,
        case when overlay.set_shipment_status then overlay.shipment_status else orders.shipment_status end as shipment_status,
        case when overlay.set_address_name then overlay.address_name else orders.buyer_name end as buyer_name,
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
