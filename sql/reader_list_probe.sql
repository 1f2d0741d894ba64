-- Whether the snapshot has the order list marts (dbt_project/models/marts/orders_list*.sql) with
-- every column the reader reads; a binder error here means "serve the list from marts.orders".
select
    (select count(*) from (
        select
            sold_position, uid_number, uid_key, inventory_key, order_uid, order_id, status, platform,
            platform_name, buyer_name, sale_price, marketplace_fee, platform_fee, shipping_cost, net_revenue,
            sold_at, listing_uid, listing_status, listing_url, listing_id, listing_price, inventory_uid,
            title, sku, condition, primary_image_url, shipment_tracking_number, shipment_carrier,
            shipment_status, shipment_tracking_created_at, address_uid, address_name, address_city,
            address_postal_code, address_country, created_at, updated_at, order_id_search,
            tracking_search, buyer_search, title_search,
        from snapshot.marts.orders_list
        limit 0
    )) as probed,
    order_id_characters,
    tracking_characters,
from snapshot.marts.orders_list_search_chars
limit 1
