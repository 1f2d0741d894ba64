-- A whole landing file that is not a response page, kept as text with the parser's error.
insert into raw.quarantine values ($source, $partition_date, $source_file, null, null, $reason, $record, $run_id, $loaded_at)
