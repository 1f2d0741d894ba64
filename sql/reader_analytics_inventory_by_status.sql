-- Count and value per valued status (ready_to_sell, listed, sold) in funnel order.
select status, cast(count as bigint) as count, value_home as value
from snapshot.marts.inventory_by_status
order by status_order
