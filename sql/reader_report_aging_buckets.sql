-- The aging buckets of stock on hand, youngest first, every bucket present.
select
    bucket,
    min_days,
    max_days,
    cast(count as bigint) as count,
    total_value_home as total_value,
    total_cost_home as total_cost,
from snapshot.marts.inventory_aging_buckets
order by bucket_order
