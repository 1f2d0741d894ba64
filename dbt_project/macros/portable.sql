{#- SQL whose spelling differs between DuckDB and Spark, dispatched so models name no adapter.
    (Dates live in dates.sql, time zones in time.sql, JSON in json.sql, money in money.sql.) -#}

{#- The last non-null value of a window (carry a value forward): the spelling differs. -#}
{% macro last_value_ignore_nulls(expression) -%}
    {{ return(adapter.dispatch('last_value_ignore_nulls', 'seller_analytics')(expression)) }}
{%- endmacro %}

{% macro default__last_value_ignore_nulls(expression) -%}
    last_value({{ expression }} ignore nulls)
{%- endmacro %}

{% macro spark__last_value_ignore_nulls(expression) -%}
    last_value({{ expression }}, true)
{%- endmacro %}

{#- A SQL list literal of strings: ('a', 'b'). -#}
{% macro sql_list(values) -%}
    ({% for v in values %}'{{ v }}'{% if not loop.last %}, {% endif %}{% endfor %})
{%- endmacro %}
