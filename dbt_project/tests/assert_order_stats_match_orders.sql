{{ config(meta={'dagster': {'ref': {'name': 'order_stats'}}}) }}
-- A failure means the stats mart disagrees with the orders it summarises.
select *
from {{ ref('order_stats') }}
where total <> (select count(*) from {{ ref('orders') }} where is_revenue)
   or total_revenue <> (select coalesce(sum(sale_price_home), 0) from {{ ref('orders') }} where is_revenue)
   or total_net <> total_revenue - total_fees - total_shipping
   or total <> awaiting_shipment + shipped + completed
