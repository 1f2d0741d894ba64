{{
    config(
        materialized=difference_materialization(),
        unique_key='listing_uid'
    )
}}
-- Listings with their inventory item: the catalog side of a sale. listing_price_home values the
-- listing price at the build's as-of date (stock is worth today's money), like every catalog amount
-- of an unsold item (docs/data-model.md, "Currencies"). Incremental by difference
-- (macros/by_difference.sql): a day moves the price of the listings in other currencies only.
with listings as (
    select * from {{ ref('stg_catalog__listings') }}
),

items as (
    select * from {{ ref('stg_catalog__inventory_items') }}
),

rates as (
    select * from {{ ref('int_fx_rates_daily') }}
),

as_of_rates as (
    select currency, rate_per_eur from rates where rate_date = {{ as_of_date() }}
),

final as (
    select
        listings.listing_uid,
        listings.platform,
        listings.listing_id,
        listings.listing_url,
        listings.price as listing_price,
        listings.currency as listing_currency,
        {{ convert_money('listings.price', 'listing_rate.rate_per_eur', 'home_rate.rate_per_eur') }} as listing_price_home,
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
    left join as_of_rates as listing_rate on listing_rate.currency = listings.currency
    left join as_of_rates as home_rate on home_rate.currency = '{{ var("home_currency") }}'
)

select * from final
