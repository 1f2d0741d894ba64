-- The raw order suite's columns (as quality_raw_orders_frame.sql) for the partitions one run loaded
-- ($partitions, $first and $last their bounds, which let DuckDB skip row groups by zone map), plus
-- every row of another partition that repeats one of their order versions (same order_id and
-- last_modified_at): a version filed under an old day and again under a new one is a duplicate the
-- window alone cannot see. is_loaded_by_run tells the two apart.
with loaded as (
    select rowid as row_id, order_id, _partition_date as partition_date, last_modified_at
    from {table}
    where _partition_date between $first and $last and list_contains($partitions, _partition_date)
),

elsewhere as (
    select other.rowid as row_id, other.order_id, other._partition_date as partition_date, other.last_modified_at
    from {table} as other
    semi join loaded
        on other.order_id = loaded.order_id and other.last_modified_at = loaded.last_modified_at
    where not list_contains($partitions, other._partition_date)
),

both_sides as (
    select *, true as is_loaded_by_run from loaded
    union all
    select *, false as is_loaded_by_run from elsewhere
)

select
    row_id,
    order_id,
    partition_date,
    cast(timezone('UTC', last_modified_at) as timestamp_ns) as last_modified_at,
    is_loaded_by_run
from both_sides
