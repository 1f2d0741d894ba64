{{ config(meta={'dagster': {'ref': {'name': 'platform_sales_daily'}}}) }}
-- A failure names a day where the platform or category breakdown does not add up to sales_daily:
-- every day's platforms must sum to its orders, items and revenue, its categories to its items
-- and revenue (an order spanning two categories counts in both, so category orders are not summed).
with daily as (
    select * from {{ ref('sales_daily') }}
),

platforms as (
    select
        sold_date,
        sum(orders) as orders,
        sum(items) as items,
        sum(revenue_home) as revenue_home,
        sum(net_home) as net_home
    from {{ ref('platform_sales_daily') }}
    group by sold_date
),

categories as (
    select
        sold_date,
        sum(items) as items,
        sum(revenue_home) as revenue_home
    from {{ ref('category_sales_daily') }}
    group by sold_date
)

select
    daily.sold_date,
    daily.orders, platforms.orders as platform_orders,
    daily.items, platforms.items as platform_items, categories.items as category_items,
    daily.revenue_home, platforms.revenue_home as platform_revenue, categories.revenue_home as category_revenue
from daily
left join platforms on platforms.sold_date = daily.sold_date
left join categories on categories.sold_date = daily.sold_date
where daily.orders <> coalesce(platforms.orders, 0)
   or daily.items <> coalesce(platforms.items, 0)
   or daily.items <> coalesce(categories.items, 0)
   or daily.revenue_home <> coalesce(platforms.revenue_home, 0)
   or daily.revenue_home <> coalesce(categories.revenue_home, 0)
   or daily.net_home <> coalesce(platforms.net_home, 0)
