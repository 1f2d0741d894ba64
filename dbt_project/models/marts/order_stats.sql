-- The numbers of GET /api/v1/orders/stats/: one row. Counts are API orders (order lines, the
-- grain of marts.orders); money is in the home currency over revenue-bearing orders only
-- (completed, shipped, awaiting shipment), net of partial refunds; cancelled, refunded and unpaid
-- orders count in none of it.
with orders as (
    select * from {{ ref('orders') }}
),

final as (
    select
        count(case when status = 'awaiting_shipment' then 1 end) as awaiting_shipment,
        count(case when status = 'shipped' then 1 end) as shipped,
        count(case when status = 'completed' then 1 end) as completed,
        count(case when is_revenue then 1 end) as total,
        {{ to_money('coalesce(sum(case when is_revenue then sale_price_home end), 0)') }} as total_revenue,
        {{ to_money('coalesce(sum(case when is_revenue then marketplace_fee_home + platform_fee_home end), 0)') }} as total_fees,
        {{ to_money('coalesce(sum(case when is_revenue then shipping_cost_home end), 0)') }} as total_shipping,
        {{ to_money('coalesce(sum(case when is_revenue then net_revenue_home end), 0)') }} as total_net,
        '{{ var("home_currency") }}' as home_currency
    from orders
)

select * from final
