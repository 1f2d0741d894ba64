-- A failure means allocating an order-level fee or shipping to its lines lost or created cents:
-- the lines of each order must add back up to the order's amount exactly.
with lines as (
    select platform, order_id, sum(marketplace_fee) as fee, sum(shipping_cost) as shipping
    from {{ ref('int_order_lines_unioned') }}
    group by platform, order_id
),

ebay as (
    select 'ebay' as platform, order_id, marketplace_fee as fee, delivery_cost as shipping
    from {{ ref('stg_ebay__orders') }}
),

discogs as (
    select 'discogs' as platform, order_id, marketplace_fee as fee, shipping_charged as shipping
    from {{ ref('stg_discogs__orders') }}
),

orders as (
    select * from ebay
    union all
    select * from discogs
)

select orders.platform, orders.order_id, orders.fee, lines.fee as lines_fee, orders.shipping, lines.shipping as lines_shipping
from orders
inner join lines on lines.platform = orders.platform and lines.order_id = orders.order_id
where lines.fee <> orders.fee or lines.shipping <> orders.shipping
