{#- Models land in the schema their folder names (staging, intermediate, marts), not <target>_<schema>:
    analysts and the reader query marts.orders, whatever the target. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name | trim if custom_schema_name is not none else target.schema }}
{%- endmacro %}
