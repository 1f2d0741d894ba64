{#- The seller's catalog arrives as whole exports (one raw partition each); its staging models keep
    the latest. A run windowed on raw partitions (a daily schedule's run, incremental.sql) whose
    latest export is the very one already staged keeps the staged rows instead of deriving 1.7M
    items and 1.6M listings again from unchanged raw rows (docs/benchmarks.md, item 21). The
    export is the same when its partition date, row count and latest load time are, and the vars
    the derivation reads too: the loader never loads an export of the same fingerprint twice, and
    a reload of a partition (a corrected export) has a newer _loaded_at. A run without a window
    (a full build, a first build, --full-refresh) always derives them again, as it does the
    orders. -#}

{#- What identifies the latest export of a raw catalog table and the staging derivation of it. -#}
{% macro latest_export_key(raw_relation) -%}
    (
        select md5(concat_ws('|',
            cast(max(_partition_date) as {{ dbt.type_string() }}),
            cast(count(*) as {{ dbt.type_string() }}),
            cast(max(_loaded_at) as {{ dbt.type_string() }}),
            '{{ var("home_currency") }}'))
        from {{ raw_relation }}
        where _partition_date = (select max(_partition_date) from {{ raw_relation }})
    )
{%- endmacro %}

{#- Whether this run keeps the staged rows: windowed, incremental, and the staged export is the
    latest one. A table staged before the key column existed counts as another export. -#}
{% macro staged_export_is_latest(raw_relation) -%}
    {%- set columns = adapter.get_columns_in_relation(this) | map(attribute='name') | list
        if is_incremental() and execute else [] -%}
    {%- if is_incremental() and has_partition_window() and '_export_key' in columns -%}
        exists (select 1 from {{ this }} where _export_key = {{ latest_export_key(raw_relation) }})
    {%- else -%}false{%- endif -%}
{%- endmacro %}

{#- pre_hook: empty the table unless it holds the latest export already. Runs inside the model's
    transaction, before the model's select, which then inserts only into an empty table. -#}
{% macro delete_replaced_export(raw_relation) -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where not ({{ staged_export_is_latest(raw_relation) }})
    {%- endif -%}
{%- endmacro %}

{#- The filter of the model's select: everything on a table the pre_hook emptied (or a first
    build), nothing on one that kept its export. -#}
{% macro export_not_staged() -%}
    {%- if is_incremental() -%}
        not exists (select 1 from {{ this }})
    {%- else -%}(1 = 1){%- endif -%}
{%- endmacro %}
