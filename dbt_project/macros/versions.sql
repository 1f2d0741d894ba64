{#- The latest version of each order in a raw order table: the newest lastModifiedDate, then the
    newest load, then the raw row's file and place in it, so that what is left of a tie is broken
    the same way in every staging model of a marketplace (the orders, their lines and refunds all
    keep one version). Only the orders a run touched (touched_orders, incremental.sql): the ranking
    reads only those, and the join keeps only their rows (filtering the records' side as well
    gave the same rows in the same time at 1M: docs/benchmarks.md, item 18).

    The window ranks the narrow key columns alone and the kept rows are joined back on the raw
    row's key (_source_file, _record_index: one row per record of a landed page; the stg unique
    tests on order_id fail loudly if it ever were not). Ranking whole rows sorted every ~2 KB JSON
    record along with its keys: at 1M orders the five staging SELECTs took 1.3-1.5x longer
    (docs/benchmarks.md, item 18). -#}
{% macro latest_order_versions(raw_relation, key='order_id') -%}
    select raw_versions.*
    from {{ raw_relation }} as raw_versions
    inner join (
        select _source_file, _record_index
        from (
            select
                _source_file,
                _record_index,
                row_number() over (
                    partition by {{ key }}
                    order by last_modified_at desc, _loaded_at desc, _source_file desc, _record_index desc
                ) as version_rank
            from {{ raw_relation }}
            where {{ touched_orders(raw_relation, key) }}
        ) as ranked
        where version_rank = 1
    ) as latest_keys
        on raw_versions._source_file = latest_keys._source_file
        and raw_versions._record_index = latest_keys._record_index
{%- endmacro %}
