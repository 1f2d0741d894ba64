-- How many orders a list request matches, shipment updates applied: the snapshot's matches, minus
-- the updated rows as they were, plus the updated rows as they are. {where} and {where_live} as
-- in reader_list_page.sql (the stale rows are snapshot rows: {where} holds for them).
select
    (select count(*) from snapshot.marts.orders_list where {where})
    - (select count(*) from list_overlay_stale where {where})
    + (select count(*) from list_overlay_live where {where_live}) as total
