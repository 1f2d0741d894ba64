select uid, kind, status, params, row_count, file_path, error, created_at, started_at, finished_at, owner
from export_jobs
where uid = :uid
