select count(*) > 0 from duckdb_schemas() where database_name = 'marts_db' and schema_name = 'marts'
