-- The inventory lifecycle funnel, one row per stage in funnel order.
select stage, cast(count as bigint) as count
from snapshot.marts.inventory_funnel
order by stage_order
