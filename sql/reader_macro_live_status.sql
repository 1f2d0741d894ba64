-- Steps 4 and 6 of the status rule (docs/data-model.md) applied to shipment fields written
-- through the API since the snapshot, so a write shows at once and the next build agrees:
-- delivered -> completed; tracking recorded on an awaiting_shipment order -> shipped.
-- Statuses from steps 1-3 (cancelled, refunded, unpaid) are never overridden.
create or replace macro live_status(base_status, has_update, shipment_status, tracking_number) as
case
    when not has_update or base_status is null then base_status
    when base_status not in ('awaiting_shipment', 'shipped', 'completed') then base_status
    when lower(trim(shipment_status)) = 'delivered' then 'completed'
    when base_status = 'awaiting_shipment' and nullif(trim(tracking_number), '') is not null then 'shipped'
    else base_status
end
