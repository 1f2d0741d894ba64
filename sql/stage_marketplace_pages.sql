-- Every record of a window's response pages, with where it came from ($files: the pages, any number of
-- days). The partition is the page's folder (landing/<source>/<YYYY-MM-DD>/page-N.json). The pages are
-- read as text and parsed once each: read_text + json_extract is an order of magnitude faster than
-- read_json with a JSON[] column. A page that is not one JSON object fails the statement (the loader then
-- probes the pages one by one and quarantines the bad ones whole).
create or replace temp table page_records as
with pages as (
    select
        filename as source_file,
        cast(regexp_extract(filename, '(\d{4}-\d{2}-\d{2})/[^/]+$', 1) as date) as partition_date,
        try_cast(regexp_extract(filename, 'page-(\d+)', 1) as integer) as page_number,
        case
            when json_type(content) = 'OBJECT' then cast(json_extract(content, '$.orders') as json[])
            else error('not a JSON object but ' || json_type(content))
        end as orders
    from read_text($files)
)
select
    source_file,
    partition_date,
    page_number,
    generate_subscripts(orders, 1) as record_index,
    unnest(orders) as record
from pages
