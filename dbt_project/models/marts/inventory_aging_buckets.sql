-- The aging report's buckets (GET /api/v1/reports/aging/): stock on hand (ready to sell or listed;
-- drafts are not on offer yet, sold items are gone) by whole days since the item was created, as
-- of the build, in the buckets of the aging_buckets macro. Every bucket has a row, zeros included.
with items as (
    select * from {{ ref('inventory_items') }}
),

buckets as (
    {{ aging_bucket_rows() }}
),

stock as (
    select
        {{ aging_bucket('age_days') }} as bucket,
        age_days,
        value_home,
        purchase_cost_home
    from items
    where status in {{ sql_list(stock_statuses()) }}
),

by_bucket as (
    select
        bucket,
        count(*) as item_count,
        sum(age_days) as total_age_days,
        sum(value_home) as total_value_home,
        sum(purchase_cost_home) as total_cost_home
    from stock
    group by bucket
),

final as (
    select
        buckets.bucket,
        buckets.min_days,
        buckets.max_days,
        buckets.bucket_order,
        coalesce(by_bucket.item_count, 0) as count,
        {{ to_money('coalesce(by_bucket.total_value_home, 0)') }} as total_value_home,
        {{ to_money('coalesce(by_bucket.total_cost_home, 0)') }} as total_cost_home,
        cast(coalesce(by_bucket.total_age_days, 0) as bigint) as total_age_days
    from buckets
    left join by_bucket on by_bucket.bucket = buckets.bucket
)

select * from final
