-- eBay orders, latest version of each: one row per order, amounts in the order's currency. The
-- marketplace's own statuses are kept as they came; the is_* flags map them to the canonical
-- inputs of the order_status macro.
with source as (
    select * from {{ source('raw', 'ebay_orders') }}
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
        {{ parse_timestamp(json_text('record', '$.creationDate')) }} as created_at,
        last_modified_at,
        {{ json_text('record', '$.orderFulfillmentStatus') }} as fulfillment_status,
        {{ json_text('record', '$.orderPaymentStatus') }} as payment_status,
        {{ json_text('record', '$.cancelStatus.cancelState') }} as cancel_state,
        {{ parse_timestamp(json_text('record', '$.cancelStatus.cancelRequests[0].cancelRequestedDate')) }} as cancel_requested_at,
        {{ json_text('record', '$.pricingSummary.total.currency') }} as currency,
        {{ json_money('record', '$.pricingSummary.priceSubtotal.value') }} as subtotal,
        coalesce({{ json_money('record', '$.pricingSummary.deliveryCost.value') }}, 0) as delivery_cost,
        {{ json_money('record', '$.pricingSummary.total.value') }} as order_total,
        coalesce({{ json_money('record', '$.totalMarketplaceFee.value') }}, 0) as marketplace_fee,
        {{ json_text('record', '$.buyer.username') }} as buyer_username,
        {{ json_text('record', '$.fulfillmentStartInstructions[0].shippingStep.shipTo.fullName') }} as ship_to_name,
        {{ json_text('record', '$.fulfillmentStartInstructions[0].shippingStep.shipTo.email') }} as ship_to_email,
        {{ json_text('record', '$.fulfillmentStartInstructions[0].shippingStep.shipTo.primaryPhone.phoneNumber') }} as ship_to_phone,
        {{ json_text('record', '$.fulfillmentStartInstructions[0].shippingStep.shipTo.contactAddress.addressLine1') }} as ship_to_street_1,
        {{ json_text('record', '$.fulfillmentStartInstructions[0].shippingStep.shipTo.contactAddress.addressLine2') }} as ship_to_street_2,
        {{ json_text('record', '$.fulfillmentStartInstructions[0].shippingStep.shipTo.contactAddress.city') }} as ship_to_city,
        {{ json_text('record', '$.fulfillmentStartInstructions[0].shippingStep.shipTo.contactAddress.stateOrProvince') }} as ship_to_state_province,
        {{ json_text('record', '$.fulfillmentStartInstructions[0].shippingStep.shipTo.contactAddress.postalCode') }} as ship_to_postal_code,
        {{ json_text('record', '$.fulfillmentStartInstructions[0].shippingStep.shipTo.contactAddress.countryCode') }} as ship_to_country,
        {{ json_text('record', '$.fulfillmentStartInstructions[0].shippingStep.shippingServiceCode') }} as shipping_service_code,
        {{ json_value('record', '$.fulfillmentStartInstructions[0].shippingStep.shipTo') }} as ship_to_detail,
        record
    from latest
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
