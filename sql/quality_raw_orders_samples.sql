-- Failing raw rows, by rowid, with where they were loaded from: what a person opens to fix them.
select
    order_id,
    strftime(timezone('UTC', last_modified_at), '%Y-%m-%dT%H:%M:%S.%gZ') as last_modified_at,
    cast(_partition_date as varchar) as partition_date,
    _source_file as source_file,
    _page_number as page_number,
    _record_index as record_index
from {table}
where list_contains($row_ids, rowid)
order by order_id, last_modified_at, _partition_date
