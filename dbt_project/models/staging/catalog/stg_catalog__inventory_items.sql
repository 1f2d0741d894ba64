{{
    config(
        materialized=windowed_materialization(),
        incremental_strategy='append',
        on_schema_change='sync_all_columns',
        pre_hook="{{ delete_replaced_export(source('raw', 'catalog_inventory_items')) }}"
    )
}}
-- The seller's inventory items as of the latest export: one row per item. The export's status is
-- kept as it came (inventory_status_raw) and normalised to the canonical lifecycle stage
-- (draft, ready_to_sell, listed, sold) whatever its spelling ("Ready to sell", "ready-to-sell").
with source as (
    select * from {{ source('raw', 'catalog_inventory_items') }}
),

latest_export as (
    select * from source
    where _partition_date = (select max(_partition_date) from source)
),

final as (
    select
        uid as inventory_uid,
        nullif(trim(sku), '') as sku,
        title,
        nullif(trim(category), '') as category,
        nullif(trim(condition), '') as condition,
        cast(nullif(trim(purchase_cost), '') as decimal(18, 2)) as purchase_cost,
        coalesce(nullif(upper(trim(purchase_currency)), ''), '{{ var("home_currency") }}') as purchase_currency,
        status as inventory_status_raw,
        replace(replace(lower(trim(status)), '-', '_'), ' ', '_') as inventory_status,
        {{ parse_timestamp('created_at') }} as created_at,
        {{ parse_timestamp("nullif(updated_at, '')") }} as updated_at,
        nullif(trim(primary_image_url), '') as primary_image_url,
        -- Which export these rows are (latest_export_key, macros/exports.sql): a daily run keeps
        -- them while it is still the latest.
        {{ latest_export_key(source('raw', 'catalog_inventory_items')) }} as _export_key
    from latest_export
    where {{ export_not_staged() }}
)

select * from final
