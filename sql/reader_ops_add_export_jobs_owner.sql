alter table export_jobs add column owner text
