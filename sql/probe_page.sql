-- Does this one page parse as a response page (as stage_marketplace_pages reads it)? Used only to find
-- the bad pages of a window whose bulk read failed. Returns the page's record count.
select sum(coalesce(len(orders), 0))
from (
    select
        case
            when json_type(content) = 'OBJECT' then cast(json_extract(content, '$.orders') as json[])
            else error('not a JSON object but ' || json_type(content))
        end as orders
    from read_text($file)
)
