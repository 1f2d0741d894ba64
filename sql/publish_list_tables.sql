-- The relations publish counts and verifies: tables, and views (marts.inventory_items), whose
-- count also proves they still bind to the tables they read in the copied file.
select table_schema, table_name
from information_schema.tables
where table_catalog = current_database() and table_schema = $schema and table_type in ('BASE TABLE', 'VIEW')
order by table_name
