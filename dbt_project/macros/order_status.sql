{#- The computed order status, written once (docs/data-model.md, "Status"). Every mart and endpoint
    reads the column this macro computes. Inputs are the canonical fields each staging model derives
    from its marketplace's own statuses. -#}
{% macro order_status(is_cancelled, is_refunded, unpaid_status, is_shipped, tracking_number, shipment_status, last_modified_at) -%}
    case
        when {{ is_cancelled }} then 'cancelled'
        when {{ is_refunded }} then 'refunded'
        when {{ unpaid_status }} is not null then {{ unpaid_status }}
        when {{ shipment_status }} = 'delivered' then 'completed'
        when ({{ is_shipped }} or {{ tracking_number }} is not null)
            and {{ last_modified_at }} < {{ dbt.dateadd('day', -1 * var('completion_after_days'), as_of()) }}
            then 'completed'
        when {{ is_shipped }} or {{ tracking_number }} is not null then 'shipped'
        else 'awaiting_shipment'
    end
{%- endmacro %}

{#- The statuses that carry revenue: every mart counts money for these and only these. -#}
{% macro revenue_statuses() -%}
    {{ return(['completed', 'shipped', 'awaiting_shipment']) }}
{%- endmacro %}
