-- How recent a marketplace's loaded orders are ({table} comes from the freshness check's fixed
-- list of raw order tables): the newest order version's last modification as naive UTC, the
-- newest landing partition loaded, and how many order versions there are.
select
    max(timezone('UTC', last_modified_at)) as newest_order_at,
    max(_partition_date) as newest_partition,
    count(*) as order_versions
from {table}
