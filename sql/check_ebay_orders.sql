-- eBay order records with the first reason each one cannot be loaded (null: loadable), for a
-- window of any number of partitions (a duplicate is one inside the same page). Each record is
-- parsed once for all its scalar fields (one multi-path extract), once more for its line items.
create or replace temp table checked_records as
with extracted as (
    select
        *,
        json_extract_string(record, [
            '$.orderId', '$.lastModifiedDate', '$.orderFulfillmentStatus', '$.orderPaymentStatus',
            '$.pricingSummary.total.value', '$.pricingSummary.total.currency'
        ]) as scalars,
        json_extract(record, '$.lineItems[*].lineItemCost') as line_cost_json
    from page_records
),
fields as (
    select
        * exclude (scalars, line_cost_json),
        scalars[1] as order_id,
        try_cast(scalars[2] as timestamptz) as last_modified_at,
        scalars[3] as fulfillment_status,
        scalars[4] as payment_status,
        try_cast(scalars[5] as decimal(18, 2)) as order_total,
        scalars[6] as currency,
        list_transform(
            coalesce(line_cost_json, []),
            lambda c: struct_pack(value := try_cast(c ->> '$.value' as decimal(18, 2)), currency := c ->> '$.currency')
        ) as line_costs
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
        when order_id is null or order_id = '' then 'missing orderId'
        when last_modified_at is null then 'missing or invalid lastModifiedDate'
        when len(line_costs) = 0 then 'no lineItems'
        when order_total is null or list_bool_or(list_transform(line_costs, lambda c: c.value is null))
            then 'missing amounts (pricingSummary.total or lineItemCost)'
        when order_total < 0 or list_bool_or(list_transform(line_costs, lambda c: c.value < 0)) then 'negative price'
        when currency not in (select code from read_csv($currencies_file))
            then 'unknown currency ' || coalesce(currency, 'null')
        when list_bool_or(list_transform(line_costs, lambda c: c.currency is distinct from currency))
            then 'line item currency differs from the order total'
        when fulfillment_status not in ('NOT_STARTED', 'IN_PROGRESS', 'FULFILLED') or fulfillment_status is null
            then 'unknown orderFulfillmentStatus ' || coalesce(fulfillment_status, 'null')
        when payment_status not in ('PAID', 'PENDING', 'FAILED', 'FULLY_REFUNDED', 'PARTIALLY_REFUNDED')
            or payment_status is null
            then 'unknown orderPaymentStatus ' || coalesce(payment_status, 'null')
        when copy_in_page > 1 then 'duplicate orderId in page'
    end as reason
from ranked
