-- The order-list rows that shipment updates touch: list_overlay_stale holds them as the snapshot
-- has them, list_overlay_live with the updates applied (sql/reader_list_load_overlay.sql). List
-- queries read the snapshot's rows minus the stale ones plus the live ones, so the updates are
-- applied to these few rows only, never joined to every order.
create or replace table list_overlay_stale as
select * from snapshot.marts.orders_list
limit 0;

create or replace table list_overlay_live as
select * from snapshot.marts.orders_list
limit 0;
