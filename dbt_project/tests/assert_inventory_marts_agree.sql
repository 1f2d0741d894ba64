{{ config(meta={'dagster': {'ref': {'name': 'inventory_summary'}}}) }}
-- A failure names an inventory figure that disagrees with the items it summarises: by_status,
-- valuation and aging must be sums of marts.inventory_items under the documented populations
-- (valued: ready to sell, listed, sold; stock on hand: ready to sell, listed), and the summary's
-- totals must equal those sums.
with items as (
    select * from {{ ref('inventory_items') }}
),

by_status as (
    select * from {{ ref('inventory_by_status') }}
),

valuation as (
    select * from {{ ref('inventory_valuation') }}
),

aging as (
    select * from {{ ref('inventory_aging_buckets') }}
),

summary as (
    select * from {{ ref('inventory_summary') }}
),

item_status as (
    select
        status,
        count(*) as items,
        coalesce(sum(value_home), 0) as value_home,
        coalesce(sum(purchase_cost_home), 0) as cost_home
    from items
    where is_valued
    group by status
),

valuation_status as (
    select
        status,
        sum(count) as items,
        sum(total_value_home) as value_home,
        sum(total_cost_home) as cost_home,
        sum(unrealized_gain_home) as gain_home
    from valuation
    group by status
),

checks as (
    select 'by_status ' || by_status.status as what
    from by_status
    left join item_status on item_status.status = by_status.status
    where by_status.count <> coalesce(item_status.items, 0)
       or by_status.value_home <> coalesce(item_status.value_home, 0)
       or by_status.total_cost_home <> coalesce(item_status.cost_home, 0)
    union all
    select 'valuation ' || by_status.status
    from by_status
    left join valuation_status on valuation_status.status = by_status.status
    where by_status.count <> coalesce(valuation_status.items, 0)
       or by_status.value_home <> coalesce(valuation_status.value_home, 0)
       or by_status.total_cost_home <> coalesce(valuation_status.cost_home, 0)
       or coalesce(valuation_status.gain_home, 0) <> coalesce(valuation_status.value_home, 0) - coalesce(valuation_status.cost_home, 0)
    union all
    select 'aging'
    from summary
    where summary.stock_items <> (select sum(count) from aging)
       or summary.stock_value_home <> (select sum(total_value_home) from aging)
       or summary.total_purchase_cost <> (select sum(total_cost_home) from aging)
    union all
    select 'summary totals'
    from summary
    where summary.valued_items <> (select sum(count) from by_status)
       or summary.total_value_home <> (select sum(value_home) from by_status)
       or summary.stock_items <> summary.ready_to_sell_items + summary.listed_items
       or summary.potential_profit <> (
            select coalesce(sum(listed_price_home - coalesce(purchase_cost_home, 0)), 0)
            from items where is_in_stock and listed_price_home is not null)
)

select * from checks
