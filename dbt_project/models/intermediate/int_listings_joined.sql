{{
    config(
        materialized=difference_materialization(),
        unique_key='listing_uid'
    )
}}
-- Listings with their inventory item: the catalog side of a sale. Nothing here moves with the
-- as-of date: the listing price in the home currency (at the as-of date's rate, like every catalog
-- amount of stock) is int_listings_valued's, a view over this table. Kept here, a day's new rate
-- rewrote every listing in another currency, sold ones included (258,591 rows at 1M orders, 97%
-- of them ended listings; docs/benchmarks.md item 31). Incremental by difference
-- (macros/by_difference.sql): a day writes the listings its catalog export changed.
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
        listings.listing_status_raw,
        listings.listed_at,
        listings.ended_at,
        listings.inventory_uid,
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
