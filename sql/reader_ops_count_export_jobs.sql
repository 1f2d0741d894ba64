select count(*) from export_jobs
