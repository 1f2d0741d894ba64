{{ config(meta={'dagster': {'ref': {'name': 'sales_daily'}}}) }}
-- A failure means the daily sales series disagrees with the order stats: summed over every day,
-- sales_daily must give order_stats' revenue, fees, shipping and net to the cent, and its items
-- must be order_stats' total (both count revenue-bearing order lines).
with daily as (
    select
        sum(items) as items,
        sum(revenue_home) as revenue,
        sum(fees_home) as fees,
        sum(shipping_home) as shipping,
        sum(net_home) as net
    from {{ ref('sales_daily') }}
),

stats as (
    select * from {{ ref('order_stats') }}
)

select
    stats.total, daily.items,
    stats.total_revenue, daily.revenue,
    stats.total_fees, daily.fees,
    stats.total_shipping, daily.shipping,
    stats.total_net, daily.net
from stats
cross join daily
where stats.total <> coalesce(daily.items, 0)
   or stats.total_revenue <> coalesce(daily.revenue, 0)
   or stats.total_fees <> coalesce(daily.fees, 0)
   or stats.total_shipping <> coalesce(daily.shipping, 0)
   or stats.total_net <> coalesce(daily.net, 0)
