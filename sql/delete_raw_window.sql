-- Empty a window of partitions of one raw table before its reload ($partition_dates: the window's days,
-- $first/$last their bounds, which let DuckDB skip row groups). {table} is filled in from the loader's
-- fixed list of raw tables, never from input.
delete from {table}
where _partition_date between $first and $last and list_contains($partition_dates, _partition_date)
