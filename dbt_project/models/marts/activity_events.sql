{{
    config(
        materialized=difference_materialization(),
        unique_key='event_id'
    )
}}
-- Everything that happened to the seller's business, one row per event, for the activity feed,
-- time series and heatmap (GET /api/v1/analytics/activity/, /activity/recent/, /activity/stats/):
--   item_added        an inventory item was created in the catalog (amount: its purchase cost)
--   listing_created   a listing went up (amount: its price, valued like stock, at the as-of rate)
--   item_sold         an order line was placed, whatever became of it (amount: its sale price)
--   order_shipped     the line left (tracking recorded through the API, else the marketplace's
--                     last modification, which is when it reported the shipment)
--   order_cancelled   the marketplace cancelled it (amount: the sale it cost)
--   order_refunded    a full refund (amount: the sale price) or a partial one (amount: the
--                     line's share), at the refund date
--   import_completed  one per pipeline run and source, from raw.load_log (amount: none)
-- event_at is UTC; event_date, event_hour and event_weekday (0 = Monday) are the seller's local
-- time. Incremental by difference (macros/by_difference.sql): events of old days move too (a refund
-- changes an old sale's amount, the as-of date revalues stock), so every event is computed and only
-- the new and changed ones are written.
with order_lines as (
    select * from {{ ref('orders') }}
),

items as (
    select * from {{ ref('inventory_items') }}
),

listings as (
    select * from {{ ref('int_listings_valued') }}
),

loads as (
    select * from {{ ref('stg_pipeline__loads') }}
),

platforms as (
    select * from {{ ref('platforms') }}
),

item_added as (
    select
        'item_added' as event_type,
        created_at as event_at,
        inventory_uid as subject_uid,
        'inventory_item' as subject_type,
        inventory_uid,
        cast(null as {{ dbt.type_string() }}) as platform,
        title,
        purchase_cost_home as amount_home
    from items
),

listing_created as (
    select
        'listing_created' as event_type,
        listings.listed_at as event_at,
        listings.listing_uid as subject_uid,
        'listing' as subject_type,
        listings.inventory_uid,
        listings.platform,
        listings.title,
        listings.listing_price_home as amount_home
    from listings
),

item_sold as (
    select
        'item_sold' as event_type,
        sold_at as event_at,
        order_uid as subject_uid,
        'order' as subject_type,
        inventory_uid,
        platform,
        title,
        sale_price_home as amount_home
    from order_lines
),

order_shipped as (
    select
        'order_shipped' as event_type,
        shipped_at as event_at,
        order_uid as subject_uid,
        'order' as subject_type,
        inventory_uid,
        platform,
        title,
        cast(null as decimal(18, 2)) as amount_home
    from order_lines
    where shipped_at is not null
),

order_cancelled as (
    select
        'order_cancelled' as event_type,
        cancelled_at as event_at,
        order_uid as subject_uid,
        'order' as subject_type,
        inventory_uid,
        platform,
        title,
        sale_price_home as amount_home
    from order_lines
    where cancelled_at is not null
),

order_refunded as (
    select
        'order_refunded' as event_type,
        refunded_at as event_at,
        order_uid as subject_uid,
        'order' as subject_type,
        inventory_uid,
        platform,
        title,
        case when status = 'refunded' then sale_price_home else refunded_amount_home end as amount_home
    from order_lines
    where refunded_at is not null
),

runs as (
    select
        run_id,
        source_name,
        max(loaded_at) as loaded_at,
        sum(loaded_records) as loaded_records,
        sum(quarantined_records) as quarantined_records
    from loads
    group by run_id, source_name
),

import_completed as (
    select
        'import_completed' as event_type,
        runs.loaded_at as event_at,
        runs.run_id || '|' || runs.source_name as subject_uid,
        'import' as subject_type,
        cast(null as {{ dbt.type_string() }}) as inventory_uid,
        platforms.platform,
        coalesce(platforms.platform_name, runs.source_name) || ' import: '
            || cast(cast(runs.loaded_records as bigint) as {{ dbt.type_string() }}) || ' records loaded, '
            || cast(cast(runs.quarantined_records as bigint) as {{ dbt.type_string() }}) || ' quarantined' as title,
        cast(null as decimal(18, 2)) as amount_home
    from runs
    left join platforms on platforms.platform = runs.source_name
),

unioned as (
    select * from item_added
    union all
    select * from listing_created
    union all
    select * from item_sold
    union all
    select * from order_shipped
    union all
    select * from order_cancelled
    union all
    select * from order_refunded
    union all
    select * from import_completed
),

localized as (
    select
        unioned.*,
        {{ to_local('event_at') }} as event_at_local
    from unioned
    where event_at is not null
),

final as (
    select
        'evt_' || left(md5(event_type || '|' || subject_uid), 12) as event_id,
        event_at,
        cast(event_at_local as date) as event_date,
        {{ hour_number('event_at_local') }} as event_hour,
        {{ weekday_number('cast(event_at_local as date)') }} as event_weekday,
        event_type,
        subject_type,
        subject_uid,
        inventory_uid,
        platform,
        title,
        amount_home
    from localized
)

select * from final
