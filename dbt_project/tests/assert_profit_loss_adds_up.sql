{{ config(meta={'dagster': {'ref': {'name': 'profit_loss_monthly'}}}) }}
-- A failure means the profit & loss report does not add up: each line's profit must be sales −
-- cost − shipping − fees, each month the sum of its lines (and profit = sales − cost − shipping −
-- fees again), and the whole report must cover exactly the revenue of order_stats.
with items as (
    select * from {{ ref('profit_loss_items') }}
),

monthly as (
    select * from {{ ref('profit_loss_monthly') }}
),

stats as (
    select * from {{ ref('order_stats') }}
),

bad_items as (
    select 'item ' || order_uid as what
    from items
    where profit_home <> sale_price_home - cost_home - shipping_home - fees_home
),

item_months as (
    select
        sold_month,
        sum(sale_price_home) as sales,
        sum(cost_home) as cost,
        sum(shipping_home) as shipping,
        sum(fees_home) as fees,
        sum(profit_home) as profit,
        count(*) as items
    from items
    group by sold_month
),

bad_months as (
    select 'month ' || coalesce(monthly.month, item_months.sold_month) as what
    from monthly
    full outer join item_months on item_months.sold_month = monthly.month
    where monthly.month is null or item_months.sold_month is null
       or monthly.sales <> item_months.sales
       or monthly.cost <> item_months.cost
       or monthly.shipping <> item_months.shipping
       or monthly.fees <> item_months.fees
       or monthly.profit <> item_months.profit
       or monthly.count <> item_months.items
       or monthly.profit <> monthly.sales - monthly.cost - monthly.shipping - monthly.fees
),

bad_total as (
    select 'total' as what
    from stats
    where stats.total_revenue <> (select coalesce(sum(sales), 0) from monthly)
       or stats.total <> (select coalesce(sum(count), 0) from monthly)
       or stats.total_fees <> (select coalesce(sum(fees), 0) from monthly)
       or stats.total_shipping <> (select coalesce(sum(shipping), 0) from monthly)
)

select * from bad_items
union all
select * from bad_months
union all
select * from bad_total
