-- reader_orders_stats.sql when the snapshot has the order list: the orders that shipment updates
-- moved between the three revenue statuses, counted from the few updated rows (live minus stale).
with

stats as (
    select * from snapshot.marts.order_stats
),

live as (
    select
        count(*) filter (where status = 'awaiting_shipment') as awaiting_shipment,
        count(*) filter (where status = 'shipped') as shipped,
        count(*) filter (where status = 'completed') as completed,
    from list_overlay_live
),

stale as (
    select
        count(*) filter (where status = 'awaiting_shipment') as awaiting_shipment,
        count(*) filter (where status = 'shipped') as shipped,
        count(*) filter (where status = 'completed') as completed,
    from list_overlay_stale
),

final as (
    select
        cast(stats.awaiting_shipment + live.awaiting_shipment - stale.awaiting_shipment as bigint) as awaiting_shipment,
        cast(stats.shipped + live.shipped - stale.shipped as bigint) as shipped,
        cast(stats.completed + live.completed - stale.completed as bigint) as completed,
        cast(stats.total as bigint) as total,
        money(stats.total_revenue) as total_revenue,
        money(stats.total_fees) as total_fees,
        money(stats.total_shipping) as total_shipping,
        money(stats.total_net) as total_net,
        stats.home_currency as currency,
    from stats
    cross join live
    cross join stale
)

select * from final
