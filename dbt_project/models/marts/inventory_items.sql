{{ config(materialized='view') }}
-- One row per inventory item: its lifecycle status, age, cost and value in the home currency and
-- where it is listed; what the inventory reports list (valuation top_items, aging oldest_items)
-- and what every inventory aggregate mart is built from.
-- A view: the stored rows (inventory_items_base) do not hold the item's age, which moves every
-- day for every item; it is counted here from the build's as-of date (build_as_of), so a snapshot
-- still answers with the ages of its build, whenever it is read.
with items as (
    select * from {{ ref('inventory_items_base') }}
),

as_of as (
    select as_of_date from {{ ref('build_as_of') }}
),

aged as (
    select
        items.*,
        greatest({{ dbt.datediff('items.created_date', 'as_of.as_of_date', 'day') }}, 0) as age_days
    from items
    cross join as_of
),

-- Every column named, in the order the mart has always had (the age between created_date and the
-- listings), so `select *` reads as it did when the mart was a table.
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
        is_valued,
        purchase_cost,
        purchase_currency,
        purchase_cost_home,
        value_home,
        value_basis,
        listed_price_home,
        gain_home,
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
    from aged
)

select * from final
