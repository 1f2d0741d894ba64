-- reader_orders_stats.sql when the snapshot has the order list: the orders that shipment updates
-- moved between the three revenue statuses, counted from the few updated rows (live minus stale).
with

stats as (
    select * from snapshot.marts.order_stats
),

moved as (
    -- An updated row counts once with its live status and is taken back once with its stale one.
    select
        coalesce(sum(sign) filter (where status = 'awaiting_shipment'), 0) as awaiting_shipment,
        coalesce(sum(sign) filter (where status = 'shipped'), 0) as shipped,
        coalesce(sum(sign) filter (where status = 'completed'), 0) as completed,
    from (
        select status, 1 as sign from list_overlay_live
        union all
        select status, -1 as sign from list_overlay_stale
    )
),

final as (
    select
        cast(stats.awaiting_shipment + moved.awaiting_shipment as bigint) as awaiting_shipment,
        cast(stats.shipped + moved.shipped as bigint) as shipped,
        cast(stats.completed + moved.completed as bigint) as completed,
        cast(stats.total as bigint) as total,
        money(stats.total_revenue) as total_revenue,
        money(stats.total_fees) as total_fees,
        money(stats.total_shipping) as total_shipping,
        money(stats.total_net) as total_net,
        stats.home_currency as currency,
    from stats
    cross join moved
)

select * from final
