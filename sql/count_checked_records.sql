-- Per partition and reason (null: loadable), how many records a window's load counted in.
select partition_date, reason, count(*)
from checked_records
group by all
