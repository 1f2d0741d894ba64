-- marts.order_stats, with the orders that shipment updates since the snapshot moved between
-- the three revenue statuses counted in their new bucket. Money is unaffected by a status move.
with

stats as (
    select * from snapshot.marts.order_stats
),

moved as (
    select
        count(*) filter (where status = 'awaiting_shipment') - count(*) filter (where base_status = 'awaiting_shipment') as awaiting_shipment,
        count(*) filter (where status = 'shipped') - count(*) filter (where base_status = 'shipped') as shipped,
        count(*) filter (where status = 'completed') - count(*) filter (where base_status = 'completed') as completed,
    from order_keys
    where has_update and status is distinct from base_status
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
