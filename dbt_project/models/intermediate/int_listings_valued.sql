-- A view: computed by its readers (the inventory and activity marts) each build, so the table
-- under it does not change when only the as-of date does (int_listings_joined).
{{ config(materialized='view') }}
-- Listings with their price in the home currency at the as-of date's rate: a listing is stock on
-- offer, valued in today's money like every catalog amount of an unsold item (docs/data-model.md,
-- "Currencies").
with listings as (
    select * from {{ ref('int_listings_joined') }}
),

rates as (
    select * from {{ ref('int_fx_rates_daily') }}
),

as_of_rates as (
    select currency, rate_per_eur from rates where rate_date = {{ as_of_date() }}
),

final as (
    select
        listings.*,
        {{ convert_money('listings.listing_price', 'listing_rate.rate_per_eur', 'home_rate.rate_per_eur') }}
            as listing_price_home
    from listings
    left join as_of_rates as listing_rate on listing_rate.currency = listings.listing_currency
    left join as_of_rates as home_rate on home_rate.currency = '{{ var("home_currency") }}'
)

select * from final
