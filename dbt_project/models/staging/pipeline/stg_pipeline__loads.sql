-- The ingest loads, one row per source, partition and run (raw.load_log): what each run brought in.
with source as (
    select * from {{ source('raw', 'load_log') }}
),

final as (
    select
        source as source_name,
        partition_date,
        run_id,
        files,
        input_records,
        loaded as loaded_records,
        quarantined as quarantined_records,
        loaded_at
    from source
)

select * from final
