insert into raw.catalog_inventory_items
select
    uid, sku, title, category, condition, purchase_cost, purchase_currency, status, created_at, updated_at,
    primary_image_url, $source_file, record_index, $partition_date, $run_id, $loaded_at
from checked_records
where reason is null
