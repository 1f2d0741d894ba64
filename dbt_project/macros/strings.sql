{#- String and hash functions whose spelling differs between DuckDB and Spark, dispatched so models
    name no adapter (the reader's order list, orders_list*.sql). -#}

{#- The lower 64 bits of a value's MD5 as an unsigned integer: DuckDB's md5_number_lower (UBIGINT).
    Spark has no unsigned 64-bit type: the same number as DECIMAL(20,0), from the hex digest's
    bytes 8..15 read little-endian, as DuckDB reads them. NULL stays NULL. -#}
{% macro md5_number_lower(expression) -%}
    {{ return(adapter.dispatch('md5_number_lower', 'seller_analytics')(expression)) }}
{%- endmacro %}

{% macro default__md5_number_lower(expression) -%}
    md5_number_lower({{ expression }})
{%- endmacro %}

{% macro spark__md5_number_lower(expression) -%}
    cast(conv(regexp_replace(substr(md5({{ expression }}), 17, 16),
                             '(..)(..)(..)(..)(..)(..)(..)(..)', '$8$7$6$5$4$3$2$1'), 16, 10) as decimal(20, 0))
{%- endmacro %}

{#- A string's characters as an array (one element per character; '' gives ['']). -#}
{% macro string_characters(expression) -%}
    {{ return(adapter.dispatch('string_characters', 'seller_analytics')(expression)) }}
{%- endmacro %}

{% macro default__string_characters(expression) -%}
    string_split({{ expression }}, '')
{%- endmacro %}

{% macro spark__string_characters(expression) -%}
    split({{ expression }}, '')
{%- endmacro %}

{#- An order uid ('ord_' and 12 lowercase hex digits, int_order_lines_unioned) as the number its
    digits spell: it sorts as the uid does, and an integer compares faster than the text (the
    order list's uid tie-break). NULL if the digits are not hex; the order list's
    assert_uid_numbers_sort_as_uids test fails then, and on any uid of another shape. -#}
{% macro uid_number(expression) -%}
    {{ return(adapter.dispatch('uid_number', 'seller_analytics')(expression)) }}
{%- endmacro %}

{% macro default__uid_number(expression) -%}
    try_cast('0x' || substr({{ expression }}, 5) as bigint)
{%- endmacro %}

{% macro spark__uid_number(expression) -%}
    cast(conv(substr({{ expression }}, 5), 16, 10) as bigint)
{%- endmacro %}
