{#- Time, written once: timestamps are stored in UTC; every day, month, weekday and hour bucket is
    taken in the seller's time zone (var timezone) through these macros. -#}

{#- A UTC timestamp as the seller's local wall-clock time (var timezone). -#}
{% macro to_local(column) -%}
    {{ return(adapter.dispatch('to_local', 'seller_analytics')(column)) }}
{%- endmacro %}

{% macro default__to_local(column) -%}
    timezone('{{ var("timezone") }}', {{ column }})
{%- endmacro %}

{% macro spark__to_local(column) -%}
    from_utc_timestamp({{ column }}, '{{ var("timezone") }}')
{%- endmacro %}

{#- The seller's calendar date of a UTC timestamp. -#}
{% macro local_date(column) -%}
    cast({{ to_local(column) }} as date)
{%- endmacro %}

{#- The build's as-of instant: var as_of when set (tests pin it), else now. -#}
{% macro as_of() -%}
    {%- if var('as_of') -%} cast('{{ var("as_of") }}' as {{ type_timestamp_tz() }})
    {%- else -%} current_timestamp {%- endif -%}
{%- endmacro %}

{#- The as-of instant's date in the seller's time zone: "today" for ages and valuations. -#}
{% macro as_of_date() -%}
    {{ local_date(as_of()) }}
{%- endmacro %}

{#- An instant: DuckDB TIMESTAMPTZ; Spark's TIMESTAMP is already an instant (session-zone rendered). -#}
{% macro type_timestamp_tz() -%}
    {{ return(adapter.dispatch('type_timestamp_tz', 'seller_analytics')()) }}
{%- endmacro %}

{% macro default__type_timestamp_tz() -%} timestamp with time zone {%- endmacro %}

{% macro spark__type_timestamp_tz() -%} timestamp {%- endmacro %}

{% macro parse_timestamp(expression) -%}
    cast({{ expression }} as {{ type_timestamp_tz() }})
{%- endmacro %}
