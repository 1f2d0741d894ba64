insert into raw.load_log values ($source, $partition_date, $run_id, $files, $input_records, $loaded, $quarantined, $loaded_at)
