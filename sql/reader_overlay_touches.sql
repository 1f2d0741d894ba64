-- Whether a shipment update since the snapshot applies to this inventory item (the overlay is
-- keyed on it, as orders_live joins it): if not, the order's stored row is what orders_live serves.
select exists (select 1 from shipment_overlay where inventory_uid = $inventory_uid)
