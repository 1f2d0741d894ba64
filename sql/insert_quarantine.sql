-- Records that could not be loaded, with the reason and where they came from (any number of partitions).
insert into raw.quarantine
select $source, partition_date, source_file, page_number, record_index, reason, record::varchar, $run_id, $loaded_at
from checked_records
where reason is not null
