-- Revenue and orders (order lines) of the window $start..$end and of the window of the same
-- length just before it ($previous_start..$previous_end), in one scan of sales_daily.
select
    coalesce(sum(revenue_home) filter (where sold_date between $start and $end), 0) as total_revenue,
    cast(coalesce(sum(items) filter (where sold_date between $start and $end), 0) as bigint) as total_orders,
    coalesce(sum(revenue_home) filter (where sold_date between $previous_start and $previous_end), 0) as previous_revenue,
    cast(coalesce(sum(items) filter (where sold_date between $previous_start and $previous_end), 0) as bigint) as previous_orders,
from snapshot.marts.sales_daily
where sold_date between $previous_start and $end
