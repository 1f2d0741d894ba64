-- The order a sold inventory item belongs to (its latest sale), with what a shipment write needs to know.
select
    order_uid,
    shipment_tracking_created_at is not null as has_tracking_created,
    lower(trim(shipment_status)) = 'delivered' as is_delivered,
from order_keys
where inventory_uid = $inventory_uid
order by sold_at desc, order_uid
limit 1
