create table main.snapshot_info as
select $snapshot_id as snapshot_id, $run_id as run_id, cast($published_at as timestamptz) as published_at,
       $home_currency as home_currency, $timezone as timezone
