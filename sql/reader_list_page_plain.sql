-- One page of order-list positions in the requested order when no shipment update touches the
-- list (the common case): a top-N straight on the table. {where} and {order_by} as in
-- reader_list_page.sql.
select sold_position
from snapshot.marts.orders_list
where {where}
order by {order_by}
limit $limit offset $offset
