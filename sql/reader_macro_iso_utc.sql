-- A timestamp as the API writes it: ISO 8601 in UTC with a Z ("2026-02-14T10:30:00Z").
create or replace macro iso_utc(ts) as strftime(timezone('UTC', ts::timestamptz), '%Y-%m-%dT%H:%M:%SZ')
