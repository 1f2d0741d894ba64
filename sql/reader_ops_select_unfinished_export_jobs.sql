select uid, status, owner from export_jobs where status in ('pending', 'running') order by created_at
