-- Totals of the valued inventory (ready to sell, listed, sold) for /analytics/inventory/.
select
    cast(valued_items as bigint) as total_items,
    total_value_home as total_value,
    average_item_value_home as average_item_value,
from snapshot.marts.inventory_summary
limit 1
