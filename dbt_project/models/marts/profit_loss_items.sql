{{
    config(
        materialized=difference_materialization(),
        unique_key='order_uid'
    )
}}
-- The profit & loss report's lines (GET /api/v1/reports/profit-loss/): one row per item sold
-- through a revenue-bearing order (an API order), money in the home currency at the sale date's
-- rate: profit = sale price − purchase cost − shipping − fees. The sale price is net of partial
-- refunds; an item without a recorded purchase cost counts at 0 (has_cost says which).
-- Incremental by difference (macros/by_difference.sql).
with orders as (
    select * from {{ ref('orders') }}
),

sold as (
    select * from orders where is_revenue
),

final as (
    select
        order_uid,
        inventory_uid,
        order_id,
        platform,
        title,
        sold_at,
        sold_date,
        {{ month_label('sold_date') }} as sold_month,
        sale_price_home,
        {{ to_money('coalesce(purchase_cost_home, 0)') }} as cost_home,
        shipping_cost_home as shipping_home,
        {{ to_money('marketplace_fee_home + platform_fee_home') }} as fees_home,
        {{ to_money('sale_price_home - coalesce(purchase_cost_home, 0) - shipping_cost_home - marketplace_fee_home - platform_fee_home') }}
            as profit_home,
        purchase_cost_home is not null as has_cost
    from sold
)

select * from final
