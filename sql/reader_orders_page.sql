-- One page of order uids in the requested order, with the number of matching orders.
-- {order_by} is built from a whitelist of columns (pipelines/reader/orders.py), never from input.
-- $search arrives lower-cased; blank filters arrive as null.
select
    count(*) over () as total,
    order_uid,
from orders_live
where ($platform is null or platform = $platform)
    and ($status is null or status = $status)
    and (
        $search is null
        or contains(lower(order_id), $search)
        or contains(lower(shipment_tracking_number), $search)
        or contains(lower(buyer_name), $search)
        or contains(lower(title), $search)
    )
order by {order_by}
limit $limit offset $offset
