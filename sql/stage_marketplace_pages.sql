-- Every record of a partition's response pages, with where it came from ($files: the pages).
create or replace temp table page_records as
select
    filename as source_file,
    try_cast(regexp_extract(filename, 'page-(\d+)', 1) as integer) as page_number,
    generate_subscripts(orders, 1) as record_index,
    unnest(orders) as record
from read_json($files, columns = {'orders': 'JSON[]'}, filename = true, format = 'auto',
               maximum_object_size = 268435456)
