-- Sales per bucket of the window $start..$end (the seller's dates, inclusive): $period is day,
-- week (starting Monday) or month, a bucket named by its first day. Only days inside the window
-- count, so the first and last bucket may be partial. Orders are the API's orders (order lines,
-- sales_daily.items), the unit of /orders/ and /orders/stats/. Buckets without a sale are absent
-- here; the reader fills them with zeros.
select
    cast(date_trunc($period, sold_date) as date) as bucket,
    cast(sum(items) as bigint) as orders,
    sum(revenue_home) as revenue,
from snapshot.marts.sales_daily
where sold_date between $start and $end
group by bucket
order by bucket
