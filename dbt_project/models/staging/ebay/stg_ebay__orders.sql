{{
    config(
        materialized=windowed_materialization(),
        incremental_strategy='append',
        on_schema_change='sync_all_columns',
        pre_hook="{{ delete_touched_orders(source('raw', 'ebay_orders')) }}"
    )
}}
{#- The JSON fields this model reads, parsed once per document (json_fields, macros/json.sql). -#}
{%- set record_paths = ['$.pricingSummary.priceSubtotal.value', '$.pricingSummary.deliveryCost.value', '$.pricingSummary.total.value', '$.totalMarketplaceFee.value', '$.creationDate', '$.orderFulfillmentStatus', '$.orderPaymentStatus', '$.cancelStatus.cancelState', '$.cancelStatus.cancelRequests[0].cancelRequestedDate', '$.pricingSummary.total.currency', '$.buyer.username', '$.fulfillmentStartInstructions[0].shippingStep.shipTo.fullName', '$.fulfillmentStartInstructions[0].shippingStep.shipTo.email', '$.fulfillmentStartInstructions[0].shippingStep.shipTo.primaryPhone.phoneNumber', '$.fulfillmentStartInstructions[0].shippingStep.shipTo.contactAddress.addressLine1', '$.fulfillmentStartInstructions[0].shippingStep.shipTo.contactAddress.addressLine2', '$.fulfillmentStartInstructions[0].shippingStep.shipTo.contactAddress.city', '$.fulfillmentStartInstructions[0].shippingStep.shipTo.contactAddress.stateOrProvince', '$.fulfillmentStartInstructions[0].shippingStep.shipTo.contactAddress.postalCode', '$.fulfillmentStartInstructions[0].shippingStep.shipTo.contactAddress.countryCode', '$.fulfillmentStartInstructions[0].shippingStep.shippingServiceCode'] -%}
-- eBay orders, latest version of each: one row per order, amounts in the order's currency. The
-- marketplace's own statuses are kept as they came; the is_* flags map them to the canonical
-- inputs of the order_status macro.
-- A table, parsed once; incremental on the raw partitions a run loaded (touched_orders, incremental.sql).
with latest as (
    -- The latest version of each (touched) order: latest_order_versions, macros/versions.sql.
    {{ latest_order_versions(source('raw', 'ebay_orders')) }}
),

renamed as (
    select
        order_id,
        {{ parse_timestamp(json_field('record_fields', record_paths, '$.creationDate')) }} as created_at,
        last_modified_at,
        -- The raw partition the kept version came from: what later incremental models window on.
        _partition_date,
        {{ json_field('record_fields', record_paths, '$.orderFulfillmentStatus') }} as fulfillment_status,
        {{ json_field('record_fields', record_paths, '$.orderPaymentStatus') }} as payment_status,
        {{ json_field('record_fields', record_paths, '$.cancelStatus.cancelState') }} as cancel_state,
        {{ parse_timestamp(json_field('record_fields', record_paths, '$.cancelStatus.cancelRequests[0].cancelRequestedDate')) }} as cancel_requested_at,
        {{ json_field('record_fields', record_paths, '$.pricingSummary.total.currency') }} as currency,
        cast({{ json_field('record_fields', record_paths, '$.pricingSummary.priceSubtotal.value') }} as decimal(18, 2)) as subtotal,
        coalesce(cast({{ json_field('record_fields', record_paths, '$.pricingSummary.deliveryCost.value') }} as decimal(18, 2)), 0) as delivery_cost,
        cast({{ json_field('record_fields', record_paths, '$.pricingSummary.total.value') }} as decimal(18, 2)) as order_total,
        coalesce(cast({{ json_field('record_fields', record_paths, '$.totalMarketplaceFee.value') }} as decimal(18, 2)), 0) as marketplace_fee,
        {{ json_field('record_fields', record_paths, '$.buyer.username') }} as buyer_username,
        {{ json_field('record_fields', record_paths, '$.fulfillmentStartInstructions[0].shippingStep.shipTo.fullName') }} as ship_to_name,
        {{ json_field('record_fields', record_paths, '$.fulfillmentStartInstructions[0].shippingStep.shipTo.email') }} as ship_to_email,
        {{ json_field('record_fields', record_paths, '$.fulfillmentStartInstructions[0].shippingStep.shipTo.primaryPhone.phoneNumber') }} as ship_to_phone,
        {{ json_field('record_fields', record_paths, '$.fulfillmentStartInstructions[0].shippingStep.shipTo.contactAddress.addressLine1') }} as ship_to_street_1,
        {{ json_field('record_fields', record_paths, '$.fulfillmentStartInstructions[0].shippingStep.shipTo.contactAddress.addressLine2') }} as ship_to_street_2,
        {{ json_field('record_fields', record_paths, '$.fulfillmentStartInstructions[0].shippingStep.shipTo.contactAddress.city') }} as ship_to_city,
        {{ json_field('record_fields', record_paths, '$.fulfillmentStartInstructions[0].shippingStep.shipTo.contactAddress.stateOrProvince') }} as ship_to_state_province,
        {{ json_field('record_fields', record_paths, '$.fulfillmentStartInstructions[0].shippingStep.shipTo.contactAddress.postalCode') }} as ship_to_postal_code,
        {{ json_field('record_fields', record_paths, '$.fulfillmentStartInstructions[0].shippingStep.shipTo.contactAddress.countryCode') }} as ship_to_country,
        {{ json_field('record_fields', record_paths, '$.fulfillmentStartInstructions[0].shippingStep.shippingServiceCode') }} as shipping_service_code,
        {{ json_value('record', '$.fulfillmentStartInstructions[0].shippingStep.shipTo') }} as ship_to_detail
    from (select *, {{ json_fields('record', record_paths) }} as record_fields from latest) as latest
),

final as (
    select
        *,
        coalesce(cancel_state = 'CANCELED', false) as is_cancelled,
        coalesce(payment_status = 'FULLY_REFUNDED', false) as is_refunded,
        -- A partial refund leaves the order standing; its amount reduces the order's revenue.
        coalesce(payment_status = 'PARTIALLY_REFUNDED', false) as is_partially_refunded,
        case payment_status when 'PENDING' then 'pending_payment' when 'FAILED' then 'payment_failed' end as unpaid_status,
        coalesce(fulfillment_status in ('FULFILLED', 'IN_PROGRESS'), false) as is_shipped
    from renamed
)

select * from final
