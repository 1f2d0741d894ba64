insert into raw.catalog_listings
select
    platform, listing_id, listing_url, inventory_uid, sku, price, currency, status, listed_at, ended_at,
    $source_file, record_index, $partition_date, $run_id, $loaded_at
from checked_records
where reason is null
