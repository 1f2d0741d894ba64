-- {table} is schema.name of a mart or check input (from the export folders dbt wrote and the
-- fixed CHECK_INPUTS list), {path} its Parquet files; never from input.
create or replace table {table} as select * from read_parquet('{path}')
