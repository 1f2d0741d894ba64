-- ECB reference rates per 1 EUR, one row per business day and currency, EUR itself added at 1.
with source as (
    select * from {{ source('raw', 'fx_rates') }}
),

loads as (
    select
        rate_date,
        upper(currency) as currency,
        rate_per_eur,
        row_number() over (partition by rate_date, upper(currency) order by _partition_date desc, _loaded_at desc) as load_rank
    from source
),

latest_load as (
    select rate_date, currency, rate_per_eur from loads where load_rank = 1
),

final as (
    select rate_date, currency, rate_per_eur from latest_load
    union all
    select distinct rate_date, 'EUR' as currency, cast(1 as decimal(18, 6)) as rate_per_eur from latest_load
)

select * from final
