{{
    config(
        materialized=windowed_materialization(),
        incremental_strategy='append',
        on_schema_change='sync_all_columns',
        pre_hook="{{ delete_touched_orders(source('raw', 'ebay_orders')) }}"
    )
}}
{#- The JSON fields this model reads, parsed once per document (json_fields, macros/json.sql). -#}
{%- set line_paths = ['$.lineItemCost.value', '$.deliveryCost.shippingCost.value', '$.lineItemId', '$.legacyItemId', '$.sku', '$.title', '$.lineItemCost.currency', '$.quantity', '$.lineItemFulfillmentStatus'] -%}
-- eBay line items: one row per sold item (every line of our sellers has quantity 1).
-- A table, parsed once; incremental on the raw partitions a run loaded (touched_orders, incremental.sql).
with latest as (
    -- The latest version of each (touched) order: latest_order_versions, macros/versions.sql.
    {{ latest_order_versions(source('raw', 'ebay_orders')) }}
),

lines as (
    select
        order_id,
        {{ explode_array(json_array('record', '$.lineItems')) }} as line
    from latest
),

final as (
    select
        order_id,
        {{ json_field('line_fields', line_paths, '$.lineItemId') }} as line_item_id,
        {{ json_field('line_fields', line_paths, '$.legacyItemId') }} as listing_id,
        {{ json_field('line_fields', line_paths, '$.sku') }} as sku,
        {{ json_field('line_fields', line_paths, '$.title') }} as title,
        cast({{ json_field('line_fields', line_paths, '$.lineItemCost.value') }} as decimal(18, 2)) as line_item_cost,
        {{ json_field('line_fields', line_paths, '$.lineItemCost.currency') }} as currency,
        cast({{ json_field('line_fields', line_paths, '$.quantity') }} as integer) as quantity,
        coalesce(cast({{ json_field('line_fields', line_paths, '$.deliveryCost.shippingCost.value') }} as decimal(18, 2)), 0) as line_delivery_cost,
        {{ json_field('line_fields', line_paths, '$.lineItemFulfillmentStatus') }} as line_fulfillment_status
    from (select *, {{ json_fields('line', line_paths) }} as line_fields from lines) as lines
)

select * from final
