select count(*) from raw.fx_rates where _partition_date = $partition_date
