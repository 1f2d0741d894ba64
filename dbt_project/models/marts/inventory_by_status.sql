-- Inventory count and value by status for GET /api/v1/analytics/inventory/: one row per valued
-- status (ready_to_sell, listed, sold; drafts are still being catalogued and appear only in the
-- funnel), zeros included. Value in the home currency (inventory_items.value_home). The spec's
-- by_status keys spell ready-to-sell with a hyphen; the mart keeps the canonical status.
with items as (
    select * from {{ ref('inventory_items') }}
),

stages as (
    {{ inventory_stage_rows() }}
),

by_status as (
    select
        status,
        count(*) as item_count,
        sum(value_home) as value_home,
        sum(purchase_cost_home) as total_cost_home
    from items
    group by status
),

final as (
    select
        stages.stage as status,
        stages.stage_order as status_order,
        coalesce(by_status.item_count, 0) as count,
        {{ to_money('coalesce(by_status.value_home, 0)') }} as value_home,
        {{ to_money('coalesce(by_status.total_cost_home, 0)') }} as total_cost_home
    from stages
    left join by_status on by_status.status = stages.stage
    where stages.stage in {{ sql_list(valued_statuses()) }}
)

select * from final
