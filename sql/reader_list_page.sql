-- One page of order-list positions in the requested order, shipment updates applied.
-- The snapshot's best $window rows ($window = offset + limit + the number of updated rows) are
-- enough: dropping the updated ones (stale) leaves at least offset + limit, and the updated rows
-- come back with their live values. {where}, {where_live} and {order_by} are built from
-- whitelists in pipelines/reader/orders.py, never from input: {where} may leave out a searched
-- field no snapshot row can match, {where_live} (for the updated rows) searches every field.
with

base as (
    select sold_position, uid_number, order_uid, order_id, status, platform, buyer_name, sale_price,
        marketplace_fee, platform_fee, shipping_cost, net_revenue, sold_at, created_at, updated_at,
    from snapshot.marts.orders_list
    where {where}
    order by {order_by}
    limit $window
),

changed as (
    select sold_position, uid_number, order_uid, order_id, status, platform, buyer_name, sale_price,
        marketplace_fee, platform_fee, shipping_cost, net_revenue, sold_at, created_at, updated_at,
    from list_overlay_live
    where {where_live}
),

merged as (
    select * from base
    where sold_position not in (select sold_position from list_overlay_stale)
    union all
    select * from changed
)

select sold_position
from merged
order by {order_by}
limit $limit offset $offset
