-- The fingerprint of a partition's last load, if the rows it loaded are all still there ({tables}: the
-- source's raw tables, from the loader's fixed list, each counted for the partition). A catalog or FX
-- export whose files have the same fingerprint need not be loaded again.
with last_load as (
    select fingerprint, loaded
    from raw.load_log
    where source = $source and partition_date = $partition_date
    order by loaded_at desc
    limit 1
)
select fingerprint
from last_load
where loaded = ({tables})
