-- Orders whose inventory item is not in the catalog ({catalog}, from the checks' fixed list). The
-- item is the order's own inventory_uid or, where the mart has none, the one its listing names:
-- the mart takes the uid from the catalog side of a left join, so a listing pointing at an item
-- the inventory export lacks shows up as a null there, and only the listing still knows the uid.
with listing_items as (
    select listing_uid, min(inventory_uid) as inventory_uid
    from staging.stg_catalog__listings
    group by listing_uid
),

refs as (
    select
        orders.order_uid,
        orders.order_id,
        orders.platform,
        orders.listing_uid,
        coalesce(orders.inventory_uid, listing_items.inventory_uid) as inventory_uid,
        orders.inventory_uid is null as is_uid_from_listing
    from marts.orders as orders
    left join listing_items on listing_items.listing_uid = orders.listing_uid
)

select *
from refs
where inventory_uid is not null
    and not exists (select 1 from {catalog} as catalog where catalog.inventory_uid = refs.inventory_uid)
order by order_uid
