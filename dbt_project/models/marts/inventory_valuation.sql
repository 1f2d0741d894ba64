-- The valuation report (GET /api/v1/reports/inventory-valuation/) by status and category: items,
-- cost, value and unrealized gain (value − cost) in the home currency, over valued items (ready
-- to sell, listed, sold). The report's totals and by_status are sums of these rows (without the
-- sold rows unless include_sold); its top_items come from marts.inventory_items.
with items as (
    select * from {{ ref('inventory_items') }}
),

final as (
    select
        status,
        coalesce(category, 'Uncategorized') as category,
        count(*) as count,
        {{ to_money('coalesce(sum(purchase_cost_home), 0)') }} as total_cost_home,
        {{ to_money('coalesce(sum(value_home), 0)') }} as total_value_home,
        {{ to_money('coalesce(sum(value_home), 0) - coalesce(sum(purchase_cost_home), 0)') }} as unrealized_gain_home
    from items
    where is_valued
    group by status, coalesce(category, 'Uncategorized')
)

select * from final
