{#- The one rounding rule for money: round half away from zero to the cent, DECIMAL(18,2). -#}
{% macro to_money(expression) -%}
    cast(round({{ expression }}, 2) as decimal(18, 2))
{%- endmacro %}

{#- A JSON money value (eBay's decimal strings, Discogs' numbers) as DECIMAL(18,2), never through a float. -#}
{% macro json_money(column, path) -%}
    cast({{ json_text(column, path) }} as decimal(18, 2))
{%- endmacro %}

{#- Convert money between currencies with ECB rates per EUR, exactly: integer cents and micro-rates,
    rounded half away from zero once, at the end. (DuckDB divides decimals in floating point, so the
    division is done on integers here.) -#}
{% macro convert_money(amount, from_rate_per_eur, to_rate_per_eur) -%}
    {{ return(adapter.dispatch('convert_money', 'seller_analytics')(amount, from_rate_per_eur, to_rate_per_eur)) }}
{%- endmacro %}

{% macro default__convert_money(amount, from_rate_per_eur, to_rate_per_eur) -%}
    (cast(
        sign(cast({{ amount }} * 100 as hugeint))
        * ((abs(cast({{ amount }} * 100 as hugeint)) * cast({{ to_rate_per_eur }} * 1000000 as hugeint) * 2
            + cast({{ from_rate_per_eur }} * 1000000 as hugeint))
           // (2 * cast({{ from_rate_per_eur }} * 1000000 as hugeint)))
    as decimal(20, 0)) * cast(0.01 as decimal(3, 2)))::decimal(18, 2)
{%- endmacro %}

{#- Largest-remainder allocation of an order-level amount (in cents) to its lines by integer weights:
    the parts add back to the order's amount exactly. Step 1 gives each line its floor and remainder,
    step 2 hands the leftover cents to the largest remainders (ties: the line key). Lines of an order
    whose weights are all zero share equally. -#}
{% macro allocate_step1(name, amount_cents, weight, order_key) -%}
    case when sum({{ weight }}) over (partition by {{ order_key }}) = 0
        then {{ amount_cents }} // count(*) over (partition by {{ order_key }})
        else ({{ amount_cents }} * {{ weight }}) // sum({{ weight }}) over (partition by {{ order_key }})
    end as {{ name }}_floor,
    case when sum({{ weight }}) over (partition by {{ order_key }}) = 0
        then 1
        else ({{ amount_cents }} * {{ weight }}) % sum({{ weight }}) over (partition by {{ order_key }})
    end as {{ name }}_remainder
{%- endmacro %}

{% macro allocate_step2(name, amount_cents, order_key, line_key) -%}
    cast(
        ({{ name }}_floor
        + case when row_number() over (partition by {{ order_key }} order by {{ name }}_remainder desc, {{ line_key }})
                    <= {{ amount_cents }} - sum({{ name }}_floor) over (partition by {{ order_key }})
               then 1 else 0 end)
    as decimal(20, 0)) * cast(0.01 as decimal(3, 2))
{%- endmacro %}

{% macro cents(amount) -%}
    cast({{ amount }} * 100 as bigint)
{%- endmacro %}
