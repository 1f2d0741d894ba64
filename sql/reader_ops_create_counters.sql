-- Change counters: readers compare one integer instead of re-reading a table.
create table if not exists ops_counters (
    name text primary key,
    value integer not null
)
