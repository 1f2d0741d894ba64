-- Inventory items created in $start..$end (their created_date, the seller's date; a null bound is
-- open) per status, with the sums the inventory summary needs. Financials are taken over stock on
-- hand (ready_to_sell, listed) as marts.inventory_summary does: costs over items with a recorded
-- cost, listed value over items with an active listing, potential profit = listed price - cost.
select
    status,
    count(*) as count,
    sum(purchase_cost_home) as total_cost,
    count(purchase_cost_home) as items_with_cost,
    sum(listed_price_home) as total_listed_value,
    count(listed_price_home) as items_listed,
    sum(listed_price_home - coalesce(purchase_cost_home, 0)) as potential_profit,
    sum(value_home) as total_value,
from snapshot.marts.inventory_items
where ($start is null or created_date >= $start)
    and ($end is null or created_date <= $end)
group by status
order by status
