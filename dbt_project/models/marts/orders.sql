{{
    config(
        materialized=difference_materialization(),
        unique_key='order_uid'
    )
}}
-- One row per sold inventory item: every field of the Orders & Sales API's order list and detail,
-- the computed status, net revenue, and the amounts in the seller's home currency. The columns
-- the reader was written against come first, in their original order; later additions follow.
-- Incremental by difference (macros/by_difference.sql): every line is computed, only the new and
-- changed ones are written. Every line of int_order_lines_enriched is a row here, unfiltered:
-- int_inventory_items_joined reads this mart as the order lines (docs/benchmarks.md item 34).
with order_lines as (
    select * from {{ ref('int_order_lines_enriched') }}
),

final as (
    select
        order_uid,
        order_id,
        line_item_id,
        platform,
        platform_name,
        status,
        external_order_status,
        buyer_name,
        buyer_username,
        currency,
        sale_price,
        marketplace_fee,
        platform_fee,
        shipping_cost,
        net_revenue,
        home_currency,
        sale_price_home,
        marketplace_fee_home,
        platform_fee_home,
        shipping_cost_home,
        sold_at,
        sold_date,
        order_created_at,
        last_modified_at,
        listing_uid,
        listing_id,
        listing_url,
        listing_status,
        listing_price,
        inventory_uid,
        title,
        sku,
        condition,
        category,
        primary_image_url,
        purchase_cost,
        shipment_tracking_number,
        shipment_carrier,
        shipment_status,
        shipment_service_id,
        shipment_tracking_created_at,
        shipment_rate_detail,
        shipment_rate_retrieval_tried,
        shipment_rate_cheapest_price,
        shipment_rate_cheapest_carrier,
        shipment_rate_cheapest_product,
        shipment_rate_cheapest_service_id,
        label_detail,
        label_last_updated_at,
        shipment_recipient_detail,
        shipment_recipient_last_updated_at,
        shipment_label_url,
        shipment_packing_slip_url,
        address_uid,
        address_name,
        address_email,
        address_phone,
        address_street_number,
        address_street_1,
        address_street_2,
        address_city,
        address_state_province,
        address_postal_code,
        address_country,
        raw_address,
        raw_address_parsed,
        created_at,
        updated_at,
        is_revenue,
        net_revenue_home,
        external_payment_status,
        gross_sale_price,
        refunded_amount,
        gross_sale_price_home,
        refunded_amount_home,
        purchase_currency,
        purchase_cost_home,
        shipped_at,
        cancelled_at,
        refunded_at
    from order_lines
)

select * from final
