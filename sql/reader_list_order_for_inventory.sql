-- reader_order_for_inventory.sql on the order list: the item's latest sale, found by comparing
-- integer keys before the uid text, shipment updates applied.
with

candidates as (
    select order_uid, sold_at, shipment_tracking_created_at, shipment_status,
    from snapshot.marts.orders_list
    where inventory_key = md5_number_lower($inventory_uid)
        and inventory_uid = $inventory_uid
        and sold_position not in (select sold_position from list_overlay_stale)
    union all
    select order_uid, sold_at, shipment_tracking_created_at, shipment_status,
    from list_overlay_live
    where inventory_uid = $inventory_uid
)

select
    order_uid,
    shipment_tracking_created_at is not null as has_tracking_created,
    lower(trim(shipment_status)) = 'delivered' as is_delivered,
from candidates
order by sold_at desc, order_uid
limit 1
