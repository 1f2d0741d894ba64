-- Asynchronous export jobs (CSV exports), tracked so any worker can answer their status.
-- owner is the server process running the job ('<host>:<pid>:<instance>'), so a restarted
-- server can tell the jobs a dead process left behind from those a live worker is running.
create table if not exists export_jobs (
    uid text primary key,
    kind text not null,
    status text not null default 'pending'
        check (status in ('pending', 'running', 'completed', 'failed')),
    params text not null default '{}',
    row_count integer,
    file_path text,
    error text,
    created_at text not null,
    started_at text,
    finished_at text,
    owner text
)
