-- Events per type: on $today, over the 7 and the 30 days ending $today, and all time.
select
    event_type,
    count(*) filter (where event_date = $today) as today,
    count(*) filter (where event_date between $today - 6 and $today) as last_7_days,
    count(*) filter (where event_date between $today - 29 and $today) as last_30_days,
    count(*) as total,
from snapshot.marts.activity_events
group by event_type
order by event_type
