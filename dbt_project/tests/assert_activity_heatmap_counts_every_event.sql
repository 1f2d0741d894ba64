{{ config(meta={'dagster': {'ref': {'name': 'activity_heatmap'}}}) }}
-- A failure means the heatmap lost events or cells: it must have the 168 weekday × hour cells and
-- its counts must add up to every activity event (and its items_sold to every item_sold event).
with heatmap as (
    select * from {{ ref('activity_heatmap') }}
),

events as (
    select * from {{ ref('activity_events') }}
)

select
    (select count(*) from heatmap) as cells,
    (select sum(count) from heatmap) as heatmap_events,
    (select count(*) from events) as events,
    (select sum(items_sold) from heatmap) as heatmap_items_sold,
    (select count(*) from events where event_type = 'item_sold') as items_sold
where (select count(*) from heatmap) <> 168
   or (select sum(count) from heatmap) <> (select count(*) from events)
   or (select sum(items_sold) from heatmap) <> (select count(*) from events where event_type = 'item_sold')
