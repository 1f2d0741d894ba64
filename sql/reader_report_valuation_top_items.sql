-- The most valuable valued items (ready to sell, listed; sold too with $include_sold).
select
    inventory_uid as uid,
    title,
    value_home as value,
    purchase_cost_home as cost,
    status,
from snapshot.marts.inventory_items
where is_valued and ($include_sold or status <> 'sold')
order by value_home desc nulls last, inventory_uid
limit $limit
