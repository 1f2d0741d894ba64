{{
    config(
        materialized=windowed_materialization(),
        incremental_strategy='append',
        on_schema_change='sync_all_columns',
        pre_hook="{{ delete_touched_order_lines() }}"
    )
}}
-- Every marketplace's orders at line grain in one shape, with the order-level amounts
-- (marketplace fee, shipping, processing fee, partial refunds) allocated to lines to the cent.
-- Past this model all sources look the same; `platform` says where a row came from.
-- Incremental: a run rebuilds the lines of the orders its raw partitions touched (incremental.sql).
with ebay_orders as (
    select * from {{ ref('stg_ebay__orders') }}
    where {{ touched_staged_orders(ref('stg_ebay__orders')) }}
),

ebay_refunds as (
    select * from {{ ref('stg_ebay__order_refunds') }}
    where {{ touched_staged_orders(ref('stg_ebay__orders')) }}
),

ebay_lines as (
    select * from {{ ref('stg_ebay__order_line_items') }}
    where {{ touched_staged_orders(ref('stg_ebay__orders')) }}
),

discogs_orders as (
    select * from {{ ref('stg_discogs__orders') }}
    where {{ touched_staged_orders(ref('stg_discogs__orders')) }}
),

discogs_items as (
    select * from {{ ref('stg_discogs__order_items') }}
    where {{ touched_staged_orders(ref('stg_discogs__orders')) }}
),

platforms as (
    -- Cast even though the seed declares the types: a warehouse seeded before they were declared
    -- keeps DOUBLE columns until a full refresh.
    select
        platform,
        platform_name,
        cast(processing_fee_percent as decimal(5, 2)) as processing_fee_percent,
        cast(processing_fee_fixed as decimal(18, 2)) as processing_fee_fixed
    from {{ ref('platforms') }}
),

ebay_refunds_by_order as (
    select
        order_id,
        sum(refund_amount) as refunded_total,
        max(refunded_at) as last_refunded_at
    from ebay_refunds
    where is_completed
    group by order_id
),

ebay as (
    select
        'ebay' as platform,
        o.order_id,
        l.line_item_id,
        l.listing_id,
        l.sku,
        l.title as line_title,
        o.currency,
        l.line_item_cost as item_price,
        -- eBay reports each line's own shipping; only the fee is order-level.
        {{ cents('l.line_delivery_cost') }} as line_shipping_cents,
        {{ cents('o.delivery_cost') }} as order_shipping_cents,
        {{ cents('o.marketplace_fee') }} as order_marketplace_fee_cents,
        -- Only a partial refund reduces revenue; a full refund makes the whole order carry none.
        case when o.is_partially_refunded then {{ cents('coalesce(r.refunded_total, 0)') }} else 0 end as order_refund_cents,
        o.subtotal + o.delivery_cost as order_gross,
        o.fulfillment_status as external_order_status,
        o.payment_status as external_payment_status,
        o.is_cancelled, o.is_refunded, o.is_partially_refunded, o.unpaid_status, o.is_shipped,
        o.cancel_requested_at as cancelled_at,
        r.last_refunded_at as refunded_at,
        o.created_at, o.last_modified_at,
        o.buyer_username,
        o.ship_to_name, o.ship_to_email, o.ship_to_phone,
        cast(null as {{ dbt.type_string() }}) as ship_to_street_number,
        o.ship_to_street_1, o.ship_to_street_2, o.ship_to_city, o.ship_to_state_province,
        o.ship_to_postal_code, o.ship_to_country,
        concat_ws(chr(10), o.ship_to_name, o.ship_to_street_1, o.ship_to_street_2,
                  concat_ws(' ', o.ship_to_city, o.ship_to_state_province, o.ship_to_postal_code), o.ship_to_country) as raw_address,
        o.ship_to_detail as raw_address_parsed,
        o.shipping_service_code as shipment_service_id
    from ebay_lines as l
    inner join ebay_orders as o on o.order_id = l.order_id
    left join ebay_refunds_by_order as r on r.order_id = o.order_id
),

discogs as (
    select
        'discogs' as platform,
        o.order_id,
        i.listing_id as line_item_id,
        i.listing_id,
        cast(null as {{ dbt.type_string() }}) as sku,
        i.release_description as line_title,
        o.currency,
        i.price as item_price,
        cast(null as bigint) as line_shipping_cents,
        {{ cents('o.shipping_charged') }} as order_shipping_cents,
        {{ cents('o.marketplace_fee') }} as order_marketplace_fee_cents,
        -- Discogs reports refunds only as the order status Refund Sent (a full refund).
        cast(0 as bigint) as order_refund_cents,
        o.order_total as order_gross,
        o.order_status_raw as external_order_status,
        cast(null as {{ dbt.type_string() }}) as external_payment_status,
        o.is_cancelled, o.is_refunded, false as is_partially_refunded, o.unpaid_status, o.is_shipped,
        cast(null as {{ type_timestamp_tz() }}) as cancelled_at,
        cast(null as {{ type_timestamp_tz() }}) as refunded_at,
        o.created_at, o.last_modified_at,
        o.buyer_username,
        o.ship_to_name, o.ship_to_email, o.ship_to_phone, o.ship_to_street_number,
        o.ship_to_street_1, o.ship_to_street_2, o.ship_to_city, o.ship_to_state_province,
        o.ship_to_postal_code, o.ship_to_country,
        o.raw_address,
        o.raw_address_parsed,
        o.shipping_method as shipment_service_id
    from discogs_items as i
    inner join discogs_orders as o on o.order_id = i.order_id
),

unioned as (
    select * from ebay
    union all
    select * from discogs
),

