-- The orders a list request asks for, shared by the page and the count so they never disagree.
-- Blank filters arrive as null; search_text arrives lower-cased and matches anywhere in the
-- order id, tracking number, buyer name or item title.
create or replace macro matching_orders(platform_filter, status_filter, search_text) as table
select *
from order_keys
where (platform_filter is null or platform = platform_filter)
    and (status_filter is null or status = status_filter)
    and (
        search_text is null
        or contains(lower(order_id), search_text)
        or contains(lower(shipment_tracking_number), search_text)
        or contains(lower(buyer_name), search_text)
        or contains(lower(title), search_text)
    )
