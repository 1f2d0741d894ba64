-- The seller's inventory items as of the latest export.
with source as (
    select * from {{ source('raw', 'catalog_inventory_items') }}
    where _partition_date = (select max(_partition_date) from {{ source('raw', 'catalog_inventory_items') }})
),

final as (
    select
        uid as inventory_uid,
        sku,
        title,
        category,
        condition,
        cast(purchase_cost as decimal(18, 2)) as purchase_cost,
        coalesce(purchase_currency, '{{ var("home_currency") }}') as purchase_currency,
        status as inventory_status,
        {{ parse_timestamp('created_at') }} as created_at,
        {{ parse_timestamp('updated_at') }} as updated_at,
        primary_image_url
    from source
)

select * from final
