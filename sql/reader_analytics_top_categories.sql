-- Categories ranked by revenue over $start..$end: count is items sold (order lines).
select
    category as name,
    cast(sum(items) as bigint) as count,
    sum(revenue_home) as revenue,
from snapshot.marts.category_sales_daily
where sold_date between $start and $end
group by category
order by revenue desc, count desc, name
limit $limit
