-- Who published the snapshot and for which seller settings: its dates are in this time zone,
-- its money in this home currency (written by the publish step, sql/publish_snapshot_info.sql).
select snapshot_id, home_currency, timezone
from snapshot.main.snapshot_info
limit 1
