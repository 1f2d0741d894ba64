"""The Spark engine (docs/scaling.md): the same dbt project builds the marts on Apache Spark.

DuckDB stays the ingest side's warehouse: raw.* is exported to Parquet (``export``), dbt builds
staging, intermediate and marts on Spark over it (the ``spark`` target of dbt_project/profiles.yml),
the marts come back as Parquet, and publish builds the serving snapshot from them (``publish``),
so the reader never knows which engine ran. ``build`` selects the engine (PIPELINES_ENGINE).
"""
