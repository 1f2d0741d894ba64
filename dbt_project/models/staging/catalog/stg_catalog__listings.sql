{{
    config(
        materialized=windowed_materialization(),
        incremental_strategy='append',
        on_schema_change='sync_all_columns',
        pre_hook="{{ delete_replaced_export(source('raw', 'catalog_listings')) }}"
    )
}}
-- The seller's listings as of the latest export: one row per listing; uid derived from platform +
-- listing id. The export's status is kept (listing_status_raw) and normalised (active, sold, ended).
with source as (
    select * from {{ source('raw', 'catalog_listings') }}
),

latest_export as (
    select * from source
    where _partition_date = (select max(_partition_date) from source)
),

final as (
    select
        'lst_' || left(md5(platform || '|' || listing_id), 12) as listing_uid,
        platform,
        listing_id,
        nullif(trim(listing_url), '') as listing_url,
        inventory_uid,
        nullif(trim(sku), '') as sku,
        cast(price as decimal(18, 2)) as price,
        upper(trim(currency)) as currency,
        status as listing_status_raw,
        lower(trim(status)) as listing_status,
        {{ parse_timestamp('listed_at') }} as listed_at,
        {{ parse_timestamp("nullif(ended_at, '')") }} as ended_at,
        -- Which export these rows are (latest_export_key, macros/exports.sql): a daily run keeps
        -- them while it is still the latest.
        {{ latest_export_key(source('raw', 'catalog_listings')) }} as _export_key
    from latest_export
    where {{ export_not_staged() }}
)

select * from final
