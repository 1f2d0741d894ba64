insert into export_jobs (uid, kind, status, params, owner, created_at)
values (:uid, :kind, 'pending', :params, :owner, :created_at)
