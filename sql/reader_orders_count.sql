-- How many orders a list request matches (run only when the page alone cannot tell).
select count(*) as total
from matching_orders($platform, $status, $search)
