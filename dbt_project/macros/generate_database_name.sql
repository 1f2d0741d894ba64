{#- The marts folder names a database of its own (dbt_project.yml: marts_db, the file profiles.yml
    attaches), so that publishing the marts is a copy of one file. DuckDB honours it; an engine
    without attached database files (Spark: database and schema are one thing there) builds every
    model in the target's database, as dbt would with no custom database at all. -#}
{% macro generate_database_name(custom_database_name=none, node=none) -%}
    {{ return(adapter.dispatch('generate_database_name', 'seller_analytics')(custom_database_name, node)) }}
{%- endmacro %}

{% macro default__generate_database_name(custom_database_name, node) -%}
    {{ return(dbt.default__generate_database_name(none, node)) }}
{%- endmacro %}

{% macro duckdb__generate_database_name(custom_database_name, node) -%}
    {{ return(dbt.default__generate_database_name(custom_database_name, node)) }}
{%- endmacro %}
