-- The marts' own file beside the warehouse (dbt builds the marts into it, publish copies it), under
-- the name profiles.yml gives it ({options}: read_only for a read-only warehouse connection).
attach if not exists $path as marts_db {options}
