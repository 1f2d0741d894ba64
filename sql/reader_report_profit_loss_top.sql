-- The most profitable items sold in $start..$end.
select
    inventory_uid as uid,
    title,
    sale_price_home as sale_price,
    cost_home as cost,
    profit_home as profit,
from snapshot.marts.profit_loss_items
where sold_date between $start and $end
order by profit_home desc, order_uid
limit $limit
