{{ config(meta={'dagster': {'ref': {'name': 'inventory_funnel'}}}) }}
-- A failure means the funnel lost or double-counted items: its stages must add up to the number of
-- inventory items, stage by stage and in total, and the summary's counts must agree.
with funnel as (
    select * from {{ ref('inventory_funnel') }}
),

items as (
    select status, count(*) as items from {{ ref('inventory_items') }} group by status
),

summary as (
    select * from {{ ref('inventory_summary') }}
),

by_stage as (
    select funnel.stage, funnel.count, coalesce(items.items, 0) as items
    from funnel
    left join items on items.status = funnel.stage
    where funnel.count <> coalesce(items.items, 0)
),

totals as (
    select
        'total' as stage,
        (select sum(count) from funnel) as count,
        (select count(*) from {{ ref('inventory_items') }}) as items
),

summary_check as (
    select
        'summary' as stage,
        (select sum(count) from funnel) as count,
        summary.total_items as items
    from summary
    where summary.total_items <> summary.draft_items + summary.ready_to_sell_items + summary.listed_items + summary.sold_items
       or summary.total_items <> (select sum(count) from funnel)
)

select * from by_stage
union all
select * from totals where count <> items
union all
select * from summary_check
