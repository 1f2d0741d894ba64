-- Listing rows with the first reason each one cannot be loaded (null: loadable).
create or replace temp table checked_records as
select
    *,
    case
        when platform is null or platform not in ('ebay', 'discogs') then 'unknown platform ' || coalesce(platform, 'null')
        when listing_id is null or listing_id = '' then 'missing listing_id'
        when inventory_uid is null or inventory_uid = '' then 'missing inventory_uid'
        when try_cast(price as decimal(18, 2)) is null then 'missing or invalid price'
        when try_cast(price as decimal(18, 2)) < 0 then 'negative price'
        when currency is null or currency not in (select code from read_csv($currencies_file))
            then 'unknown currency ' || coalesce(currency, 'null')
        when status is null or status not in ('active', 'sold', 'ended') then 'unknown status ' || coalesce(status, 'null')
        when try_cast(listed_at as timestamptz) is null then 'missing or invalid listed_at'
        when row_number() over (partition by platform, listing_id order by record_index) > 1
            then 'duplicate listing in file'
    end as reason
from catalog_records
