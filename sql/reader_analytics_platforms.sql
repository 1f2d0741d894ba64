-- Orders (order lines) and revenue per platform over $start..$end, the best-selling first.
select
    platform,
    max(platform_name) as platform_name,
    cast(sum(items) as bigint) as count,
    sum(revenue_home) as revenue,
from snapshot.marts.platform_sales_daily
where sold_date between $start and $end
group by platform
order by revenue desc, count desc, platform
