-- Discogs order records with the first reason each one cannot be loaded (null: loadable), for a
-- window of any number of partitions (a duplicate is one inside the same page). Each record is
-- parsed once for all its scalar fields (one multi-path extract), once more for its items.
create or replace temp table checked_records as
with extracted as (
    select
        *,
        json_extract_string(record, ['$.id', '$.last_activity', '$.status', '$.total.value', '$.total.currency'])
            as scalars,
        json_extract(record, '$.items[*].price') as item_price_json
    from page_records
),
fields as (
    select
        * exclude (scalars, item_price_json),
        scalars[1] as order_id,
        try_cast(scalars[2] as timestamptz) as last_modified_at,
        scalars[3] as status,
        try_cast(scalars[4] as decimal(18, 2)) as order_total,
        scalars[5] as currency,
        list_transform(
            coalesce(item_price_json, []),
            lambda p: struct_pack(value := try_cast(p ->> '$.value' as decimal(18, 2)), currency := p ->> '$.currency')
        ) as item_prices
    from extracted
),
ranked as (
    select
        *,
        row_number() over (
            partition by source_file, order_id order by last_modified_at desc nulls last, record_index
        ) as copy_in_page
    from fields
)
select
    source_file, partition_date, page_number, record_index, record, order_id, last_modified_at,
    case
        when order_id is null or order_id = '' then 'missing id'
        when last_modified_at is null then 'missing or invalid last_activity'
        when len(item_prices) = 0 then 'no items'
        when order_total is null or list_bool_or(list_transform(item_prices, lambda p: p.value is null))
            then 'missing amounts (total or items[].price)'
        when order_total < 0 or list_bool_or(list_transform(item_prices, lambda p: p.value < 0)) then 'negative price'
        when currency not in (select code from read_csv($currencies_file))
            then 'unknown currency ' || coalesce(currency, 'null')
        when list_bool_or(list_transform(item_prices, lambda p: p.currency is distinct from currency))
            then 'item currency differs from the order total'
        when status is null or not (
            status in ('New Order', 'Buyer Contacted', 'Invoice Sent', 'Payment Pending', 'Payment Received',
                       'In Progress', 'Shipped', 'Refund Sent', 'Merged', 'Order Changed')
            or status like 'Cancelled (%)'
        ) then 'unknown status ' || coalesce(status, 'null')
        when copy_in_page > 1 then 'duplicate id in page'
    end as reason
from ranked
