{#- What an engine needs around the models, dispatched so models and hooks name no adapter.
    On DuckDB every macro here is a no-op or the incremental default; on Spark (docs/scaling.md)
    the raw layer is the Parquet export of the DuckDB raw.* tables, and the marts leave as Parquet
    for publish to build the serving snapshot from. -#}

{#- The materialization of a model that updates its table in place: `duckdb_materialization` on
    DuckDB; on Spark without Delta/Iceberg, which has no delete, a table rebuilt whole, which is
    also what a full refresh does, so the rows are the same. -#}
{% macro in_place_materialization(duckdb_materialization) -%}
    {{ return(adapter.dispatch('in_place_materialization', 'seller_analytics')(duckdb_materialization)) }}
{%- endmacro %}

{% macro default__in_place_materialization(duckdb_materialization) -%}
    {{ return(duckdb_materialization) }}
{%- endmacro %}

{% macro spark__in_place_materialization(duckdb_materialization) -%}
    {{ return('table') }}
{%- endmacro %}

{#- A model that rebuilds a window (incremental.sql): delete+insert or append of the window. -#}
{% macro windowed_materialization() -%}
    {{ return(in_place_materialization('incremental')) }}
{%- endmacro %}

{#- A model incremental by difference (by_difference.sql). -#}
{% macro difference_materialization() -%}
    {{ return(in_place_materialization('by_difference')) }}
{%- endmacro %}

{#- Where the raw layer's Parquet export lives: var raw_parquet_dir, else <data dir>/raw_parquet. -#}
{% macro raw_parquet_dir() -%}
    {{ return(var('raw_parquet_dir', '') or env_var('PIPELINES_DATA_DIR', '../data') ~ '/raw_parquet') }}
{%- endmacro %}

{#- Where the marts are exported to for publish: var marts_parquet_dir, else <data dir>/marts_parquet. -#}
{% macro marts_parquet_dir() -%}
    {{ return(var('marts_parquet_dir', '') or env_var('PIPELINES_DATA_DIR', '../data') ~ '/marts_parquet') }}
{%- endmacro %}

{#- Where the non-mart models the warehouse's quality checks read are exported to (var
    check_inputs_parquet_dir, else <data dir>/check_inputs_parquet), one folder per <schema>/<model>. -#}
{% macro check_inputs_parquet_dir() -%}
    {{ return(var('check_inputs_parquet_dir', '') or env_var('PIPELINES_DATA_DIR', '../data') ~ '/check_inputs_parquet') }}
{%- endmacro %}

{#- on-run-start: make every source of the raw schema a table the models can select from.
    DuckDB: the ingest assets wrote them, nothing to do. -#}
{% macro register_raw_sources() -%}
    {{ return(adapter.dispatch('register_raw_sources', 'seller_analytics')()) }}
{%- endmacro %}

{% macro default__register_raw_sources() -%}
{%- endmacro %}

{#- Spark: an unmanaged Parquet table per source over <raw_parquet_dir>/<table>/. Dropping an
    unmanaged table leaves its files, so each run re-reads the latest export (and its schema). -#}
{% macro spark__register_raw_sources() -%}
    {%- if execute -%}
        {%- set schemas = [] -%}
        {%- for source in graph.sources.values() -%}
            {%- if source.schema not in schemas -%}
                {%- do schemas.append(source.schema) -%}
                {%- do run_query('create database if not exists ' ~ source.schema) -%}
            {%- endif -%}
            {%- do run_query('drop table if exists ' ~ source.schema ~ '.' ~ source.identifier) -%}
            {%- do run_query('create table ' ~ source.schema ~ '.' ~ source.identifier ~ ' using parquet location '
                             ~ "'" ~ raw_parquet_dir() ~ '/' ~ source.identifier ~ "'") -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}

{#- on-run-end: the marts this run built, written out as Parquet (<marts_parquet_dir>/<mart>/)
    for publish, and the other models the quality checks read (var check_inputs: 'schema.model'
    names, passed by Dagster from pipelines/spark/paths.py CHECK_INPUTS) to
    <check_inputs_parquet_dir>/<schema>/<model>/. DuckDB: both are in the warehouse file already. -#}
{% macro export_marts(results) -%}
    {{ return(adapter.dispatch('export_marts', 'seller_analytics')(results)) }}
{%- endmacro %}

{% macro default__export_marts(results) -%}
{%- endmacro %}

{% macro spark__export_marts(results) -%}
    {%- if execute -%}
        {%- set check_inputs = var('check_inputs', []) -%}
        {%- for result in results if result.node.resource_type == 'model' and result.status == 'success' -%}
            {%- set relation = result.node.schema ~ '.' ~ result.node.alias -%}
            {%- if result.node.schema == 'marts' -%}
                {%- set folder = marts_parquet_dir() ~ '/' ~ result.node.alias -%}
            {%- elif relation in check_inputs -%}
                {%- set folder = check_inputs_parquet_dir() ~ '/' ~ result.node.schema ~ '/' ~ result.node.alias -%}
            {%- else -%}
                {%- set folder = none -%}
            {%- endif -%}
            {%- if folder -%}
                {%- do run_query('insert overwrite directory ' ~ "'" ~ folder ~ "'" ~ ' using parquet select * from ' ~ relation) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}

{#- dbt-spark's listagg drops the order by (collect_list has no order): the sorted array of the
    values, joined, is what DuckDB's string_agg(... order by value) gives. Only an ordering by the
    measure itself is supported, the one this project uses. -#}
{% macro spark__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {%- if order_by_clause and order_by_clause | trim != 'order by ' ~ measure -%}
        {{ exceptions.raise_compiler_error("listagg on Spark orders by the measure only, not: " ~ order_by_clause) }}
    {%- endif -%}
    array_join({% if limit_num %}slice({% endif %}{% if order_by_clause %}array_sort({% endif %}collect_list({{ measure }}){% if order_by_clause %}){% endif %}{% if limit_num %}, 1, {{ limit_num }}){% endif %}, {{ delimiter_text }})
{%- endmacro %}
