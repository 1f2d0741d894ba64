-- dbt creates it too; created here so a first connection can resolve marts.* before any build.
create schema if not exists marts_db.marts
