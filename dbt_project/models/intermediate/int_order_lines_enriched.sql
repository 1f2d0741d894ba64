-- A view: marts.orders selects it column for column, so a table here wrote the same wide rows
-- twice per build (docs/benchmarks.md item 20). It is computed once per run, by marts.orders;
-- every other reader of order lines reads marts.orders (item 34). The tests of marts.orders are
-- this model's.
{{ config(materialized='view') }}
-- Order lines with everything the marts read: the listing and inventory item they sold through,
-- the shipment recorded through the API, the computed status (order_status macro), the event
-- times of the order's life, and every amount in the home currency at the order date's rate.
-- marts.orders serves it as is; the sales, P&L, inventory and activity marts build on marts.orders.
with lines as (
    select * from {{ ref('int_order_lines_unioned') }}
),

listings as (
    select * from {{ ref('int_listings_joined') }}
),

shipments as (
    select * from {{ ref('stg_ops__shipment_updates') }}
),

rates as (
    select * from {{ ref('int_fx_rates_daily') }}
),

joined as (
    select
        lines.*,
        listings.listing_uid,
        listings.listing_url,
        listings.listing_status,
        listings.listing_price,
        listings.inventory_uid,
        coalesce(listings.title, lines.line_title) as title,
        coalesce(listings.sku, lines.sku) as item_sku,
        listings.condition,
        listings.category,
        listings.primary_image_url,
        listings.purchase_cost,
        listings.purchase_currency
    from lines
    left join listings on listings.platform = lines.platform and listings.listing_id = lines.listing_id
),

with_shipment as (
    select
        joined.*,
        shipments.shipment_tracking_number,
        shipments.shipment_carrier,
        shipments.shipment_status,
        shipments.shipment_service_id as shipment_service_id_recorded,
        shipments.shipment_tracking_created_at,
        shipments.shipment_rate_detail,
        coalesce(shipments.shipment_rate_retrieval_tried, false) as shipment_rate_retrieval_tried,
        shipments.shipment_rate_cheapest_price,
        shipments.shipment_rate_cheapest_carrier,
        shipments.shipment_rate_cheapest_product,
        shipments.shipment_rate_cheapest_service_id,
        shipments.label_detail,
        shipments.label_last_updated_at,
        shipments.shipment_recipient_detail,
        shipments.shipment_recipient_last_updated_at,
        shipments.shipment_label_url,
        shipments.shipment_packing_slip_url,
        shipments.shipment_address,
        shipments.updated_at as shipment_updated_at
    from joined
    left join shipments on shipments.inventory_uid = joined.inventory_uid
),

converted as (
    select
        s.*,
        {{ local_date('s.created_at') }} as sold_date,
        home.rate_per_eur as home_rate_per_eur,
        own.rate_per_eur as own_rate_per_eur,
        purchase.rate_per_eur as purchase_rate_per_eur
    from with_shipment as s
    left join rates as own
        on own.currency = s.currency and own.rate_date = {{ local_date('s.created_at') }}
    left join rates as home
        on home.currency = '{{ var("home_currency") }}' and home.rate_date = {{ local_date('s.created_at') }}
    left join rates as purchase
        on purchase.currency = s.purchase_currency and purchase.rate_date = {{ local_date('s.created_at') }}
),

statused as (
    select
        converted.*,
        {{ order_status('is_cancelled', 'is_refunded', 'unpaid_status', 'is_shipped',
                        'shipment_tracking_number', 'shipment_status', 'last_modified_at') }} as status
    from converted
),

