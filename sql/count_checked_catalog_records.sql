-- Per reason (null: loadable), how many records of one catalog file the load counted in.
select reason, count(*)
from checked_records
group by all
