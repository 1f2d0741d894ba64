-- Empty one source's quarantine for a window of partitions before its reload.
delete from raw.quarantine
where source = $source and partition_date between $first and $last and list_contains($partition_dates, partition_date)
