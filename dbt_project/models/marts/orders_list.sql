{{
    config(
        materialized=difference_materialization(),
        unique_key='order_uid',
        build_order='sold_position desc'
    )
}}
-- The reader's order list (GET /api/v1/orders/): one row per order line of marts.orders with just
-- what the list filters, searches, sorts and shows, laid out so a page is a short read instead of
-- a scan of every order:
--   * sold_position numbers the rows oldest first (sold_at, then order_uid descending), so the
--     default ordering (sold_at newest first, then uid) is sold_position descending. Numbered this
--     way, a day's new orders take new numbers and every older row keeps its own, so the table is
--     updated by difference (macros/by_difference.sql): a daily run writes the new and changed
--     rows, not every row renumbered. A first build writes the rows newest first (build_order),
--     so the first page and the zonemaps of a filtered page touch a row group or two; the rows a
--     daily run writes go at the end, a few row groups more;
--   * uid_number is order_uid's hex digits as a number, which sorts as the uid does: the uid
--     tie-break of every ordering as an integer, stable as new orders arrive;
--   * uid_key / inventory_key are md5 numbers of the uids: a lookup compares integers first;
--   * *_search hold the four searched fields lower-cased once, here, not per request.
-- status is marts.orders.status: it depends on the build's as-of time, never on the request's.
-- The ordering is numbered on the narrow rows and joined back: a window over the wide rows sorts
-- every column (14 s at 1M orders against about 5 s this way).
with

positions as (
    select
        order_uid,
        row_number() over (order by sold_at asc nulls first, order_uid desc) as sold_position
    from {{ ref('orders') }}
),

final as (
    select
        positions.sold_position,
        {{ uid_number('orders.order_uid') }} as uid_number,
        {{ md5_number_lower('orders.order_uid') }} as uid_key,
        {{ md5_number_lower('inventory_uid') }} as inventory_key,
        orders.order_uid,
        order_id,
        status,
        platform,
        platform_name,
        buyer_name,
        sale_price,
        marketplace_fee,
        platform_fee,
        shipping_cost,
        net_revenue,
        sold_at,
        listing_uid,
        listing_status,
        listing_url,
        listing_id,
        listing_price,
        inventory_uid,
        title,
        sku,
        condition,
        primary_image_url,
        shipment_tracking_number,
        shipment_carrier,
        shipment_status,
        shipment_tracking_created_at,
        address_uid,
        address_name,
        address_city,
        address_postal_code,
        address_country,
        created_at,
        updated_at,
        lower(order_id) as order_id_search,
        lower(shipment_tracking_number) as tracking_search,
        lower(buyer_name) as buyer_search,
        lower(title) as title_search
    from {{ ref('orders') }} as orders
    inner join positions on positions.order_uid = orders.order_uid
)

select * from final
{{ build_order_for_table() }}
