-- Failing marts.orders rows, by rowid: the order's keys and every value the suite checks.
select
    order_uid,
    order_id,
    line_item_id,
    platform,
    status,
    currency,
    cast(sale_price as varchar) as sale_price,
    cast(marketplace_fee as varchar) as marketplace_fee,
    cast(platform_fee as varchar) as platform_fee,
    cast(shipping_cost as varchar) as shipping_cost,
    cast(net_revenue as varchar) as net_revenue,
    home_currency,
    strftime(timezone('UTC', sold_at), '%Y-%m-%dT%H:%M:%SZ') as sold_at,
    strftime(timezone('UTC', last_modified_at), '%Y-%m-%dT%H:%M:%SZ') as last_modified_at,
    listing_uid,
    inventory_uid
from marts.orders
where list_contains($row_ids, rowid)
order by order_uid
