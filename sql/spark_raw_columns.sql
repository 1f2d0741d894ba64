-- The columns of a raw table with their DuckDB types, in table order: the Parquet export casts
-- the types Spark cannot read (JSON, HUGEINT, UUID) to ones it can.
select column_name, data_type
from information_schema.columns
where table_catalog = current_database() and table_schema = $schema and table_name = $table
order by ordinal_position
