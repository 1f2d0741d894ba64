{{
    config(
        materialized=windowed_materialization(),
        incremental_strategy='delete+insert',
        unique_key=['sold_date', 'platform'],
        on_schema_change='sync_all_columns',
        pre_hook="{{ delete_window('sold_date') }}"
    )
}}
-- Sales per day and platform, over revenue-bearing orders, money in the home currency: the rows
-- GET /api/v1/analytics/platforms/ sums over its window. Only (day, platform) pairs with a sale
-- have a row. Incremental on the min_date..max_date window (default: all).
with orders as (
    select * from {{ ref('orders') }}
),

revenue_orders as (
    select * from orders
    where is_revenue and {{ incremental_window('sold_date') }}
),

final as (
    select
        sold_date,
        platform,
        max(platform_name) as platform_name,
        count(distinct order_id) as orders,
        count(*) as items,
        {{ to_money('sum(sale_price_home)') }} as revenue_home,
        {{ to_money('sum(marketplace_fee_home + platform_fee_home)') }} as fees_home,
        {{ to_money('sum(shipping_cost_home)') }} as shipping_home,
        {{ to_money('sum(net_revenue_home)') }} as net_home
    from revenue_orders
    group by sold_date, platform
)

select * from final
