-- The ECB historical reference rates file, unpivoted to one row per day and currency.
insert into raw.fx_rates
select try_cast("Date" as date), currency, try_cast(rate as decimal(18, 6)), $source_file, $partition_date, $run_id, $loaded_at
from (
    unpivot (select * from read_csv($source_file, all_varchar = true, header = true))
    on columns(* exclude ("Date"))
    into name currency value rate
)
where currency similar to '[A-Z]{3}' and try_cast(rate as decimal(18, 6)) is not null and try_cast("Date" as date) is not null
