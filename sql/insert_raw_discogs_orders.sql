-- The loadable Discogs records of one partition; the free-text address is parsed once, here.
insert into raw.discogs_orders
select
    order_id, last_modified_at, record, parse_address_json(record ->> '$.shipping_address'),
    source_file, page_number, record_index, $partition_date, $run_id, $loaded_at
from checked_records
where reason is null
