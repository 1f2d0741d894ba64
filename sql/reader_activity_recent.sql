-- The latest events, newest first (of one type when $event_type is set).
select
    event_id,
    event_type,
    iso_utc(event_at) as occurred_at,
    cast(event_date as varchar) as date,
    subject_type,
    subject_uid,
    inventory_uid,
    platform,
    title,
    money(amount_home) as amount,
from snapshot.marts.activity_events
where $event_type is null or event_type = $event_type
order by event_at desc, event_id desc
limit $limit
