-- {database}: the warehouse file's own catalog name (current_database()), never from input. The
-- marts schema a version before the marts file built in the warehouse: derived tables only.
drop schema if exists "{database}".marts cascade
