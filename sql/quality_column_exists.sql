-- Whether a table (or view) with this column exists in the open database: the warehouse file and
-- the marts file attached to it (marts_db, pipelines/warehouse.py), or a snapshot.
select count(*) > 0
from information_schema.columns
where table_catalog in (current_database(), 'marts_db')
    and table_schema = $schema and table_name = $table and column_name = $column
