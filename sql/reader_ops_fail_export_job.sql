update export_jobs
set status = 'failed', error = :error, finished_at = :finished_at
where uid = :uid and status in ('pending', 'running')
