-- The inventory lifecycle funnel of GET /api/v1/analytics/funnel/: one row per stage (draft,
-- ready_to_sell, listed, sold) in funnel order, zeros included; the stages add up to every item.
with items as (
    select * from {{ ref('inventory_items') }}
),

stages as (
    {{ inventory_stage_rows() }}
),

counts as (
    select status, count(*) as item_count
    from items
    group by status
),

final as (
    select
        stages.stage,
        stages.stage_order,
        coalesce(counts.item_count, 0) as count
    from stages
    left join counts on counts.status = stages.stage
)

select * from final
