-- One catalog export file as text columns, whatever its format ({reader}: the read_csv, read_parquet or read_json call).
create or replace temp table catalog_records as
select row_number() over () as record_index, columns(*)::varchar
from {reader}
