-- {schema} is marts or a CHECK_INPUTS schema (pipelines/spark/paths.py); never from input.
create schema if not exists {schema}
