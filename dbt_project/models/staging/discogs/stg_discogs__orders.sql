{{
    config(
        materialized=windowed_materialization(),
        incremental_strategy='append',
        on_schema_change='sync_all_columns',
        pre_hook="{{ delete_touched_orders(source('raw', 'discogs_orders')) }}"
    )
}}
{#- The JSON fields this model reads, parsed once per document (json_fields, macros/json.sql). -#}
{%- set record_paths = ['$.total.value', '$.shipping.value', '$.fee.value', '$.created', '$.status', '$.total.currency', '$.shipping.method', '$.buyer.username', '$.shipping_address'] -%}
{%- set shipping_address_parsed_paths = ['$.name', '$.email_address', '$.phone_number', '$.street_number', '$.street_1', '$.street_2', '$.city', '$.state_province', '$.postal_code', '$.country'] -%}
-- Discogs orders, latest version of each: one row per order; times arrive with local offsets,
-- stored as UTC instants. The marketplace's status is kept as it came (order_status_raw); the is_*
-- flags map it to the canonical inputs of the order_status macro.
-- A table, parsed once; incremental on the raw partitions a run loaded (touched_orders, incremental.sql).
with latest as (
    -- The latest version of each (touched) order: latest_order_versions, macros/versions.sql.
    {{ latest_order_versions(source('raw', 'discogs_orders')) }}
),

renamed as (
    select
        order_id,
        {{ parse_timestamp(json_field('record_fields', record_paths, '$.created')) }} as created_at,
        last_modified_at,
        -- The raw partition the kept version came from: what later incremental models window on.
        _partition_date,
        {{ json_field('record_fields', record_paths, '$.status') }} as order_status_raw,
        {{ json_field('record_fields', record_paths, '$.total.currency') }} as currency,
        cast({{ json_field('record_fields', record_paths, '$.total.value') }} as decimal(18, 2)) as order_total,
        coalesce(cast({{ json_field('record_fields', record_paths, '$.shipping.value') }} as decimal(18, 2)), 0) as shipping_charged,
        {{ json_field('record_fields', record_paths, '$.shipping.method') }} as shipping_method,
        coalesce(cast({{ json_field('record_fields', record_paths, '$.fee.value') }} as decimal(18, 2)), 0) as marketplace_fee,
        {{ json_field('record_fields', record_paths, '$.buyer.username') }} as buyer_username,
        {{ json_field('record_fields', record_paths, '$.shipping_address') }} as raw_address,
        shipping_address_parsed as raw_address_parsed,
        {{ json_field('shipping_address_parsed_fields', shipping_address_parsed_paths, '$.name') }} as ship_to_name,
        {{ json_field('shipping_address_parsed_fields', shipping_address_parsed_paths, '$.email_address') }} as ship_to_email,
        {{ json_field('shipping_address_parsed_fields', shipping_address_parsed_paths, '$.phone_number') }} as ship_to_phone,
        {{ json_field('shipping_address_parsed_fields', shipping_address_parsed_paths, '$.street_number') }} as ship_to_street_number,
        {{ json_field('shipping_address_parsed_fields', shipping_address_parsed_paths, '$.street_1') }} as ship_to_street_1,
        {{ json_field('shipping_address_parsed_fields', shipping_address_parsed_paths, '$.street_2') }} as ship_to_street_2,
        {{ json_field('shipping_address_parsed_fields', shipping_address_parsed_paths, '$.city') }} as ship_to_city,
        {{ json_field('shipping_address_parsed_fields', shipping_address_parsed_paths, '$.state_province') }} as ship_to_state_province,
        {{ json_field('shipping_address_parsed_fields', shipping_address_parsed_paths, '$.postal_code') }} as ship_to_postal_code,
        {{ json_field('shipping_address_parsed_fields', shipping_address_parsed_paths, '$.country') }} as ship_to_country
    from (select *, {{ json_fields('record', record_paths) }} as record_fields, {{ json_fields('shipping_address_parsed', shipping_address_parsed_paths) }} as shipping_address_parsed_fields from latest) as latest
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
