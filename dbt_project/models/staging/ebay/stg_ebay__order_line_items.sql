-- eBay line items: one row per sold item (every line of our sellers has quantity 1).
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

lines as (
    select
        order_id,
        {{ explode_array(json_array('record', '$.lineItems')) }} as line
    from versions
    where version_rank = 1
),

final as (
    select
        order_id,
        {{ json_text('line', '$.lineItemId') }} as line_item_id,
        {{ json_text('line', '$.legacyItemId') }} as listing_id,
        {{ json_text('line', '$.sku') }} as sku,
        {{ json_text('line', '$.title') }} as title,
        {{ json_money('line', '$.lineItemCost.value') }} as line_item_cost,
        {{ json_text('line', '$.lineItemCost.currency') }} as currency,
        cast({{ json_text('line', '$.quantity') }} as integer) as quantity,
        coalesce({{ json_money('line', '$.deliveryCost.shippingCost.value') }}, 0) as line_delivery_cost,
        {{ json_text('line', '$.lineItemFulfillmentStatus') }} as line_fulfillment_status
    from lines
)

select * from final
