-- How many order-list rows shipment updates touch (0: the list reads the snapshot's table alone).
select count(*) from list_overlay_stale
