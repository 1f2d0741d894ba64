-- One row per inventory item: its lifecycle status, age, cost and value in the home currency and
-- where it is listed; what the inventory reports list (valuation top_items, aging oldest_items)
-- and what every inventory aggregate mart is built from.
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
        age_days,
        {{ aging_bucket('age_days') }} as aging_bucket,
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
