-- When an order sold, found in the order list by comparing integer keys before the uid text, so
-- the detail query can filter marts.orders on sold_at (a cheap column) before the uid.
select sold_at
from snapshot.marts.orders_list
where uid_key = md5_number_lower($uid)
    and order_uid = $uid
