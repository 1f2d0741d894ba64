{#- Inventory rules, written once (docs/data-model.md, "Inventory"). -#}

{#- The lifecycle stages of an inventory item, in funnel order. -#}
{% macro inventory_stages() -%}
    {{ return(['draft', 'ready_to_sell', 'listed', 'sold']) }}
{%- endmacro %}

{#- Stock on hand: items on offer or ready to be, the population of the aging report and of the
    inventory summary's financials. Drafts are still being catalogued; sold items are gone. -#}
{% macro stock_statuses() -%}
    {{ return(['ready_to_sell', 'listed']) }}
{%- endmacro %}

{#- Statuses that carry an inventory value (analytics/inventory, the valuation report): stock on
    hand and sold items, as in the spec's own example (245 = 60 ready + 120 listed + 65 sold). -#}
{% macro valued_statuses() -%}
    {{ return(['ready_to_sell', 'listed', 'sold']) }}
{%- endmacro %}

{#- The aging buckets, the one place their bounds are written: inclusive whole days since the item
    was created, the last bucket open-ended (max_days null). -#}
{% macro aging_buckets() -%}
    {{ return([
        {'label': '0-30 days', 'min_days': 0, 'max_days': 30},
        {'label': '31-60 days', 'min_days': 31, 'max_days': 60},
        {'label': '61-90 days', 'min_days': 61, 'max_days': 90},
        {'label': '91-180 days', 'min_days': 91, 'max_days': 180},
        {'label': '181-365 days', 'min_days': 181, 'max_days': 365},
        {'label': 'over 365 days', 'min_days': 366, 'max_days': none},
    ]) }}
{%- endmacro %}

{#- The bucket label of an age in days, from aging_buckets(). -#}
{% macro aging_bucket(age_days) -%}
    case
    {%- for bucket in aging_buckets() %}
        when {{ age_days }} >= {{ bucket.min_days }}{% if bucket.max_days is not none %} and {{ age_days }} <= {{ bucket.max_days }}{% endif %} then '{{ bucket.label }}'
    {%- endfor %}
    end
{%- endmacro %}

{#- Every bucket as a row (bucket, min_days, max_days, bucket_order), so empty buckets still show. -#}
{% macro aging_bucket_rows() -%}
    {%- for bucket in aging_buckets() %}
    select
        '{{ bucket.label }}' as bucket,
        {{ bucket.min_days }} as min_days,
        {% if bucket.max_days is none %}cast(null as integer){% else %}{{ bucket.max_days }}{% endif %} as max_days,
        {{ loop.index }} as bucket_order
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}

{#- Every stage as a row (stage, stage_order). -#}
{% macro inventory_stage_rows() -%}
    {%- for stage in inventory_stages() %}
    select '{{ stage }}' as stage, {{ loop.index }} as stage_order
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}
