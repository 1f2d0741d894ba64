select table_name
from information_schema.tables
where table_catalog = current_database() and table_schema = 'raw' and table_type = 'BASE TABLE'
order by table_name
