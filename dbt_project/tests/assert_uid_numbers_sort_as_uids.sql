-- A failure means the order list's integer uid tie-break (uid_number) would not sort as order_uid
-- does: every uid must be 'ord_' and 12 lowercase hex digits, whose number then sorts as the text.
select order_uid, uid_number
from {{ ref('orders_list') }}
where length(order_uid) <> 16
    or substr(order_uid, 1, 4) <> 'ord_'
    or translate(substr(order_uid, 5), '0123456789abcdef', '') <> ''
    or uid_number is null
