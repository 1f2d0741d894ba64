-- Events per day and type over $start..$end (the seller's dates), of one type when $event_type
-- is set. Days without events are absent; the reader fills them with zeros.
select event_date, event_type, count(*) as count
from snapshot.marts.activity_events
where event_date between $start and $end
    and ($event_type is null or event_type = $event_type)
group by event_date, event_type
order by event_date, event_type
