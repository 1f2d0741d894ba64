{#- Text at a JSON path. Spark spells it get_json_object; the dispatch keeps models adapter-free. -#}
{% macro json_text(column, path) -%}
    {{ return(adapter.dispatch('json_text', 'seller_analytics')(column, path)) }}
{%- endmacro %}

{% macro default__json_text(column, path) -%}
    ({{ column }} ->> '{{ path }}')
{%- endmacro %}

{% macro spark__json_text(column, path) -%}
    get_json_object({{ column }}, '{{ path }}')
{%- endmacro %}

{#- The JSON value (object or array) at a path, still JSON. -#}
{% macro json_value(column, path) -%}
    {{ return(adapter.dispatch('json_value', 'seller_analytics')(column, path)) }}
{%- endmacro %}

{% macro default__json_value(column, path) -%}
    json_extract({{ column }}, '{{ path }}')
{%- endmacro %}

{% macro spark__json_value(column, path) -%}
    get_json_object({{ column }}, '{{ path }}')
{%- endmacro %}

{#- The elements of a JSON array at a path, as JSON texts (one row each through explode_array). -#}
{% macro json_array(column, path) -%}
    {{ return(adapter.dispatch('json_array', 'seller_analytics')(column, path)) }}
{%- endmacro %}

{% macro default__json_array(column, path) -%}
    coalesce(json_extract({{ column }}, '{{ path }}[*]'), [])
{%- endmacro %}

{% macro spark__json_array(column, path) -%}
    coalesce(from_json(get_json_object({{ column }}, '{{ path }}'), 'array<string>'), array())
{%- endmacro %}

{#- One row per element of an array, in a select list: DuckDB unnest, Spark explode. -#}
{% macro explode_array(expression) -%}
    {{ return(adapter.dispatch('explode_array', 'seller_analytics')(expression)) }}
{%- endmacro %}

{% macro default__explode_array(expression) -%}
    unnest({{ expression }})
{%- endmacro %}

{% macro spark__explode_array(expression) -%}
    explode({{ expression }})
{%- endmacro %}
