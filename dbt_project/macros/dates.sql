{#- One row per day from start to end (inclusive), column date_day. -#}
{% macro day_spine(start_date, end_date) -%}
    {{ return(adapter.dispatch('day_spine', 'seller_analytics')(start_date, end_date)) }}
{%- endmacro %}

{% macro default__day_spine(start_date, end_date) -%}
    select cast(unnest(generate_series(cast({{ start_date }} as date), cast({{ end_date }} as date), interval 1 day)) as date) as date_day
{%- endmacro %}

{% macro spark__day_spine(start_date, end_date) -%}
    select explode(sequence(cast({{ start_date }} as date), cast({{ end_date }} as date), interval 1 day)) as date_day
{%- endmacro %}

{#- Rows 0..n-1 in a column, written out (small n only): portable, no generator function needed. -#}
{% macro integer_rows(column, n) -%}
    {%- for i in range(n) %}
    select {{ i }} as {{ column }}{% if not loop.last %} union all{% endif %}
    {%- endfor %}
{%- endmacro %}

{#- Day of the week of a date, 0 = Monday .. 6 = Sunday (ISO order). -#}
{% macro weekday_number(date_expression) -%}
    {{ return(adapter.dispatch('weekday_number', 'seller_analytics')(date_expression)) }}
{%- endmacro %}

{% macro default__weekday_number(date_expression) -%}
    cast(isodow({{ date_expression }}) - 1 as integer)
{%- endmacro %}

{% macro spark__weekday_number(date_expression) -%}
    weekday({{ date_expression }})
{%- endmacro %}

{#- Hour of the day of a (local) timestamp, 0..23. -#}
{% macro hour_number(timestamp_expression) -%}
    cast(extract(hour from {{ timestamp_expression }}) as integer)
{%- endmacro %}

{#- A date's month as the text 'YYYY-MM'. -#}
{% macro month_label(date_expression) -%}
    {{ return(adapter.dispatch('month_label', 'seller_analytics')(date_expression)) }}
{%- endmacro %}

{% macro default__month_label(date_expression) -%}
    strftime({{ date_expression }}, '%Y-%m')
{%- endmacro %}

{% macro spark__month_label(date_expression) -%}
    date_format({{ date_expression }}, 'yyyy-MM')
{%- endmacro %}

