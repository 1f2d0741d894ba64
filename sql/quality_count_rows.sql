-- Rows of a table ({table} comes from the checks' fixed list, never from input).
select count(*) from {table}
