-- The ops store's shipment updates, all of them, replacing the previous read-back ($run_id, $loaded_at;
-- the rows come from the registered Arrow table ops_rows).
insert into raw.ops_shipment_updates
select inventory_uid, cast(fields as json), cast(updated_at as timestamptz), version, $run_id, $loaded_at
from ops_rows
