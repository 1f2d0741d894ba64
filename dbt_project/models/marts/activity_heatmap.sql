-- Activity by weekday and hour of the seller's local time for GET /api/v1/analytics/activity/heatmap/:
-- all 168 cells (weekday 0 = Monday .. 6, hour 0..23), zeros included, over every event of
-- marts.activity_events; items_sold counts the item_sold events alone (peak selling hours).
with events as (
    select * from {{ ref('activity_events') }}
),

weekdays as (
    {{ integer_rows('weekday', 7) }}
),

hours as (
    {{ integer_rows('hour', 24) }}
),

cells as (
    select weekdays.weekday, hours.hour
    from weekdays
    cross join hours
),

counts as (
    select
        event_weekday,
        event_hour,
        count(*) as event_count,
        count(case when event_type = 'item_sold' then 1 end) as items_sold
    from events
    group by event_weekday, event_hour
),

final as (
    select
        cells.weekday,
        cells.hour,
        coalesce(counts.event_count, 0) as count,
        coalesce(counts.items_sold, 0) as items_sold
    from cells
    left join counts on counts.event_weekday = cells.weekday and counts.event_hour = cells.hour
)

select * from final
