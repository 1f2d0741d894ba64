-- Inventory rows with the first reason each one cannot be loaded (null: loadable).
create or replace temp table checked_records as
select
    *,
    case
        when uid is null or uid = '' then 'missing uid'
        when sku is null or sku = '' then 'missing sku'
        when purchase_cost is not null and purchase_cost <> '' and try_cast(purchase_cost as decimal(18, 2)) is null
            then 'invalid purchase_cost ' || purchase_cost
        when try_cast(purchase_cost as decimal(18, 2)) < 0 then 'negative purchase_cost'
        when purchase_currency is not null and purchase_currency not in (select code from read_csv($currencies_file))
            then 'unknown currency ' || purchase_currency
        when status is null or status not in ('draft', 'ready_to_sell', 'listed', 'sold')
            then 'unknown status ' || coalesce(status, 'null')
        when try_cast(created_at as timestamptz) is null then 'missing or invalid created_at'
        when row_number() over (partition by uid order by record_index) > 1 then 'duplicate uid in file'
    end as reason
from catalog_records
