-- One page of order uids in the requested order.
-- {order_by} is built from a whitelist of columns (pipelines/reader/orders.py), never from input.
select order_uid
from matching_orders($platform, $status, $search)
order by {order_by}
limit $limit offset $offset
