-- Orders per platform and status in the order list, so a list request without a search counts
-- its matches from a dozen rows instead of the whole table (held in the reader's memory).
create or replace table list_counts as
select platform, status, count(*) as orders
from snapshot.marts.orders_list
group by platform, status
