-- overlay_rows is the Arrow table of ops-store updates registered on the loading cursor.
insert into shipment_overlay by name select * from overlay_rows
