-- The valuation by status and category, without the sold items unless $include_sold.
select
    status,
    category,
    cast(count as bigint) as count,
    total_cost_home as total_cost,
    total_value_home as total_value,
    unrealized_gain_home as unrealized_gain,
from snapshot.marts.inventory_valuation
where $include_sold or status <> 'sold'
order by status, category
