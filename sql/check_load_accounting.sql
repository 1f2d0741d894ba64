-- Per partition a run loaded: the records it counted in, against the rows that are really in raw and
-- in quarantine for it ({table} is the source's raw table, from the loader's fixed list).
with logged as (
    select partition_date, input_records
    from raw.load_log
    where run_id = $run_id and source = $source
    qualify row_number() over (partition by partition_date order by loaded_at desc) = 1
),

loaded as (
    select _partition_date as partition_date, count(*) as loaded_rows
    from {table}
    where _run_id = $run_id
    group by 1
),

quarantined as (
    select partition_date, count(*) as quarantined_rows, count(*) filter (where record_index is null) as whole_files
    from raw.quarantine
    where run_id = $run_id and source = $source
    group by 1
)

select
    logged.partition_date,
    logged.input_records,
    coalesce(loaded.loaded_rows, 0) as loaded_rows,
    coalesce(quarantined.quarantined_rows, 0) as quarantined_rows,
    coalesce(quarantined.whole_files, 0) as whole_files
from logged
left join loaded using (partition_date)
left join quarantined using (partition_date)
order by logged.partition_date
