-- The floor of the build: the order stats and the daily sales straight from the landing files, in
-- one DuckDB statement (no Dagster, no dbt, no quality checks, no snapshot). `python -m pipelines
-- bench` times it in a fresh process and sets the full build against it.
--
-- It does the work every build must do at least once: parse every response page (once, into typed
-- columns: json_transform extracts just the fields it is told), keep the latest
-- version of each order, go to line grain (one row per sold item), classify the status (simplified:
-- cancelled, refunded, unpaid, shipped, awaiting_shipment; no completion window), make the sale
-- price (item + its share of the shipping charged - its share of a partial refund; shares
-- proportional to price, not allocated to the exact cent), convert it into the home currency at
-- the order day's ECB rate (the latest on or before that day), bucket the day in the seller's
-- time zone, and aggregate.
-- $ebay_pages, $discogs_pages: globs of the page files; $fx_file: the ECB CSV; $home_currency; $timezone.
with ebay_versions as (
    -- Typed columns in one parse of each page: read_text, then json_transform to exactly these
    -- fields. (read_json with the same `columns` gave the same rows about 14x slower at 1M orders:
    -- 32 s against 2.2 s for the eBay pages, docs/benchmarks.md item 24.)
    select unnest(json_transform(content, '{"orders": [{
        "orderId": "VARCHAR", "creationDate": "TIMESTAMPTZ", "lastModifiedDate": "TIMESTAMPTZ",
        "orderFulfillmentStatus": "VARCHAR", "orderPaymentStatus": "VARCHAR",
        "cancelStatus": {"cancelState": "VARCHAR"},
        "paymentSummary": {"refunds": [{"amount": {"value": "DECIMAL(18, 2)"}, "refundStatus": "VARCHAR"}]},
        "lineItems": [{"lineItemCost": {"value": "DECIMAL(18, 2)", "currency": "VARCHAR"},
                       "deliveryCost": {"shippingCost": {"value": "DECIMAL(18, 2)"}}}]
    }]}').orders) as o
    from read_text($ebay_pages)
),

ebay_latest as (
    select unnest(o)
    from ebay_versions
    qualify row_number() over (partition by o.orderId order by o.lastModifiedDate desc) = 1
),

ebay_lines as (
    select
        'ebay' as platform,
        orderId as order_id,
        creationDate as created_at,
        case
            when cancelStatus.cancelState = 'CANCELED' then 'cancelled'
            when orderPaymentStatus = 'FULLY_REFUNDED' then 'refunded'
            when orderPaymentStatus in ('PENDING', 'FAILED') then 'unpaid'
            when orderFulfillmentStatus in ('FULFILLED', 'IN_PROGRESS') then 'shipped'
            else 'awaiting_shipment'
        end as status,
        line.lineItemCost."value" as item_price,
        coalesce(line.deliveryCost.shippingCost."value", 0) as shipping,
        case when orderPaymentStatus = 'PARTIALLY_REFUNDED'
            then coalesce(list_sum([r.amount."value" for r in paymentSummary.refunds if r.refundStatus = 'REFUNDED']), 0)
            else 0 end as order_refund,
        line.lineItemCost.currency as currency
    from (select *, unnest(lineItems) as line from ebay_latest)
),

discogs_versions as (
    select unnest(json_transform(content, '{"orders": [{
        "id": "VARCHAR", "created": "TIMESTAMPTZ", "last_activity": "TIMESTAMPTZ", "status": "VARCHAR",
        "shipping": {"value": "DECIMAL(18, 2)"},
        "items": [{"price": {"value": "DECIMAL(18, 2)", "currency": "VARCHAR"}}]
    }]}').orders) as o
    from read_text($discogs_pages)
),

discogs_latest as (
    select unnest(o)
    from discogs_versions
    qualify row_number() over (partition by o.id order by o.last_activity desc) = 1
),

discogs_lines as (
    select
        'discogs' as platform,
        id as order_id,
        created as created_at,
        case
            when status like 'Cancelled%' then 'cancelled'
            when status = 'Refund Sent' then 'refunded'
            when status in ('New Order', 'Buyer Contacted', 'Invoice Sent', 'Payment Pending') then 'unpaid'
            when status = 'Shipped' then 'shipped'
            else 'awaiting_shipment'
        end as status,
        item.price."value" as item_price,
        coalesce(shipping."value", 0) * item.price."value"
            / sum(item.price."value") over (partition by id) as shipping,
        0 as order_refund,
        item.price.currency as currency
    from (select *, unnest(items) as item from discogs_latest)
),

lines as (
    select
        platform,
        order_id,
        status,
        currency,
        item_price + shipping
            - order_refund * item_price / sum(item_price) over (partition by platform, order_id) as sale_price,
        cast(timezone($timezone, created_at) as date) as sold_date
    from (select * from ebay_lines union all select * from discogs_lines)
),

fx as (
    select cast("Date" as date) as rate_date, currency, cast(rate as decimal(18, 6)) as rate_per_eur
    from (
        unpivot (select * from read_csv($fx_file, all_varchar = true, header = true))
        on columns(* exclude ("Date"))
        into name currency value rate
    )
    where rate <> 'N/A'
    union all
    -- The ECB quotes per euro; the euro itself is 1.
    select distinct cast("Date" as date), 'EUR', 1.0
    from read_csv($fx_file, all_varchar = true, header = true)
),

home as (
    select rate_date, rate_per_eur as home_rate from fx where currency = $home_currency
),

converted as (
    select
        lines.*,
        lines.sale_price / own.rate_per_eur * home.home_rate as sale_price_home
    from lines
    asof left join fx as own on own.currency = lines.currency and own.rate_date <= lines.sold_date
    asof left join home on home.rate_date <= lines.sold_date
)

select
    case when grouping(status) = 0 then 'status' else 'day' end as grain,
    status,
    sold_date,
    count(distinct platform || '|' || order_id) as orders,
    count(*) as items,
    cast(round(sum(case when status in ('shipped', 'awaiting_shipment') then sale_price_home end), 2)
         as decimal(18, 2)) as revenue_home
from converted
group by grouping sets ((status), (sold_date))
order by grain desc, status, sold_date
