-- The oldest items of stock on hand.
select
    inventory_uid as uid,
    title,
    iso_utc(created_at) as created_at,
    cast(age_days as bigint) as age_days,
    value_home as value,
    status,
from snapshot.marts.inventory_items
where is_in_stock
order by age_days desc, created_at, inventory_uid
limit $limit
