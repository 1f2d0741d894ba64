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

{#- The elements of a JSON array at a path, as JSON texts (unnest them with json_array_elements). -#}
{% macro json_array(column, path) -%}
    {{ return(adapter.dispatch('json_array', 'seller_analytics')(column, path)) }}
{%- endmacro %}

{% macro default__json_array(column, path) -%}
    coalesce(json_extract({{ column }}, '{{ path }}[*]'), [])
{%- endmacro %}

{% macro spark__json_array(column, path) -%}
    coalesce(from_json(get_json_object({{ column }}, '{{ path }}'), 'array<string>'), array())
{%- endmacro %}
