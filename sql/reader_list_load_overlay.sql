-- Rebuild the two overlay tables of the order list from shipment_overlay (run in the transaction
-- that reloads it). The live rows apply the update as orders_live does (sql/reader_orders_overlay.sql):
-- a written field wins, status by the live_status macro, updated is the later of the two.
delete from list_overlay_stale;

delete from list_overlay_live;

insert into list_overlay_stale
select list.*
from snapshot.marts.orders_list as list
semi join shipment_overlay as overlay
    on list.inventory_key = md5_number_lower(overlay.inventory_uid)
    and list.inventory_uid = overlay.inventory_uid;

insert into list_overlay_live
with

stale as (
    select * from list_overlay_stale
),

overlay as (
    select * from shipment_overlay
),

merged as (
    select
        stale.* replace (
            case when overlay.set_address_name then overlay.address_name else stale.buyer_name end as buyer_name,
            case when overlay.set_shipment_tracking_number then overlay.shipment_tracking_number else stale.shipment_tracking_number end as shipment_tracking_number,
            case when overlay.set_shipment_carrier then overlay.shipment_carrier else stale.shipment_carrier end as shipment_carrier,
            case when overlay.set_shipment_status then overlay.shipment_status else stale.shipment_status end as shipment_status,
            case when overlay.set_shipment_tracking_created_at then overlay.shipment_tracking_created_at else stale.shipment_tracking_created_at end as shipment_tracking_created_at,
            case
                when overlay.has_address then coalesce(stale.address_uid, 'addr_' || left(md5('ops:' || stale.inventory_uid), 12))
                else stale.address_uid
            end as address_uid,
            case when overlay.set_address_name then overlay.address_name else stale.address_name end as address_name,
            case when overlay.set_address_city then overlay.address_city else stale.address_city end as address_city,
            case when overlay.set_address_postal_code then overlay.address_postal_code else stale.address_postal_code end as address_postal_code,
            case when overlay.set_address_country then overlay.address_country else stale.address_country end as address_country,
            greatest(stale.updated_at, overlay.updated_at) as updated_at
        ),
    from stale
    inner join overlay on overlay.inventory_uid = stale.inventory_uid
),

final as (
    select
        merged.* replace (
            live_status(merged.status, true, merged.shipment_status, merged.shipment_tracking_number) as status,
            lower(merged.shipment_tracking_number) as tracking_search,
            lower(merged.buyer_name) as buyer_search
        ),
    from merged
)

select * from final;