shaped as (
    select
        order_uid,
        order_id,
        line_item_id,
        platform,
        platform_name,
        status,
        status in {{ sql_list(revenue_statuses()) }} as is_revenue,
        external_order_status,
        external_payment_status,
        coalesce({{ json_text('shipment_address', '$.name') }}, ship_to_name) as buyer_name,
        buyer_username,
        currency,
        gross_sale_price,
        refunded_amount,
        sale_price,
        marketplace_fee,
        platform_fee,
        shipping_cost,
        cast(sale_price - marketplace_fee - platform_fee - shipping_cost as decimal(18, 2)) as net_revenue,
        '{{ var("home_currency") }}' as home_currency,
        {{ convert_money('gross_sale_price', 'own_rate_per_eur', 'home_rate_per_eur') }} as gross_sale_price_home,
        {{ convert_money('refunded_amount', 'own_rate_per_eur', 'home_rate_per_eur') }} as refunded_amount_home,
        {{ convert_money('sale_price', 'own_rate_per_eur', 'home_rate_per_eur') }} as sale_price_home,
        {{ convert_money('marketplace_fee', 'own_rate_per_eur', 'home_rate_per_eur') }} as marketplace_fee_home,
        {{ convert_money('platform_fee', 'own_rate_per_eur', 'home_rate_per_eur') }} as platform_fee_home,
        {{ convert_money('shipping_cost', 'own_rate_per_eur', 'home_rate_per_eur') }} as shipping_cost_home,
        created_at as sold_at,
        sold_date,
        created_at as order_created_at,
        last_modified_at,
        -- When the order left: the tracking recorded through the API, else the marketplace's last
        -- modification (eBay and Discogs report no ship date), bounded by a later refund.
        case when is_shipped or shipment_tracking_number is not null then
            coalesce(
                shipment_tracking_created_at,
                case when is_shipped then
                    case when refunded_at is not null and refunded_at < last_modified_at then refunded_at else last_modified_at end
                end,
                shipment_updated_at)
        end as shipped_at,
        case when status = 'cancelled' then coalesce(cancelled_at, last_modified_at) end as cancelled_at,
        case when status = 'refunded' or refunded_amount > 0 then coalesce(refunded_at, last_modified_at) end as refunded_at,
        listing_uid,
        listing_id,
        listing_url,
        listing_status,
        listing_price,
        inventory_uid,
        title,
        item_sku as sku,
        condition,
        category,
        primary_image_url,
        purchase_cost,
        purchase_currency,
        -- The item's cost at the sale date's rate, the rate its sale converts at: profit is then
        -- free of currency moves between purchase and sale.
        {{ convert_money('purchase_cost', 'purchase_rate_per_eur', 'home_rate_per_eur') }} as purchase_cost_home,
        shipment_tracking_number,
        shipment_carrier,
        shipment_status,
        coalesce(shipment_service_id_recorded, shipment_service_id) as shipment_service_id,
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
        coalesce({{ json_text('shipment_address', '$.name') }}, ship_to_name) as address_name,
        coalesce({{ json_text('shipment_address', '$.email_address') }}, ship_to_email) as address_email,
        coalesce({{ json_text('shipment_address', '$.phone_number') }}, ship_to_phone) as address_phone,
        coalesce({{ json_text('shipment_address', '$.street_number') }}, ship_to_street_number) as address_street_number,
        coalesce({{ json_text('shipment_address', '$.street_1') }}, ship_to_street_1) as address_street_1,
        coalesce({{ json_text('shipment_address', '$.street_2') }}, ship_to_street_2) as address_street_2,
        coalesce({{ json_text('shipment_address', '$.city') }}, ship_to_city) as address_city,
        coalesce({{ json_text('shipment_address', '$.state_province') }}, ship_to_state_province) as address_state_province,
        coalesce({{ json_text('shipment_address', '$.postal_code') }}, ship_to_postal_code) as address_postal_code,
        coalesce({{ json_text('shipment_address', '$.country') }}, ship_to_country) as address_country,
        raw_address,
        raw_address_parsed,
        created_at,
        greatest(last_modified_at, coalesce(shipment_updated_at, last_modified_at)) as updated_at
    from statused
),

final as (
    select
        *,
        cast(sale_price_home - marketplace_fee_home - platform_fee_home - shipping_cost_home as decimal(18, 2)) as net_revenue_home
    from shaped
)

select * from final
