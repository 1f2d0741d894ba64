-- Newest first; created_at is fixed-width ISO 8601 with microseconds, so text order is time order.
select uid, kind, status, params, row_count, file_path, error, created_at, started_at, finished_at, owner
from export_jobs
order by created_at desc, rowid desc
limit :limit
