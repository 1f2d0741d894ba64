-- eBay refunds (paymentSummary.refunds[] of the latest order version): one row per refund, in the
-- order's currency. Only refunds eBay reports as REFUNDED have left the seller's account.
with source as (
    select * from {{ source('raw', 'ebay_orders') }}
),

versions as (
    select
        order_id,
        record,
        row_number() over (partition by order_id order by last_modified_at desc, _loaded_at desc) as version_rank
    from source
),

refunds as (
    select
        order_id,
        {{ explode_array(json_array('record', '$.paymentSummary.refunds')) }} as refund
    from versions
    where version_rank = 1
),

final as (
    select
        order_id,
        {{ json_text('refund', '$.refundId') }} as refund_id,
        {{ parse_timestamp(json_text('refund', '$.refundDate')) }} as refunded_at,
        {{ json_money('refund', '$.amount.value') }} as refund_amount,
        {{ json_text('refund', '$.amount.currency') }} as currency,
        {{ json_text('refund', '$.refundStatus') }} as refund_status,
        coalesce({{ json_text('refund', '$.refundStatus') }} = 'REFUNDED', false) as is_completed
    from refunds
)

select * from final
