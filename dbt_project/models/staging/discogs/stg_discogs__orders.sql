-- Discogs orders, latest version of each: one row per order; times arrive with local offsets,
-- stored as UTC instants. The marketplace's status is kept as it came (order_status_raw); the is_*
-- flags map it to the canonical inputs of the order_status macro.
with source as (
    select * from {{ source('raw', 'discogs_orders') }}
),

versions as (
    select
        *,
        row_number() over (partition by order_id order by last_modified_at desc, _loaded_at desc) as version_rank
    from source
),

latest as (
    select * from versions where version_rank = 1
),

renamed as (
    select
        order_id,
        {{ parse_timestamp(json_text('record', '$.created')) }} as created_at,
        last_modified_at,
        {{ json_text('record', '$.status') }} as order_status_raw,
        {{ json_text('record', '$.total.currency') }} as currency,
        {{ json_money('record', '$.total.value') }} as order_total,
        coalesce({{ json_money('record', '$.shipping.value') }}, 0) as shipping_charged,
        {{ json_text('record', '$.shipping.method') }} as shipping_method,
        coalesce({{ json_money('record', '$.fee.value') }}, 0) as marketplace_fee,
        {{ json_text('record', '$.buyer.username') }} as buyer_username,
        {{ json_text('record', '$.shipping_address') }} as raw_address,
        shipping_address_parsed as raw_address_parsed,
        {{ json_text('shipping_address_parsed', '$.name') }} as ship_to_name,
        {{ json_text('shipping_address_parsed', '$.email_address') }} as ship_to_email,
        {{ json_text('shipping_address_parsed', '$.phone_number') }} as ship_to_phone,
        {{ json_text('shipping_address_parsed', '$.street_number') }} as ship_to_street_number,
        {{ json_text('shipping_address_parsed', '$.street_1') }} as ship_to_street_1,
        {{ json_text('shipping_address_parsed', '$.street_2') }} as ship_to_street_2,
        {{ json_text('shipping_address_parsed', '$.city') }} as ship_to_city,
        {{ json_text('shipping_address_parsed', '$.state_province') }} as ship_to_state_province,
        {{ json_text('shipping_address_parsed', '$.postal_code') }} as ship_to_postal_code,
        {{ json_text('shipping_address_parsed', '$.country') }} as ship_to_country,
        record
    from latest
),

final as (
    select
        *,
        coalesce(order_status_raw like 'Cancelled%', false) as is_cancelled,
        coalesce(order_status_raw = 'Refund Sent', false) as is_refunded,
        case order_status_raw
            when 'New Order' then 'new_order'
            when 'Buyer Contacted' then 'buyer_contacted'
            when 'Invoice Sent' then 'invoice_sent'
            when 'Payment Pending' then 'pending_payment'
            when 'Merged' then 'merged'
            when 'Order Changed' then 'order_changed'
        end as unpaid_status,
        coalesce(order_status_raw = 'Shipped', false) as is_shipped
    from renamed
)

select * from final