with_processing_fee as (
    select
        unioned.*,
        platforms.platform_name,
        -- gross × percent + fixed, in integer cents and basis points (2.90 % = 290 bp), rounded
        -- half away from zero once: a float never touches the fee.
        {{ divide_rounded(cents('unioned.order_gross') ~ ' * ' ~ cents('platforms.processing_fee_percent'), '10000') }}
            + {{ cents('platforms.processing_fee_fixed') }} as order_platform_fee_cents,
        {{ cents('unioned.item_price') }} as weight_cents
    from unioned
    inner join platforms on platforms.platform = unioned.platform
),

-- The allocation runs on narrow rows (the line key, its weight and the order's four amounts) and
-- is joined back: its windows sort what they partition, and over the wide lines each of the five
-- orderings dragged every address and status column through a sort (17 s at 1M orders). Only the
-- orders of several lines go through the windows; a lone line gets its order's amounts from the
-- same formulas without them (allocate_single_line, macros/money.sql). The join back matches a
-- line by (platform, order_id, line_item_id), the key order_uid hashes and its unique test holds.
allocation_inputs as (
    select
        platform, order_id, line_item_id, weight_cents,
        order_marketplace_fee_cents, order_platform_fee_cents, order_shipping_cents, order_refund_cents
    from with_processing_fee
),

order_line_counts as (
    select platform, order_id, count(*) as line_count
    from allocation_inputs
    group by platform, order_id
),

counted_allocation_inputs as (
    select allocation_inputs.*, order_line_counts.line_count
    from allocation_inputs
    inner join order_line_counts
        on order_line_counts.platform = allocation_inputs.platform
        and order_line_counts.order_id = allocation_inputs.order_id
),

allocation_floors as (
    select
        *,
        {{ allocate_step1('marketplace_fee', 'order_marketplace_fee_cents', 'weight_cents', 'platform, order_id') }},
        {{ allocate_step1('platform_fee', 'order_platform_fee_cents', 'weight_cents', 'platform, order_id') }},
        {{ allocate_step1('shipping', 'order_shipping_cents', 'weight_cents', 'platform, order_id') }},
        {{ allocate_step1('refund', 'order_refund_cents', 'weight_cents', 'platform, order_id') }}
    from counted_allocation_inputs
    where line_count > 1
),

allocations as (
    select
        platform, order_id, line_item_id,
        {{ allocate_step2('marketplace_fee', 'order_marketplace_fee_cents', 'platform, order_id', 'line_item_id') }} as marketplace_fee,
        {{ allocate_step2('platform_fee', 'order_platform_fee_cents', 'platform, order_id', 'line_item_id') }} as platform_fee,
        {{ allocate_step2('shipping', 'order_shipping_cents', 'platform, order_id', 'line_item_id') }} as shipping_allocated,
        {{ allocate_step2('refund', 'order_refund_cents', 'platform, order_id', 'line_item_id') }} as refund_allocated
    from allocation_floors
    union all
    select
        platform, order_id, line_item_id,
        {{ allocate_single_line('order_marketplace_fee_cents', 'weight_cents') }} as marketplace_fee,
        {{ allocate_single_line('order_platform_fee_cents', 'weight_cents') }} as platform_fee,
        {{ allocate_single_line('order_shipping_cents', 'weight_cents') }} as shipping_allocated,
        {{ allocate_single_line('order_refund_cents', 'weight_cents') }} as refund_allocated
    from counted_allocation_inputs
    where line_count = 1
),

allocated as (
    select
        with_processing_fee.*,
        allocations.marketplace_fee,
        allocations.platform_fee,
        allocations.shipping_allocated,
        allocations.refund_allocated
    from with_processing_fee
    inner join allocations
        on allocations.platform = with_processing_fee.platform
        and allocations.order_id = with_processing_fee.order_id
        -- Null-safe: a line without an id keeps its row, as the windows over the wide rows kept it.
        and allocations.line_item_id is not distinct from with_processing_fee.line_item_id
),

final as (
    select
        'ord_' || left(md5(platform || '|' || order_id || '|' || line_item_id), 12) as order_uid,
        'addr_' || left(md5(platform || '|' || order_id), 12) as address_uid,
        platform,
        platform_name,
        order_id,
        line_item_id,
        listing_id,
        sku,
        line_title,
        currency,
        -- What the buyer paid for the line, before tax: the item and its share of the shipping charged.
        cast(item_price + coalesce(line_shipping_cents * 0.01, shipping_allocated) as decimal(18, 2)) as gross_sale_price,
        -- The line's share of a partial refund (0 otherwise), and what the sale brought in after it.
        cast(refund_allocated as decimal(18, 2)) as refunded_amount,
        cast(item_price + coalesce(line_shipping_cents * 0.01, shipping_allocated) - refund_allocated as decimal(18, 2)) as sale_price,
        cast(marketplace_fee as decimal(18, 2)) as marketplace_fee,
        cast(platform_fee as decimal(18, 2)) as platform_fee,
        -- The postage the seller pays is taken to be the shipping charged until a label says otherwise.
        cast(coalesce(line_shipping_cents * 0.01, shipping_allocated) as decimal(18, 2)) as shipping_cost,
        external_order_status,
        external_payment_status,
        is_cancelled, is_refunded, is_partially_refunded, unpaid_status, is_shipped,
        cancelled_at, refunded_at,
        created_at, last_modified_at,
        buyer_username,
        ship_to_name, ship_to_email, ship_to_phone, ship_to_street_number,
        ship_to_street_1, ship_to_street_2, ship_to_city, ship_to_state_province,
        ship_to_postal_code, ship_to_country,
        raw_address, raw_address_parsed,
        shipment_service_id
    from allocated
)

select * from final
