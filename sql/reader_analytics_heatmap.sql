-- The all-time heatmap: the 168 (weekday 0 = Monday, hour) cells of the seller's local time.
select cast(weekday as integer) as weekday, cast(hour as integer) as hour, cast(count as bigint) as value
from snapshot.marts.activity_heatmap
order by weekday, hour
