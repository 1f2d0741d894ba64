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

{#- Many fields of one JSON document, parsed once. DuckDB parses the document again for every ->>,
    which made the wide order records the slowest step of a build; json_extract_string with a
    list of paths parses it once (about ten times faster on an eBay order). json_fields goes in a
    select list as one column, json_field(that column, the same paths, a path) reads one field as
    text, null when absent, like json_text. Spark keeps the document and reads each path. -#}
{% macro json_fields(column, paths) -%}
    {{ return(adapter.dispatch('json_fields', 'seller_analytics')(column, paths)) }}
{%- endmacro %}

{% macro default__json_fields(column, paths) -%}
    json_extract_string({{ column }}, [{% for path in paths %}'{{ path }}'{% if not loop.last %}, {% endif %}{% endfor %}])
{%- endmacro %}

{% macro spark__json_fields(column, paths) -%}
    {{ column }}
{%- endmacro %}

{% macro json_field(fields, paths, path) -%}
    {{ return(adapter.dispatch('json_field', 'seller_analytics')(fields, paths, path)) }}
{%- endmacro %}

{% macro default__json_field(fields, paths, path) -%}
    {{ fields }}[{{ paths.index(path) + 1 }}]
{%- endmacro %}

{% macro spark__json_field(fields, paths, path) -%}
    get_json_object({{ fields }}, '{{ path }}')
{%- endmacro %}
