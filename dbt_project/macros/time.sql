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

{#- The build's as-of instant: var as_of when set (tests pin it), else now. -#}
{% macro as_of() -%}
    {%- if var('as_of') -%} cast('{{ var("as_of") }}' as timestamp with time zone)
    {%- else -%} current_timestamp {%- endif -%}
{%- endmacro %}

{% macro parse_timestamp(expression) -%}
    cast({{ expression }} as timestamp with time zone)
{%- endmacro %}
