-- The seller's listings as of the latest export; uid derived from platform + listing id.
with source as (
    select * from {{ source('raw', 'catalog_listings') }}
    where _partition_date = (select max(_partition_date) from {{ source('raw', 'catalog_listings') }})
),

final as (
    select
        'lst_' || left(md5(platform || '|' || listing_id), 12) as listing_uid,
        platform,
        listing_id,
        listing_url,
        inventory_uid,
        sku,
        cast(price as decimal(18, 2)) as price,
        currency,
        status as listing_status,
        {{ parse_timestamp('listed_at') }} as listed_at,
        {{ parse_timestamp("nullif(ended_at, '')") }} as ended_at
    from source
)

select * from final
