{{
    config(
        materialized=windowed_materialization(),
        incremental_strategy='delete+insert',
        unique_key='sold_date',
        on_schema_change='sync_all_columns',
        pre_hook="{{ delete_window('sold_date') }}"
    )
}}
-- Sales per day in the seller's time zone, over revenue-bearing orders (is_revenue), money in the
-- home currency net of partial refunds: the series GET /api/v1/analytics/sales/ and
-- /analytics/revenue/ roll up to day, week or month. Every day from the first sale to the as-of
-- date has a row, zeros included. Incremental: a run rebuilds the days of the min_date..max_date
-- window (default: all).
with orders as (
    select * from {{ ref('orders') }}
),

revenue_orders as (
    select * from orders where is_revenue
),

bounds as (
    select
        min(sold_date) as first_day,
        greatest(max(sold_date), {{ as_of_date() }}) as last_day
    from revenue_orders
),

days as (
    {{ day_spine('(select first_day from bounds)', '(select last_day from bounds)') }}
),

daily as (
    select
        sold_date,
        count(distinct platform || '|' || order_id) as orders,
        count(*) as items,
        sum(sale_price_home) as revenue_home,
        sum(marketplace_fee_home + platform_fee_home) as fees_home,
        sum(shipping_cost_home) as shipping_home,
        sum(net_revenue_home) as net_home,
        sum(refunded_amount_home) as refunds_home
    from revenue_orders
    where {{ incremental_window('sold_date') }}
    group by sold_date
),

final as (
    select
        days.date_day as sold_date,
        coalesce(daily.orders, 0) as orders,
        coalesce(daily.items, 0) as items,
        {{ to_money('coalesce(daily.revenue_home, 0)') }} as revenue_home,
        {{ to_money('coalesce(daily.fees_home, 0)') }} as fees_home,
        {{ to_money('coalesce(daily.shipping_home, 0)') }} as shipping_home,
        {{ to_money('coalesce(daily.net_home, 0)') }} as net_home,
        {{ to_money('coalesce(daily.refunds_home, 0)') }} as refunds_home
    from days
    left join daily on daily.sold_date = days.date_day
    where {{ incremental_window('days.date_day') }}
)

select * from final
