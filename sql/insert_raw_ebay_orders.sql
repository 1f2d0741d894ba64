-- The loadable eBay records of a window of partitions, with load metadata.
insert into raw.ebay_orders
select
    order_id, last_modified_at, record, source_file, page_number, record_index,
    partition_date, $run_id, $loaded_at
from checked_records
where reason is null
