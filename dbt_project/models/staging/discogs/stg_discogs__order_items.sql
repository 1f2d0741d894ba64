{{
    config(
        materialized=windowed_materialization(),
        incremental_strategy='append',
        on_schema_change='sync_all_columns',
        pre_hook="{{ delete_touched_orders(source('raw', 'discogs_orders')) }}"
    )
}}
{#- The JSON fields this model reads, parsed once per document (json_fields, macros/json.sql). -#}
{%- set item_paths = ['$.price.value', '$.id', '$.release.id', '$.release.description', '$.price.currency', '$.media_condition'] -%}
-- Discogs order items: one row per sold listing; Discogs' item id is the listing id.
-- A table, parsed once; incremental on the raw partitions a run loaded (touched_orders, incremental.sql).
with latest as (
    -- The latest version of each (touched) order: latest_order_versions, macros/versions.sql.
    {{ latest_order_versions(source('raw', 'discogs_orders')) }}
),

items as (
    select
        order_id,
        {{ explode_array(json_array('record', '$.items')) }} as item
    from latest
),

final as (
    select
        order_id,
        {{ json_field('item_fields', item_paths, '$.id') }} as listing_id,
        {{ json_field('item_fields', item_paths, '$.release.id') }} as release_id,
        {{ json_field('item_fields', item_paths, '$.release.description') }} as release_description,
        cast({{ json_field('item_fields', item_paths, '$.price.value') }} as decimal(18, 2)) as price,
        {{ json_field('item_fields', item_paths, '$.price.currency') }} as currency,
        {{ json_field('item_fields', item_paths, '$.media_condition') }} as media_condition
    from (select *, {{ json_fields('item', item_paths) }} as item_fields from items) as items
)

select * from final
