-- A pending job starts once: whoever flips it to running runs it.
update export_jobs
set status = 'running', started_at = :started_at, owner = :owner
where uid = :uid and status = 'pending'
