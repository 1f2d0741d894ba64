-- $rows is a list of structs, one per ops-store update, values as text that the insert casts
-- to the overlay's column types (timestamps, decimals, JSON).
insert into shipment_overlay by name
select unnest($rows, recursive := true)
