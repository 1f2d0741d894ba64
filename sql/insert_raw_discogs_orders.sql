-- The loadable Discogs records of a window of partitions; the free-text address is parsed once, here
-- (parse_address_json: a vectorized Python UDF, one call per batch of rows).
insert into raw.discogs_orders
select
    order_id, last_modified_at, record, cast(parse_address_json(record ->> '$.shipping_address') as json),
    source_file, page_number, record_index, partition_date, $run_id, $loaded_at
from checked_records
where reason is null
