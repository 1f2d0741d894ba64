-- The columns the marts/orders suite reads. Money bounds are checked on doubles (a bound check
-- needs no cents), the net revenue identity on whole cents computed here from the decimals (exact:
-- a double holds every integer up to 2^53; doubles, not BIGINT, because pandas' nullable integers
-- break GX's comparisons). Timestamps as naive UTC in nanoseconds (pandas compares datetime64[ns]
-- against a bound many times faster than the [us] DuckDB hands over). rowid finds a failing row again.
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
    cast(net_revenue * 100 as double) as net_revenue_cents,
    cast((sale_price - marketplace_fee - platform_fee - shipping_cost) * 100 as double) as sale_less_costs_cents,
    cast(timezone('UTC', sold_at) as timestamp_ns) as sold_at,
    cast(timezone('UTC', last_modified_at) as timestamp_ns) as last_modified_at
from marts.orders
