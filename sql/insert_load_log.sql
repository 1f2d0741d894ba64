-- One row per partition a load replaced, in one statement: the lists are zipped, element i is partition i.
insert into raw.load_log (source, partition_date, run_id, files, input_records, loaded, quarantined, loaded_at,
                          fingerprint)
select
    $source, unnest($partition_dates), $run_id, unnest($files), unnest($input_records), unnest($loaded),
    unnest($quarantined), $loaded_at, unnest($fingerprints)
