-- The numbers of GET /api/v1/orders/stats/: one row. Money in the home currency, revenue-bearing
-- orders only (completed, shipped, awaiting shipment); cancelled and refunded orders count in none.
with orders as (
    select * from {{ ref('orders') }}
),

final as (
    select
        count(*) filter (where status = 'awaiting_shipment') as awaiting_shipment,
        count(*) filter (where status = 'shipped') as shipped,
        count(*) filter (where status = 'completed') as completed,
        count(*) filter (where is_revenue) as total,
        cast(coalesce(sum(sale_price_home) filter (where is_revenue), 0) as decimal(18, 2)) as total_revenue,
        cast(coalesce(sum(marketplace_fee_home + platform_fee_home) filter (where is_revenue), 0) as decimal(18, 2)) as total_fees,
        cast(coalesce(sum(shipping_cost_home) filter (where is_revenue), 0) as decimal(18, 2)) as total_shipping,
        cast(coalesce(sum(net_revenue_home) filter (where is_revenue), 0) as decimal(18, 2)) as total_net,
        '{{ var("home_currency") }}' as home_currency
    from orders
)

select * from final
