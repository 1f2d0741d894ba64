-- The partitions of one marketplace a run loaded, from the ingest's own record of them: what that
-- run's raw order checks validate.
select distinct partition_date
from raw.load_log
where source = $source and run_id = $run_id
order by partition_date
