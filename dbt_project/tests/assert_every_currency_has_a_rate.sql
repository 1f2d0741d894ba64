{{ config(meta={'dagster': {'ref': {'name': 'orders'}}}) }}
-- A failure names a currency that some amount could not be converted from, because no FX rate
-- exists on or before the day it converts at (the order date for orders, the as-of date for
-- listings and stock), and says which amount and how many rows: add the rate to the rates file
-- (landing/fx/) rather than let home-currency totals silently drop the amount.
with orders as (
    select * from {{ ref('orders') }}
),

listings as (
    select * from {{ ref('int_listings_valued') }}
),

items as (
    select * from {{ ref('inventory_items') }}
),

missing as (
    select currency, 'orders.sale_price_home' as amount, sold_date as converted_on
    from orders where sale_price_home is null
    union all
    select currency, 'orders.refunded_amount_home', sold_date
    from orders where refunded_amount_home is null
    union all
    select purchase_currency, 'orders.purchase_cost_home', sold_date
    from orders where purchase_cost is not null and purchase_cost_home is null
    union all
    select listing_currency, 'int_listings_valued.listing_price_home', {{ as_of_date() }}
    from listings where listing_price is not null and listing_price_home is null
    union all
    select purchase_currency, 'inventory_items.purchase_cost_home', {{ as_of_date() }}
    from items where purchase_cost is not null and purchase_cost_home is null
)

select
    coalesce(currency, '(none)') as currency_without_rate,
    amount,
    count(*) as rows_affected,
    min(converted_on) as first_date_without_rate
from missing
group by coalesce(currency, '(none)'), amount
