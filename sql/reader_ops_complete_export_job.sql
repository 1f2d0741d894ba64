update export_jobs
set status = 'completed', row_count = :row_count, file_path = :file_path, finished_at = :finished_at
where uid = :uid and status = 'running'
