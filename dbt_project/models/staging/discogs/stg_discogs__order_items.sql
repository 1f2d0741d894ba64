-- Discogs order items: one row per sold listing; Discogs' item id is the listing id.
with source as (
    select * from {{ source('raw', 'discogs_orders') }}
),

versions as (
    select
        order_id,
        record,
        row_number() over (partition by order_id order by last_modified_at desc, _loaded_at desc) as version_rank
    from source
),

items as (
    select
        order_id,
        {{ explode_array(json_array('record', '$.items')) }} as item
    from versions
    where version_rank = 1
),

final as (
    select
        order_id,
        {{ json_text('item', '$.id') }} as listing_id,
        {{ json_text('item', '$.release.id') }} as release_id,
        {{ json_text('item', '$.release.description') }} as release_description,
        {{ json_money('item', '$.price.value') }} as price,
        {{ json_text('item', '$.price.currency') }} as currency,
        {{ json_text('item', '$.media_condition') }} as media_condition
    from items
)

select * from final
