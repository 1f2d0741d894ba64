{#- not_null for many columns in one scan: a failure names each listed column that has nulls and
    how many. Used for a model's measures; keys keep their own unique + not_null tests. -#}
{% test not_null_columns(model, column_names) %}
with null_counts as (
    select
        {%- for column in column_names %}
        count(*) - count({{ column }}) as {{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ model }}
),

by_column as (
    {%- for column in column_names %}
    select '{{ column }}' as column_name, {{ column }} as null_rows from null_counts
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select * from by_column where null_rows > 0
{% endtest %}
