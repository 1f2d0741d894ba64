-- The profit & loss report's monthly_breakdown: one row per month ('YYYY-MM', seller's time zone)
-- with a sale; sums of marts.profit_loss_items, money in the home currency (the column names are
-- the payload's: sales, cost, shipping, fees, profit).
with items as (
    select * from {{ ref('profit_loss_items') }}
),

final as (
    select
        sold_month as month,
        cast(min({{ dbt.date_trunc('month', 'sold_date') }}) as date) as month_start,
        {{ to_money('sum(sale_price_home)') }} as sales,
        {{ to_money('sum(cost_home)') }} as cost,
        {{ to_money('sum(shipping_home)') }} as shipping,
        {{ to_money('sum(fees_home)') }} as fees,
        {{ to_money('sum(profit_home)') }} as profit,
        count(*) as count
    from items
    group by sold_month
)

select * from final
