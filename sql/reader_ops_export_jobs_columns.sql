-- The columns export_jobs has (an ops store created before a column existed gets it added).
select name from pragma_table_info('export_jobs')
