-- The blocks of the connection's own database file, and how many of them are free (left by
-- tables dropped or rewritten; DuckDB reuses them but never gives them back).
select total_blocks, free_blocks
from pragma_database_size()
where database_name = current_database()
