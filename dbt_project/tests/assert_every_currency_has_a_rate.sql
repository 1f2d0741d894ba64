-- A failure names an order currency with no FX rate on or before the order date: add the rate to
-- the rates file (landing/fx/) rather than letting the home-currency totals silently drop it.
select
    currency as currency_without_rate,
    count(*) as orders_affected,
    min(sold_date) as first_order_date
from {{ ref('orders') }}
where sale_price_home is null
group by currency
