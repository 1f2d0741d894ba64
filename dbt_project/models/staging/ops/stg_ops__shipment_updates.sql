-- Shipment updates recorded through the API, one row per inventory item (its latest version), fields typed.
with source as (
    select * from {{ source('raw', 'ops_shipment_updates') }}
),

versions as (
    select
        *,
        row_number() over (partition by inventory_uid order by updated_at desc, version desc) as version_rank
    from source
),

latest as (
    select * from versions where version_rank = 1
),

final as (
    select
        inventory_uid,
        {{ json_text('fields', '$.shipment_tracking_number') }} as shipment_tracking_number,
        {{ json_text('fields', '$.shipment_carrier') }} as shipment_carrier,
        {{ json_text('fields', '$.shipment_status') }} as shipment_status,
        {{ json_text('fields', '$.shipment_service_id') }} as shipment_service_id,
        {{ parse_timestamp(json_text('fields', '$.shipment_tracking_created')) }} as shipment_tracking_created_at,
        {{ json_value('fields', '$.shipment_rate_detail') }} as shipment_rate_detail,
        cast({{ json_text('fields', '$.shipment_rate_retrieval_tried') }} as boolean) as shipment_rate_retrieval_tried,
        cast({{ json_text('fields', '$.shipment_rate_cheapest_price') }} as decimal(18, 2)) as shipment_rate_cheapest_price,
        {{ json_text('fields', '$.shipment_rate_cheapest_carrier') }} as shipment_rate_cheapest_carrier,
        {{ json_text('fields', '$.shipment_rate_cheapest_product') }} as shipment_rate_cheapest_product,
        {{ json_text('fields', '$.shipment_rate_cheapest_service_id') }} as shipment_rate_cheapest_service_id,
        {{ json_value('fields', '$.label_detail') }} as label_detail,
        {{ parse_timestamp(json_text('fields', '$.label_last_updated')) }} as label_last_updated_at,
        {{ json_value('fields', '$.shipment_recipient_detail') }} as shipment_recipient_detail,
        {{ parse_timestamp(json_text('fields', '$.shipment_recipient_last_updated')) }} as shipment_recipient_last_updated_at,
        {{ json_text('fields', '$.shipment_label_url') }} as shipment_label_url,
        {{ json_text('fields', '$.shipment_packing_slip_url') }} as shipment_packing_slip_url,
        {{ json_value('fields', '$.shipment_address') }} as shipment_address,
        updated_at
    from latest
)

select * from final
