-- Profit & loss per month ('YYYY-MM', seller's time zone) of the items sold in $start..$end.
-- Summed from the lines (not marts.profit_loss_monthly) so a range may start or end mid-month.
select
    sold_month as month,
    sum(sale_price_home) as sales,
    sum(cost_home) as cost,
    sum(shipping_home) as shipping,
    sum(fees_home) as fees,
    sum(profit_home) as profit,
    count(*) as count,
from snapshot.marts.profit_loss_items
where sold_date between $start and $end
group by sold_month
order by month
