-- {table} is a mart's name read from the export directory (a folder dbt wrote), {path} its Parquet files.
create table marts.{table} as select * from read_parquet('{path}')
