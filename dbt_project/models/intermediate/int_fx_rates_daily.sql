-- A rate for every calendar day and currency: the day's ECB rate, or the latest earlier one
-- (weekends, holidays). Days before a currency's first rate have none, and conversion fails loudly.
with rates as (
    select * from {{ ref('stg_fx__rates') }}
),

bounds as (
    select min(rate_date) as first_day, greatest(max(rate_date), {{ as_of_date() }}) as last_day from rates
),

days as (
    {{ day_spine('(select first_day from bounds)', '(select last_day from bounds)') }}
),

currencies as (
    select distinct currency from rates
),

grid as (
    select days.date_day, currencies.currency
    from days
    cross join currencies
),

filled as (
    select
        grid.date_day as rate_date,
        grid.currency,
        {{ last_value_ignore_nulls('rates.rate_per_eur') }} over (
            partition by grid.currency order by grid.date_day rows between unbounded preceding and current row
        ) as rate_per_eur
    from grid
    left join rates on rates.rate_date = grid.date_day and rates.currency = grid.currency
),

final as (
    select * from filled where rate_per_eur is not null
)

select * from final
