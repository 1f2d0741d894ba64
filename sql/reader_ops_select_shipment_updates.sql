select * from shipment_updates order by inventory_uid
