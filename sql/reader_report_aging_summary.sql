-- The aging report's summary: stock on hand (ready to sell, listed), its value and mean age.
select
    cast(stock_items as bigint) as total_items,
    stock_value_home as total_value,
    stock_average_age_days as average_age_days,
from snapshot.marts.inventory_summary
limit 1
