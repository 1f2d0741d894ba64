-- One row of inventory figures, money in the home currency:
--   financials of GET /api/v1/reports/inventory-summary/ over stock on hand (ready to sell or
--   listed): total_purchase_cost, total_listed_value (active listing prices), their averages, and
--   potential_profit = what the listed stock would earn over its purchase cost if it sold at its
--   listing prices (before fees and shipping);
--   the totals of GET /api/v1/analytics/inventory/ over valued items (ready to sell, listed, sold);
--   the aging report's summary over stock on hand;
--   item counts per lifecycle stage.
-- Averages divide exactly and round half away from zero (divide_money, divide_to_scale).
with items as (
    select * from {{ ref('inventory_items') }}
),

stock as (
    select * from items where status in {{ sql_list(stock_statuses()) }}
),

counts as (
    select
        count(*) as total_items,
        count(case when status = 'draft' then 1 end) as draft_items,
        count(case when status = 'ready_to_sell' then 1 end) as ready_to_sell_items,
        count(case when status = 'listed' then 1 end) as listed_items,
        count(case when status = 'sold' then 1 end) as sold_items,
        count(case when is_in_stock then 1 end) as stock_items,
        count(case when is_valued then 1 end) as valued_items,
        {{ to_money('coalesce(sum(case when is_valued then value_home end), 0)') }} as total_value_home
    from items
),

financials as (
    select
        {{ to_money('coalesce(sum(purchase_cost_home), 0)') }} as total_purchase_cost,
        count(purchase_cost_home) as items_with_cost,
        {{ to_money('coalesce(sum(listed_price_home), 0)') }} as total_listed_value,
        count(listed_price_home) as listed_stock_items,
        {{ to_money('coalesce(sum(case when listed_price_home is not null then listed_price_home - coalesce(purchase_cost_home, 0) end), 0)') }}
            as potential_profit,
        {{ to_money('coalesce(sum(value_home), 0)') }} as stock_value_home,
        cast(coalesce(sum(age_days), 0) as bigint) as stock_total_age_days
    from stock
),

final as (
    select
        counts.total_items,
        counts.draft_items,
        counts.ready_to_sell_items,
        counts.listed_items,
        counts.sold_items,
        counts.stock_items,
        financials.listed_stock_items,
        financials.total_purchase_cost,
        financials.total_listed_value,
        coalesce({{ divide_money('financials.total_purchase_cost', 'financials.items_with_cost') }}, cast(0 as decimal(18, 2)))
            as average_purchase_cost,
        coalesce({{ divide_money('financials.total_listed_value', 'financials.listed_stock_items') }}, cast(0 as decimal(18, 2)))
            as average_listed_price,
        financials.potential_profit,
        counts.valued_items,
        counts.total_value_home,
        coalesce({{ divide_money('counts.total_value_home', 'counts.valued_items') }}, cast(0 as decimal(18, 2)))
            as average_item_value_home,
        financials.stock_value_home,
        coalesce({{ divide_to_scale('financials.stock_total_age_days', 'counts.stock_items', 1) }}, cast(0 as decimal(18, 1)))
            as stock_average_age_days,
        '{{ var("home_currency") }}' as home_currency
    from counts
    cross join financials
)

select * from final
