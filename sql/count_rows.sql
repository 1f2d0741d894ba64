-- {table}: a qualified table name taken from the catalog, never from input.
select count(*) from {table}
