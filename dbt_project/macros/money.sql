{#- Money, written once. Every amount is DECIMAL(18,2); the one rounding rule is round half away
    from zero to the cent, applied once, at the end of a computation, never to an intermediate
    value. Sums of DECIMAL(18,2) are exact and need no rounding. Anything that divides money (a
    currency conversion, an average, a share) goes through integer arithmetic on cents here,
    because DuckDB divides decimals in floating point (0.055 may come back as 0.05499999...). -#}

{#- Round an exact expression to the cent (half away from zero) as DECIMAL(18,2). Use it on
    decimal expressions only; a ratio of money is divide_money's job. -#}
{% macro to_money(expression) -%}
    cast(round({{ expression }}, 2) as decimal(18, 2))
{%- endmacro %}

{#- A JSON money value (eBay's decimal strings, Discogs' numbers) as DECIMAL(18,2), never through a float. -#}
{% macro json_money(column, path) -%}
    cast({{ json_text(column, path) }} as decimal(18, 2))
{%- endmacro %}

{#- An amount in integer cents (exact for DECIMAL(18,2)). -#}
{% macro cents(amount) -%}
    cast({{ amount }} * 100 as bigint)
{%- endmacro %}

{#- Integer division truncating toward zero, on non-negative operands: DuckDB spells it //, Spark div. -#}
{% macro int_div(numerator, denominator) -%}
    {{ return(adapter.dispatch('int_div', 'seller_analytics')(numerator, denominator)) }}
{%- endmacro %}

{% macro default__int_div(numerator, denominator) -%}
    ({{ numerator }} // {{ denominator }})
{%- endmacro %}

{% macro spark__int_div(numerator, denominator) -%}
    ({{ numerator }} div {{ denominator }})
{%- endmacro %}

{#- An integer, wide enough for cents times micro-rates (DuckDB HUGEINT, Spark DECIMAL(38,0)). -#}
{% macro wide_int() -%}
    {{ return(adapter.dispatch('wide_int', 'seller_analytics')()) }}
{%- endmacro %}

{% macro default__wide_int() -%} hugeint {%- endmacro %}

{% macro spark__wide_int() -%} decimal(38, 0) {%- endmacro %}

{#- The sign of an integer as an integer (-1 or 1; 0 counts as 1, harmless where the magnitude it
    multiplies is 0). Spark's sign() is a DOUBLE, which would turn integer arithmetic into floats. -#}
{% macro int_sign(expression) -%}
    (case when {{ expression }} < 0 then -1 else 1 end)
{%- endmacro %}

{#- numerator / denominator for integers, rounded half away from zero to an integer, exactly:
    sign(n) * floor((2|n| + d) / 2d). Null when the denominator is 0 or null. -#}
{% macro divide_rounded(numerator, denominator) -%}
    case when {{ denominator }} is null or {{ denominator }} = 0 then null else
        {{ int_sign('cast(' ~ numerator ~ ' as ' ~ wide_int() ~ ')') }}
        * {{ int_div('(abs(cast(' ~ numerator ~ ' as ' ~ wide_int() ~ ')) * 2 + cast(' ~ denominator ~ ' as ' ~ wide_int() ~ '))',
                     '(2 * cast(' ~ denominator ~ ' as ' ~ wide_int() ~ '))') }}
    end
{%- endmacro %}

{#- Money divided by a count (an average), to the cent, half away from zero, exactly. -#}
{% macro divide_money(amount, divisor) -%}
    cast(cast({{ divide_rounded(cents(amount), divisor) }} as decimal(20, 0)) * cast(0.01 as decimal(3, 2)) as decimal(18, 2))
{%- endmacro %}

{#- A non-money ratio of integers (e.g. an average age in days) to `scale` decimals, exactly. -#}
{% macro divide_to_scale(numerator, denominator, scale) -%}
    cast(cast({{ divide_rounded('(' ~ numerator ~ ') * ' ~ (10 ** scale), denominator) }} as decimal(20, 0))
         * cast({{ '0.' ~ '0' * (scale - 1) ~ '1' }} as decimal(18, {{ scale }})) as decimal(18, {{ scale }}))
{%- endmacro %}

{#- Convert money between currencies with ECB rates per EUR, exactly: integer cents and micro-rates,
    amount * to_rate / from_rate rounded half away from zero once, at the end. Null when either rate
    is missing, which assert_every_currency_has_a_rate reports by currency. -#}
{% macro convert_money(amount, from_rate_per_eur, to_rate_per_eur) -%}
    {{ return(adapter.dispatch('convert_money', 'seller_analytics')(amount, from_rate_per_eur, to_rate_per_eur)) }}
{%- endmacro %}

{% macro default__convert_money(amount, from_rate_per_eur, to_rate_per_eur) -%}
    cast(cast(
        sign(cast({{ amount }} * 100 as hugeint))
        * ((abs(cast({{ amount }} * 100 as hugeint)) * cast({{ to_rate_per_eur }} * 1000000 as hugeint) * 2
            + cast({{ from_rate_per_eur }} * 1000000 as hugeint))
           // (2 * cast({{ from_rate_per_eur }} * 1000000 as hugeint)))
    as decimal(20, 0)) * cast(0.01 as decimal(3, 2)) as decimal(18, 2))
{%- endmacro %}

{#- Spark: the same integer arithmetic in DECIMAL(38,0) (Spark has no 128-bit integer; div of
    decimals truncates like DuckDB's //), with an integer sign. -#}
{% macro spark__convert_money(amount, from_rate_per_eur, to_rate_per_eur) -%}
    cast(cast(
        {{ int_sign('cast(' ~ amount ~ ' * 100 as decimal(38, 0))') }}
        * ((abs(cast({{ amount }} * 100 as decimal(38, 0))) * cast({{ to_rate_per_eur }} * 1000000 as decimal(38, 0)) * 2
            + cast({{ from_rate_per_eur }} * 1000000 as decimal(38, 0)))
           div (2 * cast({{ from_rate_per_eur }} * 1000000 as decimal(38, 0))))
    as decimal(20, 0)) * cast(0.01 as decimal(3, 2)) as decimal(18, 2))
{%- endmacro %}

{#- Largest-remainder allocation of an order-level amount (in cents) to its lines by integer weights:
    the parts add back to the order's amount exactly. Step 1 gives each line its floor and remainder,
    step 2 hands the leftover cents to the largest remainders (ties: the line key). Lines of an order
    whose weights are all zero share equally. -#}
{% macro allocate_step1(name, amount_cents, weight, order_key) -%}
    case when sum({{ weight }}) over (partition by {{ order_key }}) = 0
        then {{ int_div(amount_cents, 'count(*) over (partition by ' ~ order_key ~ ')') }}
        else {{ int_div('(' ~ amount_cents ~ ' * ' ~ weight ~ ')', 'sum(' ~ weight ~ ') over (partition by ' ~ order_key ~ ')') }}
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

{#- allocate_step1 and allocate_step2 for a line alone in its order, without windows: the same
    formulas with a one-row partition's values written in (sum of weights = the weight, count = 1,
    sum of floors = the floor, row number = 1), so the result is the two steps' to the cent. Most
    orders have one line; their rows then skip the sorts the windows need. -#}
{% macro allocate_single_line(amount_cents, weight) -%}
    {%- set floor -%}
        (case when {{ weight }} = 0
            then {{ int_div(amount_cents, '1') }}
            else {{ int_div('(' ~ amount_cents ~ ' * ' ~ weight ~ ')', weight) }}
        end)
    {%- endset -%}
    cast(
        ({{ floor }}
        + case when 1 <= {{ amount_cents }} - {{ floor }} then 1 else 0 end)
    as decimal(20, 0)) * cast(0.01 as decimal(3, 2))
{%- endmacro %}
