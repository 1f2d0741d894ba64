-- A view: its only reader, marts.inventory_items_base, selects it column for column, so a table
-- here wrote the same rows twice per build (docs/benchmarks.md item 20). The mart's tests are this
-- model's.
{{ config(materialized='view') }}
-- One row per inventory item of the latest catalog export, joined to its listings and to the
-- order line that sold it, with its status and money in the home currency (the age is
-- counted from the as-of date when marts.inventory_items is read). The inventory
-- rules (docs/data-model.md, "Inventory") are applied here once for every inventory mart:
--   status: sold when a revenue-bearing order line sold the item, else the catalog's stage;
--   money converts at one date per item: the sale date if sold (the rate its sale price and P&L
--   cost use), else the build's as-of date (today's value of stock on hand);
--   value: the sale price if sold, else the lowest active listing price, else the purchase cost.
with items as (
    select * from {{ ref('stg_catalog__inventory_items') }}
),

listings as (
    select * from {{ ref('int_listings_valued') }}
),

-- The order lines as marts.orders holds them: the same rows and columns as
-- int_order_lines_enriched (orders selects it column for column), already computed and written
-- by difference earlier in the run. Reading the view instead computed every order line a second
-- time in every build, the daily one included (docs/benchmarks.md item 34).
order_lines as (
    select * from {{ ref('orders') }}
),

rates as (
    select * from {{ ref('int_fx_rates_daily') }}
),

as_of_rates as (
    select currency, rate_per_eur from rates where rate_date = {{ as_of_date() }}
),

home_rate as (
    select rate_per_eur from as_of_rates where currency = '{{ var("home_currency") }}'
),

listings_valued as (
    select
        listings.*,
        listings.listing_price_home as price_home
    from listings
),

active_platforms as (
    select distinct inventory_uid, platform
    from listings_valued
    where listing_status = 'active'
),

active_listings as (
    select
        inventory_uid,
        count(*) as active_listing_count,
        min(price_home) as listed_price_home,
        min(listed_at) as first_active_listed_at
    from listings_valued
    where listing_status = 'active'
    group by inventory_uid
),

active_platform_lists as (
    select
        inventory_uid,
        {{ dbt.listagg('platform', "','", 'order by platform') }} as listed_platforms
    from active_platforms
    group by inventory_uid
),

all_listings as (
    select
        inventory_uid,
        count(*) as listing_count,
        min(listed_at) as first_listed_at
    from listings_valued
    group by inventory_uid
),

ranked_sold_listings as (
    select
        inventory_uid,
        platform,
        ended_at,
        row_number() over (partition by inventory_uid order by ended_at desc, listing_uid) as sold_rank
    from listings_valued
    where listing_status = 'sold'
),

sold_listings as (
    select * from ranked_sold_listings where sold_rank = 1
),

-- The sale: the item's latest revenue-bearing order line.
ranked_sales as (
    select
        order_lines.*,
        row_number() over (partition by inventory_uid order by sold_at desc, order_uid) as sale_rank
    from order_lines
    where is_revenue and inventory_uid is not null
),

sales as (
    select * from ranked_sales where sale_rank = 1
),

-- Any order that is not cancelled: when the catalog says sold but the order carries no revenue
-- (unpaid, refunded), it still dates the sale.
ranked_orders as (
    select
        inventory_uid,
        order_uid,
        platform,
        sold_at,
        row_number() over (partition by inventory_uid order by sold_at desc, order_uid) as order_rank
    from order_lines
    where status <> 'cancelled' and inventory_uid is not null
),

latest_orders as (
    select * from ranked_orders where order_rank = 1
),

joined as (
    select
        items.inventory_uid,
        items.sku,
        items.title,
        items.category,
        items.condition,
        items.primary_image_url,
        items.inventory_status_raw,
        items.inventory_status as catalog_status,
        case when sales.order_uid is not null then 'sold' else items.inventory_status end as status,
        items.created_at,
        items.updated_at,
        items.purchase_cost,
        items.purchase_currency,
        {{ convert_money('items.purchase_cost', 'purchase_rate.rate_per_eur', 'home_rate.rate_per_eur') }}
            as purchase_cost_as_of_home,
        active_listings.active_listing_count,
        active_listings.listed_price_home,
        active_platform_lists.listed_platforms,
        all_listings.listing_count,
        all_listings.first_listed_at,
        sales.order_uid as sale_order_uid,
        sales.sold_at as sale_sold_at,
        sales.platform as sale_platform,
        sales.sale_price_home,
        sales.purchase_cost_home as sale_purchase_cost_home,
        latest_orders.order_uid as latest_order_uid,
        latest_orders.sold_at as latest_order_sold_at,
        latest_orders.platform as latest_order_platform,
        sold_listings.ended_at as sold_listing_ended_at,
        sold_listings.platform as sold_listing_platform
    from items
    left join home_rate on 1 = 1
    left join as_of_rates as purchase_rate on purchase_rate.currency = items.purchase_currency
    left join active_listings on active_listings.inventory_uid = items.inventory_uid
    left join active_platform_lists on active_platform_lists.inventory_uid = items.inventory_uid
    left join all_listings on all_listings.inventory_uid = items.inventory_uid
    left join sold_listings on sold_listings.inventory_uid = items.inventory_uid
    left join sales on sales.inventory_uid = items.inventory_uid
    left join latest_orders on latest_orders.inventory_uid = items.inventory_uid
),

valued as (
    select
        joined.*,
        status = 'sold' as is_sold,
        status in {{ sql_list(stock_statuses()) }} as is_in_stock,
        case when sale_order_uid is not null then sale_purchase_cost_home else purchase_cost_as_of_home end as purchase_cost_home,
        case when status = 'sold' then coalesce(sale_sold_at, latest_order_sold_at, sold_listing_ended_at) end as sold_at,
        case when status = 'sold' then coalesce(sale_platform, latest_order_platform, sold_listing_platform) end as sold_platform,
        case
            when sale_order_uid is not null then 'sale_price'
            when status = 'sold' then 'no_revenue'
            when listed_price_home is not null then 'listing_price'
            else 'purchase_cost'
        end as value_basis,
        {{ local_date('created_at') }} as created_date
    from joined
),

final as (
    select
        inventory_uid,
        sku,
        title,
        category,
        condition,
        primary_image_url,
        status,
        catalog_status,
        inventory_status_raw,
        is_sold,
        is_in_stock,
        created_at,
        created_date,
        updated_at,
        purchase_cost,
        purchase_currency,
        purchase_cost_home,
        listed_price_home,
        case value_basis
            when 'sale_price' then sale_price_home
            when 'no_revenue' then cast(0 as decimal(18, 2))
            when 'listing_price' then listed_price_home
            else purchase_cost_home
        end as value_home,
        value_basis,
        coalesce(active_listing_count, 0) as active_listing_count,
        listed_platforms,
        coalesce(listing_count, 0) as listing_count,
        first_listed_at,
        sale_order_uid,
        sale_price_home,
        sold_at,
        {{ local_date('sold_at') }} as sold_date,
        sold_platform
    from valued
)

select * from final
