-- Listings with their inventory item: the catalog side of a sale.
with listings as (
    select * from {{ ref('stg_catalog__listings') }}
),

items as (
    select * from {{ ref('stg_catalog__inventory_items') }}
),

final as (
    select
        listings.listing_uid,
        listings.platform,
        listings.listing_id,
        listings.listing_url,
        listings.price as listing_price,
        listings.currency as listing_currency,
        listings.listing_status,
        listings.listed_at,
        listings.ended_at,
        items.inventory_uid,
        items.sku,
        items.title,
        items.category,
        items.condition,
        items.purchase_cost,
        items.purchase_currency,
        items.inventory_status,
        items.created_at as inventory_created_at,
        items.primary_image_url
    from listings
    left join items on items.inventory_uid = listings.inventory_uid
)

select * from final
