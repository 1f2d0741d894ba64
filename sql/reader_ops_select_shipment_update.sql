select * from shipment_updates where inventory_uid = :inventory_uid
