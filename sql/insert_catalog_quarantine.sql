-- Catalog rows that could not be loaded, the whole row kept as JSON text.
insert into raw.quarantine
select $source, $partition_date, $source_file, null, record_index, reason,
       to_json(c)::varchar, $run_id, $loaded_at
from checked_records as c
where reason is not null
