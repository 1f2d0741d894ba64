-- The columns the marts/orders suite reads. Money bounds are checked on doubles (a bound check
-- needs no cents), the net revenue identity on exact integer cents computed here from the decimals.
-- Timestamps as naive UTC; rowid finds a failing row again for samples.
select
    rowid as row_id,
    order_uid,
    inventory_uid,
    status,
    currency,
    home_currency,
    cast(sale_price as double) as sale_price,
    cast(marketplace_fee as double) as marketplace_fee,
    cast(platform_fee as double) as platform_fee,
    cast(shipping_cost as double) as shipping_cost,
    cast(net_revenue * 100 as bigint) as net_revenue_cents,
    cast((sale_price - marketplace_fee - platform_fee - shipping_cost) * 100 as bigint) as sale_less_costs_cents,
    timezone('UTC', sold_at) as sold_at,
    timezone('UTC', last_modified_at) as last_modified_at
from marts.orders
