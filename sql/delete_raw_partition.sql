-- {table} is filled in from the loader's fixed list of raw tables, never from input.
delete from {table} where _partition_date = $partition_date
