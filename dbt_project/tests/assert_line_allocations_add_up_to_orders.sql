{{ config(meta={'dagster': {'ref': {'name': 'int_order_lines_unioned'}}}) }}
-- A failure means allocating an order-level amount to its lines lost or created cents: the lines
-- of each order must add back up exactly to the order's marketplace fee, shipping, payment
-- processing fee and partial refunds.
with lines as (
    select
        platform,
        order_id,
        sum(marketplace_fee) as fee,
        sum(shipping_cost) as shipping,
        sum(platform_fee) as platform_fee,
        sum(refunded_amount) as refunded,
        sum(gross_sale_price) as gross
    from {{ ref('int_order_lines_unioned') }}
    group by platform, order_id
),

platforms as (
    select
        platform,
        cast(processing_fee_percent as decimal(5, 2)) as processing_fee_percent,
        cast(processing_fee_fixed as decimal(18, 2)) as processing_fee_fixed
    from {{ ref('platforms') }}
),

ebay_refunds as (
    select order_id, sum(refund_amount) as refunded
    from {{ ref('stg_ebay__order_refunds') }}
    where is_completed
    group by order_id
),

ebay as (
    select
        'ebay' as platform,
        o.order_id,
        o.marketplace_fee as fee,
        o.delivery_cost as shipping,
        o.subtotal + o.delivery_cost as gross,
        case when o.is_partially_refunded then coalesce(r.refunded, 0) else 0 end as refunded
    from {{ ref('stg_ebay__orders') }} as o
    left join ebay_refunds as r on r.order_id = o.order_id
),

discogs as (
    select
        'discogs' as platform,
        order_id,
        marketplace_fee as fee,
        shipping_charged as shipping,
        order_total as gross,
        0 as refunded
    from {{ ref('stg_discogs__orders') }}
),

orders as (
    select * from ebay
    union all
    select * from discogs
),

expected as (
    select
        orders.*,
        -- The processing fee, computed independently in exact decimals: gross × percent is in
        -- hundredths of a cent-percent, so rounding it to a whole number is rounding the fee to the cent.
        cast(round(orders.gross * platforms.processing_fee_percent, 0) as decimal(18, 0)) * cast(0.01 as decimal(3, 2))
            + platforms.processing_fee_fixed as expected_platform_fee
    from orders
    inner join platforms on platforms.platform = orders.platform
)

select
    expected.platform,
    expected.order_id,
    expected.fee, lines.fee as lines_fee,
    expected.shipping, lines.shipping as lines_shipping,
    expected.expected_platform_fee, lines.platform_fee as lines_platform_fee,
    expected.refunded, lines.refunded as lines_refunded
from expected
inner join lines on lines.platform = expected.platform and lines.order_id = expected.order_id
where lines.fee <> expected.fee
   or lines.shipping <> expected.shipping
   or lines.refunded <> expected.refunded
   or lines.platform_fee <> expected.expected_platform_fee
