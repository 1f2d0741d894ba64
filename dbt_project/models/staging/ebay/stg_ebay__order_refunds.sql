{{
    config(
        materialized=windowed_materialization(),
        incremental_strategy='append',
        on_schema_change='sync_all_columns',
        pre_hook="{{ delete_touched_orders(source('raw', 'ebay_orders')) }}"
    )
}}
{#- The JSON fields this model reads, parsed once per document (json_fields, macros/json.sql). -#}
{%- set refund_paths = ['$.amount.value', '$.refundId', '$.refundDate', '$.amount.currency', '$.refundStatus'] -%}
-- eBay refunds (paymentSummary.refunds[] of the latest order version): one row per refund, in the
-- order's currency. Only refunds eBay reports as REFUNDED have left the seller's account.
-- A table, parsed once; incremental on the raw partitions a run loaded (touched_orders, incremental.sql).
with latest as (
    -- The latest version of each (touched) order: latest_order_versions, macros/versions.sql.
    {{ latest_order_versions(source('raw', 'ebay_orders')) }}
),

refunds as (
    select
        order_id,
        {{ explode_array(json_array('record', '$.paymentSummary.refunds')) }} as refund
    from latest
),

final as (
    select
        order_id,
        {{ json_field('refund_fields', refund_paths, '$.refundId') }} as refund_id,
        {{ parse_timestamp(json_field('refund_fields', refund_paths, '$.refundDate')) }} as refunded_at,
        cast({{ json_field('refund_fields', refund_paths, '$.amount.value') }} as decimal(18, 2)) as refund_amount,
        {{ json_field('refund_fields', refund_paths, '$.amount.currency') }} as currency,
        {{ json_field('refund_fields', refund_paths, '$.refundStatus') }} as refund_status,
        coalesce({{ json_field('refund_fields', refund_paths, '$.refundStatus') }} = 'REFUNDED', false) as is_completed
    from (select *, {{ json_fields('refund', refund_paths) }} as refund_fields from refunds) as refunds
)

select * from final
