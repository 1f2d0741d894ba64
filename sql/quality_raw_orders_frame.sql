-- The columns the raw order suite reads, one row per loaded order version ({table} comes from the
-- checks' fixed list of raw tables). Timestamps as naive UTC in nanoseconds (pandas compares
-- datetime64[ns] against a bound many times faster than [us]); rowid finds a failing row again.
select
    rowid as row_id,
    order_id,
    _partition_date as partition_date,
    cast(timezone('UTC', last_modified_at) as timestamp_ns) as last_modified_at
from {table}
