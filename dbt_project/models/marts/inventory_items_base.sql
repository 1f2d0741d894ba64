{{
    config(
        materialized=difference_materialization(),
        unique_key='inventory_uid'
    )
}}
-- marts.inventory_items without the columns that move with the as-of date alone (age_days,
-- aging_bucket): a row changes only when its item, listings, sale or as-of exchange rate do, so
-- it is updated by difference (macros/by_difference.sql) and a daily run writes the ~1% of items
-- that changed instead of every item again. Query marts.inventory_items, which adds the ages.
with items as (
    select * from {{ ref('int_inventory_items_joined') }}
),

final as (
    select
        inventory_uid,
        title,
        sku,
        category,
        condition,
        status,
        catalog_status,
        is_sold,
        is_in_stock,
        status in {{ sql_list(valued_statuses()) }} as is_valued,
        purchase_cost,
        purchase_currency,
        purchase_cost_home,
        value_home,
        value_basis,
        listed_price_home,
        {{ to_money('value_home - coalesce(purchase_cost_home, 0)') }} as gain_home,
        created_at,
        created_date,
        active_listing_count,
        listed_platforms,
        listing_count,
        first_listed_at,
        sold_at,
        sold_date,
        sold_platform,
        sale_order_uid,
        sale_price_home,
        primary_image_url,
        updated_at
    from items
)

select * from final
