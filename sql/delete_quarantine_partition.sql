delete from raw.quarantine where source = $source and partition_date = $partition_date
