-- Inventory items as the CSV export writes them (pipelines/reader/exports.py): money in the home
-- currency as "34.99", timestamps ISO 8601 UTC, booleans true/false, oldest item first.
-- {columns} is a list of quoted names from the export's whitelist, never from input; $statuses
-- is a list of inventory statuses, or null for every status.
with

items as (
    select * from snapshot.marts.inventory_items
    where $statuses::varchar[] is null or list_contains($statuses::varchar[], status)
),

formatted as (
    select
        inventory_uid as uid,
        sku,
        title,
        category,
        condition,
        status,
        money(purchase_cost_home) as purchase_cost,
        money(value_home) as value,
        money(listed_price_home) as listed_price,
        money(gain_home) as gain,
        money(sale_price_home) as sale_price,
        iso_utc(created_at) as created_at,
        age_days,
        aging_bucket,
        case when is_sold then 'true' else 'false' end as is_sold,
        active_listing_count,
        listed_platforms,
        iso_utc(first_listed_at) as first_listed_at,
        iso_utc(sold_at) as sold_at,
        sold_platform,
        sale_order_uid,
        primary_image_url,
        iso_utc(updated_at) as updated_at,
        created_at as sort_created_at,
    from items
)

select {columns}
from formatted
order by sort_created_at, uid
