-- Whether a table (or view) with this column exists in the open database.
select count(*) > 0
from information_schema.columns
where table_catalog = current_database() and table_schema = $schema and table_name = $table and column_name = $column
