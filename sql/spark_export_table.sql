-- {columns}, {schema}.{table} come from the warehouse catalog, {path} from the settings; never from input.
copy (select {columns} from {schema}.{table}) to '{path}' (format parquet, compression zstd)
