-- The list payload's fields for the order-list positions $positions, with the overlay slot either empty
-- (no shipment update touches the list) or reader_list_rows_overlay.sql (updates applied),
-- already formatted: money as two-decimal strings, timestamps as ISO 8601 UTC. The positions
-- join as a list (a semi join: DuckDB reads only the vectors holding them; a filter such as
-- list_contains would read every column of every row in range first).
with

wanted as (
    select unnest($positions::bigint[]) as sold_position
),

rows as (
    select * from snapshot.marts.orders_list
    where sold_position in (select sold_position from wanted)
    {overlay}
),

final as (
    select
        sold_position,
        order_uid,
        order_id,
        status,
        platform,
        platform_name,
        buyer_name,
        money(sale_price) as sale_price,
        money(marketplace_fee) as marketplace_fee,
        money(platform_fee) as platform_fee,
        money(shipping_cost) as shipping_cost,
        money(net_revenue) as net_revenue,
        iso_utc(sold_at) as sold_at,
        listing_uid,
        listing_status,
        listing_url,
        listing_id,
        money(listing_price) as listing_price,
        inventory_uid,
        title,
        sku,
        condition,
        primary_image_url,
        shipment_tracking_number,
        shipment_carrier,
        shipment_status,
        address_uid,
        address_name,
        address_city,
        address_postal_code,
        address_country,
        iso_utc(created_at) as created,
        iso_utc(updated_at) as updated,
    from rows
)

select * from final
