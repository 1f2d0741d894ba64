{#- Incremental by difference: a materialization for the marts that depend on the whole history
    rather than on a window. An order line's row moves with the as-of time (14 days after
    shipping it is completed), with a late version of the order, with a catalog export (its
    listing), with a shipment recorded through the API; an activity event's amount moves with a
    refund or a revaluation. No window says which rows a run moves.

    So the model is computed whole, as a full build computes it, and compared with the table in
    the same query: a full outer join on the key of each new row's hash (DuckDB's hash() of the
    row as a struct) with each held row's. Only what differs is written: new keys and changed rows
    are inserted (their old version deleted first), keys the model no longer yields are deleted (a
    line a newer version of its order dropped, a line whose order stopped bearing revenue). The
    result is the full refresh's, row for row, by construction, with nothing to keep in step with
    the model's logic. It pays because computing a wide table costs far less than writing it
    (marts.orders at 1M orders: about 2 s to compute and hash, 7 s to write whole; a daily run
    changes about 1% of its rows; docs/benchmarks.md item 26).

    The table is built whole (as the table materialization does) on a first build, with
    --full-refresh, and when the model's columns (names, types, order) differ from the table's:
    a changed model never meets rows of its old shape. Changed rows go in at the end, so the
    table is not in build order; nothing relies on that (orders_list keeps its own layout).

    Config: unique_key, one column, never null (the model's own not_null test says so; a null
    key is written as a new row every run, so that test fails rather than the row vanishing). On engines without
    delete (Spark), difference_materialization() gives `table` instead: the same rows.
    Optional build_order: an ORDER BY for the rows of a table built whole (a layout a reader relies
    on, orders_list's). Only the whole build sorts: the difference compares rows by key, and a sort
    of every row there was a third of orders_list's daily compute (docs/benchmarks.md item 30). A
    model with a build_order ends its SQL with {{ build_order_for_table() }}, which gives the same
    ORDER BY where the model is a plain table (Spark). -#}
{% materialization by_difference, adapter='duckdb' %}
    {%- set key = config.require('unique_key') -%}
    {%- if key is not string -%}
        {{ exceptions.raise_compiler_error("by_difference: unique_key must be one column, not " ~ key) }}
    {%- endif -%}
    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set intermediate_relation = make_intermediate_relation(target_relation) -%}
    {%- set backup_relation = make_backup_relation(target_relation,
                                                   existing_relation.type if existing_relation is not none else 'table') -%}
    {{ drop_relation_if_exists(load_cached_relation(intermediate_relation)) }}
    {{ drop_relation_if_exists(load_cached_relation(backup_relation)) }}

    {%- set rebuild = existing_relation is none or not existing_relation.is_table or should_full_refresh()
                      or not same_columns_as(existing_relation, sql) -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {%- if rebuild -%}
        {%- set build_order = config.get('build_order') -%}
        {%- set built_sql = sql if not build_order
                            else "select * from (\n" ~ sql ~ "\n) as _dbt_model\norder by " ~ build_order -%}
        {% call statement('main') -%}
            {{ create_table_as(False, intermediate_relation, built_sql) }}
        {%- endcall %}
        {%- if existing_relation is not none -%}
            {{ adapter.rename_relation(existing_relation, backup_relation) }}
        {%- endif -%}
        {{ adapter.rename_relation(intermediate_relation, target_relation) }}
    {%- else -%}
        {%- set changes = this.identifier ~ '__dbt_changes' -%}
        {% call statement('main') -%}
            create or replace temp table {{ changes }} as
            with new_rows as (
                select _dbt_new_row.*, hash(_dbt_new_row) as _dbt_row_hash
                from (
                    {{ sql }}
                ) as _dbt_new_row
            ),
            held_rows as (
                select {{ key }}, hash(_dbt_held_row) as _dbt_row_hash
                from {{ target_relation }} as _dbt_held_row
            )
            select
                new_rows.* exclude (_dbt_row_hash),
                coalesce(new_rows.{{ key }}, held_rows.{{ key }}) as _dbt_key,
                -- No new row (its hash is never null): a key the model no longer yields. A new row
                -- with a null key is inserted, for the key's not_null test to see.
                new_rows._dbt_row_hash is null as _dbt_vanished
            from new_rows
            full outer join held_rows on held_rows.{{ key }} = new_rows.{{ key }}
            where new_rows._dbt_row_hash is distinct from held_rows._dbt_row_hash;

            delete from {{ target_relation }} where {{ key }} in (select _dbt_key from {{ changes }});

            insert into {{ target_relation }}
            select * exclude (_dbt_key, _dbt_vanished) from {{ changes }} where not _dbt_vanished;

            drop table {{ changes }}
        {%- endcall %}
    {%- endif -%}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {% do persist_docs(target_relation, model) %}
    {{ adapter.commit() }}
    {%- if rebuild and existing_relation is not none -%}
        {% do adapter.drop_relation(backup_relation) %}
    {%- endif -%}
    {{ run_hooks(post_hooks, inside_transaction=False) }}
    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}

{#- Whether a query yields the table's columns: the same names and types in the same order
    (DuckDB's DESCRIBE binds the query without running it). -#}
{% macro same_columns_as(relation, select_sql) -%}
    {%- set held = run_query("describe " ~ relation) -%}
    {%- set new = run_query("describe select * from (\n" ~ select_sql ~ "\n) as _dbt_model") -%}
    {%- set held_columns = held.rows | map(attribute=0) | list -%}
    {%- set new_columns = new.rows | map(attribute=0) | list -%}
    {%- set held_types = held.rows | map(attribute=1) | list -%}
    {%- set new_types = new.rows | map(attribute=1) | list -%}
    {{ return(held_columns == new_columns and held_types == new_types) }}
{%- endmacro %}

{#- The model's build_order as an ORDER BY where the model is materialized as a plain table (on
    Spark, where difference_materialization() gives `table`); nothing under by_difference, which
    applies it itself when it builds the table whole. -#}
{% macro build_order_for_table() -%}
    {%- if config.get('materialized') == 'table' and config.get('build_order') -%}
        order by {{ config.get('build_order') }}
    {%- endif -%}
{%- endmacro %}
