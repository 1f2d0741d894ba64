-- The heatmap over a window of days and/or one event type ($start, $end, $event_type; null means
-- unbounded / every type): the cells that have events; the reader fills the others with zeros.
select event_weekday as weekday, event_hour as hour, count(*) as value
from snapshot.marts.activity_events
where ($start is null or event_date >= $start)
    and ($end is null or event_date <= $end)
    and ($event_type is null or event_type = $event_type)
group by event_weekday, event_hour
order by weekday, hour
